"""Joint visits and assessments (R31, R32) and "addiction or risky use noticed at BoU" (R32).

001's table for reports about a guardian with addiction runs from the registration to one
caseworker per unit, each step completed with the record it asks for (the joint visit with
AUDIT and DUDIT); the R32 routine starts from the case page's action; 001's joint assessment
at eviction or power cut (R31) is completed by a joint assessment record.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from coordination.models import (
    AccessLogEntry,
    AccessOutcome,
    Case,
    CaseStatus,
    CoCaseworkerPurpose,
    ContactChannel,
    JointVisit,
    JointVisitKind,
    RoutineDefinition,
    RoutineRun,
    RoutineRunState,
    RoutineTrigger,
)
from coordination.selectors_routine_runs import routine_record_allowed
from coordination.services import case_register
from coordination.services.cases import contact_record
from coordination.services.co_caseworkers import co_caseworker_appoint
from coordination.services.joint_visits import (
    JointVisitStaleError,
    joint_visit_correct,
    joint_visit_record,
)
from coordination.services.routine_runs import routine_runs_start_for_event
from tests.coordination.factories_joint_visits import (
    VisitScene,
    visit_record,
    visit_scene,
)
from tests.coordination.test_routine_runs import complete, step
from tests.factories import UnitFactory, member, person
from units.models import Role, Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(osthammar) -> VisitScene:
    return visit_scene(osthammar)


def _client(user) -> Client:
    """A signed-in client reading the pages in English."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _record_key(record) -> str:
    return f"{ContentType.objects.get_for_model(record).pk}:{record.pk}"


def _form(scene: VisitScene, **overrides) -> dict:
    return {
        "other_unit": scene.vuxen.pk,
        "kind": JointVisitKind.VISIT,
        "held_on": f"{timezone.localdate():%Y-%m-%d}",
        "caseworker": scene.caseworker.pk,
        "other_caseworker": scene.other_caseworker.pk,
        "audit_used": "on",
        "audit_score": "14",
        "note": "Hembesök med vuxengruppen; pappan berättade om sitt drickande.",
    } | overrides


# --- R32: addiction or risky use noticed at BoU, through the pages ------------------------


