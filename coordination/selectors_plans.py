"""Reads about joint work plans (R7, R8, R11): scope, who may do what, history, coordinator.

A plan is read by anyone who may see one of its linked cases (the scope rule, R4); it is
edited by the involved caseworkers. The plan never opens the linked cases' contents: it
names their units, caseworkers and individuals only.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coordination.models import (
    Case,
    CaseStatus,
    CoordinationMethod,
    CoordinationRule,
    GrantReason,
    JointPlan,
    JointPlanCase,
    JointPlanFollowUp,
    JointPlanResponsibility,
)
from coordination.permissions import case_visible_to, live_grants
from coordination.selectors import (
    SELF,
    ActiveElsewhere,
    FamilyMember,
    active_case_check,
    family_of,
)
from units.models import Membership, Role, Unit, User

PLAN_CASES = Prefetch(
    "plan_cases",
    queryset=JointPlanCase.objects.select_related(
        "case__unit", "case__caseworker", "case__individual", "approved_by"
    )
    .only(
        "plan_id",
        "case_id",
        "approved_at",
        "approved_by",
        "added_at",
        "case__unit_id",
        "case__individual_id",
        "case__caseworker_id",
        "case__unit__name",
        "case__unit__short_name",
        "case__unit__kind",
        "case__caseworker__first_name",
        "case__caseworker__last_name",
        "case__caseworker__username",
        "case__individual__first_name",
        "case__individual__last_name",
        "case__individual__protected_identity",
        "approved_by__first_name",
        "approved_by__last_name",
        "approved_by__username",
    )
    .order_by("case__unit__name", "case__pk"),
)

# Stored as the change reason in English, shown in the reader's language.
CLEARED_REASON = gettext_noop("Agreements cleared after a change")

# Managers of an involved unit may choose another coordinator (R8).
OVERRIDE_ROLES = (Role.UNIT_MANAGER, Role.DEPUTY_UNIT_MANAGER)


def plan_visible_to(user: User) -> QuerySet[JointPlan]:
    """Plans with at least one linked case the user may see (R4, R7)."""
    visible = case_visible_to(user).filter(pk=OuterRef("case_id"))
    linked = JointPlanCase.objects.filter(plan=OuterRef("pk")).filter(Exists(visible))
    return JointPlan.objects.filter(Exists(linked))


def plan_require(user: User, plan_id: int) -> JointPlan:
    """The plan with its cases, rows and follow-ups if visible, else 404 (STYLE rule 4)."""
    plan = (
        plan_visible_to(user)
        .select_related("coordinator", "coordinator_overridden_by", "signed_off_by", "created_by")
        .prefetch_related(
            PLAN_CASES,
            Prefetch(
                "responsibilities",
                queryset=JointPlanResponsibility.objects.select_related("unit"),
            ),
            "follow_ups",
        )
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def plan_first_case_id(plan_id: int) -> int | None:
    """A linked case to log a refused read against, so reviewers see whose plan it was."""
    return (
        JointPlanCase.objects.filter(plan_id=plan_id)
        .order_by("case_id")
        .values_list("case_id", flat=True)
        .first()
    )


def plan_list_for_case(*, case: Case) -> list[JointPlan]:
    """The plans recorded in the case (R7), newest first; two queries."""
    return list(
        JointPlan.objects.filter(plan_cases__case=case)
        .select_related("coordinator")
        .prefetch_related(
            Prefetch(
                "plan_cases",
                queryset=JointPlanCase.objects.select_related("case__unit").order_by(
                    "case__unit__name", "case__pk"
                ),
            )
        )
        .order_by("-created_at", "-pk")
    )


def _co_caseworker_case_ids(user: User, case_ids) -> set[int]:
    return set(
        live_grants(user)
        .filter(content_object_id__in=case_ids, reason=GrantReason.CO_CASEWORKER)
        .values_list("content_object_id", flat=True)
    )


def case_plan_creatable_by(user: User, case: Case) -> bool:
    """The case's caseworker, or a co-caseworker with a live grant, starts a plan (R7)."""
    if case.caseworker_id == user.pk:
        return True
    return bool(_co_caseworker_case_ids(user, [case.pk]))


