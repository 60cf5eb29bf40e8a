"""Reads of routines running on cases (R30): who may see and act, the pages' rows, the records
that may complete a step.

The scope rule (R4) decides what of the case is shown: members of the case's unit and holders
of a grant see the run in full; a holder of a step at another unit (or a member of a step's
unit) sees the routine, its steps and what is asked of them, never the person or the notes.

A step kept within its unit (R31: BoU's step of 001's debt routine) is that unit's alone:
anyone who is not a member of its responsible unit (nor its holder) sees its title and unit
only, none of its holder, state, due date, record or history, and may not open it. The run's
own state still ends when every step is closed; since the kept step is closed in every case
(done or skipped), that says only that the unit has closed it, never how.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from coordination.models import (
    CHILD_RELATIONS,
    Case,
    CaseStatus,
    CoCaseworker,
    CompletionKind,
    Consent,
    Contact,
    Escalation,
    Handover,
    JointPlan,
    JointVisit,
    JointVisitKind,
    Order,
    OrderFollowUp,
    OrderImplementationPlan,
    OrderState,
    Relation,
    RoutineRun,
    RoutineRunState,
    RoutineRunStep,
    RoutineStepState,
    ThreePartyMeeting,
    UnitCopy,
)
from coordination.models.cooperation import CarePlanningMeeting
from coordination.permissions import case_visible_to, unit_ids_of
from units.models import Membership, Role, User

# The unit's managers stand in for a step's holder, skip mandatory steps and reassign.
MANAGER_ROLES = frozenset({Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER})
# Who may start a routine by hand on a case of their unit, besides its caseworker.
STARTER_ROLES = frozenset({Role.COORDINATOR, *MANAGER_ROLES})
# What a written note completes: the portal keeps no record of these (decisions live in the
# case-management system) or, for a meeting, may (see _RECORDS).
NOTE_COMPLETES = frozenset(
    {
        CompletionKind.NOTE,
        CompletionKind.DECISION,
        CompletionKind.MEETING,
    }
)


def _roles_at(user: User, unit_ids: set[int]) -> set[tuple[int, str]]:
    if not user.is_authenticated or not unit_ids:
        return set()
    return set(
        Membership.objects.filter(user=user, is_active=True, unit_id__in=unit_ids).values_list(
            "unit_id", "role"
        )
    )


def _manages(roles: set[tuple[int, str]], *unit_ids: int | None) -> bool:
    return any((unit_id, role) in roles for unit_id in unit_ids for role in MANAGER_ROLES)


def routine_step_kept_from(
    user: User, step: RoutineRunStep, *, roles: set[tuple[int, str]] | None = None
) -> bool:
    """Whether the step is kept within its unit (R31) and the user is outside it: neither a
    member (any role) of its responsible unit nor its holder."""
    if not step.step.kept_within_unit:
        return False
    if user.pk is not None and user.pk == step.assignee_id:
        return False
    if roles is None:
        roles = _roles_at(user, {step.unit_id})
    return not any(unit_id == step.unit_id for unit_id, _role in roles)


@dataclass(frozen=True)
class StepRights:
    act: bool = False
    skip: bool = False
    reassign: bool = False


def routine_step_rights(
    user: User, step: RoutineRunStep, *, roles: set[tuple[int, str]] | None = None
) -> StepRights:
    """What the user may do with an open step of a running routine: its holder and the one it
    is shared with complete it and skip an optional one; the managers of its units stand in,
    skip a mandatory one (the decision is theirs) and reassign (the primary holder)."""
    if step.state != RoutineStepState.OPEN or step.run.state != RoutineRunState.RUNNING:
        return StepRights()
    if roles is None:
        roles = _roles_at(user, {step.unit_id, step.partner_unit_id} - {None})
    if routine_step_kept_from(user, step, roles=roles):
        return StepRights()
    manager = _manages(roles, step.unit_id, step.partner_unit_id)
    holder = user.pk in {step.assignee_id, step.partner_id}
    return StepRights(
        act=holder or manager,
        skip=manager or (holder and not step.step.mandatory),
        reassign=_manages(roles, step.unit_id),
    )


def routine_run_may_start(user: User, case: Case) -> bool:
    """The case's caseworker, and the unit's coordinators and managers, start routines by hand
    on an open case."""
    if not case.is_open or not user.is_authenticated:
        return False
    if case.caseworker_id == user.pk:
        return True
    return Membership.objects.filter(
        user=user, is_active=True, unit_id=case.unit_id, role__in=STARTER_ROLES
    ).exists()


def routine_run_may_cancel(user: User, run: RoutineRun) -> bool:
    """The case's caseworker and the managers of the case's unit cancel a running routine."""
    if run.state != RoutineRunState.RUNNING:
        return False
    if run.case.caseworker_id == user.pk:
        return True
    return _manages(_roles_at(user, {run.case.unit_id}), run.case.unit_id)


def routine_run_visible_to(user: User) -> QuerySet[RoutineRun]:
    """Runs the user may open: on a case they may see (R4), or with a step they hold, share,
    or that lies at one of their units."""
    if not user.is_authenticated or not user.is_active:
        return RoutineRun.objects.none()
    own_units = unit_ids_of(user)
    involved = RoutineRunStep.objects.filter(run=OuterRef("pk")).filter(
        Q(assignee=user)
        | Q(partner=user)
        | Q(unit_id__in=own_units)
        | Q(partner_unit_id__in=own_units)
    )
    visible_case = case_visible_to(user).filter(pk=OuterRef("case_id"))
    return RoutineRun.objects.filter(Q(Exists(visible_case)) | Q(Exists(involved)))


@dataclass
class RunStepRow:
    step: RoutineRunStep
    rights: StepRights
    # The step's own note and record are shown to the case's readers and to those who may act.
    shows_outcome: bool
    # R31: only the step's title and unit are shown (see routine_step_kept_from).
    kept: bool = False


@dataclass
class RunPage:
    run: RoutineRun
    case_visible: bool
    rows: list[RunStepRow]
    may_cancel: bool
    history: list = field(default_factory=list)

    @property
    def current(self) -> RoutineRunStep | None:
        """The first open step the reader may follow; a kept step (R31) only when no other is
        open, so that which step is current never tells whether the kept one is closed."""
        open_rows = [row for row in self.rows if row.step.is_open]
        return next((row.step for row in open_rows if not row.kept), None) or next(
            (row.step for row in open_rows), None
        )


def _steps_queryset() -> QuerySet[RoutineRunStep]:
    return RoutineRunStep.objects.select_related(
        "step", "unit", "partner_unit", "assignee", "partner", "completed_by", "record_type"
    ).order_by("position")


def routine_run_page(*, user: User, run_id: int) -> RunPage | None:
    """The run with its steps, what the user may do with each, and its history; None when the
    run is missing or not the user's to see. A fixed number of queries."""
    run = (
        routine_run_visible_to(user)
        .select_related("definition", "case", "case__unit", "case__individual", "case__caseworker")
        .select_related("other_unit", "started_by", "ended_by")
        .annotate(case_visible=Exists(case_visible_to(user).filter(pk=OuterRef("case_id"))))
        .prefetch_related(Prefetch("steps", queryset=_steps_queryset()))
        .filter(pk=run_id)
        .first()
    )
    if run is None:
        return None
    steps = list(run.steps.all())
    unit_ids = {s.unit_id for s in steps} | {s.partner_unit_id for s in steps} | {run.case.unit_id}
    roles = _roles_at(user, unit_ids - {None})
    for step in steps:
        step.run = run
    rows = []
    for step in steps:
        rights = routine_step_rights(user, step, roles=roles)
        holder = user.pk in {step.assignee_id, step.partner_id}
        kept = routine_step_kept_from(user, step, roles=roles)
        rows.append(
            RunStepRow(
                step=step,
                rights=rights,
                shows_outcome=not kept and (run.case_visible or holder or rights.act),
                kept=kept,
            )
        )
    may_cancel = run.state == RoutineRunState.RUNNING and (
        run.case.caseworker_id == user.pk or _manages(roles, run.case.unit_id)
    )
    history = list(
        RoutineRunStep.history.filter(run_id=run.pk)
        .exclude(id__in=[row.step.pk for row in rows if row.kept])
        .select_related("history_user", "assignee")
        .order_by("history_date", "history_id")
    )
    return RunPage(
        run=run,
        case_visible=run.case_visible,
        rows=rows,
        may_cancel=may_cancel,
        history=history,
    )


