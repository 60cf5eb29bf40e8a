"""Reads of cost responsibility (R33): the proposal of the organisation's rules, who may act on
an intervention's cost, who may read an intervention's page, what waits for the user's
agreement, the case panel, and the report per period for the department heads.

Who may read an intervention (`intervention_visible_to`): the case's readers; the members with
a say in its split (the agree and dispute rules: a deputy or unit manager of a bearing unit,
the head of a bearing department or of a bearing unit's department, the head of the case's own
department); and the deciders on the escalation path of a disputed split. Only the case's
readers see who the person is and what the case holds (R4).

The report reads only amounts per unit and department (R4: no individual is named), summed in
SQL from the monthly allocations; a fixed number of queries whatever the number of rows.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Case as When_
from django.db.models import Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import (
    Case,
    CaseStatus,
    CostAllocation,
    CostBearerKind,
    CostRule,
    CostShare,
    CostState,
    Escalation,
    EscalationState,
    Intervention,
)
from coordination.models.costs import format_sek
from coordination.permissions import case_visible_to
from coordination.selectors_age import age_on
from coordination.selectors_escalations import _decided_on_path, escalation_may_decide
from units.models import (
    DEPARTMENT_ROLES,
    UNIT_ROLES,
    Department,
    EscalationLevel,
    Membership,
    Organisation,
    Role,
    Unit,
    User,
)

MANAGER_ROLES = frozenset({Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER})
REPORT_ROLES = frozenset({*DEPARTMENT_ROLES, Role.CONTROLLER})
SETTLED = (CostState.AGREED, CostState.DECIDED)


@dataclass(frozen=True)
class ProposedShare:
    unit: Unit | None
    department: Department | None
    percent: int

    @property
    def bearer(self) -> Unit | Department:
        return self.unit or self.department


@dataclass(frozen=True)
class CostProposal:
    """Who should bear the cost, by which rule (None: no rule applies, R9's default: the unit
    that decides the intervention), and whom to consult first (R20)."""

    rule: CostRule | None
    shares: tuple[ProposedShare, ...]
    age: int
    consult_role: str = ""
    consult_unit_kind: str = ""

    @property
    def requires_consultation(self) -> bool:
        return bool(self.consult_role)


def cost_rules_of(*, organisation: Organisation) -> list[CostRule]:
    return list(
        CostRule.objects.filter(organisation=organisation)
        .prefetch_related("shares__department")
        .order_by("priority")
    )


def cost_proposal(
    *, case: Case, kind: str, period_from: datetime.date, in_homelessness: bool
) -> CostProposal:
    """The first of the organisation's rules that applies proposes the split (R33)."""
    organisation = case.unit.organisation
    age = age_on(case.individual.birth_date, period_from, leap_day=organisation.leap_day_birthday)
    for rule in cost_rules_of(organisation=organisation):
        if not rule.applies_to(kind=kind, age=age, in_homelessness=in_homelessness):
            continue
        shares = tuple(_resolve(rule, share, case) for share in rule.shares.all())
        if sum(share.percent for share in shares) != 100:
            raise ValidationError(
                _(
                    "The cost rule “%(rule)s” does not add up to 100 percent; ask the "
                    "administrator to correct it."
                )
                % {"rule": rule.name}
            )
        return CostProposal(
            rule=rule,
            shares=shares,
            age=age,
            consult_role=rule.consult_role,
            consult_unit_kind=rule.consult_unit_kind,
        )
    # R9: decisions are made by the unit holding the intervention and the delegation.
    return CostProposal(
        rule=None, shares=(ProposedShare(unit=case.unit, department=None, percent=100),), age=age
    )


