"""Reads of joint visits and assessments (R31, R32) and of "addiction or risky use noticed at
BoU" (R32): who may record, correct and read them, the case panel, the form's choices.

A joint visit is a record on the case, read by those who may read the case (R4). The other
unit's caseworker who took part also reads that one record: they were there. They never get
the case through it, nor any other record of the case.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    Case,
    CaseGrant,
    GrantReason,
    JointVisit,
    RoutineDefinition,
    RoutineRun,
    RoutineRunState,
    RoutineTrigger,
)
from coordination.permissions import VIEW_CONTENTS, case_visible_to, live_grants
from coordination.selectors import case_other_units
from units.models import UNIT_ROLES, Membership, Role, Unit, UnitKind, User

# Besides the case's caseworker and its co-caseworkers, these record on a case of their unit.
RECORDER_ROLES = frozenset({Role.COORDINATOR, Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER})
# R32: where addiction is "noticed at BoU": the children's unit and its reception group (001).
NOTICING_UNIT_KINDS = frozenset({UnitKind.BOU, UnitKind.MOTTAGNING})
# R32: the adult units addiction is discussed with: the adult group, the addiction unit and
# the adults' reception and investigation unit (000's MoU).
ADDICTION_DISCUSSION_UNIT_KINDS = frozenset({UnitKind.VUXEN, UnitKind.BEROENDE, UnitKind.MOU})

# What a correction may change; the kind and the other unit say what the record is, and a
# routine step may rest on them, so a wrong one is recorded anew.
CORRECTABLE_FIELDS = (
    "held_on",
    "caseworker",
    "other_caseworker",
    "audit_used",
    "audit_score",
    "dudit_used",
    "dudit_score",
    "note",
)


class NoticedWhose(models.TextChoices):
    """Whose addiction or risky use was noticed (R32: "en ungdom eller vårdnadshavare")."""

    YOUNG_PERSON = "young_person", _("the young person")
    GUARDIAN = "guardian", _("a guardian")


# --- who may ------------------------------------------------------------------------------


def _co_caseworker_grants(case: Case) -> QuerySet[CaseGrant]:
    now = timezone.now()
    return CaseGrant.objects.filter(
        content_object_id=case.pk,
        permission__codename=VIEW_CONTENTS,
        reason=GrantReason.CO_CASEWORKER,
        revoked_at__isnull=True,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))


def _recorder(user: User, case: Case) -> Q:
    at_unit = Membership.objects.filter(user=user, unit_id=case.unit_id, is_active=True)
    if case.caseworker_id != user.pk:
        at_unit = at_unit.filter(role__in=RECORDER_ROLES)
    co_caseworker = live_grants(user).filter(
        content_object_id=case.pk, reason=GrantReason.CO_CASEWORKER
    )
    return Q(Exists(at_unit)) | Q(Exists(co_caseworker))


def joint_visit_may_record(*, user: User, case: Case) -> bool:
    """The case's caseworker, its co-caseworkers, and the coordinators and managers of its unit
    record on an open case (R31, R32). One query."""
    if not case.is_open or not user.is_authenticated or not user.is_active:
        return False
    return Case.objects.filter(pk=case.pk).filter(_recorder(user, case)).exists()


def joint_visit_may_correct(*, user: User, visit: JointVisit) -> bool:
    """Who recorded it, or the case's caseworker, corrects it while the case is open and they
    still read the case. No query for a visit from joint_visit_get (`case_visible`)."""
    if not visit.case.is_open or user.pk not in {visit.recorded_by_id, visit.case.caseworker_id}:
        return False
    case_visible = getattr(visit, "case_visible", None)
    if case_visible is None:
        case_visible = case_visible_to(user).filter(pk=visit.case_id).exists()
    return bool(case_visible)


def joint_visit_visible_to(user: User) -> QuerySet[JointVisit]:
    """Joint visits the user may read: on a case they may read (R4), or as the other unit's
    caseworker who took part."""
    if not user.is_authenticated or not user.is_active:
        return JointVisit.objects.none()
    return JointVisit.objects.filter(
        Q(case__in=case_visible_to(user).values("pk")) | Q(other_caseworker=user)
    )


def joint_visit_get(*, user: User, pk: int) -> JointVisit | None:
    """One joint visit within the user's scope with what its page shows, and `case_visible`:
    whether the user reads the case too. One query."""
    return (
        joint_visit_visible_to(user)
        .select_related(
            "case",
            "case__individual",
            "case__unit",
            "case__caseworker",
            "other_unit",
            "caseworker",
            "other_caseworker",
            "recorded_by",
        )
        .annotate(case_visible=Exists(case_visible_to(user).filter(pk=OuterRef("case_id"))))
        .filter(pk=pk)
        .first()
    )


def joint_visit_case_id(*, pk: int) -> int | None:
    """The case a joint visit belongs to, for logging a refused read against it."""
    return JointVisit.objects.filter(pk=pk).values_list("case_id", flat=True).first()


# --- the form's choices -------------------------------------------------------------------


def joint_visit_caseworker_choices(*, case: Case, keep: Iterable[int] = ()) -> QuerySet[User]:
    """Who was there for the case's unit: an active member of the unit, or a co-caseworker;
    `keep`: people a correction leaves as they were, even if they have left since."""
    at_unit = Membership.objects.filter(
        user=OuterRef("pk"), unit_id=case.unit_id, is_active=True, role__in=UNIT_ROLES
    )
    co_caseworker = _co_caseworker_grants(case).filter(user=OuterRef("pk"))
    return User.objects.filter(
        Q(pk__in=[pk for pk in keep if pk])
        | Q(Exists(at_unit) | Exists(co_caseworker), is_active=True)
    ).order_by("last_name", "first_name", "pk")


def joint_visit_other_caseworker_choices(
    *, case: Case, unit: Unit | None = None, keep: Iterable[int] = ()
) -> QuerySet[User]:
    """Active members of the organisation's other active units (or of `unit`), each with
    `other` (their memberships there) for the label; `keep` as for the caseworker. Two
    queries."""
    units = case_other_units(case=case) if unit is None else Unit.objects.filter(pk=unit.pk)
    memberships = Membership.objects.filter(
        is_active=True, unit__in=units, role__in=UNIT_ROLES
    ).select_related("unit")
    return (
        User.objects.filter(
            Q(pk__in=[pk for pk in keep if pk])
            | Q(Exists(memberships.filter(user=OuterRef("pk"))), is_active=True)
        )
        .prefetch_related(
            Prefetch("memberships", queryset=memberships.order_by("unit__name"), to_attr="other")
        )
        .order_by("last_name", "first_name", "pk")
    )


def joint_visit_is_member(*, user: User, unit: Unit) -> bool:
    """Whether the user is an active member of the unit (unit roles)."""
    return Membership.objects.filter(
        user=user, user__is_active=True, unit=unit, is_active=True, role__in=UNIT_ROLES
    ).exists()


# --- the record's page --------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    at: object
    by: User | None
    kind: str
    changed: list[str]


def joint_visit_history(*, visit: JointVisit) -> list[HistoryRow]:
    """Each version of the record: when, by whom, and which fields a correction changed;
    one query."""
    versions = list(
        JointVisit.history.filter(id=visit.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    labels = {name: JointVisit._meta.get_field(name).verbose_name for name in CORRECTABLE_FIELDS}
    rows = []
    for previous, version in zip([None, *versions], versions, strict=False):
        changed = []
        if previous is not None:
            delta = version.diff_against(previous, included_fields=CORRECTABLE_FIELDS)
            changed = [
                str(labels[name]) for name in CORRECTABLE_FIELDS if name in delta.changed_fields
            ]
        rows.append(
            HistoryRow(
                at=version.history_date,
                by=version.history_user,
                kind=version.get_history_type_display(),
                changed=changed,
            )
        )
    return rows


def joint_visit_version(*, visit: JointVisit) -> int:
    """The record's latest history id: the correction form carries it (a stale page is
    refused)."""
    return (
        JointVisit.history.filter(id=visit.pk)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
        or 0
    )


# --- R32: addiction or risky use noticed at BoU -------------------------------------------


def addiction_noticed_definitions(*, case: Case) -> QuerySet[RoutineDefinition]:
    """The organisation's current routines for addiction noticed at BoU (R30: data per
    organisation)."""
    return RoutineDefinition.objects.filter(
        organisation_id=case.unit.organisation_id,
        is_current=True,
        trigger=RoutineTrigger.ADDICTION_NOTICED_AT_BOU,
    ).order_by("code")


def addiction_noticed_may(*, user: User, case: Case) -> bool:
    """Those who record joint visits on the case, where the action is offered."""
    return _rights(user, case) == (True, True)


def _rights(user: User, case: Case) -> tuple[bool, bool]:
    """(may record, may notice) in one query; none when neither can be."""
    if not case.is_open or not user.is_authenticated or not user.is_active:
        return False, False
    rights = Case.objects.filter(pk=case.pk).annotate(
        may_record=ExpressionWrapper(_recorder(user, case), output_field=BooleanField())
    )
    if case.unit.kind not in NOTICING_UNIT_KINDS:
        return rights.values_list("may_record", flat=True).first() or False, False
    row = (
        rights.annotate(offered=Exists(addiction_noticed_definitions(case=case)))
        .values_list("may_record", "offered")
        .first()
    )
    may_record, offered = row or (False, False)
    return bool(may_record), bool(may_record and offered)


def addiction_noticed_units(*, case: Case) -> QuerySet[Unit]:
    """The adult units of the organisation to discuss with (R32)."""
    return (
        Unit.objects.filter(
            organisation_id=case.unit.organisation_id,
            is_active=True,
            kind__in=ADDICTION_DISCUSSION_UNIT_KINDS,
        )
        .exclude(pk=case.unit_id)
        .order_by("name", "pk")
    )


def addiction_noticed_running(*, case: Case) -> list[RoutineRun]:
    """The case's running routines of the organisation's current "noticed" definitions, by
    code (one running instance per routine and case, whichever version)."""
    codes = addiction_noticed_definitions(case=case).values("code")
    return list(
        RoutineRun.objects.filter(
            case=case,
            state=RoutineRunState.RUNNING,
            definition__organisation_id=case.unit.organisation_id,
            definition__code__in=codes,
        ).select_related("definition")
    )


def addiction_noticed_for_case(*, case: Case) -> list[RoutineRun]:
    """What was noticed on the case: the runs its "noticed" action started, newest first."""
    return list(
        RoutineRun.objects.filter(case=case, trigger=RoutineTrigger.ADDICTION_NOTICED_AT_BOU)
        .select_related("definition", "other_unit", "started_by")
        .order_by("-started_at", "-pk")
    )


# --- the case panel -----------------------------------------------------------------------


@dataclass
class JointVisitPanel:
    visits: list[JointVisit]
    noticed: list[RoutineRun] = field(default_factory=list)
    may_record: bool = False
    may_notice: bool = False

    @property
    def shown(self) -> bool:
        return bool(self.visits or self.noticed or self.may_record or self.may_notice)


def joint_visit_panel(*, user: User, case: Case) -> JointVisitPanel:
    """The case page's panel; its reader already reads the case. At most three queries,
    whatever the number of visits."""
    visits = list(
        JointVisit.objects.filter(case=case)
        .select_related("other_unit")
        .order_by("-held_on", "-pk")
    )
    may_record, may_notice = _rights(user, case)
    at_childrens_unit = case.unit.kind in NOTICING_UNIT_KINDS
    noticed = addiction_noticed_for_case(case=case) if at_childrens_unit else []
    return JointVisitPanel(
        visits=visits, noticed=noticed, may_record=may_record, may_notice=may_notice
    )