def routine_runs_for_case(*, case: Case, user: User | None = None) -> list[RoutineRun]:
    """The routines run on a case (the case page's panel; its reader sees the case), newest
    first, each with its open steps and their holders, and `current`: the step the reader is
    shown (as RunPage.current; each open step marked `kept` when kept from the reader, R31).
    Two queries, and one more for the reader's memberships when a kept step is open."""
    open_steps = Prefetch(
        "steps",
        queryset=RoutineRunStep.objects.filter(state=RoutineStepState.OPEN)
        .select_related("step", "assignee", "unit", "partner", "partner_unit")
        .order_by("position"),
        to_attr="open_steps",
    )
    runs = list(
        RoutineRun.objects.filter(case=case)
        .select_related("definition")
        .prefetch_related(open_steps)
        .order_by("-started_at", "-pk")
    )
    kept_units = {s.unit_id for run in runs for s in run.open_steps if s.step.kept_within_unit}
    roles = _roles_at(user, kept_units) if user is not None else set()
    for run in runs:
        for step in run.open_steps:
            # Without a reader, a kept step is kept.
            step.kept = step.step.kept_within_unit and (
                user is None or routine_step_kept_from(user, step, roles=roles)
            )
        run.current = next((s for s in run.open_steps if not s.kept), None) or next(
            iter(run.open_steps), None
        )
    return runs


