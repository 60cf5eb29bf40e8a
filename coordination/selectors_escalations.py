"""Reads of escalations (R2, R9): who decides at a level, what waits for whom, who may read one.

The deciders at a level are the active members holding that level's deciding role at one of the
two units, or, for a department-level role, in one of the two units' departments (for an
organisation-level role, in the organisation). The same rule, as a query, gives a manager's
queue.

The parties to an escalation, who may read it, are: the person who raised it; the members of
the two units with a unit role; the deciders of every level it has been at; anyone it was sent
to (the level above, when it went past its target time); and, when it was raised from a meeting
item, that meeting's participants and chair. Everyone else gets a logged 404 (R4).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from coordination.models import (
    Case,
    CaseStatus,
    Escalation,
    EscalationState,
    EscalationStep,
    GrantReason,
    Notification,
)
from coordination.permissions import case_visible_to, live_grants, unit_ids_of
from units.models import (
    DEPARTMENT_ROLES,
    ORGANISATION_ROLES,
    UNIT_ROLES,
    EscalationLevel,
    Membership,
    Organisation,
    Role,
    Unit,
    User,
)

# Shown on the list page: the closed escalations of the last year.
CLOSED_LIST_DAYS = 365


def escalation_decider_ids(*, level: EscalationLevel, unit_ids: Iterable[int]) -> list[int]:
    """The users who decide at ``level`` for a disagreement between the given units."""
    unit_ids = list(unit_ids)
    members = Membership.objects.filter(
        is_active=True, user__is_active=True, role=level.deciding_role
    )
    if level.deciding_role in DEPARTMENT_ROLES:
        department_ids = Unit.objects.filter(pk__in=unit_ids).values("department_id")
        members = members.filter(department_id__in=department_ids, unit__isnull=True)
    elif level.deciding_role in ORGANISATION_ROLES:
        members = members.filter(
            organisation_id=level.organisation_id, unit__isnull=True, department__isnull=True
        )
    else:
        members = members.filter(unit_id__in=unit_ids)
    return sorted(set(members.values_list("user_id", flat=True)))


def escalation_deciders_by_key(
    requests: Sequence[tuple[object, EscalationLevel, Sequence[Unit]]],
) -> dict[object, list[int]]:
    """For each (key, level, units) the deciders at that level for those units, as
    `escalation_decider_ids` gives them, in one query for all: for the sweep and for "every
    decider on the path"."""
    result: dict[object, list[int]] = {key: [] for key, _level, _units in requests}
    if not requests:
        return result
    roles = {level.deciding_role for _key, level, _units in requests}
    unit_ids = {unit.pk for _key, _level, units in requests for unit in units}
    department_ids = {unit.department_id for _key, _level, units in requests for unit in units}
    organisation_ids = {level.organisation_id for _key, level, _units in requests}
    rows = list(
        Membership.objects.filter(is_active=True, user__is_active=True, role__in=roles)
        .filter(
            Q(unit_id__in=unit_ids)
            | Q(unit__isnull=True, department_id__in=department_ids)
            | Q(unit__isnull=True, department__isnull=True, organisation_id__in=organisation_ids)
        )
        .values_list("user_id", "role", "unit_id", "department_id", "organisation_id")
    )
    for key, level, units in requests:
        role = level.deciding_role
        if role in DEPARTMENT_ROLES:
            places = {unit.department_id for unit in units}
            found = {
                u for u, r, unit, dep, _o in rows if r == role and unit is None and dep in places
            }
        elif role in ORGANISATION_ROLES:
            found = {
                u
                for u, r, unit, dep, org in rows
                if r == role and unit is None and dep is None and org == level.organisation_id
            }
        else:
            places = {unit.pk for unit in units}
            found = {u for u, r, unit, _d, _o in rows if r == role and unit in places}
        result[key] = sorted(found)
    return result


def _deciding_membership(user_id: int, prefix: str = "") -> Exists:
    """True for a row (an escalation, or with `prefix` "escalation__" a step) whose level
    ``user_id`` decides at for the escalation's two units."""
    level_role = "level__deciding_role"
    at_unit = Q(unit_id=OuterRef(f"{prefix}raising_unit_id")) | Q(
        unit_id=OuterRef(f"{prefix}other_unit_id")
    )
    at_department = Q(
        unit__isnull=True, department_id=OuterRef(f"{prefix}raising_unit__department_id")
    ) | Q(unit__isnull=True, department_id=OuterRef(f"{prefix}other_unit__department_id"))
    at_organisation = Q(
        unit__isnull=True,
        department__isnull=True,
        role__in=ORGANISATION_ROLES,
        organisation_id=OuterRef(f"{prefix}organisation_id"),
    )
    return Exists(
        Membership.objects.filter(
            user_id=user_id, is_active=True, role=OuterRef(level_role)
        ).filter(at_unit | at_department | at_organisation)
    )


