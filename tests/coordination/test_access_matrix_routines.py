"""Every URL of routines running on cases (R30) for every kind of user (R4; the access log).

The run is 001's guardian-with-addiction routine on a case at the children's reception group.
Its members see the person; the adult unit's caseworker who shares a step sees the routine,
the step and what is asked, never the person or the case's contents; a caseworker with no
step and no case, a controller and a department head get 404 and a logged denial.
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from coordination.models import (
    AccessLogEntry,
    AccessOutcome,
    JointVisit,
    JointVisitKind,
    RoutineRun,
    RoutineRunState,
    RoutineStepState,
)
from coordination.services.joint_visits import joint_visit_record
from tests.coordination.test_routine_runs import START, Scene, routine_scene, step
from tests.factories import member
from units.models import Role

SECRET = "Pappan dricker varje kväll enligt skolan."


@pytest.fixture
def scene(osthammar) -> Scene:
    with time_machine.travel(START, tick=False):
        return routine_scene(osthammar)


@pytest.fixture
def run(scene) -> RoutineRun:
    case = scene.report()
    case.summary = SECRET
    case.save()
    return RoutineRun.objects.get(case=case)


def _client(user) -> Client:
    """A signed-in client reading the pages in English (the portal ignores Accept-Language)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _users(scene: Scene) -> dict:
    return {
        "case caseworker": scene.mott_worker,
        "unit colleague": scene.mott_colleague,
        "unit manager": scene.mott_manager,
        "other unit's step sharer": scene.vux_worker,
        "other unit's coordinator": scene.vux_coordinator,
        "unrelated caseworker": scene.outsider,
        "controller": member(Role.CONTROLLER, organisation=scene.organisation),
        "department head": member(Role.DEPARTMENT_HEAD, department=scene.mott.department),
    }


def _denials(user) -> int:
    return AccessLogEntry.objects.filter(user=user, outcome=AccessOutcome.DENIED).count()


def _granted(user) -> int:
    return AccessLogEntry.objects.filter(user=user, outcome=AccessOutcome.GRANTED).count()


# who: (run page, step 5 page, start page on the case)
EXPECTED_GET = {
    "case caseworker": (200, 200, 200),
    "unit colleague": (200, 200, 404),
    "unit manager": (200, 200, 200),
    "other unit's step sharer": (200, 200, 404),
    "other unit's coordinator": (200, 200, 404),
    "unrelated caseworker": (404, 404, 404),
    "controller": (404, 404, 404),
    "department head": (404, 404, 404),
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(EXPECTED_GET))
def test_r4_r30_pages_for_each_role(scene, run, who):
    user = _users(scene)[who]
    client = _client(user)
    urls = [
        reverse("coordination:routine_run_detail", args=[run.pk]),
        reverse("coordination:routine_step_detail", args=[step(run, 5).pk]),
        reverse("coordination:routine_run_start", args=[run.case_id]),
    ]
    for url, expected in zip(urls, EXPECTED_GET[who], strict=True):
        before = _denials(user)
        response = client.get(url)
        assert response.status_code == expected, (who, url)
        if expected == 404:
            assert _denials(user) == before + 1, (who, url)
            continue
        content = response.content.decode()
        case_reader = user in (scene.mott_worker, scene.mott_colleague, scene.mott_manager)
        # R4: the person's name only to those who may read the case
        assert (scene.parent.full_name in content) is case_reader, (who, url)
        assert SECRET not in content


@pytest.mark.django_db
def test_r4_a_case_reader_is_logged_and_the_other_units_holder_is_not_shown_the_person(scene, run):
    url = reverse("coordination:routine_run_detail", args=[run.pk])
    before = _granted(scene.mott_worker)
    _client(scene.mott_worker).get(url)
    assert _granted(scene.mott_worker) == before + 1
    response = _client(scene.vux_worker).get(url)
    assert "its contents are not shown to you" in response.content.decode()