def _resolve(rule: CostRule, share, case: Case) -> ProposedShare:
    if share.bearer == CostBearerKind.DEPARTMENT:
        return ProposedShare(unit=None, department=share.department, percent=share.percent)
    if share.bearer == CostBearerKind.DECIDING_UNIT:
        return ProposedShare(unit=case.unit, department=None, percent=share.percent)
    unit = (
        Unit.objects.filter(
            organisation_id=rule.organisation_id, kind=share.unit_kind, is_active=True
        )
        .select_related("department")
        .order_by("code")
        .first()
    )
    if unit is None:
        raise ValidationError(
            _(
                "The cost rule “%(rule)s” names a kind of unit the organisation has none of; "
                "ask the administrator to correct it."
            )
            % {"rule": rule.name}
        )
    return ProposedShare(unit=unit, department=None, percent=share.percent)


# --- Who may act ----------------------------------------------------------------------------


def _memberships(user: User) -> list[Membership]:
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_cost_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user, is_active=True).select_related("unit"))
        user._cost_memberships = cached
    return cached


def cost_may_record(*, user: User, case: Case) -> bool:
    """Members of the case's unit with a unit role record its interventions (R9: the unit
    holding the intervention decides it)."""
    return case.is_open and any(
        m.unit_id == case.unit_id and m.role in UNIT_ROLES for m in _memberships(user)
    )


def _other_side(intervention: Intervention) -> tuple[set[int], set[int]]:
    """The bearing units and departments other than the case's unit and its department."""
    case_unit = intervention.case.unit
    units, departments = set(), set()
    for share in intervention.shares.all():
        if share.unit_id and share.unit_id != case_unit.pk:
            units.add(share.unit_id)
            if share.unit.department_id != case_unit.department_id:
                departments.add(share.unit.department_id)
        elif share.department_id and share.department_id != case_unit.department_id:
            departments.add(share.department_id)
    return units, departments


def cost_has_other_side(intervention: Intervention) -> bool:
    units, departments = _other_side(intervention)
    return bool(units or departments)


def _speaks_for(user: User, units: set[int], departments: set[int]) -> bool:
    for m in _memberships(user):
        if m.unit_id in units and m.role in MANAGER_ROLES:
            return True
        if m.unit_id is None and m.department_id in departments and m.role in DEPARTMENT_ROLES:
            return True
    return False


def cost_user_on_side_of(*, user: User, unit: Unit, case_unit: Unit) -> bool:
    """Whether the user belongs to `unit`, or (with no unit) to its department when that is
    not the case unit's department: which side raises a cost dispute. Uses the memberships
    the permission checks already read."""
    return any(
        m.unit_id == unit.pk
        or (
            m.unit_id is None
            and m.department_id == unit.department_id
            and m.department_id != case_unit.department_id
        )
        for m in _memberships(user)
    )


def cost_answers_for_other_side(*, user: User, intervention: Intervention) -> bool:
    """Whether the user speaks for the other side of the split, whatever its state: a manager
    of a bearing unit, or the head of a bearing department (or of a bearing unit's
    department), other than the deciding unit and its own department."""
    units, departments = _other_side(intervention)
    return _speaks_for(user, units, departments)


def cost_may_agree(*, user: User, intervention: Intervention) -> bool:
    """The other side agrees: a manager of a bearing unit, or the head of a bearing
    department, other than the deciding unit and its own department."""
    return _agreeable(intervention) and cost_answers_for_other_side(
        user=user, intervention=intervention
    )


def cost_agreeable(intervention: Intervention) -> bool:
    """Whether the split waits for the other side's agreement: proposed (after the
    consultation the routine requires, R20), or disputed and its escalation withdrawn."""
    return _agreeable(intervention)


def _agreeable(intervention: Intervention) -> bool:
    if intervention.consultation_required and intervention.consulted_id is None:
        return False
    if intervention.state == CostState.PROPOSED:
        return True
    return (
        intervention.state == CostState.DISPUTED
        and intervention.escalation is not None
        and intervention.escalation.state == EscalationState.WITHDRAWN
    )


