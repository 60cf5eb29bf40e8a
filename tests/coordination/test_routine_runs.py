"""Routines running on cases (R30): started by their trigger or by hand, each step held by a
concrete person by role, completed with its record or skipped with a reason, the version kept;
001's guardian-with-addiction table (R30, R32) and 003's handover after a meeting decision
(R18) run end to end."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coordination.models import (
    AssignedBecause,
    Case,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentScope,
    ContactChannel,
    Handover,
    HandoverState,
    Individual,
    JointVisitKind,
    RelationKind,
    RoutineDefinition,
    RoutineRun,
    RoutineRunStart,
    RoutineRunState,
    RoutineRunStep,
    RoutineStepState,
    RoutineTrigger,
)
from coordination.selectors_routine_runs import routine_step_record_options
from coordination.services import case_register, relation_create
from coordination.services.cases import contact_record
from coordination.services.joint_visits import joint_visit_record
from coordination.services.routine_runs import (
    RoutineStepStaleError,
    routine_run_cancel,
    routine_run_start,
    routine_step_complete,
    routine_step_reassign,
    routine_step_skip,
)
from coordination.services.routines import routine_definition_create, routine_definition_revise
from tests.coordination.factories_joint_visits import unit_copy_create
from tests.factories import member, person
from units.models import Organisation, Role, Unit, User

START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@dataclass
class Scene:
    """Östhammar (001): the children's reception group, the adult group, BoU."""

    organisation: Organisation
    mott: Unit
    vuxen: Unit
    bou: Unit
    mott_worker: User
    mott_colleague: User
    mott_manager: User
    vux_worker: User
    vux_coordinator: User
    vux_manager: User
    bou_coordinator: User
    outsider: User
    parent: Individual
    child: Individual

    def report(self, **kwargs) -> Case:
        """A report concerning the guardian's addiction, registered at the reception group."""
        return case_register(
            actor=self.mott_worker,
            individual=self.parent,
            unit=self.mott,
            matter=kwargs.pop("matter", "addiction"),
            **kwargs,
        )


def routine_scene(osthammar: Organisation) -> Scene:
    mott = osthammar.units.get(code="bou-mottagning")
    vuxen = osthammar.units.get(kind="vuxen")
    bou = osthammar.units.get(code="bou")
    mott_worker = member(Role.CASEWORKER, unit=mott, first_name="Mona", last_name="Mott")
    scene = Scene(
        organisation=osthammar,
        mott=mott,
        vuxen=vuxen,
        bou=bou,
        mott_worker=mott_worker,
        mott_colleague=member(Role.CASEWORKER, unit=mott, first_name="Maja", last_name="Mott"),
        mott_manager=member(Role.UNIT_MANAGER, unit=mott, first_name="Mats", last_name="Chef"),
        # Two caseworkers at Vuxen: the first by name holds the step.
        vux_worker=member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Andersson"),
        vux_coordinator=member(Role.COORDINATOR, unit=vuxen, first_name="Siv", last_name="Samord"),
        vux_manager=member(Role.UNIT_MANAGER, unit=vuxen, first_name="Vilhelm", last_name="Chef"),
        bou_coordinator=member(Role.COORDINATOR, unit=bou, first_name="Bo", last_name="Samord"),
        outsider=member(Role.CASEWORKER, unit=osthammar.units.get(code="familjeratt")),
        parent=person(born="1966", first_name="Petra", last_name="Förälder"),
        child=person(born="2016", first_name="Kim", last_name="Förälder"),
    )
    member(Role.CASEWORKER, unit=vuxen, first_name="Vanja", last_name="Berg")
    relation_create(
        actor=mott_worker,
        from_individual=scene.parent,
        to_individual=scene.child,
        kind=RelationKind.GUARDIAN_OF,
    )
    return scene


@pytest.fixture
def scene(osthammar) -> Scene:
    with time_machine.travel(START, tick=False):
        return routine_scene(osthammar)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def step(run: RoutineRun, position: int) -> RoutineRunStep:
    return run.steps.select_related("step", "run", "run__case").get(position=position)


def complete(actor: User, run: RoutineRun, position: int, **kwargs) -> RoutineRunStep:
    current = step(run, position)
    return routine_step_complete(
        actor=actor, step_id=current.pk, seen_version=current.version, **kwargs
    )