@dataclass
class PlanPermissions:
    """What one user may do with one plan; computed once per request."""

    edit_text: bool = False
    own_case_ids: set[int] = field(default_factory=set)
    edit_unit_ids: set[int] = field(default_factory=set)
    agree_case_ids: set[int] = field(default_factory=set)
    override: bool = False
    visible_case_ids: set[int] = field(default_factory=set)


def plan_permissions(*, user: User, plan: JointPlan) -> PlanPermissions:
    """Who does what (R7, R8, R11): involved caseworkers edit the common text, each unit's
    caseworker its own row, each case's caseworker agrees for it, managers of an involved
    unit choose the coordinator. Three queries."""
    links = list(plan.plan_cases.all())
    case_ids = [link.case_id for link in links]
    co_cases = _co_caseworker_case_ids(user, case_ids)
    perms = PlanPermissions()
    for link in links:
        responsible = link.case.caseworker_id == user.pk
        if responsible or link.case_id in co_cases:
            perms.edit_text = True
            perms.own_case_ids.add(link.case_id)
            perms.edit_unit_ids.add(link.case.unit_id)
        if responsible:
            perms.agree_case_ids.add(link.case_id)
    unit_ids = {link.case.unit_id for link in links}
    perms.override = Membership.objects.filter(
        user=user, is_active=True, unit_id__in=unit_ids, role__in=OVERRIDE_ROLES
    ).exists()
    perms.visible_case_ids = set(
        case_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True)
    )
    return perms


def plan_units(plan: JointPlan) -> list[Unit]:
    """The involved units, by name (R11: one responsibility row each)."""
    units = {link.case.unit_id: link.case.unit for link in plan.plan_cases.all()}
    return sorted(units.values(), key=lambda unit: (unit.name, unit.pk))


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    responsibility: JointPlanResponsibility | None
    caseworkers: list[User]
    editable: bool


def plan_unit_rows(*, plan: JointPlan, perms: PlanPermissions) -> list[UnitRow]:
    """One row per involved unit, written or not yet (R11)."""
    written = {row.unit_id: row for row in plan.responsibilities.all()}
    rows = []
    for unit in plan_units(plan):
        caseworkers = list(
            {
                link.case.caseworker_id: link.case.caseworker
                for link in plan.plan_cases.all()
                if link.case.unit_id == unit.pk
            }.values()
        )
        rows.append(
            UnitRow(unit, written.get(unit.pk), caseworkers, unit.pk in perms.edit_unit_ids)
        )
    return rows


def plan_caseworkers(plan: JointPlan) -> list[User]:
    """The linked cases' caseworkers: those a manager may appoint coordinator (R8)."""
    people = {link.case.caseworker_id: link.case.caseworker for link in plan.plan_cases.all()}
    return sorted(people.values(), key=lambda u: (u.last_name, u.first_name, u.pk))


def plan_agreements_were_cleared(plan: JointPlan) -> bool:
    """Whether agreements given earlier were cleared by a later change (item 2)."""
    if all(link.approved_by_id for link in plan.plan_cases.all()):
        return False
    return JointPlanCase.history.filter(plan_id=plan.pk, approved_by__isnull=False).exists()


def plan_linkable_cases(*, user: User, case: Case, exclude_case_ids=()) -> list[ActiveElsewhere]:
    """Open cases at other units of the case's individual and family (R3, R4).

    The active-case check shows the unit and caseworker of cases outside the user's units,
    never their contents; a co-caseworker's own unit's cases, which the check leaves out,
    are added from what the user may see anyway. Two more queries than the check.
    """
    check = active_case_check(individual=case.individual, viewer=user)
    people = {case.individual_id: FamilyMember(case.individual, str(SELF), False)}
    people.update({m.individual.pk: m for m in check.family})
    entries = list(check.active_elsewhere)
    own = (
        case_visible_to(user)
        .filter(individual_id__in=people.keys())
        .exclude(status=CaseStatus.CLOSED)
        .exclude(unit_id=case.unit_id)
        .exclude(pk__in=[e.case_id for e in entries])
        .select_related("unit", "caseworker")
        .order_by("unit__name", "opened_on")
    )
    entries += [
        ActiveElsewhere(
            member=people[other.individual_id],
            unit=other.unit,
            caseworker=other.caseworker,
            since=other.opened_on,
            case_id=other.pk,
        )
        for other in own
    ]
    excluded = set(exclude_case_ids) | {case.pk}
    return [e for e in entries if e.case_id not in excluded and e.unit.pk != case.unit_id]


