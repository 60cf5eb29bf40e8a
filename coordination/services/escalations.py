"""Escalations up the organisation's ladder (R2, R9): raise, raise further, decide, withdraw,
and the sweep that flags an escalation past its level's target time.

An involved caseworker raises a disagreement with another unit in writing; it starts at the
lowest level not decided by the caseworkers themselves. From a meeting item whose agreed
outcome was an escalation (R23) it starts one level above the meeting's participants. The
deciders at the current level decide or raise it further; the raiser may withdraw it. Each move
closes the current step and opens the next, in one transaction with the escalation row locked,
so two managers acting at once cannot both win. While it is open, responsibility for ongoing
interventions stays with `responsible_unit` (R9).

The deciders on the path get a grant to the two cases they cannot already see (R4); the grants
end when the escalation closes, unless another open escalation still needs them. Notifications
are due items raised once each: "waiting for your decision" to each new level's deciders,
"decided" or "withdrawn" to every party; "past its target time", to the level above, comes from
the sweep in escalation_sweep.py.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from coordination.models import (
    Case,
    CaseGrant,
    DueItem,
    DueKind,
    Escalation,
    EscalationState,
    EscalationStep,
    GrantReason,
    StepOutcome,
)
from coordination.selectors_escalations import (
    _decided_on_path,
    escalation_decider_ids,
    escalation_deciders_by_key,
    escalation_may_decide,
    escalation_may_raise,
    escalation_may_withdraw,
    escalation_next_level,
    escalation_other_case,
    escalation_start_level,
    escalation_start_level_after_meeting,
)
from coordination.services.cases import case_grant
from coordination.services.notifications import notify
from units.models import UNIT_ROLES, EscalationLevel, Membership, Organisation, Unit, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_LEVEL_ITEMS = (DueKind.ESCALATION_WAITING, DueKind.ESCALATION_OVERDUE)


def local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(STOCKHOLM).date()


def target_on(entered_at: datetime.datetime, level: EscalationLevel) -> datetime.date:
    return local_date(entered_at + datetime.timedelta(days=level.target_days))


def _lock(escalation: Escalation) -> Escalation:
    return (
        Escalation.objects.select_for_update(of=("self",))
        .select_related("level", "organisation", "raising_unit", "other_unit", "case", "other_case")
        .get(pk=escalation.pk)
    )


def _require_open(escalation: Escalation) -> None:
    if escalation.state == EscalationState.DECIDED:
        raise ValidationError(_("This escalation is already decided."))
    if escalation.state == EscalationState.WITHDRAWN:
        raise ValidationError(_("This escalation has been withdrawn."))


def _require_level(escalation: Escalation, seen_level_id: int | None) -> None:
    """Stale-page protection: the level the actor saw must still be the current one."""
    if seen_level_id is not None and seen_level_id != escalation.level_id:
        raise ValidationError(
            _(
                "The escalation has moved to level %(level)s since you opened the page; read "
                "it again before you act."
            )
            % {"level": escalation.level.rank}
        )


def _deciders(escalation: Escalation, level: EscalationLevel) -> list[int]:
    return escalation_decider_ids(
        level=level, unit_ids=[escalation.raising_unit_id, escalation.other_unit_id]
    )


def _require_deciders(level: EscalationLevel, deciders: list[int]) -> None:
    if not deciders:
        raise ValidationError(
            _(
                "No one holds the role that decides at level %(rank)s (%(role)s) for these "
                "units; ask the administrator to appoint one."
            )
            % {"rank": level.rank, "role": level.get_deciding_role_display().lower()}
        )


def _validate_units(
    *,
    raising_unit: Unit,
    other_unit: Unit | None,
    responsible_unit: Unit | None,
    question: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if other_unit is None:
        errors["other_unit"] = _("Choose the other unit.")
    elif other_unit.pk == raising_unit.pk:
        errors["other_unit"] = _("Choose the other unit, not your own.")
    elif other_unit.organisation_id != raising_unit.organisation_id or not other_unit.is_active:
        errors["other_unit"] = _("Choose one of your organisation's units.")
    if not question:
        errors["question"] = _("Write down the disagreement.")
    if responsible_unit is not None and responsible_unit.pk not in (
        raising_unit.pk,
        other_unit.pk if other_unit else None,
    ):
        errors["responsible_unit"] = _("Choose one of the two units.")
    return errors


def _require_not_open_already(case: Case | None, other_unit: Unit) -> None:
    if case is None:
        return
    existing = Escalation.objects.filter(
        case=case, other_unit=other_unit, state=EscalationState.OPEN
    ).first()
    if existing is not None:
        raise ValidationError(
            _("An escalation about this case with %(unit)s is already open: #%(number)s.")
            % {"unit": other_unit, "number": existing.pk}
        )


# --- Grants to the managers on the path (R4, R9) ----------------------------------------------


def _grant_path_access(*, actor: User, escalation: Escalation, user_ids: list[int]) -> None:
    """Opens the escalation's cases to the deciders who cannot see them already, through their
    own unit or a grant for another reason (which is left as it is)."""
    cases = [case for case in (escalation.case, escalation.other_case) if case is not None]
    if not cases or not user_ids:
        return
    own_units = set(
        Membership.objects.filter(
            user_id__in=user_ids,
            is_active=True,
            role__in=UNIT_ROLES,
            unit_id__in=[case.unit_id for case in cases],
        ).values_list("user_id", "unit_id")
    )
    other_grants = set(
        CaseGrant.objects.filter(
            user_id__in=user_ids,
            content_object__in=cases,
            revoked_at__isnull=True,
        )
        .exclude(reason=GrantReason.ESCALATION)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=timezone.now()))
        .values_list("user_id", "content_object_id")
    )
    users = {user.pk: user for user in User.objects.filter(pk__in=user_ids)}
    for case in cases:
        for user_id in user_ids:
            if (user_id, case.unit_id) in own_units or (user_id, case.pk) in other_grants:
                continue
            grant = case_grant(
                actor=actor, case=case, user=users[user_id], reason=GrantReason.ESCALATION
            )
            grant.escalation = escalation
            grant.save(update_fields=["escalation"])


def _end_path_access(*, actor: User, escalation: Escalation, now: datetime.datetime) -> None:
    """Ends the escalation's grants at its close (R4), except where another open escalation
    about the same case still has that person on its path: the grant passes to that one."""
    grants = list(
        CaseGrant.objects.select_for_update().filter(escalation=escalation, revoked_at__isnull=True)
    )
    for grant in grants:
        if grant.reason != GrantReason.ESCALATION:
            # Renewed since for another reason (a co-caseworker appointment): that access stays.
            grant.escalation = None
            continue
        still_needed = (
            Escalation.objects.filter(state=EscalationState.OPEN)
            .exclude(pk=escalation.pk)
            .filter(Q(case_id=grant.content_object_id) | Q(other_case_id=grant.content_object_id))
            .filter(_decided_on_path(grant.user_id))
            .order_by("raised_at", "pk")
            .first()
        )
        if still_needed is not None:
            grant.escalation = still_needed
        else:
            grant.revoked_at = now
    if grants:
        bulk_update_with_history(
            grants, CaseGrant, ["escalation", "revoked_at"], default_user=actor
        )


# --- Due items and notifications ----------------------------------------------------------


def _item(
    escalation: Escalation, kind: str, period: datetime.date, due_on: datetime.date
) -> DueItem:
    """The escalation's item of this kind and period, raised once (the unique constraint)."""
    # Saved one by one, so simple-history records the creation itself.
    item, _created = DueItem.objects.get_or_create(
        escalation=escalation,
        kind=kind,
        period=period,
        defaults={"organisation_id": escalation.organisation_id, "due_on": due_on},
    )
    return item