def guardian_run(scene: Scene) -> RoutineRun:
    case = scene.report()
    return RoutineRun.objects.get(case=case, definition__code="vardnadshavare-beroende")


# --- 001, R30 and R32: a report concerning a guardian with addiction, end to end ----------


@pytest.mark.django_db
def test_r30_r32_001_guardian_with_addiction_runs_from_the_report_to_two_caseworkers(scene, clock):
    # given a report about a guardian's addiction registered at the reception group
    case = scene.report()

    # then the routine started by its trigger, on its current version, every step held
    run = RoutineRun.objects.get(case=case)
    assert run.definition.code == "vardnadshavare-beroende"
    assert (run.started_how, run.trigger) == (
        RoutineRunStart.EVENT,
        RoutineTrigger.GUARDIAN_ADDICTION_REPORT,
    )
    assert run.steps.count() == 9
    first = step(run, 1)
    assert (first.assignee, first.assigned_because) == (
        scene.mott_worker,
        AssignedBecause.CASE_CASEWORKER,
    )
    joint_visit = step(run, 5)
    # "Mottagningsgrupp bou/Handläggare vux": the case's caseworker with Vuxen's first by name
    assert (joint_visit.unit, joint_visit.assignee) == (scene.mott, scene.mott_worker)
    assert (joint_visit.partner_unit, joint_visit.partner) == (scene.vuxen, scene.vux_worker)
    appoint = step(run, 9)
    assert (appoint.assignee, appoint.partner) == (scene.vux_coordinator, scene.bou_coordinator)

    # when the reception group works the steps
    complete(scene.mott_worker, run, 1, record=case)  # aktualisera: the case itself
    contact = contact_record(
        actor=scene.mott_worker,
        case=case,
        other_unit=scene.vuxen,
        other_caseworker=scene.vux_worker,
        channel=ContactChannel.PHONE,
        information_transfer_needed=True,
        joint_work_plan_needed=False,
    )
    complete(scene.mott_worker, run, 2, record=contact)
    complete(scene.mott_worker, run, 3, note="Kallelsen säger att vuxengruppen närvarar.")
    invitation = unit_copy_create(case=case, to_unit=scene.vuxen, sent_by=scene.mott_worker)
    complete(scene.mott_worker, run, 4, record=invitation)
    # the joint visit with AUDIT, recorded on the case; the adult unit's caseworker, sharing
    # the step, completes it with that record
    visit = joint_visit_record(
        actor=scene.mott_worker,
        case=case,
        other_unit=scene.vuxen,
        kind=JointVisitKind.VISIT,
        held_on=START.date(),
        caseworker=scene.mott_worker,
        other_caseworker=scene.vux_worker,
        audit_used=True,
        audit_score=21,
    )
    complete(scene.vux_worker, run, 5, record=visit)
    complete(scene.mott_worker, run, 6, record=contact)
    complete(scene.mott_worker, run, 7, note="Utredning inleds.")
    optional = step(run, 8)
    routine_step_skip(
        actor=scene.mott_worker,
        step_id=optional.pk,
        seen_version=optional.version,
        reason="Samordnaren fick kopian i steg 4.",
    )
    # the adult coordinator appoints a caseworker: the adult unit's own case for the guardian
    adult_case = case_register(
        actor=scene.vux_coordinator,
        individual=scene.parent,
        unit=scene.vuxen,
        caseworker=scene.vux_worker,
    )
    options = routine_step_record_options(step(run, 9))
    assert [o.record for o in options] == [adult_case]
    complete(scene.vux_coordinator, run, 9, record=adult_case)

    # then the routine is complete, each step closed by whom it was given to
    run.refresh_from_db()
    assert run.state == RoutineRunState.COMPLETED
    assert list(run.steps.values_list("state", flat=True)) == [RoutineStepState.DONE] * 7 + [
        RoutineStepState.SKIPPED,
        RoutineStepState.DONE,
    ]
    assert (step(run, 5).completed_by, step(run, 5).record) == (scene.vux_worker, visit)
    assert step(run, 9).record == adult_case
    # and its history keeps each change
    assert RoutineRunStep.history.filter(run_id=run.pk).count() == 9 + 9


