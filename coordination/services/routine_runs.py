"""Writes of routines running on cases (R30): start (by hand or by a trigger event), complete,
skip, reassign, cancel, and the hourly sweep of overdue steps.

A run is made from one definition version and keeps it: the run points to that version and
each step row to that version's step, so revising the routine later changes nothing here.
Each step is given to a concrete person by its responsible role at its responsible unit.
"""

import datetime
import logging
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Model, OuterRef, Q
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
from coordination.selectors_age import STOCKHOLM
from coordination.selectors_routine_runs import (
    routine_record_allowed,
    routine_run_may_cancel,
    routine_run_may_start,
    routine_step_needs_record,
    routine_step_rights,
)
from coordination.services.notifications import notify
from units.models import Membership, Role, Unit, UnitKind, User

logger = logging.getLogger(__name__)

# Product decision (issue 8): a step still open this many days after it became overdue goes
# to the unit manager. One value for every organisation until the organisation settings carry
# one (units/ is not changed by this work); a working week.
ESCALATE_AFTER_DAYS = 5


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
    """Everyone who holds a role at the units involved, loaded once (two queries)."""

    def __init__(self, units: set[Unit], individual_id: int) -> None:
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
            c.unit_id: c.caseworker
            for c in Case.objects.filter(individual_id=individual_id, unit__in=units)
            .exclude(status=CaseStatus.CLOSED)
            .select_related("caseworker")
        }

    def holder(self, unit: Unit, role: str) -> tuple[User | None, str]:
        """The person holding the role at the unit (R30): the person's own caseworker there;
        else the first holder by name (a manager may reassign); else the unit manager."""
        if role == Role.CASEWORKER and unit.pk in self.caseworker_at:
            return self.caseworker_at[unit.pk], AssignedBecause.CASE_CASEWORKER
        if holders := self.by_unit_role.get((unit.pk, role)):
            return holders[0], AssignedBecause.ROLE_HOLDER
        if managers := self.by_unit_role.get((unit.pk, Role.UNIT_MANAGER)):
            return managers[0], AssignedBecause.MANAGER_NOBODY_IN_ROLE
        return None, AssignedBecause.NOBODY


# --- starting -----------------------------------------------------------------------------


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
    resolved = [
        (step, *_step_units(step, case=case, other_unit=other_unit, units=units)) for step in steps
    ]
    involved = {u for _step, unit, partner in resolved for u in (unit, partner) if u is not None}
    holders = _Holders(involved, case.individual_id)
    now = timezone.now()
    run = RoutineRun(
        definition=definition,
        case=case,
        other_unit=other_unit,
        started_how=how,
        trigger=trigger,
        start_reason=reason.strip(),
        started_by=actor,
        started_at=now,
        started_on=_local_date(now),
    )
    run.full_clean(validate_constraints=False)
    run.save()
    for step, unit, partner_unit in resolved:
        assignee, because = holders.holder(unit, step.responsible_role)
        partner = holders.holder(partner_unit, step.responsible_role)[0] if partner_unit else None
        due_on = None
        if step.deadline_from == DeadlineAnchor.TRIGGER:
            due_on = run.started_on + datetime.timedelta(days=step.deadline_days)
        row = RoutineRunStep(
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
        # Saved one by one so each step's creation is in its history (a handful per run).
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
    out (logged) and never fails the event."""
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


def routine_events_for_case_registered(case: Case) -> list[RoutineTrigger]:
    """The trigger events a newly registered case is (R30, R32): a report about addiction at
    the children's groups, or about a guardian, is "a report concerning a guardian with
    addiction or risky use" (001)."""
    if case.matter != CaseMatter.ADDICTION:
        return []
    at_childrens_group = case.unit.kind in (UnitKind.BOU, UnitKind.MOTTAGNING)
    is_guardian = Relation.objects.filter(
        from_individual_id=case.individual_id, kind=RelationKind.GUARDIAN_OF
    ).exists()
    return [RoutineTrigger.GUARDIAN_ADDICTION_REPORT] if at_childrens_group or is_guardian else []


def routine_runs_start_for_case_registered(*, case: Case, actor: User) -> list[RoutineRun]:
    """The case registration's event point: starts the routines its events trigger."""
    started = []
    for event in routine_events_for_case_registered(case):
        started += routine_runs_start_for_event(event=event, case=case, actor=actor)
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


def routine_steps_overdue_sweep(*, now: datetime.datetime | None = None) -> int:
    """Raises, once per step, "past its due date" to the step's holders the day after its due
    date, and "passed to the unit manager" to the managers of its units ESCALATE_AFTER_DAYS
    later (R30). Set-based: a fixed number of statements whatever the number of steps; the
    unique constraint (step, kind) makes a repeated or concurrent run raise nothing more.
    Returns how many items this run raised."""
    now = now or timezone.now()
    today = _local_date(now)
    raised = 0
    with transaction.atomic():
        open_steps = RoutineRunStep.objects.filter(
            state=RoutineStepState.OPEN, run__state=RoutineRunState.RUNNING
        )
        # Overdue the day after the due date; to the manager ESCALATE_AFTER_DAYS after that.
        for kind, due_before in (
            (DueKind.ROUTINE_STEP_OVERDUE, today),
            (DueKind.ROUTINE_STEP_ESCALATED, today - datetime.timedelta(days=ESCALATE_AFTER_DAYS)),
        ):
            raised_before = DueItem.objects.filter(routine_step=OuterRef("pk"), kind=kind)
            candidates = list(
                open_steps.filter(due_on__lt=due_before)
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