def _waiting_period(escalation: Escalation, day: datetime.date) -> datetime.date:
    """The day a level was entered; when the escalation went up more than one level that day,
    the next free day, so that each level visit keeps its own item (the unique key is
    escalation, kind and period). Called with the escalation row locked."""
    taken = set(
        DueItem.objects.filter(
            escalation=escalation, kind=DueKind.ESCALATION_WAITING, period__gte=day
        ).values_list("period", flat=True)
    )
    while day in taken:
        day += datetime.timedelta(days=1)
    return day


def _enter_level(
    *,
    actor: User,
    escalation: Escalation,
    level: EscalationLevel,
    deciders: list[int],
    now: datetime.datetime,
) -> None:
    """The new level's deciders get access to the cases and "waiting for your decision"."""
    _grant_path_access(actor=actor, escalation=escalation, user_ids=deciders)
    item = _item(
        escalation,
        DueKind.ESCALATION_WAITING,
        _waiting_period(escalation, local_date(now)),
        target_on(now, level),
    )
    notify(recipient_ids_by_item={item.pk: deciders})


def _leave_level(
    *, actor: User, escalation: Escalation, outcome: str, now: datetime.datetime
) -> None:
    """Closes the current step, and the level's waiting and overdue items."""
    step = EscalationStep.objects.select_for_update().get(
        escalation=escalation, level=escalation.level, left_at__isnull=True
    )
    step.left_at, step.outcome = now, outcome
    step._history_user = actor  # simple-history's hook when no request is at hand
    step.save()
    items = list(
        DueItem.objects.select_for_update().filter(
            escalation=escalation, kind__in=_LEVEL_ITEMS, done_at__isnull=True
        )
    )
    for item in items:
        item.done_at, item.done_by = now, actor
    if items:
        bulk_update_with_history(items, DueItem, ["done_at", "done_by"], default_user=actor)