@pytest.mark.django_db
def test_r30_a_case_about_something_else_starts_no_routine(scene):
    case = scene.report(matter="general")
    assert not RoutineRun.objects.filter(case=case).exists()


# --- 003, R18: the handover after a meeting decision, end to end --------------------------


@pytest.mark.django_db
def test_r18_003_handover_after_a_meeting_decision_runs_end_to_end(load_organisation):
    organisation = load_organisation("stockholm-district")
    bou = organisation.units.get(code="bou")
    beroende = organisation.units.get(code="beroende")
    sender = member(Role.CASEWORKER, unit=bou, first_name="Sara", last_name="Sänd")
    deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=beroende, first_name="Doris", last_name="Dep")
    receiver = member(Role.CASEWORKER, unit=beroende, first_name="Rut", last_name="Mott")
    young = person(born="2007")
    case = case_register(actor=sender, individual=young, unit=bou)
    definition = RoutineDefinition.objects.get(
        organisation=organisation, code="overlamning-efter-samverkansmote", is_current=True
    )

    # the meeting decided the transfer; the sending caseworker starts the routine
    run = routine_run_start(
        actor=sender,
        case=case,
        definition=definition,
        reason="Samverkansmötet 2026-11-20 beslutade överföring till Beroende.",
        other_unit=beroende,
    )
    holders = list(run.steps.order_by("position").values_list("assignee", flat=True))
    # R18: the sending caseworker asks consent and sends; the receiving deputy confirms,
    # appoints and holds the joint meeting; the receiving caseworker contacts and decides
    assert (
        holders
        == [sender.pk, sender.pk, deputy.pk, deputy.pk] + [receiver.pk] * 2 + [deputy.pk] * 2
    )

    consent = Consent.objects.create(
        individual=young,
        scope=ConsentScope.HANDOVER,
        unit=beroende,
        form=ConsentForm.WRITTEN,
        given_by=ConsentGivenBy.INDIVIDUAL,
        recorded_by=sender,
    )
    complete(sender, run, 1, record=consent)  # R12: consent before contact
    # Stockholm has no Vuxen unit, so the handover service's receiving units do not apply;
    # the record is written as the handover pages would leave it.
    handover = Handover.objects.create(
        case=case,
        receiving_unit=beroende,
        passes_on=datetime.date(2027, 6, 1),
        created_by=sender,
        state=HandoverState.SENT,
        sent_at=START,
    )
    complete(sender, run, 2, record=handover)
    with translation.override("en"), pytest.raises(ValidationError, match="does not complete"):
        complete(deputy, run, 3, record=handover)  # not received yet
    handover.state, handover.received_at, handover.received_by = "received", START, deputy
    handover.save()
    complete(deputy, run, 3, record=handover)
    handover.state, handover.receiving_caseworker = "appointed", receiver
    handover.save()
    complete(deputy, run, 4, record=handover)
    receiving_case = case_register(actor=receiver, individual=young, unit=beroende)
    contact = contact_record(
        actor=receiver,
        case=receiving_case,
        other_unit=bou,
        other_caseworker=sender,
        channel=ContactChannel.MEETING,
        information_transfer_needed=False,
        joint_work_plan_needed=False,
    )
    # the receiving caseworker's contact is on the receiving unit's own case (R4)
    complete(receiver, run, 5, record=contact)
    complete(receiver, run, 6, note="Utredning inleds; insatser först när ansvaret gått över.")
    complete(deputy, run, 7, note="Gemensamt möte hölls; god man inbjuden.")
    complete(deputy, run, 8, note="Klienten informerad.")

    run.refresh_from_db()
    assert run.state == RoutineRunState.COMPLETED


# --- starting -----------------------------------------------------------------------------


def _definition(organisation: Organisation, code: str = "vardnadshavare-beroende"):
    return RoutineDefinition.objects.get(organisation=organisation, code=code, is_current=True)