@pytest.mark.django_db
def test_r30_my_routine_steps_for_each_role(scene, run):
    mine = reverse("coordination:routine_steps_mine")
    response = _client(scene.vux_worker).get(mine)
    content = response.content.decode()
    assert response.status_code == 200
    # the shared joint visit, without the person (another unit's case, R4)
    assert f'id="step-{step(run, 5).pk}"' in content
    assert scene.parent.full_name not in content
    response = _client(scene.mott_worker).get(mine)
    assert scene.parent.full_name in response.content.decode()
    assert _client(scene.outsider).get(mine).status_code == 200
    controller = member(Role.CONTROLLER, organisation=scene.organisation)
    assert _client(controller).get(mine).status_code == 404
    assert Client().get(mine).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other unit's step sharer", 302),
        ("case caseworker", 302),
        ("unit colleague", 404),
        ("unrelated caseworker", 404),
        ("controller", 404),
    ],
)
def test_r30_completing_the_shared_step_for_each_role(scene, run, who, status):
    user = _users(scene)[who]
    shared = step(run, 5)
    # the joint visit is completed by its record (R32), written on the case by its caseworker
    visit = joint_visit_record(
        actor=scene.mott_worker,
        case=run.case,
        other_unit=scene.vuxen,
        kind=JointVisitKind.VISIT,
        held_on=datetime.date(2026, 11, 30),
        caseworker=scene.mott_worker,
        other_caseworker=scene.vux_worker,
        audit_used=True,
    )
    record = f"{ContentType.objects.get_for_model(JointVisit).pk}:{visit.pk}"
    url = reverse("coordination:routine_step_complete", args=[shared.pk])
    data = {
        "complete-version": shared.version,
        "complete-record": record,
        "complete-note": "Gemensamt besök, AUDIT.",
    }
    response = _client(user).post(url, data)
    assert response.status_code == status
    shared.refresh_from_db()
    assert (shared.state == RoutineStepState.DONE) is (status == 302)
    assert (shared.record == visit) is (status == 302)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("unit manager", 302),
        ("case caseworker", 404),
        ("other unit's step sharer", 404),
        ("unrelated caseworker", 404),
    ],
)
def test_r30_skip_of_a_mandatory_step_and_reassign_for_each_role(scene, run, who, status):
    user = _users(scene)[who]
    mandatory = step(run, 3)
    client = _client(user)
    skip = client.post(
        reverse("coordination:routine_step_skip", args=[mandatory.pk]),
        {"skip-version": 1, "skip-reason": "Familjen har flyttat."},
    )
    assert skip.status_code == status
    other = step(run, 4)
    reassign = client.post(
        reverse("coordination:routine_step_reassign", args=[other.pk]),
        {"reassign-version": 1, "reassign-assignee": scene.mott_colleague.pk},
    )
    assert reassign.status_code == status
    other.refresh_from_db()
    assert (other.assignee == scene.mott_colleague) is (status == 302)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("case caseworker", 302),
        ("unit manager", 302),
        ("unit colleague", 404),
        ("other unit's step sharer", 404),
        ("unrelated caseworker", 404),
    ],
)
def test_r30_cancel_and_start_for_each_role(scene, run, who, status):
    user = _users(scene)[who]
    client = _client(user)
    response = client.post(
        reverse("coordination:routine_run_cancel", args=[run.pk]), {"reason": "Återtagen."}
    )
    assert response.status_code == status
    run.refresh_from_db()
    assert (run.state == RoutineRunState.CANCELLED) is (status == 302)
    start = client.post(
        reverse("coordination:routine_run_start", args=[run.case_id]),
        {"definition": run.definition_id, "reason": "Igen."},
    )
    assert start.status_code == (302 if status == 302 else 404)


@pytest.mark.django_db
def test_r30_a_stale_page_is_refused_and_keeps_the_text(scene, run):
    third = step(run, 3)
    client = _client(scene.mott_worker)
    _client(scene.mott_manager).post(
        reverse("coordination:routine_step_reassign", args=[third.pk]),
        {"reassign-version": 1, "reassign-assignee": scene.mott_worker.pk},
    )
    response = client.post(
        reverse("coordination:routine_step_complete", args=[third.pk]),
        {"complete-version": 1, "complete-note": "Kallelsen skickad med texten."},
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone changed this step" in content
    assert "Kallelsen skickad med texten." in content
    third.refresh_from_db()
    assert third.state == RoutineStepState.OPEN


@pytest.mark.django_db
def test_r30_an_empty_reason_keeps_the_form(scene, run):
    response = _client(scene.mott_manager).post(
        reverse("coordination:routine_step_skip", args=[step(run, 3).pk]),
        {"skip-version": 1, "skip-reason": ""},
    )
    assert response.status_code == 400


# Query counts: the pages cost the same for a short (2 steps) and a long (10 steps) routine.


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["anmalan-18-20", "ifo-sol-lss"])
def test_r30_pages_have_a_fixed_number_of_queries(scene, code, django_assert_max_num_queries):
    from coordination.models import RoutineDefinition
    from coordination.services.routine_runs import routine_run_start

    case = scene.report(matter="general")
    definition = RoutineDefinition.objects.get(organisation=scene.organisation, code=code)
    run = routine_run_start(
        actor=scene.mott_worker,
        case=case,
        definition=definition,
        reason="Test.",
        other_unit=scene.vuxen,
    )
    client = _client(scene.mott_worker)
    pages = [
        (reverse("coordination:routine_run_detail", args=[run.pk]), 13),
        # anmalan-18-20's first step is completed by a copy sent (R30): its record options
        # cost three queries (the person's cases at the step's units, the content type, the
        # copies), which ifo-sol-lss's note step does not need
        (reverse("coordination:routine_step_detail", args=[step(run, 1).pk]), 14),
        (reverse("coordination:routine_steps_mine"), 7),
        # the whole case page; its routines panel is three of them, the joint visits panel
        # three more (visits, rights, what was noticed at a children's unit; R31, R32) and
        # the copies panel two (R31, R32)
        (reverse("coordination:case_detail", args=[case.pk]), 42),
    ]
    for url, most in pages:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