# --- Who coordinates (R8) -------------------------------------------------------------


@dataclass(frozen=True)
class CoordinatorProposal:
    caseworker: User
    reason: str
    case: Case


def _first_case_at(cases: list[Case], unit_id: int) -> Case:
    at_unit = [case for case in cases if case.unit_id == unit_id]
    return min(at_unit, key=lambda case: (case.opened_on, case.pk))


def _units_label(units: list[Unit]) -> str:
    return " + ".join(str(unit) for unit in units)


def coordinator_propose(*, cases: list[Case]) -> CoordinatorProposal:
    """Who coordinates, from the organisation's rules (R8).

    Two units: the rule for their pair of kinds (stored with unit_kind_a <= unit_kind_b);
    otherwise, or with three or more units, the organisation's default rule. A rule names
    either a kind of unit, or the longest contact with the family (from case history).
    """
    if not cases:
        raise ValueError("A plan has at least one case.")
    units = sorted({case.unit_id: case.unit for case in cases}.values(), key=lambda u: u.name)
    organisation_id = units[0].organisation_id
    rule = None
    if len(units) == 2 and units[0].kind != units[1].kind:
        kind_a, kind_b = sorted([units[0].kind, units[1].kind])
        rule = CoordinationRule.objects.filter(
            organisation_id=organisation_id, unit_kind_a=kind_a, unit_kind_b=kind_b
        ).first()
    if rule is None:
        rule = CoordinationRule.objects.filter(
            organisation_id=organisation_id, unit_kind_a="", unit_kind_b=""
        ).first()
    label = _units_label(units)
    if rule is not None and rule.method == CoordinationMethod.UNIT_KIND:
        coordinating = [unit for unit in units if unit.kind == rule.coordinating_unit_kind]
        if coordinating:
            case = _first_case_at(cases, coordinating[0].pk)
            reason = _("%(units)s: the caseworker at %(unit)s (rule)") % {
                "units": label,
                "unit": coordinating[0],
            }
            return CoordinatorProposal(case.caseworker, reason, case)
    unit, since = _longest_contact(cases, units)
    case = _first_case_at(cases, unit.pk)
    reason = _(
        "%(units)s: the caseworker at %(unit)s, in contact with the family since %(since)s "
        "(longest contact)"
    ) % {"units": label, "unit": unit, "since": since.isoformat()}
    return CoordinatorProposal(case.caseworker, reason, case)


def family_individual_ids(cases: list[Case]) -> set[int]:
    """The individuals of the cases and everyone in their families (relations, household)."""
    ids = {case.individual_id for case in cases}
    for individual in {case.individual_id: case.individual for case in cases}.values():
        ids.update(member.individual.pk for member in family_of(individual=individual))
    return ids


def _longest_contact(cases: list[Case], units: list[Unit]) -> tuple[Unit, datetime.date]:
    """The involved unit with the earliest case, open or closed, of anyone in the family;
    ties go to the unit whose name sorts first."""
    firsts = dict(
        Case.objects.filter(
            Q(individual_id__in=family_individual_ids(cases)),
            unit_id__in=[unit.pk for unit in units],
        )
        .values("unit_id")
        .annotate(first=Min("opened_on"))
        .values_list("unit_id", "first")
    )
    return min(
        ((unit, firsts.get(unit.pk, datetime.date.max)) for unit in units),
        key=lambda pair: (pair[1], pair[0].name, pair[0].pk),
    )


# --- History with a readable diff (item 3) ----------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    user: str
    what: str
    kind: str  # "created", "changed", "removed"
    changes: list[FieldChange]
    reason: str


_SKIPPED = {"id", "plan", "created_at", "updated_at", "added_at", "organisation"}


