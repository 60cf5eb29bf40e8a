"""Writes of routines running on cases (R30): start (by hand or by a trigger event), complete,
skip, reassign, cancel, and the hourly sweep of overdue steps.

A run is made from one definition version and keeps it: the run points to that version and
each step row to that version's step, so revising the routine later changes nothing here.
Each step is given to a concrete person by its responsible role at its responsible unit.

The trigger events and where they fire (docs/routines.md, "Triggers: where each fires"):
registering a case (`routine_runs_start_for_case_registered`: a guardian with addiction, a
report concerning an 18-20 year old, a LOB report about one not known at BoU, a person active
at another unit, financial aid for a client at the addiction unit), drafting an order to
in-house open care (coordination.services.orders), a meeting deciding a transfer
(meetings.services.minutes) and the handover deadline raised by the deadline sweep
(`routine_runs_start_for_many`, set-based).
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Model, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from coordination.db import history_created, insert_new
from coordination.models import (
    AssignedBecause,
    Case,
    CaseMatter,
    CaseStatus,
    DeadlineAnchor,
    DueItem,
    DueKind,
    Relation,
    RelationKind,
    ResponsibleParty,
    RoutineDefinition,
    RoutineRun,
    RoutineRunStart,
    RoutineRunState,
    RoutineRunStep,
    RoutineStep,
    RoutineStepState,
    RoutineTrigger,
)
from coordination.selectors_age import STOCKHOLM, age_on
from coordination.selectors_routine_runs import (
    routine_record_allowed,
    routine_run_may_cancel,
    routine_run_may_start,
    routine_step_needs_record,
    routine_step_rights,
)
from coordination.services.notifications import notify
from units.models import Membership, Organisation, Role, Unit, UnitKind, User

logger = logging.getLogger(__name__)

# The organisation's setting `routine_step_escalation_days` (units.Organisation) says how many
# days after it became overdue a step goes to the unit manager; this is its default (R30).
ESCALATE_AFTER_DAYS = 5

# The children's side, where reports about children and young people arrive (001: BoU and
# its reception group, "Mottagningsgrupp bou").
CHILDRENS_UNIT_KINDS = (UnitKind.BOU, UnitKind.MOTTAGNING)
# R20: "åldersgruppen 18-20 år", both ages included.
YOUNG_ADULT_AGES = (18, 20)
# R20: "Lob/Trafikonykterhet/Narkotikabrott".
LOB_MATTERS = (CaseMatter.LOB_REPORT, CaseMatter.TRAFFIC_SOBRIETY, CaseMatter.DRUG_OFFENCE)
# Applications and statements are not reports (001 handles new applications from 18-20 year
# olds at the coordination meetings, and driving-licence statements by their own rule).
NOT_REPORTS = (CaseMatter.FINANCIAL_AID, CaseMatter.HOUSING_SUPPORT, CaseMatter.DRIVING_LICENCE)
# The events a case registration may be.
CASE_REGISTERED_TRIGGERS = (
    RoutineTrigger.GUARDIAN_ADDICTION_REPORT,
    RoutineTrigger.YOUNG_ADULT_LOB_NOT_KNOWN_AT_BOU,
    RoutineTrigger.YOUNG_ADULT_REPORT,
    RoutineTrigger.ACTIVE_AT_ANOTHER_UNIT,
    RoutineTrigger.FINANCIAL_AID_ACTIVE_AT_BEROENDE,
)


class RoutineStepStaleError(ValidationError):
    """Someone changed the step after the page was shown."""


def _local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(STOCKHOLM).date()


# --- who holds a step ---------------------------------------------------------------------


def _unit_of_kind(kind: str, *, case: Case, other_unit: Unit | None, units: list[Unit]) -> Unit:
    for unit in (case.unit, other_unit):
        if unit is not None and unit.kind == kind:
            return unit
    found = next((u for u in units if u.kind == kind), None)
    if found is None:
        raise ValidationError(
            _("The organisation has no active unit of the kind %(kind)s that this step needs.")
            % {"kind": UnitKind(kind).label}
        )
    return found


def _step_units(
    step: RoutineStep, *, case: Case, other_unit: Unit | None, units: list[Unit]
) -> tuple[Unit, Unit | None]:
    """The responsible unit of a step, and the second one when two units share it (R30)."""
    party = step.responsible_party
    if party in (ResponsibleParty.REGISTERING_UNIT, ResponsibleParty.SENDING_UNIT):
        return case.unit, None
    if party in (ResponsibleParty.RECEIVING_UNIT, ResponsibleParty.BOTH_UNITS):
        if other_unit is None:
            raise ValidationError(
                {
                    "other_unit": _(
                        "Step %(position)s is held by the other unit: choose the other unit."
                    )
                    % {"position": step.position}
                }
            )
        if party == ResponsibleParty.RECEIVING_UNIT:
            return other_unit, None
        return case.unit, other_unit
    first = _unit_of_kind(step.responsible_unit_kind, case=case, other_unit=other_unit, units=units)
    if party == ResponsibleParty.UNITS_OF_BOTH_KINDS:
        second = _unit_of_kind(step.second_unit_kind, case=case, other_unit=other_unit, units=units)
        return first, second
    return first, None


class _Holders:
    """Everyone who holds a role at the units involved, and the people's own caseworkers there,
    loaded once (two queries) for one run or for many."""

    def __init__(self, units: set[Unit], individual_ids: Iterable[int]) -> None:
        self.by_unit_role: dict[tuple[int, str], list[User]] = defaultdict(list)
        memberships = (
            Membership.objects.filter(is_active=True, user__is_active=True)
            .filter(
                Q(unit__in=units)
                | Q(
                    unit__isnull=True,
                    department_id__in={u.department_id for u in units},
                    role=Role.DEPARTMENT_HEAD,
                )
            )
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "user_id")
        )
        for membership in memberships:
            if membership.unit_id:
                key = (membership.unit_id, membership.role)
                self.by_unit_role[key].append(membership.user)
            else:
                for unit in units:
                    if unit.department_id == membership.department_id:
                        self.by_unit_role[(unit.pk, membership.role)].append(membership.user)
        # The person's own caseworker at each unit where the person has an open case.
        self.caseworker_at = {
            (c.individual_id, c.unit_id): c.caseworker
            for c in Case.objects.filter(individual_id__in=set(individual_ids), unit__in=units)
            .exclude(status=CaseStatus.CLOSED)
            .select_related("caseworker")
        }

    def holder(self, unit: Unit, role: str, individual_id: int) -> tuple[User | None, str]:
        """The person holding the role at the unit (R30): the person's own caseworker there;
        else the first holder by name (a manager may reassign); else the unit manager."""
        if role == Role.CASEWORKER and (individual_id, unit.pk) in self.caseworker_at:
            return self.caseworker_at[individual_id, unit.pk], AssignedBecause.CASE_CASEWORKER
        if holders := self.by_unit_role.get((unit.pk, role)):
            return holders[0], AssignedBecause.ROLE_HOLDER
        if managers := self.by_unit_role.get((unit.pk, Role.UNIT_MANAGER)):
            return managers[0], AssignedBecause.MANAGER_NOBODY_IN_ROLE
        return None, AssignedBecause.NOBODY


# --- starting -----------------------------------------------------------------------------

_Placed = list[tuple[RoutineStep, Unit, Unit | None]]


def _place(
    steps: list[RoutineStep], *, case: Case, other_unit: Unit | None, units: list[Unit]
) -> _Placed:
    """Each step with its responsible unit and its partner unit; ValidationError when a step
    cannot be placed at this organisation's units."""
    return [
        (step, *_step_units(step, case=case, other_unit=other_unit, units=units)) for step in steps
    ]


