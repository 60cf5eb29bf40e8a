"""Every URL of the controller's pages and the year's summary (R24, R25) for every kind of user.

The district's controller reads the list and the statistics of the reports sent to them; the
year's summary is read by the controller and by the managers who read the routine review
(deputy unit managers, unit managers, department heads). Everyone else gets a plain 404;
anonymous users are sent to sign in. The pages only read: a POST is refused (405 for those who
may read, 404 for the others) and changes nothing. A controller of another organisation reads
the lists of their own organisation, where none of the district's reports appear, and gets 404
for the district's summary.
"""

import pytest
import time_machine

from coordination.models import AccessLogEntry
from deviations.models import DeviationReport, DeviationState
from deviations.urls import urlpatterns
from tests.deviations.factories_deviations import NOW, D, deviation_scene
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db

KINDS = [
    "anonymous",
    "caseworker",
    "coordinator",
    "reporting deputy",
    "reporting manager",
    "other side",
    "unconcerned deputy",
    "department head",
    "administrator",
    "controller",
    "other organisation controller",
    "other organisation manager",
]
SEES, OWN_ONLY, DENIED, LOGIN = "sees", "own organisation only", "denied", "login"
READERS = {
    "reporting deputy",
    "reporting manager",
    "other side",
    "unconcerned deputy",
    "department head",
    "controller",
}


def _expect(seen_by: set[str], own_only: set[str] = frozenset()) -> dict[str, str]:
    return {
        kind: LOGIN
        if kind == "anonymous"
        else SEES
        if kind in seen_by
        else OWN_ONLY
        if kind in own_only
        else DENIED
        for kind in KINDS
    }


CONTROLLER_ONLY = _expect({"controller"}, own_only={"other organisation controller"})
# (name, url, expected per kind of user)
URLS = [
    ("list", "/deviations/controller/", CONTROLLER_ONLY),
    ("filtered list", "/deviations/controller/?state=sent&date_from=2026-01-01", CONTROLLER_ONLY),
    ("statistics", "/deviations/controller/statistics/", CONTROLLER_ONLY),
    (
        "filtered statistics",
        "/deviations/controller/statistics/?source=manual&date_to=2026-12-31",
        CONTROLLER_ONLY,
    ),
    (
        "year's summary",
        "/deviations/controller/year/2026/?organisation=stockholm-district",
        _expect(READERS),
    ),
    (
        "last year's summary, one's own organisation",
        "/deviations/controller/year/2025/",
        _expect(READERS, own_only={"other organisation controller", "other organisation manager"}),
    ),
]


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(load_organisation):
    dev = deviation_scene(load_organisation)
    sent = dev.report_in(DeviationState.SENT)
    filed = dev.report_in(DeviationState.FILED)
    draft = dev.draft()
    older = dev.at_controller(reported_on=D(2025, 6, 2), remaining_problems="Kvar.")
    users = {
        "anonymous": None,
        "caseworker": dev.bou_caseworker,
        "coordinator": member(Role.COORDINATOR, unit=dev.bou),
        "reporting deputy": dev.bou_deputy,
        "reporting manager": dev.bou_manager,
        "other side": dev.beroende_deputy,
        "unconcerned deputy": dev.psyk_deputy,
        "department head": member(Role.DEPARTMENT_HEAD, department=dev.bou.department),
        "administrator": member(Role.ADMINISTRATOR, organisation=dev.organisation),
        "controller": dev.controller,
        "other organisation controller": dev.other_controller,
        "other organisation manager": dev.other_manager,
    }
    return {"dev": dev, "users": users, "reports": [sent, filed, older], "draft": draft}


def _snapshot() -> list[tuple]:
    """Every report's state and text and the number of history rows: what a POST may not change."""
    reports = list(
        DeviationReport.objects.order_by("pk").values_list(
            "pk", "state", "filed_at", "what_happened"
        )
    )
    return [*reports, DeviationReport.history.count()]


@pytest.mark.parametrize(("name", "who"), [(name, who) for name, _url, _e in URLS for who in KINDS])
def test_r25_controller_pages_access_matrix(client, world, name, who):
    url, expected = next((u, e[who]) for n, u, e in URLS if n == name)
    user = world["users"][who]
    if user is not None:
        client.force_login(user)
    before = AccessLogEntry.objects.count()

    response = client.get(url)

    content = response.content.decode(errors="replace")
    district_links = {f'href="/deviations/{report.pk}/"' for report in world["reports"]}
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/login/")
    elif expected == SEES:
        assert response.status_code == 200
    elif expected == OWN_ONLY:
        # their own organisation's page, without a trace of the district's reports
        assert response.status_code == 200
        assert not any(link in content for link in district_links)
        assert "Beroende" not in content
    else:
        assert response.status_code == 404
        # a report holds no individual's data: the refusal writes no access-log row
        assert AccessLogEntry.objects.count() == before
    # a draft reaches nobody through these pages
    assert f'href="/deviations/{world["draft"].pk}/"' not in content


def test_r25_the_controller_sees_the_districts_reports_in_the_list(client, world):
    client.force_login(world["users"]["controller"])

    content = client.get("/deviations/controller/").content.decode()

    for report in world["reports"]:
        assert f'href="/deviations/{report.pk}/"' in content


@pytest.mark.parametrize(("name", "who"), [(name, who) for name, _url, _e in URLS for who in KINDS])
def test_r25_a_post_to_the_controller_pages_changes_nothing(client, world, name, who):
    url, expected = next((u, e[who]) for n, u, e in URLS if n == name)
    user = world["users"][who]
    if user is not None:
        client.force_login(user)
    before = _snapshot()

    response = client.post(url, {"state": "filed", "date_from": "2026-01-01"})

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/login/")
    elif expected in {SEES, OWN_ONLY}:
        assert response.status_code == 405
    else:
        assert response.status_code == 404
    assert _snapshot() == before


def test_every_controller_url_is_in_the_matrix():
    covered = {url.split("?")[0] for _n, url, _e in URLS}
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        if route.startswith("controller/"):
            shaped = "/deviations/" + route.replace("<int:year>", "2026")
            assert shaped in covered or shaped.replace("2026", "2025") in covered, route