@pytest.mark.django_db
def test_r30_by_hand_needs_a_reason_and_one_run_at_a_time(scene):
    case = scene.report(matter="general")
    definition = _definition(scene.organisation)

    with translation.override("en"), pytest.raises(ValidationError, match="why you start"):
        routine_run_start(actor=scene.mott_worker, case=case, definition=definition, reason=" ")
    run = routine_run_start(
        actor=scene.mott_worker, case=case, definition=definition, reason="Oro vid hembesök."
    )
    assert run.started_how == RoutineRunStart.HAND
    with translation.override("en"), pytest.raises(ValidationError, match="already running"):
        routine_run_start(
            actor=scene.mott_manager, case=case, definition=definition, reason="Igen."
        )
    # another caseworker at the unit, not the case's, may not start it
    with pytest.raises(PermissionDenied):
        routine_run_start(
            actor=scene.mott_colleague, case=case, definition=definition, reason="Jag med."
        )


@pytest.mark.django_db
def test_r30_a_new_version_never_changes_a_running_instance(scene, osthammar):
    # given the routine running on version 1
    run = guardian_run(scene)
    old = run.definition
    steps_before = list(run.steps.values_list("step__title", flat=True))
    administrator = member(Role.ADMINISTRATOR, organisation=osthammar)

    # when an administrator revises it: a new first step
    new = routine_definition_revise(
        actor=administrator,
        definition=old,
        changes={"name": "Vårdnadshavare med missbruk, reviderad"},
        steps=[
            {
                "position": 1,
                "title": "Nytt första steg",
                "responsible_role": Role.CASEWORKER,
                "responsible_party": "registering_unit",
            }
        ],
    )

    # then the running instance keeps version 1 and its nine steps
    run.refresh_from_db()
    assert run.definition == old
    assert run.definition.version == 1
    assert list(run.steps.values_list("step__title", flat=True)) == steps_before
    complete(scene.mott_worker, run, 1, record=run.case)
    # and a new run on another case follows version 2
    other = case_register(actor=scene.mott_worker, individual=person(born="1970"), unit=scene.mott)
    fresh = routine_run_start(actor=scene.mott_worker, case=other, definition=new, reason="Ny.")
    assert (fresh.definition.version, fresh.steps.count()) == (2, 1)


@pytest.mark.django_db
def test_r30_nobody_in_the_role_gives_the_step_to_the_unit_manager_and_says_so(scene, osthammar):
    # BoU has a coordinator, the adult group none after this; Vuxen keeps its manager
    scene.vux_coordinator.memberships.update(is_active=False)
    run = guardian_run(scene)
    appoint = step(run, 9)
    assert (appoint.assignee, appoint.assigned_because) == (
        scene.vux_manager,
        AssignedBecause.MANAGER_NOBODY_IN_ROLE,
    )


@pytest.mark.django_db
def test_r30_deadlines_count_from_the_trigger_and_from_the_previous_step(scene, clock):
    administrator = member(Role.ADMINISTRATOR, organisation=scene.organisation)
    base = {"responsible_role": Role.CASEWORKER, "responsible_party": "registering_unit"}
    definition = routine_definition_create(
        actor=administrator,
        organisation=scene.organisation,
        code="frister",
        name="Frister",
        steps=[
            base | {"position": 1, "title": "A", "deadline_days": 3, "deadline_from": "trigger"},
            base
            | {"position": 2, "title": "B", "deadline_days": 14, "deadline_from": "previous_step"},
        ],
    )
    case = scene.report(matter="general")
    # 2026-12-01 09:00 UTC is 10:00 in Stockholm
    run = routine_run_start(actor=scene.mott_worker, case=case, definition=definition, reason="x")
    assert step(run, 1).due_on == datetime.date(2026, 12, 4)
    assert step(run, 2).due_on is None
    # completed at 23:30 UTC on 5 December: already 6 December in Stockholm
    clock.move_to(datetime.datetime(2026, 12, 5, 23, 30, tzinfo=datetime.UTC))
    complete(scene.mott_worker, run, 1, note="Klart.")
    assert step(run, 2).due_on == datetime.date(2026, 12, 20)


# --- completing, skipping, reassigning, cancelling ----------------------------------------