def _units_of(placed: _Placed) -> set[Unit]:
    return {u for _step, unit, partner in placed for u in (unit, partner) if u is not None}


def _new_run(
    *,
    definition: RoutineDefinition,
    case: Case,
    other_unit: Unit | None,
    how: RoutineRunStart,
    trigger: str,
    reason: str,
    started_by_id: int,
    now: datetime.datetime,
) -> RoutineRun:
    return RoutineRun(
        definition=definition,
        case=case,
        other_unit=other_unit,
        started_how=how,
        trigger=trigger,
        start_reason=reason.strip(),
        started_by_id=started_by_id,
        started_at=now,
        started_on=_local_date(now),
    )


def _step_rows(run: RoutineRun, placed: _Placed, holders: _Holders) -> list[RoutineRunStep]:
    """The run's step rows, unsaved: each placed step's holder, partner and due date."""
    individual_id = run.case.individual_id
    rows = []
    for step, unit, partner_unit in placed:
        assignee, because = holders.holder(unit, step.responsible_role, individual_id)
        partner = (
            holders.holder(partner_unit, step.responsible_role, individual_id)[0]
            if partner_unit
            else None
        )
        due_on = None
        if step.deadline_from == DeadlineAnchor.TRIGGER:
            due_on = run.started_on + datetime.timedelta(days=step.deadline_days)
        rows.append(
            RoutineRunStep(
                run=run,
                step=step,
                position=step.position,
                unit=unit,
                assignee=assignee,
                assigned_because=because,
                partner_unit=partner_unit,
                partner=partner,
                due_on=due_on,
            )
        )
    return rows