def cost_has_say(*, user: User, intervention: Intervention) -> bool:
    """Whether the user may dispute the split when it is proposed: the deciding unit's
    caseworker of the case or its managers, the head of its department, or the other side's
    (R9, R33)."""
    case = intervention.case
    own = any(
        (
            m.unit_id == case.unit_id
            and (
                m.role in MANAGER_ROLES or (m.role in UNIT_ROLES and user.pk == case.caseworker_id)
            )
        )
        or (
            m.unit_id is None
            and m.role in DEPARTMENT_ROLES
            and m.department_id == case.unit.department_id
        )
        for m in _memberships(user)
    )
    return own or cost_answers_for_other_side(user=user, intervention=intervention)


def cost_disputable(intervention: Intervention) -> bool:
    """A proposed split with another side, on an open case, may be disputed."""
    return (
        intervention.state == CostState.PROPOSED
        and intervention.case.is_open
        and cost_has_other_side(intervention)
    )


def cost_may_dispute(*, user: User, intervention: Intervention) -> bool:
    """Either side may dispute a proposed cost: the deciding unit's caseworker or managers, or
    the other side's (R9, R33)."""
    return cost_disputable(intervention) and cost_has_say(user=user, intervention=intervention)


def cost_may_consult(*, user: User, intervention: Intervention) -> bool:
    return (
        intervention.consultation_required
        and intervention.consulted_id is None
        and intervention.state == CostState.PROPOSED
        and cost_may_record(user=user, case=intervention.case)
    )


def cost_may_decide(*, user: User, intervention: Intervention) -> bool:
    """The deciders at the escalation's level decide; once the escalation is decided on its
    own page, whoever decided it records the split."""
    escalation = intervention.escalation
    if intervention.state != CostState.DISPUTED or escalation is None:
        return False
    if escalation.state == EscalationState.DECIDED:
        return escalation.closed_by_id == user.pk
    return escalation_may_decide(user=user, escalation=escalation)


def cost_consultees(*, intervention: Intervention) -> QuerySet[User]:
    """Who may be consulted (R20): holders of the rule's role at a unit of its kind."""
    rule = intervention.rule
    if rule is None or not rule.requires_consultation:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=rule.consult_role,
            memberships__unit__kind=rule.consult_unit_kind,
            memberships__unit__organisation_id=rule.organisation_id,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def cost_dispute_level(*, organisation: Organisation) -> EscalationLevel | None:
    """Unclear costs go to the department heads (003, R33): the lowest level they decide at;
    on a ladder without them, its top."""
    levels = EscalationLevel.objects.filter(organisation=organisation)
    return (
        levels.filter(deciding_role=Role.DEPARTMENT_HEAD).order_by("rank").first()
        or levels.order_by("-rank").first()
    )


def cost_counterpart_unit(*, intervention: Intervention) -> Unit | None:
    """The unit on the other side of a dispute: a bearing unit other than the case's; for a
    bearing department, the providing unit when it is in it, else the department's unit with
    an open case of the person, else its first active unit."""
    case_unit = intervention.case.unit
    shares = list(intervention.shares.all())
    for share in shares:
        if share.unit_id and share.unit_id != case_unit.pk:
            return share.unit
    for share in shares:
        if share.department_id and share.department_id != case_unit.department_id:
            if intervention.providing_unit.department_id == share.department_id:
                return intervention.providing_unit
            units = Unit.objects.filter(department_id=share.department_id, is_active=True)
            # The department's unit where the person has an open case: its managers know it.
            known = (
                units.filter(cases__individual_id=intervention.case.individual_id)
                .exclude(cases__status=CaseStatus.CLOSED)
                .order_by("name")
                .first()
            )
            return known or units.order_by("name").first()
    return None


# --- The intervention's page and what waits for agreement (R33, R4) --------------------------


def _say_memberships(user: User) -> tuple[QuerySet, QuerySet]:
    """The units the user manages and the departments the user heads, as subqueries."""
    memberships = Membership.objects.filter(user=user, is_active=True)
    managed = memberships.filter(role__in=MANAGER_ROLES, unit__isnull=False).values("unit_id")
    headed = memberships.filter(role__in=DEPARTMENT_ROLES, unit__isnull=True).values(
        "department_id"
    )
    return managed, headed


