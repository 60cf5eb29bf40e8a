"""Every URL of joint visits (R31, R32) and of "addiction noticed at BoU" (R32) for every kind of
user (R4): who gets the page, who a logged 404.

The case is a young person's at Östhammar's BoU, with a joint home visit recorded with Vuxen.
Those who read the case read the visit; the Vuxen caseworker who took part reads that record
and never the case; another member of Vuxen, the controller, a department head and anyone of
another organisation get 404 and a logged denial.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from coordination.models import AccessLogEntry, AccessOutcome, JointVisit
from coordination.urls_joint_visits import urlpatterns
from tests.coordination.factories_joint_visits import VisitScene, visit_record, visit_scene

pytestmark = pytest.mark.django_db

OK, DENIED = 200, 404
ROLES = [
    "case caseworker",
    "co-caseworker",
    "coordinator",
    "unit manager",
    "unit colleague",
    "named other caseworker",
    "other member of the other unit",
    "controller",
    "department head",
    "other organisation",
]
RECORDERS = {"case caseworker", "co-caseworker", "coordinator", "unit manager"}
CASE_READERS = RECORDERS | {"unit colleague"}

# url name -> the roles that get the page; everyone else a logged 404
EXPECTED = {
    "joint_visit_record": RECORDERS,
    "joint_visit_detail": CASE_READERS | {"named other caseworker"},
    # the recorder, who is also the case's caseworker here
    "joint_visit_correct": {"case caseworker"},
    "addiction_noticed": RECORDERS,
}


@pytest.fixture
def scene(osthammar) -> VisitScene:
    return visit_scene(osthammar)


@pytest.fixture
def visit(scene) -> JointVisit:
    return visit_record(scene)


def _url(name: str, scene: VisitScene, visit: JointVisit) -> str:
    pk = scene.case.pk if name in {"joint_visit_record", "addiction_noticed"} else visit.pk
    return reverse(f"coordination:{name}", args=[pk])


def _client(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", list(EXPECTED))
def test_r4_r31_r32_pages_for_each_role(scene, visit, name):
    url = _url(name, scene, visit)
    case_link = reverse("coordination:case_detail", args=[scene.case.pk])
    for who in ROLES:
        user = scene.users()[who]
        rows = AccessLogEntry.objects.filter(user=user)
        granted = rows.filter(outcome=AccessOutcome.GRANTED)
        denied = rows.filter(outcome=AccessOutcome.DENIED)
        before_granted, before_denied = granted.count(), denied.count()

        response = _client(user).get(url)

        expected = OK if who in EXPECTED[name] else DENIED
        assert response.status_code == expected, (name, who)
        if expected == OK:
            # the read is logged for the person (R4)
            assert granted.filter(individual=scene.young).count() == before_granted + 1, who
            assert denied.count() == before_denied, who
            # the other unit's caseworker reads the record, and gets no way into the case
            content = response.content.decode()
            assert (case_link in content) is (who != "named other caseworker"), (name, who)
        else:
            assert granted.count() == before_granted, who
            assert denied.count() == before_denied + 1, who


@pytest.mark.parametrize("name", list(EXPECTED))
def test_r4_anonymous_is_sent_to_sign_in(scene, visit, name):
    response = Client().get(_url(name, scene, visit))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("who", ROLES)
def test_r31_r32_recording_for_each_role(scene, who):
    user = scene.users()[who]
    data = {
        "other_unit": scene.vuxen.pk,
        "kind": "preliminary_assessment",
        "held_on": "2026-01-05",
        "caseworker": scene.caseworker.pk,
        "dudit_used": "on",
        "dudit_score": "12",
    }
    response = _client(user).post(
        reverse("coordination:joint_visit_record", args=[scene.case.pk]), data
    )
    recorded = JointVisit.objects.filter(case=scene.case)
    if who in RECORDERS:
        assert response.status_code == 302
        assert recorded.get().recorded_by == user
    else:
        assert response.status_code == 404
        assert not recorded.exists()


@pytest.mark.parametrize("who", ROLES)
def test_r31_r32_correcting_for_each_role(scene, visit, who):
    user = scene.users()[who]
    version = JointVisit.history.filter(id=visit.pk).latest("history_id").history_id
    data = {
        "version": version,
        "held_on": f"{visit.held_on:%Y-%m-%d}",
        "caseworker": scene.caseworker.pk,
        "other_caseworker": scene.other_caseworker.pk,
        "audit_used": "on",
        "audit_score": "9",
        "note": "Rättad poäng.",
    }
    response = _client(user).post(
        reverse("coordination:joint_visit_correct", args=[visit.pk]), data
    )
    visit.refresh_from_db()
    if who == "case caseworker":
        assert response.status_code == 302
        assert visit.audit_score == 9
    else:
        assert response.status_code == 404
        assert visit.audit_score == 17


@pytest.mark.parametrize("who", ROLES)
def test_r32_noticing_for_each_role(scene, who):
    user = scene.users()[who]
    data = {"whose": "guardian", "adult_unit": scene.vuxen.pk, "note": "Mamman luktade alkohol."}
    response = _client(user).post(
        reverse("coordination:addiction_noticed", args=[scene.case.pk]), data
    )
    started = scene.case.routine_runs.filter(definition__code="beroende-uppmarksammat-bou")
    assert response.status_code == (302 if who in RECORDERS else 404)
    assert started.exists() is (who in RECORDERS)


def test_r4_a_missing_record_is_the_same_logged_404(scene):
    client = _client(scene.caseworker)
    for name in ("joint_visit_detail", "joint_visit_correct"):
        assert client.get(reverse(f"coordination:{name}", args=[999999])).status_code == 404
    assert (
        AccessLogEntry.objects.filter(user=scene.caseworker, outcome=AccessOutcome.DENIED).count()
        == 2
    )


def test_every_joint_visit_url_is_in_the_matrix():
    assert {pattern.name for pattern in urlpatterns} == set(EXPECTED)