def _run_create(
    *,
    actor: User,
    case: Case,
    definition: RoutineDefinition,
    how: RoutineRunStart,
    trigger: str = "",
    reason: str = "",
    other_unit: Unit | None = None,
) -> RoutineRun:
    # One running instance of a routine per case, whichever version it runs.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if RoutineRun.objects.filter(
        case=case,
        state=RoutineRunState.RUNNING,
        definition__organisation_id=definition.organisation_id,
        definition__code=definition.code,
    ).exists():
        raise ValidationError(
            {
                "definition": _("%(name)s is already running on this case.")
                % {"name": definition.name}
            }
        )
    steps = list(definition.steps.order_by("position"))
    units = list(
        Unit.objects.filter(organisation_id=definition.organisation_id, is_active=True).order_by(
            "name", "pk"
        )
    )
    placed = _place(steps, case=case, other_unit=other_unit, units=units)
    holders = _Holders(_units_of(placed), [case.individual_id])
    run = _new_run(
        definition=definition,
        case=case,
        other_unit=other_unit,
        how=how,
        trigger=trigger,
        reason=reason,
        started_by_id=actor.pk,
        now=timezone.now(),
    )
    run.full_clean(validate_constraints=False)
    run.save()
    # Saved one by one so each step's creation is in its history (a handful per run).
    for row in _step_rows(run, placed, holders):
        row.save()
    return run


@transaction.atomic
def routine_run_start(
    *,
    actor: User,
    case: Case,
    definition: RoutineDefinition,
    reason: str,
    other_unit: Unit | None = None,
) -> RoutineRun:
    """Starts a routine by hand on a case (R30): the case's caseworker or its unit's
    coordinators and managers, with a written reason, on the current version."""
    if not routine_run_may_start(actor, case):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you start the routine.")})
    if definition.organisation_id != case.unit.organisation_id or not definition.is_current:
        raise ValidationError({"definition": _("Choose one of your organisation's routines.")})
    if other_unit is not None and (
        other_unit.organisation_id != definition.organisation_id or other_unit == case.unit
    ):
        raise ValidationError({"other_unit": _("Choose another unit of your organisation.")})
    return _run_create(
        actor=actor,
        case=case,
        definition=definition,
        how=RoutineRunStart.HAND,
        reason=reason,
        other_unit=other_unit,
    )


def routine_runs_start_for_event(
    *, event: RoutineTrigger, case: Case, actor: User, other_unit: Unit | None = None
) -> list[RoutineRun]:
    """Starts each current routine of the case's organisation whose trigger is the event
    (R30). Called by the portal's event points inside their own transaction; a routine that
    is already running, or whose steps cannot be placed at this organisation's units, is left
    out (logged) and never fails the event. One query when the organisation has no routine
    with this trigger."""
    started = []
    for definition in RoutineDefinition.objects.filter(
        organisation_id=case.unit.organisation_id, is_current=True, trigger=event
    ).order_by("code"):
        try:
            with transaction.atomic():
                started.append(
                    _run_create(
                        actor=actor,
                        case=case,
                        definition=definition,
                        how=RoutineRunStart.EVENT,
                        trigger=event,
                        other_unit=other_unit,
                    )
                )
        except ValidationError as error:
            logger.warning(
                "Routine %s not started on case %s: %s", definition.pk, case.pk, error.messages
            )
    return started