def _shares() -> Prefetch:
    return Prefetch("shares", queryset=CostShare.objects.select_related("unit", "department"))


def intervention_visible_to(*, user: User) -> QuerySet[Intervention]:
    """The interventions whose page the user may read (the module's rule): the case's
    readers, the members with a say in the split, the deciders on a dispute's path."""
    if not user.is_authenticated or not user.is_active:
        return Intervention.objects.none()
    managed, headed = _say_memberships(user)
    say_in_split = Exists(
        CostShare.objects.filter(intervention=OuterRef("pk")).filter(
            Q(unit_id__in=managed) | Q(department_id__in=headed) | Q(unit__department_id__in=headed)
        )
    )
    on_path = Exists(
        Escalation.objects.filter(pk=OuterRef("escalation_id")).filter(_decided_on_path(user.pk))
    )
    return Intervention.objects.filter(
        Q(case__in=case_visible_to(user))
        | Q(say_in_split)
        | Q(case__unit__department_id__in=headed)
        | Q(on_path)
    )


def interventions_waiting_for(*, user: User) -> QuerySet[Intervention]:
    """The splits waiting for the user's side to agree (`cost_may_agree` as a query), oldest
    first, with what the list shows: a fixed number of queries whatever the number of rows."""
    if not user.is_authenticated or not user.is_active:
        return Intervention.objects.none()
    managed, headed = _say_memberships(user)
    case_unit = OuterRef("case__unit_id")
    case_department = OuterRef("case__unit__department_id")
    other_side = Exists(
        CostShare.objects.filter(intervention=OuterRef("pk")).filter(
            (Q(unit_id__in=managed) & ~Q(unit_id=case_unit))
            | (Q(department_id__in=headed) & ~Q(department_id=case_department))
            | (Q(unit__department_id__in=headed) & ~Q(unit__department_id=case_department))
        )
    )
    ready = Q(consultation_required=False) | Q(consulted__isnull=False)
    agreeable = Q(state=CostState.PROPOSED) | Q(
        state=CostState.DISPUTED, escalation__state=EscalationState.WITHDRAWN
    )
    return (
        Intervention.objects.filter(ready & agreeable)
        .filter(other_side)
        .select_related("case__unit", "providing_unit", "rule", "recorded_by")
        .prefetch_related(_shares())
        .order_by("recorded_at", "pk")
    )


def cost_answerer_ids(interventions: list[Intervention]) -> dict[int, list[int]]:
    """For each intervention, the active users who may answer for its other side (the agree
    rule's people); one query for all. Its case's unit and its shares with their units must
    be loaded."""
    sides = {intervention.pk: _other_side(intervention) for intervention in interventions}
    all_units = {unit for units, _departments in sides.values() for unit in units}
    all_departments = {dep for _units, departments in sides.values() for dep in departments}
    if not all_units and not all_departments:
        return {pk: [] for pk in sides}
    rows = list(
        Membership.objects.filter(is_active=True, user__is_active=True)
        .filter(
            Q(unit_id__in=all_units, role__in=MANAGER_ROLES)
            | Q(unit__isnull=True, department_id__in=all_departments, role__in=DEPARTMENT_ROLES)
        )
        .values_list("user_id", "unit_id", "department_id")
    )
    return {
        pk: sorted(
            {
                user_id
                for user_id, unit_id, department_id in rows
                if unit_id in units or (unit_id is None and department_id in departments)
            }
        )
        for pk, (units, departments) in sides.items()
    }


def cost_other_side_unit_id(intervention: Intervention) -> int | None:
    """The first bearing unit other than the deciding one (largest share first), if any."""
    for share in intervention.shares.all():
        if share.unit_id and share.unit_id != intervention.case.unit_id:
            return share.unit_id
    return None