def plan_history(*, plan: JointPlan) -> list[HistoryEntry]:
    """Every change to the plan, its unit rows, its cases and its follow-ups, newest first.

    Consecutive historical records are compared with simple-history's diff_against; user,
    unit and case ids are shown as names (never a linked case's contents, R4).
    """
    sources = [
        (JointPlan.history.filter(id=plan.pk), lambda r: str(_("The plan"))),
        (
            JointPlanResponsibility.history.filter(plan_id=plan.pk),
            lambda r: _("Responsibility of %(unit)s") % {"unit": names.unit(r.unit_id)},
        ),
        (
            JointPlanCase.history.filter(plan_id=plan.pk),
            lambda r: _("Case at %(unit)s") % {"unit": names.case(r.case_id)},
        ),
        (JointPlanFollowUp.history.filter(plan_id=plan.pk), lambda r: str(_("Follow-up"))),
    ]
    records = []
    for queryset, describe in sources:
        rows = list(queryset.select_related("history_user").order_by("id", "history_date"))
        records.append((rows, describe))
    names = _Names([r for rows, _describe in records for r in rows])
    entries: list[HistoryEntry] = []
    for rows, describe in records:
        previous = None
        for record in rows:
            if previous is not None and previous.id != record.id:
                previous = None
            entries.append(_entry(record, previous, describe(record), names))
            previous = record
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


class _Names:
    """Names for the ids in historical records, fetched in three queries."""

    def __init__(self, records) -> None:
        user_ids, unit_ids, case_ids = set(), set(), set()
        for record in records:
            user_ids.add(record.history_user_id)
            for fld in record.instance_type._meta.concrete_fields:
                value = getattr(record, fld.attname, None)
                if value is None or not fld.is_relation:
                    continue
                model = fld.related_model
                if model is User:
                    user_ids.add(value)
                elif model is Unit:
                    unit_ids.add(value)
                elif model is Case:
                    case_ids.add(value)
        self.users = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}
        cases = Case.objects.filter(pk__in=case_ids).select_related("unit", "individual")
        self.cases = {c.pk: f"{c.unit} ({c.individual.full_name})" for c in cases}
        self.units = {u.pk: str(u) for u in Unit.objects.filter(pk__in=unit_ids)}

    def user(self, pk) -> str:
        return self.users.get(pk, "-") if pk else "-"

    def unit(self, pk) -> str:
        return self.units.get(pk, "-") if pk else "-"

    def case(self, pk) -> str:
        return self.cases.get(pk, "-") if pk else "-"


def _display(model, name: str, value, names: _Names) -> str:
    fld = model._meta.get_field(name)
    if value in (None, ""):
        return "-"
    if fld.is_relation:
        related = fld.related_model
        if related is User:
            return names.user(value)
        if related is Unit:
            return names.unit(value)
        if related is Case:
            return names.case(value)
        return str(value)
    if fld.choices:
        return str(dict(fld.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _entry(record, previous, what: str, names: _Names) -> HistoryEntry:
    model = record.instance_type
    changes: list[FieldChange] = []
    tracked = [
        f for f in model._meta.concrete_fields if f.name not in _SKIPPED and not f.primary_key
    ]
    if record.history_type == "~" and previous is not None:
        delta = record.diff_against(previous, included_fields=[f.name for f in tracked])
        changed = set(delta.changed_fields)
        for fld in (f for f in tracked if f.name in changed):
            change = fld
            old = getattr(previous, fld.attname)
            new = getattr(record, fld.attname)
            changes.append(
                FieldChange(
                    _label(model, change.name),
                    _display(model, change.name, old, names),
                    _display(model, change.name, new, names),
                )
            )
        kind = "changed"
    elif record.history_type == "-":
        kind = "removed"
    else:
        kind = "created"
        for fld in tracked:
            value = getattr(record, fld.attname)
            if value in (None, ""):
                continue
            changes.append(
                FieldChange(_label(model, fld.name), "-", _display(model, fld.name, value, names))
            )
    return HistoryEntry(
        at=record.history_date,
        user=names.user(record.history_user_id),
        what=what,
        kind=kind,
        changes=changes,
        reason=_(CLEARED_REASON)
        if record.history_change_reason == CLEARED_REASON
        else record.history_change_reason or "",
    )