# The columns a run and a step are inserted with in bulk; the others are empty (NULL).
_RUN_COLUMNS = (
    "definition_id",
    "case_id",
    "other_unit_id",
    "state",
    "started_how",
    "trigger",
    "start_reason",
    "started_by_id",
    "started_at",
    "started_on",
    "cancel_reason",
)
_STEP_COLUMNS = (
    "run_id",
    "step_id",
    "position",
    "unit_id",
    "assignee_id",
    "assigned_because",
    "partner_unit_id",
    "partner_id",
    "due_on",
    "state",
    "note",
    "skip_reason",
    "version",
)


def _values(row: Model, columns: tuple[str, ...]) -> list:
    # Choices as their plain values: the database drivers adapt str, not its subclasses.
    return [
        str(value) if isinstance(value, str) else value
        for value in (getattr(row, column) for column in columns)
    ]


@dataclass(frozen=True)
class EventStart:
    """One case on which an event happened, for `routine_runs_start_for_many`: who is recorded
    as having started its runs, and the run's other unit."""

    case: Case
    started_by_id: int
    other_unit_id: int | None = None


def routine_runs_start_for_many(
    *, event: RoutineTrigger, starts: list[EventStart]
) -> list[RoutineRun]:
    """As `routine_runs_start_for_event`, for many cases at once (a sweep's event): a fixed
    number of statements whatever the number of cases (up to coordination.db.CHUNK runs and
    steps). One query when none of the cases' organisations has a routine with this trigger;
    otherwise runs already running are left out, and the runs, their steps and their history
    rows are inserted in bulk (ten statements). A run whose steps cannot be placed is left out
    and logged; nothing here fails the caller."""
    if not starts:
        return []
    steps = Prefetch("steps", queryset=RoutineStep.objects.order_by("position"))
    definitions: dict[int, list[RoutineDefinition]] = defaultdict(list)
    for definition in (
        RoutineDefinition.objects.filter(
            organisation_id__in={s.case.unit.organisation_id for s in starts},
            is_current=True,
            trigger=event,
        )
        .prefetch_related(steps)
        .order_by("code")
    ):
        definitions[definition.organisation_id].append(definition)
    starts = [s for s in starts if s.case.unit.organisation_id in definitions]
    if not starts:
        return []
    case_ids = sorted({s.case.pk for s in starts})
    # One running instance of a routine per case, whichever version it runs.
    running = set(
        RoutineRun.objects.filter(
            case_id__in=case_ids,
            state=RoutineRunState.RUNNING,
            definition__organisation_id__in=definitions,
        ).values_list("case_id", "definition__code")
    )
    units: dict[int, list[Unit]] = defaultdict(list)
    for unit in Unit.objects.filter(organisation_id__in=definitions, is_active=True).order_by(
        "name", "pk"
    ):
        units[unit.organisation_id].append(unit)
    now = timezone.now()
    planned: list[tuple[RoutineRun, _Placed]] = []
    for start in starts:
        case = start.case
        organisation_units = units[case.unit.organisation_id]
        other_unit = next((u for u in organisation_units if u.pk == start.other_unit_id), None)
        for definition in definitions[case.unit.organisation_id]:
            if (case.pk, definition.code) in running:
                continue
            try:
                placed = _place(
                    list(definition.steps.all()),
                    case=case,
                    other_unit=other_unit,
                    units=organisation_units,
                )
            except ValidationError as error:
                logger.warning(
                    "Routine %s not started on case %s: %s", definition.pk, case.pk, error.messages
                )
                continue
            run = _new_run(
                definition=definition,
                case=case,
                other_unit=other_unit,
                how=RoutineRunStart.EVENT,
                trigger=event,
                reason="",
                started_by_id=start.started_by_id,
                now=now,
            )
            running.add((case.pk, definition.code))
            planned.append((run, placed))
    if not planned:
        return []
    holders = _Holders(
        {unit for _run, placed in planned for unit in _units_of(placed)},
        {run.case.individual_id for run, _placed in planned},
    )
    # Built from rows already validated (the definition's steps, the organisation's units):
    # full_clean would check each foreign key with a query of its own. Inserted with
    # ON CONFLICT DO NOTHING: a run started by hand meanwhile (the constraint of one running
    # run per case and routine) wins, and this one is left out, as in a start by hand.
    inserted = {
        (case_id, definition_id): pk
        for pk, case_id, definition_id in insert_new(
            RoutineRun,
            _RUN_COLUMNS,
            [_values(run, _RUN_COLUMNS) for run, _placed in planned],
            returning=("id", "case_id", "definition_id"),
        )
    }
    history_created(RoutineRun, list(inserted.values()), when=now)
    runs = []
    for run, placed in planned:
        run.pk = inserted.get((run.case_id, run.definition_id))
        if run.pk is not None:
            runs.append((run, placed))
    rows = [row for run, placed in runs for row in _step_rows(run, placed, holders)]
    step_ids = [
        pk
        for (pk,) in insert_new(
            RoutineRunStep,
            _STEP_COLUMNS,
            [_values(row, _STEP_COLUMNS) for row in rows],
        )
    ]
    history_created(RoutineRunStep, step_ids, when=now)
    return [run for run, _placed in runs]