def test_r32_addiction_noticed_at_bou_starts_the_routine_and_runs_through_the_pages(scene):
    vux_coordinator = member(Role.COORDINATOR, unit=scene.vuxen, first_name="Siv")
    client = _client(scene.caseworker)
    case_page = reverse("coordination:case_detail", args=[scene.case.pk])
    noticed = reverse("coordination:addiction_noticed", args=[scene.case.pk])
    # the action is on the case page, with Vuxen proposed as the only adult group
    assert noticed in client.get(case_page).content.decode()
    form = client.get(noticed)
    assert form.context["form"].initial["adult_unit"] == scene.vuxen.pk

    # when the caseworker says a guardian's risky use was noticed
    response = client.post(
        noticed,
        {"whose": "guardian", "adult_unit": scene.vuxen.pk, "note": "Mamman luktade alkohol."},
    )

    # then the organisation's routine runs on the case with Vuxen as the other unit
    run = RoutineRun.objects.get(case=scene.case)
    assert response.status_code == 302
    assert response["Location"] == reverse("coordination:routine_run_detail", args=[run.pk])
    assert run.definition.code == "beroende-uppmarksammat-bou"
    assert (run.trigger, run.other_unit) == (RoutineTrigger.ADDICTION_NOTICED_AT_BOU, scene.vuxen)
    # what was noticed is its reason, shown on the case page
    assert "Mamman luktade alkohol." in run.start_reason
    assert "a guardian" in run.start_reason
    page = client.get(case_page).content.decode()
    assert f'id="addiction-noticed-{run.pk}"' in page
    assert "Mamman luktade alkohol." in page

    # a second time: not started again, the user is told, the text kept
    again = client.post(
        noticed, {"whose": "young_person", "adult_unit": scene.vuxen.pk, "note": "Igen."}
    )
    assert again.status_code == 400
    assert "already running on this case" in again.content.decode()
    assert "Igen." in again.content.decode()
    assert RoutineRun.objects.filter(case=scene.case).count() == 1

    # 1 consult the adult unit: a contact
    contact = contact_record(
        actor=scene.caseworker,
        case=scene.case,
        other_unit=scene.vuxen,
        other_caseworker=scene.other_caseworker,
        channel=ContactChannel.PHONE,
        information_transfer_needed=False,
        joint_work_plan_needed=False,
    )
    complete(scene.caseworker, run, 1, record=contact)
    # 2 a joint visit, recorded on its page, completes the shared step on the run's page
    recorded = client.post(
        reverse("coordination:joint_visit_record", args=[scene.case.pk]), _form(scene)
    )
    visit = JointVisit.objects.get(case=scene.case)
    assert recorded["Location"] == reverse("coordination:joint_visit_detail", args=[visit.pk])
    second = step(run, 2)
    done = client.post(
        reverse("coordination:routine_step_complete", args=[second.pk]),
        {"complete-version": second.version, "complete-record": _record_key(visit)},
    )
    assert done.status_code == 302
    # 3 a co-caseworker from the adult unit, appointed by BoU, confirmed by Vuxen's coordinator
    appointment = co_caseworker_appoint(
        actor=scene.caseworker,
        case=scene.case,
        caseworker=scene.other_caseworker,
        unit=scene.vuxen,
        purpose=CoCaseworkerPurpose.EXPERTISE,
        ends_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    assert step(run, 3).assignee == vux_coordinator
    complete(vux_coordinator, run, 3, record=appointment)

    run.refresh_from_db()
    assert run.state == RoutineRunState.COMPLETED
    assert step(run, 2).record == visit


def test_r32_noticing_needs_whose_a_note_and_an_adult_unit(scene):
    response = _client(scene.caseworker).post(
        reverse("coordination:addiction_noticed", args=[scene.case.pk]),
        {"whose": "", "adult_unit": scene.psykiatri.pk, "note": " "},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"whose", "adult_unit", "note"}
    assert not RoutineRun.objects.filter(case=scene.case).exists()


def test_r32_a_routine_that_cannot_be_placed_starts_nothing_and_says_so(scene):
    # the adult group is closed; the addiction unit is the one to discuss with, but the
    # routine's steps name the adult group
    beroende = UnitFactory(
        department=scene.bou.department, organisation=scene.organisation, kind=UnitKind.BEROENDE
    )
    Unit.objects.filter(pk=scene.vuxen.pk).update(is_active=False)
    response = _client(scene.caseworker).post(
        reverse("coordination:addiction_noticed", args=[scene.case.pk]),
        {"whose": "young_person", "adult_unit": beroende.pk, "note": "Ungdomen röker cannabis."},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "The routine could not be started" in content
    assert "Ungdomen röker cannabis." in content
    assert not RoutineRun.objects.filter(case=scene.case).exists()


def test_r30_r32_not_offered_where_the_organisation_has_no_such_routine(scene):
    RoutineDefinition.objects.filter(
        organisation=scene.organisation, trigger=RoutineTrigger.ADDICTION_NOTICED_AT_BOU
    ).update(is_current=False)
    client = _client(scene.caseworker)
    noticed = reverse("coordination:addiction_noticed", args=[scene.case.pk])
    assert (
        noticed
        not in client.get(
            reverse("coordination:case_detail", args=[scene.case.pk])
        ).content.decode()
    )
    assert client.get(noticed).status_code == 404


def test_r32_not_offered_on_a_case_at_an_adult_unit(scene):
    adult_case = case_register(
        actor=scene.other_caseworker, individual=person(born="1980"), unit=scene.vuxen
    )
    client = _client(scene.other_caseworker)
    noticed = reverse("coordination:addiction_noticed", args=[adult_case.pk])
    page = client.get(reverse("coordination:case_detail", args=[adult_case.pk]))
    assert noticed not in page.content.decode()
    assert client.get(noticed).status_code == 404


# --- R31: the joint assessment at eviction or power cut -----------------------------------


def test_r31_001_the_joint_assessment_is_completed_by_a_joint_assessment_record(scene):
    # given a family's debt case at the adult group, and the routine started by its event
    parent = person(born="1982")
    debt_case = case_register(
        actor=scene.other_caseworker, individual=parent, unit=scene.vuxen, matter="general"
    )
    (run,) = routine_runs_start_for_event(
        event=RoutineTrigger.DEBTS_IN_FAMILY_WITH_CHILDREN,
        case=debt_case,
        actor=scene.other_caseworker,
        other_unit=scene.bou,
    )
    assessment_step = step(run, 3)
    assert (assessment_step.assignee, assessment_step.partner_unit) == (
        scene.other_caseworker,
        scene.bou,
    )

    # when both units assess together at the notice of eviction
    assessment = joint_visit_record(
        actor=scene.other_caseworker,
        case=debt_case,
        other_unit=scene.bou,
        kind=JointVisitKind.DEBT_ASSESSMENT,
        held_on=timezone.localdate(),
        caseworker=scene.other_caseworker,
        other_caseworker=scene.caseworker,
        note="Vräkningsbesked; gemensam bedömning med BoU.",
    )

    # then that record completes the joint assessment step
    complete(scene.other_caseworker, run, 3, record=assessment)
    assert step(run, 3).record == assessment
    # and a joint assessment is not a joint visit: it does not complete "Gemensamt besök"
    (concern,) = routine_runs_start_for_event(
        event=RoutineTrigger.CHILD_CONCERN_AT_ADULT_UNIT,
        case=debt_case,
        actor=scene.other_caseworker,
        other_unit=scene.bou,
    )
    assert not routine_record_allowed(step(concern, 3), assessment)


# --- recording: the rules, at their fields --------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"audit_used": "", "audit_score": "12"}, "audit_score", "Tick “AUDIT used”"),
        ({"audit_score": "41"}, "audit_score", "between 0 and 40"),
        ({"audit_score": "-1"}, "audit_score", "between 0 and 40"),
        ({"dudit_used": "on", "dudit_score": "45"}, "dudit_score", "between 0 and 44"),
        ({"dudit_score": "3"}, "dudit_score", "Tick “DUDIT used”"),
        ({"held_on": "2099-01-01"}, "held_on", "cannot be in the future"),
        ({"held_on": "31/12"}, "held_on", "Enter a valid date"),
        ({"other_unit": ""}, "other_unit", "This field is required"),
        ({"kind": "coffee"}, "kind", "Select a valid choice"),
    ],
)
def test_r31_r32_bad_input_is_shown_at_the_field_and_nothing_is_saved(
    scene, overrides, field, message
):
    data = _form(scene, **overrides)
    response = _client(scene.caseworker).post(
        reverse("coordination:joint_visit_record", args=[scene.case.pk]), data
    )
    assert response.status_code == 400
    content = response.content.decode()
    # the message at its field, in the user's language
    error = content.split(f'id="id_{field}_error">')[1].split("</p>")[0]
    assert message in error
    # what was typed is still there
    assert data["note"] in content
    assert not JointVisit.objects.exists()