def _decides_here(user: User) -> Exists:
    """True for an escalation whose current level ``user`` decides at (the queue's rule)."""
    return _deciding_membership(user.pk)


def _decided_on_path(user_id: int) -> Exists:
    """True for an escalation with a level visited so far at which ``user_id`` decides."""
    steps = EscalationStep.objects.filter(escalation=OuterRef("pk")).filter(
        _deciding_membership(user_id, prefix="escalation__")
    )
    return Exists(steps)


def _escalations():
    return Escalation.objects.select_related(
        "level",
        "raising_unit",
        "other_unit",
        "responsible_unit",
        "raised_by",
        "case",
        "case__individual",
        "other_case",
        "other_case__individual",
    )


def escalations_waiting_for(*, user: User) -> QuerySet[Escalation]:
    """Open escalations at a level ``user`` decides at: the manager's queue, oldest first."""
    if not user.is_authenticated or not user.is_active:
        return Escalation.objects.none()
    return (
        _escalations()
        .filter(state=EscalationState.OPEN)
        .filter(_decides_here(user))
        .order_by("level_entered_at", "pk")
    )


def escalation_may_decide(*, user: User, escalation: Escalation) -> bool:
    """Whether ``user`` decides the escalation at its current level now."""
    return (
        escalation.is_open and escalations_waiting_for(user=user).filter(pk=escalation.pk).exists()
    )


def _meeting_party(user: User) -> Q:
    """Escalations raised from an item of a meeting the user takes part in or chairs (R23)."""
    # Imported here: meetings builds on coordination; only this rule looks the other way, as
    # the escalation's link to its meeting item does.
    from meetings.selectors import meeting_series_for_user

    series_ids = [series.pk for series in meeting_series_for_user(user=user)]
    chairs_in = Membership.objects.filter(
        user=user, is_active=True, role=F("organisation__late_submission_accepted_by")
    ).values("organisation_id")
    return Q(submission__meeting__series_id__in=series_ids) | Q(
        submission__isnull=False, submission__meeting__series__organisation_id__in=chairs_in
    )


def escalations_visible_to(*, user: User) -> QuerySet[Escalation]:
    """The escalations ``user`` is a party to (see the module's docstring); three queries to
    build, one to read."""
    if not user.is_authenticated or not user.is_active:
        return Escalation.objects.none()
    my_units = unit_ids_of(user)
    sent_to_me = Exists(
        Notification.objects.filter(recipient=user, due_item__escalation_id=OuterRef("pk"))
    )
    return _escalations().filter(
        Q(raised_by=user)
        | Q(raising_unit_id__in=my_units)
        | Q(other_unit_id__in=my_units)
        | Q(_decided_on_path(user.pk))
        | Q(sent_to_me)
        | _meeting_party(user)
    )


def escalation_is_party(*, user: User, escalation: Escalation) -> bool:
    """Whether ``user`` may read the escalation (the module's rule)."""
    return escalations_visible_to(user=user).filter(pk=escalation.pk).exists()


def escalation_list_for_user(*, user: User) -> tuple[list[Escalation], list[Escalation]]:
    """The list page besides the queue: the open escalations the user is a party to, oldest
    first, and those closed in the last year, newest first. A fixed number of queries."""
    visible = escalations_visible_to(user=user)
    since = timezone.now() - datetime.timedelta(days=CLOSED_LIST_DAYS)
    open_ = list(visible.filter(state=EscalationState.OPEN).order_by("raised_at", "pk"))
    closed = list(
        visible.exclude(state=EscalationState.OPEN)
        .filter(closed_at__gte=since)
        .select_related("closed_by")
        .order_by("-closed_at", "-pk")
    )
    return open_, closed


def escalation_list_for_case(*, user: User, case: Case) -> list[Escalation]:
    """The escalations about this case, or about the other unit's case of it, that ``user``
    may read: for the panel on the case page. Newest first."""
    return list(
        escalations_visible_to(user=user)
        .filter(Q(case=case) | Q(other_case=case))
        .order_by("-raised_at", "-pk")
    )


def escalation_get(*, escalation_id: int) -> Escalation | None:
    return (
        _escalations()
        .select_related(
            "organisation",
            "closed_by",
            "case__unit",
            "case__caseworker",
            "other_case__unit",
            "other_case__caseworker",
            "submission",
            "submission__meeting",
            "submission__meeting__series",
            "submission__meeting__series__organisation",
        )
        .filter(pk=escalation_id)
        .first()
    )