# --- the events of a case registration ----------------------------------------------------


@dataclass(frozen=True)
class RoutineEvent:
    """An event a routine may be triggered by, and the run's other unit."""

    trigger: RoutineTrigger
    other_unit: Unit | None = None


def _young_adult(case: Case, organisation: Organisation) -> bool:
    age = age_on(
        case.individual.birth_date, case.opened_on, leap_day=organisation.leap_day_birthday
    )
    return YOUNG_ADULT_AGES[0] <= age <= YOUNG_ADULT_AGES[1]


def routine_events_for_case_registered(
    case: Case, *, triggers: Iterable[str] = CASE_REGISTERED_TRIGGERS
) -> list[RoutineEvent]:
    """The trigger events a newly registered case is (R30), among `triggers` (only those are
    looked for, so an organisation without such routines pays no query for them):

    - a report about addiction at the children's groups, or about a guardian: "a report
      concerning a guardian with addiction or risky use" (001, R32);
    - at a children's reception group, where reports arrive ("Mottagningsgrupp bou"), a report
      (not an application or statement) about an 18-20 year old: "anmälningar rörande
      åldersgruppen 18-20 år" (001, R20), unless it is the next; a case registered at BoU
      itself is not a new report;
    - a LOB, traffic-sobriety or drug-offence report about an 18-20 year old with no case,
      open or closed, at a children's unit of the organisation ever (001, R20), whichever unit
      registered it;
    - a person with an open case at another unit of the organisation (R3; 002): the other unit
      is the unit of the earliest opened of those cases;
    - an application for financial aid from a client with an open case at an addiction unit
      (000, R10): the other unit is that addiction unit.

    The runs show the other unit and, at most, its caseworker, which is what the active-case
    check shows anyway; nothing of the other unit's case is read (R4)."""
    triggers = set(triggers)
    events: list[RoutineEvent] = []
    unit = case.unit
    organisation = unit.organisation
    if (
        RoutineTrigger.GUARDIAN_ADDICTION_REPORT in triggers
        and case.matter == CaseMatter.ADDICTION
        and (
            unit.kind in CHILDRENS_UNIT_KINDS
            or Relation.objects.filter(
                from_individual_id=case.individual_id, kind=RelationKind.GUARDIAN_OF
            ).exists()
        )
    ):
        events.append(RoutineEvent(RoutineTrigger.GUARDIAN_ADDICTION_REPORT))
    young_adult_triggers = {
        RoutineTrigger.YOUNG_ADULT_LOB_NOT_KNOWN_AT_BOU,
        RoutineTrigger.YOUNG_ADULT_REPORT,
    }
    if triggers & young_adult_triggers and _young_adult(case, organisation):
        lob_not_known = (
            case.matter in LOB_MATTERS
            and not Case.objects.filter(
                individual_id=case.individual_id,
                unit__organisation_id=organisation.pk,
                unit__kind__in=CHILDRENS_UNIT_KINDS,
            )
            .exclude(pk=case.pk)
            .exists()
        )
        if lob_not_known and RoutineTrigger.YOUNG_ADULT_LOB_NOT_KNOWN_AT_BOU in triggers:
            events.append(RoutineEvent(RoutineTrigger.YOUNG_ADULT_LOB_NOT_KNOWN_AT_BOU))
        if (
            not lob_not_known
            and RoutineTrigger.YOUNG_ADULT_REPORT in triggers
            and unit.kind == UnitKind.MOTTAGNING
            and case.matter not in NOT_REPORTS
        ):
            events.append(RoutineEvent(RoutineTrigger.YOUNG_ADULT_REPORT))
    elsewhere_triggers = {
        RoutineTrigger.ACTIVE_AT_ANOTHER_UNIT,
        RoutineTrigger.FINANCIAL_AID_ACTIVE_AT_BEROENDE,
    }
    if triggers & elsewhere_triggers:
        # Only the units of the person's open cases elsewhere: never their contents (R4).
        other_units = [
            other.unit
            for other in Case.objects.filter(
                individual_id=case.individual_id, unit__organisation_id=organisation.pk
            )
            .exclude(unit_id=unit.pk)
            .exclude(status=CaseStatus.CLOSED)
            .select_related("unit")
            .order_by("opened_on", "pk")
        ]
        if other_units and RoutineTrigger.ACTIVE_AT_ANOTHER_UNIT in triggers:
            events.append(RoutineEvent(RoutineTrigger.ACTIVE_AT_ANOTHER_UNIT, other_units[0]))
        beroende = next((u for u in other_units if u.kind == UnitKind.BEROENDE), None)
        if (
            beroende is not None
            and case.matter == CaseMatter.FINANCIAL_AID
            and RoutineTrigger.FINANCIAL_AID_ACTIVE_AT_BEROENDE in triggers
        ):
            events.append(RoutineEvent(RoutineTrigger.FINANCIAL_AID_ACTIVE_AT_BEROENDE, beroende))
    return events