def test_r31_r32_the_other_caseworker_must_be_a_member_of_the_other_unit(scene):
    data = _form(scene, other_caseworker=scene.co_caseworker.pk)
    response = _client(scene.caseworker).post(
        reverse("coordination:joint_visit_record", args=[scene.case.pk]), data
    )
    assert response.status_code == 400
    error = response.content.decode().split('id="id_other_caseworker_error">')[1]
    assert error.startswith("Psyk Med is not an active member of Vuxengruppen.")
    assert not JointVisit.objects.exists()


def test_r31_r32_errors_come_in_the_users_language(scene):
    client = _client(scene.caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = client.post(
        reverse("coordination:joint_visit_record", args=[scene.case.pk]),
        _form(scene, held_on="31/12"),
    )
    assert response.status_code == 400
    assert 'id="id_held_on_error">Fyll i ett giltigt datum.</p>' in response.content.decode()


def test_r31_r32_the_service_refuses_closed_cases_and_people_without_the_right(scene):
    with pytest.raises(PermissionDenied):
        visit_record(scene, actor=scene.colleague)
    with pytest.raises(PermissionDenied):
        visit_record(scene, actor=scene.other_caseworker)
    Case.objects.filter(pk=scene.case.pk).update(status=CaseStatus.CLOSED)
    scene.case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        visit_record(scene)
    assert not JointVisit.objects.exists()


def test_r32_the_caseworker_present_is_of_the_case_unit_or_a_co_caseworker(scene):
    # a co-caseworker took part for the case's unit
    visit = visit_record(scene, caseworker=scene.co_caseworker)
    assert visit.caseworker == scene.co_caseworker
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        visit_record(scene, caseworker=scene.other_member, other_caseworker=None)
    assert "caseworker" in refused.value.message_dict


# --- the record's page: who reads it, the log, the panel ----------------------------------


def test_r4_the_other_caseworker_reads_the_record_but_never_the_case(scene):
    visit = visit_record(scene)
    client = _client(scene.other_caseworker)

    page = client.get(reverse("coordination:joint_visit_detail", args=[visit.pk]))

    content = page.content.decode()
    assert page.status_code == 200
    assert "score 17 of 40" in content
    assert "its contents are not shown to you" in content
    # logged against the person only: they did not read the case
    entry = AccessLogEntry.objects.filter(
        user=scene.other_caseworker, outcome=AccessOutcome.GRANTED
    ).get()
    assert (entry.individual_id, entry.case_id) == (scene.young.pk, None)
    assert client.get(reverse("coordination:case_detail", args=[scene.case.pk])).status_code == 404
    # and a visit they did not take part in stays closed to them
    other = visit_record(scene, other_caseworker=scene.other_member)
    assert (
        client.get(reverse("coordination:joint_visit_detail", args=[other.pk])).status_code == 404
    )


def test_r4_a_case_reader_is_logged_against_the_case(scene):
    visit = visit_record(scene)
    _client(scene.colleague).get(reverse("coordination:joint_visit_detail", args=[visit.pk]))
    entry = AccessLogEntry.objects.filter(user=scene.colleague).get()
    assert (entry.case_id, entry.outcome) == (scene.case.pk, AccessOutcome.GRANTED)


def test_r31_r32_the_panel_lists_visits_without_scores(scene):
    visit_record(scene)
    visit_record(
        scene,
        kind=JointVisitKind.PRELIMINARY_ASSESSMENT,
        audit_used=False,
        audit_score=None,
        dudit_used=True,
        dudit_score=30,
    )
    page = _client(scene.colleague).get(reverse("coordination:case_detail", args=[scene.case.pk]))
    content = page.content.decode()
    assert content.count('id="joint-visit-') == 2
    assert "Joint preliminary assessment" in content
    assert "of 40" not in content
    assert "of 44" not in content
    # the colleague reads, does not record
    assert reverse("coordination:joint_visit_record", args=[scene.case.pk]) not in content


# --- correcting, with history ---------------------------------------------------------------


def _version(visit: JointVisit) -> int:
    return JointVisit.history.filter(id=visit.pk).latest("history_id").history_id


def _correction(scene: VisitScene, visit: JointVisit, **overrides) -> dict:
    return {
        "version": _version(visit),
        "held_on": f"{visit.held_on:%Y-%m-%d}",
        "caseworker": scene.caseworker.pk,
        "other_caseworker": scene.other_caseworker.pk,
        "audit_used": "on",
        "audit_score": "19",
        "note": "Poängen rättad efter omräkning.",
    } | overrides


def test_r31_r32_the_recorder_corrects_and_the_history_keeps_each_version(scene):
    visit = visit_record(scene)
    client = _client(scene.caseworker)
    url = reverse("coordination:joint_visit_correct", args=[visit.pk])

    response = client.post(url, _correction(scene, visit))

    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.audit_score, visit.note) == (19, "Poängen rättad efter omräkning.")
    versions = JointVisit.history.filter(id=visit.pk).order_by("history_id")
    assert [v.audit_score for v in versions] == [17, 19]
    assert versions.last().history_user == scene.caseworker
    page = client.get(reverse("coordination:joint_visit_detail", args=[visit.pk]))
    history = page.content.decode().split('id="joint-visit-history"')[1]
    assert "AUDIT score" in history
    assert "note" in history