def cost_interventions_with_sides(*, intervention_ids: list[int]) -> list[Intervention]:
    """The interventions with what deciding their other side needs: the case's unit, the
    escalation, the shares with their bearers. Two queries."""
    return list(
        Intervention.objects.filter(pk__in=intervention_ids)
        .select_related("case__unit", "escalation")
        .prefetch_related(_shares())
        .order_by("pk")
    )


@dataclass(frozen=True)
class CostAnswer:
    """One step in the split's history: when, by whom, what."""

    at: datetime.datetime
    by: User | None
    what: str


RECORDED = gettext_lazy("Recorded; the split proposed")
CONSULTED = gettext_lazy("Consultation recorded (R20)")


def intervention_answers(*, intervention: Intervention) -> list[CostAnswer]:
    """The split's history from the intervention's own history rows: recorded, the
    consultation (R20), agreed, disputed, decided. One query."""
    rows = intervention.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    answers: list[CostAnswer] = []
    previous = None
    for row in rows:
        if previous is None:
            answers.append(CostAnswer(row.history_date, row.history_user, str(RECORDED)))
        else:
            if row.consulted_id and not previous.consulted_id:
                answers.append(CostAnswer(row.history_date, row.history_user, str(CONSULTED)))
            if row.state != previous.state:
                label = CostState(row.state).label
                answers.append(CostAnswer(row.history_date, row.history_user, str(label)))
        previous = row
    return answers


# --- The case panel -------------------------------------------------------------------------


@dataclass
class InterventionRow:
    intervention: Intervention
    may_agree: bool
    may_dispute: bool
    may_consult: bool
    may_decide: bool


def intervention_list_for_case(*, user: User, case: Case) -> list[InterventionRow]:
    """The case's interventions with their bearers and what the viewer may do; the caller has
    checked that the viewer may read the case. A fixed number of queries."""
    interventions = list(
        Intervention.objects.filter(case=case)
        .select_related(
            "case__unit__department",
            "providing_unit",
            "rule",
            "consulted",
            "escalation",
            "decided_by",
            "agreed_by",
        )
        .prefetch_related("shares__unit", "shares__department")
        .order_by("-period_from", "-pk")
    )
    return [
        InterventionRow(
            intervention=i,
            may_agree=cost_may_agree(user=user, intervention=i),
            may_dispute=cost_may_dispute(user=user, intervention=i),
            may_consult=cost_may_consult(user=user, intervention=i),
            may_decide=cost_may_decide(user=user, intervention=i)
            if i.state == CostState.DISPUTED
            else False,
        )
        for i in interventions
    ]


def intervention_case_id(*, intervention_id: int) -> int | None:
    """The case of an intervention, for logging a refused read against it (R4)."""
    return Intervention.objects.filter(pk=intervention_id).values_list("case_id", flat=True).first()


def intervention_get(*, intervention_id: int, user: User) -> Intervention | None:
    """The intervention if the user may read its page (the module's rule), else None; with
    `case_readable`, whether the user may also read its case (R4)."""
    return (
        intervention_visible_to(user=user)
        .filter(pk=intervention_id)
        .annotate(case_readable=Exists(case_visible_to(user).filter(pk=OuterRef("case_id"))))
        .select_related(
            "case__unit__department",
            "case__unit__organisation",
            "case__individual",
            "case__caseworker",
            "providing_unit",
            "rule",
            "recorded_by",
            "consulted",
            "agreed_by",
            "decided_by",
            "escalation",
            "escalation__level",
        )
        .prefetch_related(_shares())
        .first()
    )


def cost_bearer_choices(*, organisation: Organisation) -> list[tuple[str, str]]:
    """The organisation's departments and active units as bearer choices: "department:<id>",
    "unit:<id>"."""
    choices = [
        (f"department:{d.pk}", str(d))
        for d in Department.objects.filter(organisation=organisation).order_by("name")
    ]
    choices += [
        (f"unit:{u.pk}", f"{u} ({u.department})")
        for u in Unit.objects.filter(organisation=organisation, is_active=True)
        .select_related("department")
        .order_by("name")
    ]
    return choices