def escalation_party_ids(escalation: Escalation) -> list[int]:
    """Everyone told of the outcome (R9): the raiser, both cases' caseworkers and every decider
    of every level the escalation has been at."""
    units = [escalation.raising_unit, escalation.other_unit]
    steps = EscalationStep.objects.filter(escalation=escalation).select_related("level")
    deciders = escalation_deciders_by_key([(step.pk, step.level, units) for step in steps])
    ids = {escalation.raised_by_id}
    ids.update(case.caseworker_id for case in (escalation.case, escalation.other_case) if case)
    for user_ids in deciders.values():
        ids.update(user_ids)
    return sorted(ids)


def _close(
    *,
    actor: User,
    escalation: Escalation,
    state: str,
    outcome: str,
    text: str,
    kind: str,
) -> Escalation:
    now = timezone.now()
    _leave_level(actor=actor, escalation=escalation, outcome=outcome, now=now)
    escalation.state = state
    escalation.decision = text
    escalation.closed_by, escalation.closed_at = actor, now
    escalation.full_clean()
    escalation._history_user = actor
    escalation.save()
    _end_path_access(actor=actor, escalation=escalation, now=now)
    day = local_date(now)
    item = _item(escalation, kind, day, day)
    # The one who closed it knows; everyone else on it is told.
    recipients = [pk for pk in escalation_party_ids(escalation) if pk != actor.pk]
    notify(recipient_ids_by_item={item.pk: recipients})
    return escalation


def escalation_open_at_level(
    *,
    actor: User,
    organisation: Organisation,
    level: EscalationLevel,
    reason: str,
    **fields,
) -> Escalation:
    """Puts a question on the ladder at `level`: the escalation, its first step, the waiting
    item and the deciders' access. Every way onto the ladder ends here; the caller has
    checked who may raise it and chosen the level (a caseworker's dispute starts at the
    lowest level, a meeting's above its participants, a cost dispute at the department
    heads, R33). Refuses a level nobody holds the deciding role for."""
    now = timezone.now()
    escalation = Escalation(
        organisation=organisation,
        level=level,
        level_entered_at=now,
        raised_by=actor,
        raised_at=now,
        **fields,
    )
    escalation.full_clean()
    deciders = _deciders(escalation, level)
    _require_deciders(level, deciders)
    escalation._history_user = actor
    escalation.save()
    step = EscalationStep(
        escalation=escalation, level=level, entered_at=now, entered_by=actor, reason=reason
    )
    step.full_clean()
    step._history_user = actor
    step.save()
    _enter_level(actor=actor, escalation=escalation, level=level, deciders=deciders, now=now)
    return escalation