def test_r31_r32_a_stale_correction_is_refused_and_keeps_the_text(scene):
    visit = visit_record(scene)
    stale = _correction(scene, visit, note="Min rättelse.")
    joint_visit_correct(
        actor=scene.caseworker,
        visit=JointVisit.objects.get(pk=visit.pk),
        seen_version=_version(visit),
        held_on=visit.held_on,
        caseworker=scene.caseworker,
        other_caseworker=scene.other_caseworker,
        audit_used=True,
        audit_score=20,
        dudit_used=False,
        dudit_score=None,
        note="Någon annans rättelse.",
    )
    response = _client(scene.caseworker).post(
        reverse("coordination:joint_visit_correct", args=[visit.pk]), stale
    )
    assert response.status_code == 409
    assert "Min rättelse." in response.content.decode()
    visit.refresh_from_db()
    assert visit.note == "Någon annans rättelse."


def test_r31_r32_a_correction_keeps_a_caseworker_who_has_since_left(scene):
    visit = visit_record(scene)
    scene.other_caseworker.memberships.update(is_active=False)
    response = _client(scene.caseworker).post(
        reverse("coordination:joint_visit_correct", args=[visit.pk]),
        _correction(scene, visit, note="Bara anteckningen."),
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.other_caseworker, visit.note) == (scene.other_caseworker, "Bara anteckningen.")