def routine_steps_mine(*, user: User) -> QuerySet[RoutineRunStep]:
    """The open steps of running routines the user holds or shares, earliest due first, with
    `case_visible`: whether the user may see the case and so the person's name (R4), and
    `kept`: whether the step is kept within a unit the user is outside of (R31: the one
    sharing it from another unit sees its title and unit only)."""
    in_unit = Membership.objects.filter(user=user, is_active=True, unit_id=OuterRef("unit_id"))
    return (
        RoutineRunStep.objects.filter(Q(assignee=user) | Q(partner=user))
        .filter(state=RoutineStepState.OPEN, run__state=RoutineRunState.RUNNING)
        .select_related(
            "step",
            "unit",
            "run",
            "run__definition",
            "run__case",
            "run__case__unit",
            "run__case__individual",
        )
        .annotate(case_visible=Exists(case_visible_to(user).filter(pk=OuterRef("run__case_id"))))
        .annotate(
            kept=ExpressionWrapper(
                Q(step__kept_within_unit=True) & ~Q(assignee=user) & ~Q(Exists(in_unit)),
                output_field=BooleanField(),
            )
        )
        .order_by("due_on", "run__started_at", "position", "pk")
    )


def routine_definitions_startable(*, case: Case):
    """The current routines of the case's organisation, by name."""
    from coordination.models import RoutineDefinition

    return RoutineDefinition.objects.filter(
        organisation_id=case.unit.organisation_id, is_current=True
    ).order_by("name")