def routine_runs_start_for_case_registered(*, case: Case, actor: User) -> list[RoutineRun]:
    """The case registration's event point: starts the routines its events trigger, started by
    the registering user. One query when the organisation has no routine triggered by a
    registration."""
    wired = set(
        RoutineDefinition.objects.filter(
            organisation_id=case.unit.organisation_id,
            is_current=True,
            trigger__in=CASE_REGISTERED_TRIGGERS,
        ).values_list("trigger", flat=True)
    )
    if not wired:
        return []
    started = []
    for event in routine_events_for_case_registered(case, triggers=wired):
        started += routine_runs_start_for_event(
            event=event.trigger, case=case, actor=actor, other_unit=event.other_unit
        )
    return started


# --- working a step -----------------------------------------------------------------------


def _lock_step(step_id: int, seen_version: int) -> RoutineRunStep:
    step = (
        RoutineRunStep.objects.select_for_update(of=("self",))
        .select_related("run", "run__case", "step")
        .get(pk=step_id)
    )
    # The run's row too: two steps closing at once must agree on whether the run is complete.
    step.run = RoutineRun.objects.select_for_update().select_related("case").get(pk=step.run_id)
    if step.version != seen_version:
        raise RoutineStepStaleError(
            _(
                "Someone changed this step after you opened the page: see its state now. "
                "What you wrote is still in the form."
            )
        )
    if step.state != RoutineStepState.OPEN or step.run.state != RoutineRunState.RUNNING:
        raise ValidationError(_("This step is no longer open."))
    return step


