"""Each seed step table run end to end on a case (R30): started by its trigger where it has one
(proving the event point is wired), every step completed with the record it asks for or, when
optional, skipped with a reason, and the run complete. 001's guardian-with-addiction, debts,
child-concern and addiction-at-BoU tables and 003's handover after a meeting decision (end to
end, started by hand) are tested in their own files; here the meeting's transfer decision
starts the latter."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordination.models import (
    AssignedBecause,
    Case,
    CaseStatus,
    ClosingReason,
    CoCaseworkerPurpose,
    ConsentForm,
    ConsentGivenBy,
    ConsentScope,
    ContactChannel,
    CopyKind,
    Individual,
    NeedResult,
    RoutineDefinition,
    RoutineRun,
    RoutineRunStart,
    RoutineRunState,
    RoutineRunStep,
    RoutineStepState,
    RoutineTrigger,
    UnitCopy,
)
from coordination.services import (
    case_register,
    case_transition,
    contact_record,
    individual_create,
)
from coordination.services.co_caseworkers import co_caseworker_appoint
from coordination.services.consent import consent_record
from coordination.services.deadlines import deadlines_sweep
from coordination.services.escalations import escalation_raise
from coordination.services.handovers import handover_send, handover_start
from coordination.services.orders import (
    order_close,
    order_execution_check,
    order_follow_up_record,
    order_kick_off,
    order_plan_write,
    order_receive,
    order_send,
    order_start,
)
from coordination.services.plans import plan_create
from coordination.services.routine_runs import (
    routine_run_start,
    routine_step_complete,
    routine_step_skip,
)
from coordination.services.three_party import (
    three_party_appoint,
    three_party_record_meeting,
    three_party_record_pre_meeting,
    three_party_request,
)
from tests.factories import member, person
from units.models import Organisation, Role, Unit, User

D = datetime.date
START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def run_of(case: Case, code: str) -> RoutineRun:
    return RoutineRun.objects.get(case=case, definition__code=code)


def step(run: RoutineRun, position: int) -> RoutineRunStep:
    return run.steps.select_related("step", "run", "run__case").get(position=position)


def complete(actor: User, run: RoutineRun, position: int, **kwargs) -> RoutineRunStep:
    current = step(run, position)
    return routine_step_complete(
        actor=actor, step_id=current.pk, seen_version=current.version, **kwargs
    )


def skip(actor: User, run: RoutineRun, position: int, reason: str) -> RoutineRunStep:
    current = step(run, position)
    return routine_step_skip(
        actor=actor, step_id=current.pk, seen_version=current.version, reason=reason
    )


def holders(run: RoutineRun) -> list[int | None]:
    return list(run.steps.order_by("position").values_list("assignee_id", flat=True))


def assert_completed(run: RoutineRun) -> None:
    run.refresh_from_db()
    assert run.state == RoutineRunState.COMPLETED
    assert not run.steps.filter(state=RoutineStepState.OPEN).exists()


def started_by_trigger(run: RoutineRun, trigger: RoutineTrigger) -> None:
    assert run.started_how == RoutineRunStart.EVENT
    assert run.trigger == trigger
    assert run.definition.is_current


def young(born: D, name: str = "Ung") -> Individual:
    """A person with an exact birth date (the age decides the 18-20 triggers, R20)."""
    return individual_create(first_name=name, last_name="Person", birth_date=born)


def copy_to(case: Case, unit: Unit, actor: User, kind=CopyKind.MESSAGE) -> UnitCopy:
    """A copy of a message to another unit (R30: "Meddelandet ges till samordnare vux"),
    written as the copy pages leave it."""
    return UnitCopy.objects.create(
        case=case,
        to_unit=unit,
        kind=kind,
        text="Meddelande till samordnaren.",
        sent_by=actor,
        sent_at=timezone.now(),
    )


def contact(actor: User, case: Case, other_unit: Unit, other: User | None = None, **kwargs):
    return contact_record(
        actor=actor,
        case=case,
        other_unit=other_unit,
        other_caseworker=other,
        channel=ContactChannel.PHONE,
        information_transfer_needed=kwargs.pop("information_transfer_needed", False),
        joint_work_plan_needed=kwargs.pop("joint_work_plan_needed", False),
        **kwargs,
    )


# --- Östhammar (001, 002) ---------------------------------------------------------------


@dataclass
class Osthammar:
    organisation: Organisation
    mott: Unit
    bou: Unit
    vuxen: Unit
    bistand: Unit
    mott_worker: User
    bou_worker: User
    bou_manager: User
    vux_worker: User
    vux_coordinator: User
    vux_manager: User
    bistand_worker: User
    bistand_manager: User


@pytest.fixture
def ost(osthammar, clock) -> Osthammar:
    units = {unit.code: unit for unit in osthammar.units.all()}
    vuxen = units["vuxen"]
    return Osthammar(
        organisation=osthammar,
        mott=units["bou-mottagning"],
        bou=units["bou"],
        vuxen=vuxen,
        bistand=units["bistand-sol-lss"],
        mott_worker=member(Role.CASEWORKER, unit=units["bou-mottagning"], last_name="Mott"),
        bou_worker=member(Role.CASEWORKER, unit=units["bou"], last_name="Bou"),
        bou_manager=member(Role.UNIT_MANAGER, unit=units["bou"], last_name="Boussen"),
        vux_worker=member(Role.CASEWORKER, unit=vuxen, last_name="Andersson"),
        vux_coordinator=member(Role.COORDINATOR, unit=vuxen, last_name="Samord"),
        vux_manager=member(Role.UNIT_MANAGER, unit=vuxen, last_name="Vuxchef"),
        bistand_worker=member(Role.CASEWORKER, unit=units["bistand-sol-lss"], last_name="Bist"),
        bistand_manager=member(
            Role.UNIT_MANAGER, unit=units["bistand-sol-lss"], last_name="Bistchef"
        ),
    )


# 001, R20: LOB, traffic sobriety, drug offences - 18-20 year olds not known at BoU.
@pytest.mark.django_db
def test_r20_r30_001_lob_18_20_not_known_at_bou_runs_from_the_report_to_vuxen(ost):
    # given a LOB report about a 19-year-old never known at BoU, received by the reception
    person_19 = young(D(2007, 5, 8))
    case = case_register(
        actor=ost.mott_worker, individual=person_19, unit=ost.mott, matter="lob_report"
    )

    # then the LOB routine started by its trigger, and not the general 18-20 report routine
    run = run_of(case, "lob-18-20")
    started_by_trigger(run, RoutineTrigger.YOUNG_ADULT_LOB_NOT_KNOWN_AT_BOU)
    assert not RoutineRun.objects.filter(case=case, definition__code="anmalan-18-20").exists()
    # Mottagare; Vuxengruppen; Handläggare vux; Verksamhetschef vux
    vux = ost.vux_worker.pk
    assert holders(run) == [ost.mott_worker.pk, vux, vux, ost.vux_manager.pk]

    # when each step is done with what it asks for
    complete(ost.mott_worker, run, 1, record=copy_to(case, ost.vuxen, ost.mott_worker))
    adult_case = case_register(actor=ost.vux_worker, individual=person_19, unit=ost.vuxen)
    complete(ost.vux_worker, run, 2, record=adult_case)  # handled by Vuxengruppen
    skip(ost.vux_worker, run, 3, "Ingen utredning inleds: medhandläggare behövs inte.")
    # R33: the cost decision in consultation with the BoU operations manager
    complete(ost.vux_manager, run, 4, note="Beslut i samråd med verksamhetschef BoU.")

    # then the run is complete
    assert_completed(run)


@pytest.mark.django_db
def test_r20_lob_report_about_someone_known_at_bou_or_aged_21_is_not_the_lob_trigger(ost):
    # known at BoU (a closed case there) and 19: the report stays a report about an 18-20 year old
    known = young(D(2007, 5, 8), "Känd")
    earlier = case_register(actor=ost.bou_worker, individual=known, unit=ost.bou)
    case_transition(actor=ost.bou_worker, case=earlier, to=CaseStatus.CLOSED)
    case = case_register(
        actor=ost.mott_worker, individual=known, unit=ost.mott, matter="lob_report"
    )
    assert set(RoutineRun.objects.filter(case=case).values_list("definition__code", flat=True)) == {
        "anmalan-18-20"
    }
    # 21 years old: neither routine
    older = young(D(2005, 5, 8), "Äldre")
    case = case_register(
        actor=ost.mott_worker, individual=older, unit=ost.mott, matter="lob_report"
    )
    assert not RoutineRun.objects.filter(case=case).exists()


# 001, R20: reports concerning 18-20 year olds.
@pytest.mark.django_db
def test_r20_r17_001_report_about_an_18_20_year_old_gets_a_co_caseworker_from_vuxen(ost):
    # given a report about an 18-year-old registered by the reception group
    person_18 = young(D(2008, 3, 1))
    case = case_register(actor=ost.mott_worker, individual=person_18, unit=ost.mott)

    # then the routine started by its trigger: the reception group, then Vuxen's coordinator
    run = run_of(case, "anmalan-18-20")
    started_by_trigger(run, RoutineTrigger.YOUNG_ADULT_REPORT)
    assert holders(run) == [ost.mott_worker.pk, ost.vux_coordinator.pk]

    # when the report goes to Vuxen's coordinator and a co-caseworker is appointed (R17, R20)
    complete(ost.mott_worker, run, 1, record=copy_to(case, ost.vuxen, ost.mott_worker))
    appointment = co_caseworker_appoint(
        actor=ost.mott_worker,
        case=case,
        caseworker=ost.vux_worker,
        unit=ost.vuxen,
        purpose=CoCaseworkerPurpose.EXPERTISE,
        ends_on=D(2027, 6, 30),
    )
    complete(ost.vux_coordinator, run, 2, record=appointment)

    # then the run is complete
    assert_completed(run)


@pytest.mark.django_db
def test_r20_applications_and_adults_elsewhere_are_not_reports_about_18_20_year_olds(ost):
    person_18 = young(D(2008, 3, 1))
    # an application for housing support is not a report
    case = case_register(
        actor=ost.mott_worker, individual=person_18, unit=ost.mott, matter="housing_support"
    )
    assert not RoutineRun.objects.filter(case=case).exists()
    # a 17-year-old is not in the age group
    case = case_register(actor=ost.mott_worker, individual=young(D(2009, 3, 1)), unit=ost.mott)
    assert not RoutineRun.objects.filter(case=case).exists()


# 001, R17: the handover from BoU to Vuxen, started by the handover deadline.
@pytest.mark.django_db
def test_r17_001_handover_bou_to_vuxen_starts_when_the_deadline_is_raised(ost, clock):
    # given a young person at BoU who turns 20 on 2027-05-08: the deadline is 2026-11-08
    organisation = ost.organisation
    organisation.handover_first_notice_age = None
    organisation.save()
    youth = young(D(2007, 5, 8))
    case = case_register(actor=ost.bou_worker, individual=youth, unit=ost.bou)
    assert not RoutineRun.objects.filter(case=case, definition__code="overlamning-bou-vux")

    # when the deadline sweep raises the handover deadline
    deadlines_sweep(today=D(2026, 12, 1))

    # then the routine started by its trigger, the receiving unit as its other unit, started
    # on behalf of the case's caseworker (the sweep has no user)
    run = run_of(case, "overlamning-bou-vux")
    started_by_trigger(run, RoutineTrigger.HANDOVER_DUE)
    assert (run.other_unit, run.started_by) == (ost.vuxen, ost.bou_worker)
    assert holders(run) == [ost.bou_worker.pk, ost.bou_manager.pk, ost.vux_coordinator.pk]
    assert run.history.count() == 1
    assert all(row.history.count() == 1 for row in run.steps.all())
    # a second sweep starts nothing more
    deadlines_sweep(today=D(2026, 12, 2))
    assert RoutineRun.objects.filter(case=case, definition__code="overlamning-bou-vux").count() == 1

    # when the caseworker announces the handover (R17, R18) with the person's consent (R12)
    consent_record(
        actor=ost.bou_worker,
        individual=youth,
        scope=ConsentScope.HANDOVER,
        form=ConsentForm.WRITTEN,
        given_by=ConsentGivenBy.INDIVIDUAL,
        unit=ost.vuxen,
    )
    handover = handover_start(
        actor=ost.bou_worker,
        case=case,
        receiving_unit=ost.vuxen,
        passes_on=D(2027, 5, 8),
        background="Bakgrund.",
        current_situation="Nuläge.",
        interventions_and_planning="Insatser.",
    )
    handover = handover_send(actor=ost.bou_worker, handover=handover)
    complete(ost.bou_worker, run, 1, record=handover)
    complete(ost.bou_manager, run, 2, note="Togs upp på samverkansmötet 2026-12-10.")
    appointment = co_caseworker_appoint(
        actor=ost.bou_worker,
        case=case,
        caseworker=ost.vux_worker,
        unit=ost.vuxen,
        purpose=CoCaseworkerPurpose.TRANSITION,
        ends_on=D(2027, 5, 8),
    )
    complete(ost.vux_coordinator, run, 3, record=appointment)

    # then the run is complete
    assert_completed(run)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_r17_r30_the_sweep_starts_its_runs_set_based(ost, count, django_assert_max_num_queries):
    # given young people at BoU whose handover deadlines the sweep raises today
    ost.organisation.handover_first_notice_age = None
    ost.organisation.save()
    cases = [
        case_register(actor=ost.bou_worker, individual=young(D(2007, 5, 8)), unit=ost.bou)
        for _ in range(count)
    ]
    # then the runs cost the same statements for 3 cases as for 30: the look-up of the
    # routines, what the runs need, and the bulk inserts of runs, steps and their history
    with django_assert_max_num_queries(27):
        deadlines_sweep(today=D(2026, 11, 10))
    runs = RoutineRun.objects.filter(case__in=cases, definition__code="overlamning-bou-vux")
    assert runs.count() == count
    assert RoutineRunStep.objects.filter(run__in=runs).count() == 3 * count
    assert RoutineRunStep.history.filter(run_id__in=runs.values("pk")).count() == 3 * count


# 002, R9, R11: coordination between IFO and the needs-assessment unit SoL/LSS.
@pytest.mark.django_db
def test_r9_r11_002_ifo_sol_lss_starts_when_the_person_is_active_at_another_unit(ost):
    # given a person with an open case at Biståndsenheten SoL/LSS
    adult = person(born="1980", first_name="Alva")
    other_case = case_register(actor=ost.bistand_worker, individual=adult, unit=ost.bistand)

    # when Vuxen registers an application for the same person
    case = case_register(actor=ost.vux_worker, individual=adult, unit=ost.vuxen)

    # then the routine started by its trigger, the other unit as its other unit; each step is
    # held by the caseworkers of both units' cases ("Handläggare" in both units)
    run = run_of(case, "ifo-sol-lss")
    started_by_trigger(run, RoutineTrigger.ACTIVE_AT_ANOTHER_UNIT)
    assert run.other_unit == ost.bistand
    rows = list(run.steps.order_by("position"))
    assert {(r.assignee_id, r.partner_id) for r in rows[:8]} == {
        (ost.vux_worker.pk, ost.bistand_worker.pk)
    }
    assert {r.assigned_because for r in rows[:8]} == {AssignedBecause.CASE_CASEWORKER}
    # the department heads of both units hold the last step: nobody here, so the managers
    assert (rows[9].assignee_id, rows[9].partner_id) == (ost.vux_manager.pk, ost.bistand_manager.pk)

    # when each unit investigates, supports, assesses and informs
    complete(ost.vux_worker, run, 1, note="Ansökan utreds inom respektive verksamhet.")
    complete(ost.bistand_worker, run, 2, note="Brukaren stöddes att ansöka om boendestöd.")
    complete(ost.vux_worker, run, 3, note="Behov av samordning bedöms löpande.")
    complete(ost.vux_worker, run, 4, note="Brukaren informerad om bedömningen.")
    complete(ost.vux_worker, run, 5, record=contact(ost.vux_worker, case, ost.bistand))
    complete(ost.bistand_worker, run, 6, note="Gemensamt ansvar för de sammansatta behoven.")
    # R11: the written allocation of responsibility and the implementation plan
    plan = plan_create(
        actor=ost.vux_worker,
        case=case,
        investigation_approach="Var för sig, med avstämning.",
        continued_cooperation="Avstämning varannan vecka.",
        other_case_ids=[other_case.pk],
        responsibility="Vuxen: missbruksvård. Biståndsenheten: boendestöd.",
    )
    complete(ost.vux_worker, run, 7, record=plan)
    # R9: they disagree, and the question goes one level up the ladder
    escalation = escalation_raise(
        actor=ost.vux_worker,
        case=case,
        other_unit=ost.bistand,
        question="Vem ansvarar för boendestödet?",
    )
    complete(ost.vux_worker, run, 8, record=escalation)
    skip(ost.vux_manager, run, 9, "Verksamhetscheferna enades; frågan gick inte vidare.")
    skip(ost.vux_manager, run, 10, "Frågan gick inte till ledningsgruppen.")

    # then the run is complete
    assert_completed(run)


@pytest.mark.django_db
def test_r4_starting_a_run_for_a_person_active_elsewhere_reads_no_contents(ost):
    adult = person(born="1980")
    other_case = case_register(actor=ost.bistand_worker, individual=adult, unit=ost.bistand)
    other_case.summary = "Hemlig sammanfattning."
    other_case.save()
    case = case_register(actor=ost.vux_worker, individual=adult, unit=ost.vuxen)
    run = run_of(case, "ifo-sol-lss")
    # the run names the other unit and its caseworker (what the active-case check shows)
    assert (run.other_unit, run.start_reason) == (ost.bistand, "")
    assert "Hemlig" not in " ".join(run.steps.values_list("note", flat=True))


# --- Stockholm district (003) -----------------------------------------------------------


@pytest.mark.django_db
def test_r18_003_a_meeting_deciding_a_transfer_starts_the_handover_routine(
    load_organisation, clock
):
    # R18, R23: the end-to-end run is tested from a start by hand in test_routine_runs.py; this
    # is the trigger: the minute-taker records the meeting's decision to transfer the case.
    from meetings.models import Outcome, SubmissionKind
    from meetings.services.minutes import meeting_hold, submission_outcome_record
    from meetings.services.schedule import meeting_freeze
    from meetings.services.submissions import submission_create
    from tests.meetings.factories_meetings import meeting_on, series_create

    organisation = load_organisation("stockholm-district")
    bou = organisation.units.get(code="bou")
    beroende = organisation.units.get(code="beroende")
    sender = member(Role.CASEWORKER, unit=bou, first_name="Sara")
    bou_deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Bodil")
    deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=beroende, first_name="Doris")
    receiver = member(Role.CASEWORKER, unit=beroende, first_name="Rut")
    case = case_register(actor=sender, individual=person(born="2007"), unit=bou)
    series = series_create(organisation, first_date=D(2026, 12, 3), interval=4, code="sam")
    meeting = meeting_on(series, D(2026, 12, 3))
    result = submission_create(
        actor=bou_deputy,
        meeting=meeting,
        kind=SubmissionKind.INDIVIDUAL,
        case=case,
        background="B",
        current_situation="C",
        problem="P",
        question="Q",
    )
    submission = result.submission
    clock.move_to(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC))
    meeting = meeting_freeze(actor=bou_deputy, meeting=meeting)
    meeting = meeting_hold(
        actor=bou_deputy, meeting=meeting, present=[bou_deputy], minute_taker=bou_deputy
    )

    # a transfer is a decision, to another unit of the organisation
    for outcome, unit in ((Outcome.ESCALATED, beroende), (Outcome.DECISION, bou)):
        with pytest.raises(ValidationError) as refused:
            submission_outcome_record(
                actor=bou_deputy,
                submission=submission,
                notes="",
                outcome=outcome,
                outcome_text="Överföring.",
                transfer_to=unit,
            )
        assert "transfer_to" in refused.value.message_dict
    assert not RoutineRun.objects.filter(case=case).exists()

    submission_outcome_record(
        actor=bou_deputy,
        submission=submission,
        notes="",
        outcome=Outcome.DECISION,
        outcome_text="Ärendet förs över till Beroendevården.",
        transfer_to=beroende,
    )

    run = run_of(case, "overlamning-efter-samverkansmote")
    started_by_trigger(run, RoutineTrigger.MEETING_DECIDED_TRANSFER)
    assert run.other_unit == beroende
    assert holders(run) == [sender.pk] * 2 + [deputy.pk] * 2 + [receiver.pk] * 2 + [deputy.pk] * 2


# 003, R13: a three-party meeting when another unit is needed (started by hand).
@pytest.mark.django_db
def test_r13_003_three_party_meeting_runs_from_the_mail_to_the_meeting(load_organisation, clock):
    organisation = load_organisation("stockholm-district")
    bou = organisation.units.get(code="bou")
    beroende = organisation.units.get(code="beroende")
    sender = member(Role.CASEWORKER, unit=bou, first_name="Sara")
    deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=beroende, first_name="Doris")
    receiver = member(Role.CASEWORKER, unit=beroende, first_name="Rut")
    individual = person(born="1990")
    case = case_register(actor=sender, individual=individual, unit=bou)
    definition = RoutineDefinition.objects.get(
        organisation=organisation, code="trepartsmote", is_current=True
    )
    run = routine_run_start(
        actor=sender,
        case=case,
        definition=definition,
        reason="Behov av kontakt med Beroendevården.",
        other_unit=beroende,
    )
    assert run.definition.trigger == RoutineTrigger.MANUAL
    assert holders(run) == [sender.pk, deputy.pk, receiver.pk, sender.pk, sender.pk]

    # the caseworker mails the deputy unit manager of the wanted unit (R13)
    complete(sender, run, 1, record=contact(sender, case, beroende))
    meeting = three_party_request(
        actor=sender, case=case, requested_unit=beroende, question="Gemensam planering."
    )
    meeting = three_party_appoint(actor=deputy, meeting=meeting, caseworker=receiver)
    complete(deputy, run, 2, record=meeting)  # the deputy appoints a caseworker
    receiving_case = case_register(actor=receiver, individual=individual, unit=beroende)
    complete(receiver, run, 3, record=contact(receiver, receiving_case, bou, sender))
    clock.shift(datetime.timedelta(days=3))
    meeting = three_party_record_pre_meeting(
        actor=receiver, meeting=meeting, held_on=D(2026, 12, 2)
    )
    complete(sender, run, 4, record=meeting)  # the professionals' pre-meeting
    meeting = three_party_record_meeting(actor=sender, meeting=meeting, held_on=D(2026, 12, 3))
    complete(receiver, run, 5, record=meeting)  # the meeting with the individual

    assert_completed(run)


# --- Motala (004): the order process to SRV ---------------------------------------------

MOTALA_START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
NEEDS = ["Stöd i föräldrarollen", "Struktur i vardagen"]


@dataclass
class Motala:
    organisation: Organisation
    bou: Unit
    srv: Unit
    caseworker: User
    coordinator: User
    bou_deputy: User
    treater: User
    srv_deputy: User
    child: Individual
    case: Case

    def consent(self):
        """R12: consent to written material going to the provider."""
        return consent_record(
            actor=self.caseworker,
            individual=self.child,
            scope=ConsentScope.WRITTEN_MATERIAL,
            form=ConsentForm.WRITTEN,
            given_by=ConsentGivenBy.INDIVIDUAL_AND_GUARDIANS,
            provider="SRV",
        )


@pytest.fixture
def motala_clock():
    with time_machine.travel(MOTALA_START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mot(load_organisation, motala_clock) -> Motala:
    organisation = load_organisation("motala")
    bou = organisation.units.get(code="bou")
    srv = organisation.units.get(code="srv")
    caseworker = member(Role.CASEWORKER, unit=bou, first_name="Elin", last_name="Handläggare")
    child = person(born="2010", first_name="Saga", last_name="Barn")
    case = case_register(actor=caseworker, individual=child, unit=bou)
    case = case_transition(actor=caseworker, case=case, to=CaseStatus.INVESTIGATION)
    return Motala(
        organisation=organisation,
        bou=bou,
        srv=srv,
        caseworker=caseworker,
        coordinator=member(Role.COORDINATOR, unit=bou, first_name="Fatima", last_name="Adm"),
        bou_deputy=member(Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Jonas"),
        treater=member(Role.CASEWORKER, unit=srv, first_name="Hanna", last_name="Behandlare"),
        srv_deputy=member(Role.DEPUTY_UNIT_MANAGER, unit=srv, first_name="Rolf"),
        child=child,
        case=case,
    )


def _order_start(mot: Motala, **changes):
    fields = {
        "needs": NEEDS,
        "goals": "Fungerande rutiner.",
        "intervention": "Familjebehandling i hemmet",
        "starts_on": D(2026, 3, 16),
        "ends_on": D(2026, 9, 16),
        **changes,
    }
    return order_start(actor=mot.caseworker, case=mot.case, provider_unit=mot.srv, **fields)


# 004, R26-R29: the order to in-house open care, from the assignment to closing.
@pytest.mark.django_db
def test_r26_r27_r28_004_order_to_srv_runs_from_the_draft_to_closing(mot, motala_clock):
    # given the caseworker writes an order to SRV
    order = _order_start(mot)

    # then the routine started by its trigger, SRV as its other unit
    run = run_of(mot.case, "bestallning-srv")
    started_by_trigger(run, RoutineTrigger.ORDER_DRAFTED)
    assert (run.other_unit, run.started_by) == (mot.srv, mot.caseworker)
    assert holders(run) == [
        *[mot.caseworker.pk] * 4,
        mot.coordinator.pk,  # the administrative coordinator asks SRV
        mot.srv_deputy.pk,
        *[mot.caseworker.pk] * 3,
        mot.srv_deputy.pk,
        mot.treater.pk,
        mot.caseworker.pk,
        mot.treater.pk,
        mot.bou_deputy.pk,
        *[mot.caseworker.pk] * 3,
        mot.treater.pk,
        mot.srv_deputy.pk,
    ]
    assert step(run, 8).partner == mot.treater  # "Handläggare bou och SRV" together

    # R26: the assignment with consent, the decision, the order sent and noted
    complete(mot.caseworker, run, 1, record=mot.consent())
    complete(mot.caseworker, run, 2, note="Tidsbestämd insats beslutad 2026-03-02.")
    order = order_send(actor=mot.caseworker, order=order)
    complete(mot.caseworker, run, 3, record=order)
    complete(mot.caseworker, run, 4, note="Beställningen journalförd i Viva.")
    # the execution check counts two weeks from the previous step
    assert step(run, 5).due_on == D(2026, 3, 16)
    order = order_receive(actor=mot.srv_deputy, order=order)
    order = order_execution_check(
        actor=mot.coordinator, order=order, answer="SRV verkställer från vecka 12."
    )
    complete(mot.coordinator, run, 5, record=order)
    skip(mot.srv_deputy, run, 6, "SRV verkställer: ingen skriftlig anledning behövs.")
    complete(mot.caseworker, run, 7, note="Kontakterna med familjen journalförda.")
    complete(mot.treater, run, 8, note="Uppstart bokad till 2026-03-02.")
    # R26: executed when the kick-off is held; R27: the plan with the family
    order = order_kick_off(
        actor=mot.caseworker, order=order, kick_off_on=D(2026, 3, 2), treater=mot.treater
    )
    complete(mot.caseworker, run, 9, record=order)
    complete(mot.srv_deputy, run, 10, note="Dokumenterat som verkställt i Viva.")
    plan = order_plan_write(
        actor=mot.treater, order=order, content="Mål och delmål med familjen.", with_family=True
    )
    complete(mot.treater, run, 11, record=plan)
    # R27: follow-up at least every six months, against the assignment's needs
    assert step(run, 12).due_on == D(2026, 8, 31)
    motala_clock.move_to(datetime.datetime(2026, 8, 3, 8, 0, tzinfo=datetime.UTC))
    follow_up = order_follow_up_record(
        actor=mot.caseworker,
        order=order,
        held_on=D(2026, 8, 3),
        summary="Målen är uppnådda.",
        assessments={need.pk: (NeedResult.MET, "") for need in order.needs.all()},
    )
    complete(mot.caseworker, run, 12, record=follow_up)
    # R28: nothing went wrong - the conditional steps are skipped with a reason
    skip(mot.treater, run, 13, "Insatsen fungerade.")
    skip(mot.bou_deputy, run, 14, "Ingen oenighet om avslutet.")
    skip(mot.caseworker, run, 15, "Vårdnadshavarna ville inte avsluta i förtid.")
    complete(mot.caseworker, run, 16, note="Målen uppnådda; avslut överenskommet med SRV.")
    order = order_close(actor=mot.caseworker, order=order, reason=ClosingReason.GOALS_MET)
    complete(mot.caseworker, run, 17, record=order)
    complete(mot.treater, run, 18, note="Dokumentationen klar inom två veckor.")
    complete(mot.srv_deputy, run, 19, note="Avslutad i Viva.")

    # then the run is complete
    assert_completed(run)


# 004, R29: interventions during an investigation, by a simplified order (started by hand).
@pytest.mark.django_db
def test_r29_004_intervention_during_investigation_by_a_simplified_order(mot):
    run = _by_hand(mot, "insats-under-utredning")
    assert holders(run) == [mot.caseworker.pk, mot.bou_deputy.pk, mot.caseworker.pk]
    complete(mot.caseworker, run, 1, note="Diskuterat med 1:e socialsekreterare.")
    complete(mot.bou_deputy, run, 2, record=contact(mot.bou_deputy, mot.case, mot.srv))
    mot.consent()
    order = order_send(
        actor=mot.caseworker,
        order=_order_start(
            mot, acute=True, account="Akut behov av stöd.", goals="", intervention=""
        ),
    )
    complete(mot.caseworker, run, 3, record=order)
    assert_completed(run)


# 004, R29: an investigation during an ongoing intervention (started by hand).
@pytest.mark.django_db
def test_r29_004_investigation_during_an_ongoing_intervention(mot):
    run = _by_hand(mot, "utredning-under-insats")
    assert (step(run, 2).assignee, step(run, 2).partner) == (mot.caseworker, mot.treater)
    complete(mot.caseworker, run, 1, note="Insatsen pågår under utredningstiden.")
    complete(mot.treater, run, 2, note="Överenskommet med SRV.")
    skip(mot.caseworker, run, 3, "Insatsen ska inte avslutas.")
    assert_completed(run)


# 004, R27: an intervention while the child is placed (started by hand).
@pytest.mark.django_db
def test_r27_004_intervention_during_a_placement(mot):
    run = _by_hand(mot, "insats-vid-placering")
    complete(mot.caseworker, run, 1, record=contact(mot.caseworker, mot.case, mot.srv, mot.treater))
    complete(mot.treater, run, 2, note="Gemensamt planeringsmöte hölls.")
    assert_completed(run)


def _by_hand(mot: Motala, code: str) -> RoutineRun:
    definition = RoutineDefinition.objects.get(
        organisation=mot.organisation, code=code, is_current=True
    )
    assert definition.trigger == RoutineTrigger.MANUAL
    return routine_run_start(
        actor=mot.caseworker,
        case=mot.case,
        definition=definition,
        reason="Enligt rutin 004.",
        other_unit=mot.srv,
    )


# --- 000, R10: financial aid for a client at the addiction unit ----------------------------


@pytest.mark.django_db
def test_r10_000_financial_aid_for_a_client_at_beroende_is_checked_with_beroende(
    load_organisation, clock
):
    organisation = load_organisation("ifo-000")
    mou = organisation.units.get(code="mou")
    beroende = organisation.units.get(code="beroende")
    mou_worker = member(Role.CASEWORKER, unit=mou, first_name="Maria")
    beroende_worker = member(Role.CASEWORKER, unit=beroende, first_name="Bengt")
    client = person(born="1985")
    case_register(actor=beroende_worker, individual=client, unit=beroende)

    # when MoU registers the client's application for financial aid
    case = case_register(actor=mou_worker, individual=client, unit=mou, matter="financial_aid")

    # then the routine started by its trigger, Beroende as its other unit
    run = run_of(case, "ekonomiskt-bistand-beroende")
    started_by_trigger(run, RoutineTrigger.FINANCIAL_AID_ACTIVE_AT_BEROENDE)
    assert run.other_unit == beroende
    assert holders(run) == [mou_worker.pk] * 4
    # MoU contacts Beroende, checks the action plan is followed, decides, plans aftercare
    complete(mou_worker, run, 1, record=contact(mou_worker, case, beroende, beroende_worker))
    complete(
        mou_worker,
        run,
        2,
        record=contact(mou_worker, case, beroende, beroende_worker, note="Handlingsplanen följs."),
    )
    complete(mou_worker, run, 3, note="Ekonomiskt bistånd beviljat.")
    complete(mou_worker, run, 4, note="Deltog i planeringen för eftervård.")
    assert_completed(run)
    # an application from someone not active at Beroende starts nothing
    other = case_register(
        actor=mou_worker, individual=person(born="1986"), unit=mou, matter="financial_aid"
    )
    assert not RoutineRun.objects.filter(case=other).exists()