def test_r31_r32_a_correction_follows_the_same_rules(scene):
    visit = visit_record(scene)
    with pytest.raises(JointVisitStaleError):
        joint_visit_correct(
            actor=scene.caseworker,
            visit=visit,
            seen_version=0,
            held_on=visit.held_on,
            caseworker=scene.caseworker,
            other_caseworker=None,
            audit_used=False,
            audit_score=None,
            dudit_used=False,
            dudit_score=None,
            note="",
        )
    response = _client(scene.caseworker).post(
        reverse("coordination:joint_visit_correct", args=[visit.pk]),
        _correction(scene, visit, audit_used="", held_on="2099-01-01"),
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_audit_score_error"' in content
    assert 'id="id_held_on_error"' in content


# --- query counts ---------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_r31_r32_the_case_page_and_the_record_page_cost_the_same_for_one_and_many(
    scene, django_assert_max_num_queries
):
    first = visit_record(scene)
    client = _client(scene.caseworker)
    case_page = reverse("coordination:case_detail", args=[scene.case.pk])
    detail = reverse("coordination:joint_visit_detail", args=[first.pk])
    client.get(case_page)  # warm caches (content types, session)
    one_case_page = _queries(client, case_page)
    one_detail = _queries(client, detail)
    # the record page: the visit, its history, the log and the page's frame
    assert one_detail <= 10

    for days in range(2, 8):
        visit_record(scene, held_on=timezone.localdate() - datetime.timedelta(days=days))
    for score in range(5):
        joint_visit_correct(
            actor=scene.caseworker,
            visit=JointVisit.objects.get(pk=first.pk),
            seen_version=_version(first),
            held_on=first.held_on,
            caseworker=scene.caseworker,
            other_caseworker=scene.other_caseworker,
            audit_used=True,
            audit_score=score,
            dudit_used=False,
            dudit_score=None,
            note="",
        )

    with django_assert_max_num_queries(one_case_page):
        page = client.get(case_page)
    assert page.content.decode().count('id="joint-visit-') == 7
    with django_assert_max_num_queries(one_detail):
        client.get(detail)


def test_r31_r32_the_record_form_costs_the_same_for_few_and_many_people(
    scene, django_assert_max_num_queries
):
    client = _client(scene.caseworker)
    url = reverse("coordination:joint_visit_record", args=[scene.case.pk])
    client.get(url)
    few = _queries(client, url)
    for unit in (scene.vuxen, scene.psykiatri, scene.bou):
        for _ in range(4):
            member(Role.CASEWORKER, unit=unit)
    with django_assert_max_num_queries(few):
        client.get(url)