def _close(step: RoutineRunStep, *, actor: User, state: RoutineStepState) -> None:
    now = timezone.now()
    step.state = state
    step.completed_by = actor
    step.completed_at = now
    step.version += 1
    step.full_clean(validate_constraints=False)
    step.save()
    # Its overdue items are done: nothing more is sent about it.
    items = list(DueItem.objects.filter(routine_step=step, done_at__isnull=True))
    for item in items:
        item.done_at, item.done_by = now, actor
    bulk_update_with_history(items, DueItem, ["done_at", "done_by"])
    following = (
        RoutineRunStep.objects.select_related("step")
        .filter(run_id=step.run_id, position=step.position + 1, state=RoutineStepState.OPEN)
        .first()
    )
    if following and following.step.deadline_from == DeadlineAnchor.PREVIOUS_STEP:
        following.due_on = _local_date(now) + datetime.timedelta(days=following.step.deadline_days)
        following.save(update_fields=["due_on"])
    if not step.run.steps.filter(state=RoutineStepState.OPEN).exists():
        step.run.state = RoutineRunState.COMPLETED
        step.run.ended_at = now
        step.run.save(update_fields=["state", "ended_at"])


@transaction.atomic
def routine_step_complete(
    *,
    actor: User,
    step_id: int,
    seen_version: int,
    note: str = "",
    record: Model | None = None,
) -> RoutineRunStep:
    """Completes a step with what it asks for (R30): the linked record of its kind, on the
    run's case or the person's case at the step's unit, or, for a note step, a written note.
    Refuses a page shown before someone else changed the step."""
    step = _lock_step(step_id, seen_version)
    if not routine_step_rights(actor, step).act:
        raise PermissionDenied
    note = note.strip()
    if routine_step_needs_record(step):
        if record is None:
            raise ValidationError(
                {
                    "record": _("Choose the %(kind)s that completes this step.")
                    % {"kind": step.step.get_completed_by_display().lower()}
                }
            )
    elif record is None and not note:
        raise ValidationError({"note": _("Write what was done.")})
    if record is not None:
        if not routine_record_allowed(step, record):
            raise ValidationError({"record": _("That record does not complete this step.")})
        step.record = record
    step.note = note
    _close(step, actor=actor, state=RoutineStepState.DONE)
    return step


@transaction.atomic
def routine_step_skip(
    *, actor: User, step_id: int, seen_version: int, reason: str
) -> RoutineRunStep:
    """Skips a step with a written reason (R30): its holder an optional step, a manager of its
    unit any step; a skipped mandatory step is what item 5 turns into a deviation proposal."""
    step = _lock_step(step_id, seen_version)
    rights = routine_step_rights(actor, step)
    if not rights.skip:
        if rights.act:
            raise ValidationError(
                _("This step is mandatory: only a manager of the unit may skip it.")
            )
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the step is skipped.")})
    step.skip_reason = reason.strip()
    _close(step, actor=actor, state=RoutineStepState.SKIPPED)
    return step


@transaction.atomic
def routine_step_reassign(
    *, actor: User, step_id: int, seen_version: int, assignee: User
) -> RoutineRunStep:
    """A manager of the step's unit gives the step to another active member of the unit."""
    step = _lock_step(step_id, seen_version)
    if not routine_step_rights(actor, step).reassign:
        raise PermissionDenied
    if not Membership.objects.filter(
        user=assignee, unit_id=step.unit_id, is_active=True, user__is_active=True
    ).exists():
        raise ValidationError({"assignee": _("Choose an active member of the unit.")})
    step.assignee = assignee
    step.assigned_because = AssignedBecause.REASSIGNED
    step.version += 1
    step.save(update_fields=["assignee", "assigned_because", "version"])
    return step


@transaction.atomic
def routine_run_cancel(*, actor: User, run_id: int, reason: str) -> RoutineRun:
    """Cancels a running routine with a written reason; its open steps stay open as they were
    (history) but nothing more is due."""
    run = RoutineRun.objects.select_for_update().select_related("case").get(pk=run_id)
    if not routine_run_may_cancel(actor, run):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the routine is cancelled.")})
    now = timezone.now()
    run.state = RoutineRunState.CANCELLED
    run.cancel_reason = reason.strip()
    run.ended_at, run.ended_by = now, actor
    run.save(update_fields=["state", "cancel_reason", "ended_at", "ended_by"])
    items = list(DueItem.objects.filter(routine_step__run=run, done_at__isnull=True))
    for item in items:
        item.done_at, item.done_by = now, actor
    bulk_update_with_history(items, DueItem, ["done_at", "done_by"])
    return run