# --- The moves --------------------------------------------------------------------------------


@transaction.atomic
def escalation_raise(
    *,
    actor: User,
    case: Case,
    other_unit: Unit | None,
    question: str,
    positions: str = "",
    responsible_unit: Unit | None = None,
) -> Escalation:
    """An involved caseworker raises a disagreement with ``other_unit`` about ``case`` in
    writing (R9). It starts at the lowest level above the caseworkers (R2); responsibility
    for ongoing interventions stays with ``responsible_unit``, by default the raising unit."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("unit", "unit__organisation", "individual")
        .get(pk=case.pk)
    )
    if not escalation_may_raise(user=actor, case=case):
        raise PermissionDenied
    question, positions = question.strip(), positions.strip()
    errors = _validate_units(
        raising_unit=case.unit,
        other_unit=other_unit,
        responsible_unit=responsible_unit,
        question=question,
    )
    if not case.is_open:
        errors["__all__"] = _("The case is closed.")
    if errors:
        raise ValidationError(errors)
    _require_not_open_already(case, other_unit)
    organisation = case.unit.organisation
    level = escalation_start_level(organisation=organisation)
    if level is None:
        raise ValidationError(_("Your organisation's ladder has no level above the caseworkers."))
    return escalation_open_at_level(
        actor=actor,
        organisation=organisation,
        level=level,
        reason=question,
        case=case,
        other_case=escalation_other_case(case=case, other_unit=other_unit),
        raising_unit=case.unit,
        other_unit=other_unit,
        responsible_unit=responsible_unit or case.unit,
        question=question,
        positions=positions,
    )


@transaction.atomic
def escalation_raise_from_submission(
    *,
    actor: User,
    submission,
    other_unit: Unit | None,
    question: str,
    positions: str = "",
    responsible_unit: Unit | None = None,
) -> Escalation:
    """A meeting item whose agreed outcome was an escalation (R23) goes onto the ladder, by the
    meeting's chair or whoever recorded the outcome. It starts one level above the level the
    meeting's participants decide at, when their role is on the ladder; otherwise where a
    caseworker's escalation starts. An anonymous consultation links no case and gives no
    access to any (R22)."""
    # Imported here: meetings builds on coordination; an escalation's link to its meeting item
    # is the one place this app reads meetings.
    from meetings.models import Outcome, Submission
    from meetings.selectors import meeting_access

    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("meeting__series__organisation", "case__unit", "case__individual", "unit")
        .get(pk=submission.pk)
    )
    meeting = submission.meeting
    access = meeting_access(user=actor, meeting=meeting)
    if not (access.chair or submission.outcome_recorded_by_id == actor.pk):
        raise PermissionDenied
    if submission.outcome != Outcome.ESCALATED:
        raise ValidationError(
            _("Only an item whose agreed outcome is an escalation goes onto the ladder.")
        )
    existing = Escalation.objects.filter(submission=submission).first()
    if existing is not None:
        raise ValidationError(
            _("This meeting item is already on the escalation ladder: #%(number)s.")
            % {"number": existing.pk}
        )
    question, positions = question.strip(), positions.strip()
    case = submission.case
    errors = _validate_units(
        raising_unit=submission.unit,
        other_unit=other_unit,
        responsible_unit=responsible_unit,
        question=question,
    )
    if case is not None and not case.is_open:
        errors["__all__"] = _("The case is closed.")
    if errors:
        raise ValidationError(errors)
    _require_not_open_already(case, other_unit)
    organisation = meeting.series.organisation
    level, at_top = escalation_start_level_after_meeting(
        organisation=organisation, participant_roles=meeting.series.participant_roles
    )
    if at_top:
        raise ValidationError(
            _(
                "The meeting's participants decide at the top of the ladder: there is no level "
                "above them to raise it to."
            )
        )
    if level is None:
        raise ValidationError(_("Your organisation's ladder has no level above the caseworkers."))
    return escalation_open_at_level(
        actor=actor,
        organisation=organisation,
        level=level,
        reason=submission.outcome_text or question,
        case=case,
        other_case=escalation_other_case(case=case, other_unit=other_unit) if case else None,
        submission=submission,
        raising_unit=submission.unit,
        other_unit=other_unit,
        responsible_unit=responsible_unit or submission.unit,
        question=question,
        positions=positions,
    )


@transaction.atomic
def escalation_raise_further(
    *, actor: User, escalation: Escalation, reason: str, seen_level_id: int | None = None
) -> Escalation:
    """A decider at the current level cannot resolve it: it goes one level up, in writing
    (R9: "rapporteringen ska ske skriftligt"). Not possible at the top of the ladder."""
    escalation = _lock(escalation)
    _require_open(escalation)
    _require_level(escalation, seen_level_id)
    if not escalation_may_decide(user=actor, escalation=escalation):
        raise PermissionDenied
    next_level = escalation_next_level(escalation=escalation)
    if next_level is None:
        raise ValidationError(
            _("%(level)s is the top of the ladder: the escalation is decided here.")
            % {"level": escalation.level}
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the question goes to the next level.")})
    deciders = _deciders(escalation, next_level)
    _require_deciders(next_level, deciders)
    now = timezone.now()
    _leave_level(actor=actor, escalation=escalation, outcome=StepOutcome.RAISED, now=now)
    step = EscalationStep(
        escalation=escalation, level=next_level, entered_at=now, entered_by=actor, reason=reason
    )
    step.full_clean()
    step._history_user = actor
    step.save()
    escalation.level, escalation.level_entered_at = next_level, now
    escalation._history_user = actor
    escalation.save()
    _enter_level(actor=actor, escalation=escalation, level=next_level, deciders=deciders, now=now)
    return escalation


@transaction.atomic
def escalation_decide(
    *, actor: User, escalation: Escalation, decision: str, seen_level_id: int | None = None
) -> Escalation:
    """A decider at the current level decides; every party is told (R9). The grants of the
    managers on the path end."""
    escalation = _lock(escalation)
    _require_open(escalation)
    _require_level(escalation, seen_level_id)
    if not escalation_may_decide(user=actor, escalation=escalation):
        raise PermissionDenied
    decision = decision.strip()
    if not decision:
        raise ValidationError({"decision": _("Write the decision.")})
    return _close(
        actor=actor,
        escalation=escalation,
        state=EscalationState.DECIDED,
        outcome=StepOutcome.DECIDED,
        text=decision,
        kind=DueKind.ESCALATION_DECIDED,
    )


@transaction.atomic
def escalation_withdraw(*, actor: User, escalation: Escalation, reason: str) -> Escalation:
    """The raiser (or the raising case's caseworker) withdraws it: the units resolved it
    themselves. The reason is kept where a decision would be; every party is told."""
    escalation = _lock(escalation)
    _require_open(escalation)
    if not escalation_may_withdraw(user=actor, escalation=escalation):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the escalation is withdrawn.")})
    escalation = _close(
        actor=actor,
        escalation=escalation,
        state=EscalationState.WITHDRAWN,
        outcome=StepOutcome.WITHDRAWN,
        text=reason,
        kind=DueKind.ESCALATION_WITHDRAWN,
    )
    # R33: a withdrawn cost dispute puts the split back before the other side. Imported
    # here: services.costs builds on this module.
    from coordination.services.costs import intervention_cost_reopened

    intervention_cost_reopened(actor=actor, escalation=escalation)
    return escalation