def escalation_may_raise(*, user: User, case: Case) -> bool:
    """An involved caseworker raises (R9): a member of the case's unit with a unit role (the
    case's caseworker among them, while still at the unit), or a co-caseworker with a live
    grant to the case."""
    if not user.is_authenticated or not user.is_active:
        return False
    if Membership.objects.filter(
        user=user, is_active=True, unit_id=case.unit_id, role__in=UNIT_ROLES
    ).exists():
        return True
    return live_grants(user).filter(content_object=case, reason=GrantReason.CO_CASEWORKER).exists()


def escalation_may_withdraw(*, user: User, escalation: Escalation) -> bool:
    """The person who raised it, or the raising case's caseworker ("we solved it ourselves")."""
    if not escalation.is_open or not user.is_authenticated:
        return False
    return escalation.raised_by_id == user.pk or (
        escalation.case_id is not None and escalation.case.caseworker_id == user.pk
    )


def escalation_ladder(*, organisation_id: int) -> list[EscalationLevel]:
    return list(EscalationLevel.objects.filter(organisation_id=organisation_id).order_by("rank"))


def escalation_start_level(*, organisation: Organisation) -> EscalationLevel | None:
    """Where a caseworker's written escalation starts: the lowest level not decided by the
    caseworkers themselves (level 1 is the caseworkers' own dialogue, R2)."""
    return (
        EscalationLevel.objects.filter(organisation=organisation)
        .exclude(deciding_role=Role.CASEWORKER)
        .order_by("rank")
        .first()
    )


def escalation_start_level_after_meeting(
    *, organisation: Organisation, participant_roles: Iterable[str]
) -> tuple[EscalationLevel | None, bool]:
    """Where an escalation recorded at a meeting starts (R23): the level above the highest
    level decided by the meeting's participants, when their role is on the ladder; otherwise
    where a caseworker's starts. The flag is True when the participants already decide at
    the top, so that there is no level above them."""
    ladder = escalation_ladder(organisation_id=organisation.pk)
    roles = set(participant_roles)
    theirs = [level for level in ladder if level.deciding_role in roles]
    if not theirs:
        return escalation_start_level(organisation=organisation), False
    highest = max(level.rank for level in theirs)
    above = [level for level in ladder if level.rank > highest]
    return (above[0], False) if above else (None, True)


def escalation_next_level(*, escalation: Escalation) -> EscalationLevel | None:
    return (
        EscalationLevel.objects.filter(
            organisation_id=escalation.organisation_id, rank__gt=escalation.level.rank
        )
        .order_by("rank")
        .first()
    )


def escalation_other_case(*, case: Case, other_unit: Unit) -> Case | None:
    """The individual's open case at the other unit, if there is one (R9: the managers on the
    path see both)."""
    return (
        Case.objects.filter(individual_id=case.individual_id, unit=other_unit)
        .exclude(status=CaseStatus.CLOSED)
        .first()
    )


def escalation_other_units(*, unit: Unit) -> QuerySet[Unit]:
    """The units an escalation from ``unit`` may be raised against: the organisation's other
    active units."""
    return (
        Unit.objects.filter(organisation_id=unit.organisation_id, is_active=True)
        .exclude(pk=unit.pk)
        .order_by("name")
    )


def escalation_target_at(escalation: Escalation) -> datetime.datetime:
    """When the current level's target time runs out."""
    return escalation.level_entered_at + datetime.timedelta(days=escalation.level.target_days)


@dataclass(frozen=True)
class LadderRow:
    """One level of the ladder as the escalation page shows it."""

    level: EscalationLevel
    step: EscalationStep | None
    current: bool
    target_at: datetime.datetime | None
    overdue: bool

    @property
    def spent(self) -> datetime.timedelta | None:
        if self.step is None:
            return None
        return (self.step.left_at or timezone.now()) - self.step.entered_at


def escalation_ladder_rows(*, escalation: Escalation) -> list[LadderRow]:
    """Every level of the organisation's ladder with the step taken there, if any, and its
    target date: where it has been, where it is now, what lies above. Two queries."""
    steps = {
        step.level_id: step
        for step in EscalationStep.objects.filter(escalation=escalation).select_related(
            "entered_by"
        )
    }
    now = timezone.now()
    rows = []
    for level in escalation_ladder(organisation_id=escalation.organisation_id):
        step = steps.get(level.pk)
        current = escalation.is_open and level.pk == escalation.level_id
        target_at = step.entered_at + datetime.timedelta(days=level.target_days) if step else None
        overdue = bool(step and (step.overdue_at or (current and target_at <= now)))
        rows.append(LadderRow(level, step, current, target_at, overdue))
    return rows


def escalation_visible_case_ids(*, user: User, escalation: Escalation) -> set[int]:
    """Which of the escalation's two cases the user may open (for the links); one query."""
    ids = [pk for pk in (escalation.case_id, escalation.other_case_id) if pk]
    if not ids:
        return set()
    return set(case_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