# --- the overdue sweep --------------------------------------------------------------------

_COLUMNS = (
    "organisation_id",
    "kind",
    "case_id",
    "routine_step_id",
    "period",
    "due_on",
    "unit_id",
    "raised_at",
)


def _escalation_due(today: datetime.date) -> Q:
    """Steps overdue long enough to go to the unit manager: due before today less each
    organisation's `routine_step_escalation_days` (R30). One query for the settings; the
    condition has one term per distinct setting, not per organisation or step."""
    by_days: dict[int, list[int]] = defaultdict(list)
    for organisation_id, days in Organisation.objects.values_list(
        "pk", "routine_step_escalation_days"
    ):
        by_days[days].append(organisation_id)
    condition = Q(pk__in=[])
    for days, organisation_ids in sorted(by_days.items()):
        condition |= Q(
            run__case__unit__organisation_id__in=organisation_ids,
            due_on__lt=today - datetime.timedelta(days=days),
        )
    return condition


def routine_steps_overdue_sweep(*, now: datetime.datetime | None = None) -> int:
    """Raises, once per step, "past its due date" to the step's holders the day after its due
    date, and "passed to the unit manager" to the managers of its units the organisation's
    `routine_step_escalation_days` later (R30). Set-based: a fixed number of statements
    whatever the number of steps; the unique constraint (step, kind) makes a repeated or
    concurrent run raise nothing more. Returns how many items this run raised."""
    now = now or timezone.now()
    today = _local_date(now)
    raised = 0
    with transaction.atomic():
        open_steps = RoutineRunStep.objects.filter(
            state=RoutineStepState.OPEN, run__state=RoutineRunState.RUNNING
        )
        # Overdue the day after the due date; to the manager the organisation's days later.
        for kind in (DueKind.ROUTINE_STEP_OVERDUE, DueKind.ROUTINE_STEP_ESCALATED):
            due = (
                Q(due_on__lt=today)
                if kind == DueKind.ROUTINE_STEP_OVERDUE
                else _escalation_due(today)
            )
            raised_before = DueItem.objects.filter(routine_step=OuterRef("pk"), kind=kind)
            candidates = list(
                open_steps.filter(due)
                .exclude(Exists(raised_before))
                .values(
                    "pk",
                    "due_on",
                    "unit_id",
                    "partner_unit_id",
                    "assignee_id",
                    "partner_id",
                    "run__case_id",
                    "run__case__unit__organisation_id",
                )
            )
            if not candidates:
                continue
            rows = [
                (
                    c["run__case__unit__organisation_id"],
                    kind,
                    c["run__case_id"],
                    c["pk"],
                    c["due_on"],
                    c["due_on"],
                    c["unit_id"],
                    now,
                )
                for c in candidates
            ]
            created = dict(insert_new(DueItem, _COLUMNS, rows, returning=("routine_step_id", "id")))
            if not created:
                continue
            history_created(DueItem, list(created.values()), when=now)
            mine = [c for c in candidates if c["pk"] in created]
            if kind == DueKind.ROUTINE_STEP_OVERDUE:
                recipients = {
                    created[c["pk"]]: [u for u in (c["assignee_id"], c["partner_id"]) if u]
                    for c in mine
                }
            else:
                managers: dict[int, list[int]] = defaultdict(list)
                unit_ids = {c["unit_id"] for c in mine} | {
                    c["partner_unit_id"] for c in mine if c["partner_unit_id"]
                }
                for unit_id, user_id in Membership.objects.filter(
                    unit_id__in=unit_ids,
                    role=Role.UNIT_MANAGER,
                    is_active=True,
                    user__is_active=True,
                ).values_list("unit_id", "user_id"):
                    managers[unit_id].append(user_id)
                recipients = {
                    created[c["pk"]]: managers[c["unit_id"]] + managers[c["partner_unit_id"]]
                    for c in mine
                }
            notify(recipient_ids_by_item=recipients)
            raised += len(created)
    return raised