def routine_step_assignable(*, step: RoutineRunStep) -> QuerySet[User]:
    """Who a manager may give a step to: the active members of the step's unit."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__unit_id=step.unit_id,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


# --- the records that complete a step -----------------------------------------------------


def _case_ids(step: RoutineRunStep) -> list[int]:
    """The run's case and the person's open cases at the step's units: a step at the other
    unit is completed with that unit's record (a contact from the receiving case, R18). A
    step kept within its unit (R31) also takes the open cases of the person's children at
    that unit ("aktualiseras ärendet där": BoU opens the child's case); only that unit sees
    the step, so only it sees them."""
    run = step.run
    units = [u for u in (step.unit_id, step.partner_unit_id) if u]
    whose = Q(individual_id=run.case.individual_id, unit_id__in=units)
    if step.step.kept_within_unit:
        children = Relation.objects.filter(
            from_individual_id=run.case.individual_id, kind__in=CHILD_RELATIONS
        ).values("to_individual_id")
        whose |= Q(individual_id__in=children, unit_id=step.unit_id)
    others = Case.objects.filter(whose).exclude(status=CaseStatus.CLOSED)
    return [run.case_id, *others.values_list("pk", flat=True)]


RecordQuery = Callable[[RoutineRunStep, list[int]], QuerySet]

_RECORDS: dict[str, list[RecordQuery]] = {
    CompletionKind.CASE_REGISTERED: [lambda s, ids: Case.objects.filter(pk__in=ids)],
    CompletionKind.CONTACT: [lambda s, ids: Contact.objects.filter(case_id__in=ids)],
    CompletionKind.CONSENT: [
        lambda s, ids: Consent.objects.filter(
            individual_id=s.run.case.individual_id, withdrawn_on__isnull=True
        )
    ],
    CompletionKind.CASEWORKER_APPOINTED: [
        lambda s, ids: Handover.objects.filter(
            Q(case_id__in=ids) | Q(receiving_case_id__in=ids), receiving_caseworker__isnull=False
        ),
        lambda s, ids: ThreePartyMeeting.objects.filter(
            case_id__in=ids, appointed_caseworker__isnull=False
        ),
        lambda s, ids: CoCaseworker.objects.filter(case_id__in=ids, revoked_at__isnull=True),
        lambda s, ids: Case.objects.filter(pk__in=ids).exclude(pk=s.run.case_id),
    ],
    CompletionKind.CO_CASEWORKER_APPOINTED: [
        lambda s, ids: CoCaseworker.objects.filter(case_id__in=ids, revoked_at__isnull=True)
    ],
    CompletionKind.COPY_SENT: [lambda s, ids: UnitCopy.objects.filter(case_id__in=ids)],
    CompletionKind.JOINT_VISIT: [
        lambda s, ids: JointVisit.objects.filter(
            case_id__in=ids,
            kind__in=(JointVisitKind.VISIT, JointVisitKind.PRELIMINARY_ASSESSMENT),
        )
    ],
    CompletionKind.JOINT_ASSESSMENT: [lambda s, ids: JointVisit.objects.filter(case_id__in=ids)],
    CompletionKind.JOINT_PLAN: [
        lambda s, ids: JointPlan.objects.filter(plan_cases__case_id__in=ids).distinct()
    ],
    CompletionKind.MEETING: [
        lambda s, ids: CarePlanningMeeting.objects.filter(case_id__in=ids),
        lambda s, ids: ThreePartyMeeting.objects.filter(
            case_id__in=ids, pre_meeting_on__isnull=False
        ),
    ],
    CompletionKind.THREE_PARTY_MEETING: [
        lambda s, ids: ThreePartyMeeting.objects.filter(case_id__in=ids, meeting_on__isnull=False)
    ],
    CompletionKind.HANDOVER: [
        lambda s, ids: Handover.objects.filter(case_id__in=ids, sent_at__isnull=False)
    ],
    CompletionKind.HANDOVER_RECEIVED: [
        lambda s, ids: Handover.objects.filter(
            Q(case_id__in=ids) | Q(receiving_case_id__in=ids), received_at__isnull=False
        )
    ],
    CompletionKind.ESCALATION: [
        lambda s, ids: Escalation.objects.filter(Q(case_id__in=ids) | Q(other_case_id__in=ids))
    ],
    CompletionKind.ORDER_SENT: [
        lambda s, ids: Order.objects.filter(case_id__in=ids, sent_at__isnull=False)
    ],
    CompletionKind.ORDER_EXECUTION_CHECKED: [
        lambda s, ids: Order.objects.filter(case_id__in=ids, execution_checked_at__isnull=False)
    ],
    CompletionKind.KICK_OFF: [
        lambda s, ids: Order.objects.filter(case_id__in=ids, kick_off_on__isnull=False)
    ],
    CompletionKind.IMPLEMENTATION_PLAN: [
        lambda s, ids: OrderImplementationPlan.objects.filter(order__case_id__in=ids)
    ],
    CompletionKind.FOLLOW_UP: [lambda s, ids: OrderFollowUp.objects.filter(order__case_id__in=ids)],
    CompletionKind.ORDER_CLOSED: [
        lambda s, ids: Order.objects.filter(case_id__in=ids, state=OrderState.CLOSED)
    ],
}


def routine_step_needs_record(step: RoutineRunStep) -> bool:
    """Whether only a linked record completes the step (else a note does)."""
    return step.step.completed_by not in NOTE_COMPLETES


@dataclass(frozen=True)
class RecordOption:
    key: str
    label: str
    record: Model


def _label(record: Model) -> str:
    # Never the person or the case's contents: the kind of record, its date and number.
    when = next(
        (
            getattr(record, name)
            for name in (
                "contacted_on",
                "given_on",
                "sent_at",
                "received_at",
                "appointed_at",
                "held_on",
                "meeting_on",
                "written_at",
                "raised_at",
                "opened_on",
                "starts_on",
                "created_at",
            )
            if getattr(record, name, None)
        ),
        None,
    )
    date = f" {when:%Y-%m-%d}" if when else ""
    return f"{str(record._meta.verbose_name).capitalize()} #{record.pk}{date}"


def routine_step_record_options(step: RoutineRunStep) -> list[RecordOption]:
    """The records that may complete the step, newest first within each kind; one query for
    the cases plus one per kind of record."""
    queries = _RECORDS.get(step.step.completed_by, [])
    if not queries:
        return []
    ids = _case_ids(step)
    options = []
    for query in queries:
        queryset = query(step, ids)
        content_type = ContentType.objects.get_for_model(queryset.model)
        options += [
            RecordOption(key=f"{content_type.pk}:{record.pk}", label=_label(record), record=record)
            for record in queryset.order_by("-pk")[:50]
        ]
    return options


def routine_record_allowed(step: RoutineRunStep, record: Model) -> bool:
    """Whether the record is one the step's CompletionKind accepts, on the run's case (or the
    person's case at the step's unit)."""
    ids = _case_ids(step)
    for query in _RECORDS.get(step.step.completed_by, []):
        queryset = query(step, ids)
        if queryset.model is type(record) and queryset.filter(pk=record.pk).exists():
            return True
    return False