# --- The report -------------------------------------------------------------------------------


@dataclass
class ReportRow:
    label: str
    department: str
    sole_ore: int
    joint_ore: int

    @property
    def total_ore(self) -> int:
        return self.sole_ore + self.joint_ore

    @property
    def sole(self) -> str:
        return format_sek(self.sole_ore)

    @property
    def joint(self) -> str:
        return format_sek(self.joint_ore)

    @property
    def total(self) -> str:
        return format_sek(self.total_ore)


@dataclass
class CostReport:
    organisation: Organisation
    month_from: datetime.date
    month_to: datetime.date
    by_department: list[ReportRow] = field(default_factory=list)
    by_unit: list[ReportRow] = field(default_factory=list)
    proposed_ore: int = 0
    disputed_ore: int = 0

    @property
    def total_ore(self) -> int:
        return sum(row.total_ore for row in self.by_department)

    @property
    def total(self) -> str:
        return format_sek(self.total_ore)

    @property
    def proposed(self) -> str:
        return format_sek(self.proposed_ore)

    @property
    def disputed(self) -> str:
        return format_sek(self.disputed_ore)


def cost_report_organisation(*, user: User) -> Organisation | None:
    """The organisation whose report the user reads: as department head or controller."""
    membership = (
        Membership.objects.filter(user=user, is_active=True, role__in=REPORT_ROLES)
        .select_related("organisation")
        .order_by("organisation__name")
        .first()
    )
    return membership.organisation if membership else None


def _sums():
    zero = Value(0)
    return {
        "sole": Coalesce(
            Sum(When_(When(joint=False, then="amount_ore"), default=zero)),
            zero,
            output_field=IntegerField(),
        ),
        "joint_part": Coalesce(
            Sum(When_(When(joint=True, then="amount_ore"), default=zero)),
            zero,
            output_field=IntegerField(),
        ),
    }


def cost_report(
    *, organisation: Organisation, month_from: datetime.date, month_to: datetime.date
) -> CostReport:
    """Agreed and decided costs per department and per unit in the months from `month_from`
    to `month_to` (first days of months, inclusive), each split into what the bearer carries
    alone and its part of joint costs; and what is still proposed or disputed. Three queries."""
    allocations = CostAllocation.objects.filter(
        organisation=organisation, month__gte=month_from, month__lte=month_to
    )
    settled = allocations.filter(intervention__state__in=SETTLED)
    report = CostReport(organisation=organisation, month_from=month_from, month_to=month_to)
    for row in (
        settled.values("department__name", "department__short_name")
        .annotate(**_sums())
        .order_by("department__name")
    ):
        short = row["department__short_name"] or row["department__name"]
        report.by_department.append(
            ReportRow(short, short, int(row["sole"]), int(row["joint_part"]))
        )
    for row in (
        settled.filter(unit__isnull=False)
        .values("unit__name", "unit__short_name", "department__name", "department__short_name")
        .annotate(**_sums())
        .order_by("department__name", "unit__name")
    ):
        report.by_unit.append(
            ReportRow(
                row["unit__short_name"] or row["unit__name"],
                row["department__short_name"] or row["department__name"],
                int(row["sole"]),
                int(row["joint_part"]),
            )
        )
    pending = allocations.aggregate(
        proposed=Coalesce(
            Sum("amount_ore", filter=Q(intervention__state=CostState.PROPOSED)),
            Value(0),
            output_field=IntegerField(),
        ),
        disputed=Coalesce(
            Sum("amount_ore", filter=Q(intervention__state=CostState.DISPUTED)),
            Value(0),
            output_field=IntegerField(),
        ),
    )
    report.proposed_ore, report.disputed_ore = int(pending["proposed"]), int(pending["disputed"])
    return report