@pytest.mark.django_db
def test_r30_a_step_is_completed_only_with_the_record_it_asks_for(scene):
    run = guardian_run(scene)
    other_case = case_register(
        actor=scene.mott_worker, individual=person(born="1971"), unit=scene.mott
    )
    foreign = contact_record(
        actor=scene.mott_worker,
        case=other_case,
        other_unit=scene.vuxen,
        channel=ContactChannel.PHONE,
        information_transfer_needed=False,
        joint_work_plan_needed=False,
    )
    with translation.override("en"):
        with pytest.raises(ValidationError, match="Choose the contact"):
            complete(scene.mott_worker, run, 2, note="Ringde.")
        with pytest.raises(ValidationError, match="does not complete"):
            complete(scene.mott_worker, run, 2, record=foreign)  # another person's case
        with pytest.raises(ValidationError, match="Write what was done"):
            complete(scene.mott_worker, run, 3, note="  ")
    assert step(run, 2).state == RoutineStepState.OPEN


@pytest.mark.django_db
def test_r30_only_the_holder_or_a_manager_of_its_unit_acts(scene):
    run = guardian_run(scene)
    with pytest.raises(PermissionDenied):
        complete(scene.mott_colleague, run, 3, note="Inte min.")
    with pytest.raises(PermissionDenied):
        complete(scene.outsider, run, 3, note="Inte min.")
    complete(scene.mott_manager, run, 3, note="Chefen gjorde det.")
    assert step(run, 3).completed_by == scene.mott_manager


@pytest.mark.django_db
def test_r30_a_mandatory_step_is_skipped_only_by_a_manager_and_always_with_a_reason(scene):
    run = guardian_run(scene)
    mandatory = step(run, 3)
    with translation.override("en"), pytest.raises(ValidationError, match="only a manager"):
        routine_step_skip(
            actor=scene.mott_worker, step_id=mandatory.pk, seen_version=1, reason="Onödigt."
        )
    with translation.override("en"), pytest.raises(ValidationError, match="why the step"):
        routine_step_skip(actor=scene.mott_manager, step_id=mandatory.pk, seen_version=1, reason="")
    routine_step_skip(
        actor=scene.mott_manager, step_id=mandatory.pk, seen_version=1, reason="Familjen flyttat."
    )
    skipped = step(run, 3)
    assert (skipped.state, skipped.skip_reason) == (RoutineStepState.SKIPPED, "Familjen flyttat.")


@pytest.mark.django_db
def test_r30_a_stale_page_is_refused_and_changes_nothing(scene):
    run = guardian_run(scene)
    shown = step(run, 3)
    routine_step_reassign(
        actor=scene.mott_manager,
        step_id=shown.pk,
        seen_version=shown.version,
        assignee=scene.mott_colleague,
    )
    with pytest.raises(RoutineStepStaleError):
        routine_step_complete(
            actor=scene.mott_manager, step_id=shown.pk, seen_version=shown.version, note="Gammal."
        )
    now = step(run, 3)
    assert (now.state, now.note, now.assignee) == ("open", "", scene.mott_colleague)
    assert now.assigned_because == AssignedBecause.REASSIGNED


@pytest.mark.django_db
def test_r30_only_a_manager_of_the_unit_reassigns_and_only_to_its_members(scene):
    run = guardian_run(scene)
    shown = step(run, 3)
    with pytest.raises(PermissionDenied):
        routine_step_reassign(
            actor=scene.mott_worker, step_id=shown.pk, seen_version=1, assignee=scene.mott_colleague
        )
    with translation.override("en"), pytest.raises(ValidationError, match="member of the unit"):
        routine_step_reassign(
            actor=scene.mott_manager, step_id=shown.pk, seen_version=1, assignee=scene.vux_worker
        )


@pytest.mark.django_db
def test_r30_cancelling_needs_a_reason_and_closes_the_run(scene):
    run = guardian_run(scene)
    with pytest.raises(PermissionDenied):
        routine_run_cancel(actor=scene.vux_worker, run_id=run.pk, reason="Inte min.")
    with translation.override("en"), pytest.raises(ValidationError, match="why the routine"):
        routine_run_cancel(actor=scene.mott_worker, run_id=run.pk, reason="")
    routine_run_cancel(actor=scene.mott_worker, run_id=run.pk, reason="Anmälan återtagen.")
    run.refresh_from_db()
    assert (run.state, run.cancel_reason) == (RoutineRunState.CANCELLED, "Anmälan återtagen.")
    with translation.override("en"), pytest.raises(ValidationError, match="no longer open"):
        complete(scene.mott_worker, run, 3, note="För sent.")
