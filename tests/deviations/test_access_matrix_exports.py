"""Every export URL of deviation reports for every kind of user (R25; docs/exports.md).

The organisation's controller exports the reports sent to them (CSV, XLSX, their exports and
jobs); a controller of another organisation exports only their own organisation's; a job and
its file belong to the user who asked, not even to a colleague controlling the same district.
The PDF of one report is for whoever may read the report: both sides and, once sent, the
controller. Everyone else gets a plain 404, not written to the access log.
"""

import re

import pytest
import time_machine

from coordination.models import AccessLogEntry
from deviations.models import DeviationExport, DeviationState
from deviations.permissions import deviation_access_for
from deviations.selectors_controller import DeviationFilter
from deviations.services_exports import deviation_export_queue, deviation_export_run
from deviations.urls_exports import urlpatterns
from tests.deviations.factories_deviations import NOW, D, deviation_scene
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db

KINDS = [
    "anonymous",
    "caseworker",
    "reporting deputy",
    "reporting manager",
    "other side",
    "unconcerned deputy",
    "controller",
    "colleague controller",
    "other organisation controller",
    "other organisation manager",
]
# FILE: a download (CSV, XLSX, PDF); SEES: a page; NOT_ALLOWED: the method is refused (405).
FILE, SEES, DENIED, LOGIN, NOT_ALLOWED = "file", "sees", "denied", "login", "not allowed"
CONTROLLERS = ("controller", "colleague controller", "other organisation controller")


def _only(outcome: str, *kinds: str) -> dict[str, str]:
    return {
        kind: LOGIN if kind == "anonymous" else (outcome if kind in kinds else DENIED)
        for kind in KINDS
    }


# (name, method, url, expected per kind of user)
URLS = [
    ("csv", "get", "/deviations/controller/export/csv/", _only(FILE, *CONTROLLERS)),
    ("csv post", "post", "/deviations/controller/export/csv/", _only(NOT_ALLOWED, *CONTROLLERS)),
    ("xlsx page", "get", "/deviations/controller/export/xlsx/", _only(SEES, *CONTROLLERS)),
    ("xlsx", "post", "/deviations/controller/export/xlsx/", _only(FILE, *CONTROLLERS)),
    ("exports", "get", "/deviations/controller/exports/", _only(SEES, *CONTROLLERS)),
    ("job", "get", "/deviations/controller/exports/{job}/", _only(SEES, "controller")),
    (
        "job file",
        "get",
        "/deviations/controller/exports/{job}/download/",
        _only(FILE, "controller"),
    ),
    (
        "sent report pdf",
        "get",
        "/deviations/{sent}/pdf/",
        _only(
            FILE,
            "reporting deputy",
            "reporting manager",
            "other side",
            "controller",
            "colleague controller",
        ),
    ),
    (
        "submitted report pdf",
        "get",
        "/deviations/{submitted}/pdf/",
        _only(FILE, "reporting deputy", "reporting manager", "other side"),
    ),
    (
        "draft pdf",
        "get",
        "/deviations/{draft}/pdf/",
        _only(FILE, "reporting deputy", "reporting manager"),
    ),
]


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(load_organisation, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    dev = deviation_scene(load_organisation)
    sent = dev.at_controller(reported_on=D(2026, 11, 2), filed_after_days=None)
    draft = dev.draft()
    submitted = dev.advance(dev.draft(), DeviationState.PART1_SUBMITTED)
    job = deviation_export_queue(
        actor=dev.controller,
        access=deviation_access_for(dev.controller),
        filters=DeviationFilter(),
        rows_total=1,
    )
    deviation_export_run(export_id=job.pk)
    users = {
        "anonymous": None,
        "caseworker": dev.bou_caseworker,
        "reporting deputy": dev.bou_deputy,
        "reporting manager": dev.bou_manager,
        "other side": dev.beroende_deputy,
        "unconcerned deputy": dev.psyk_deputy,
        "controller": dev.controller,
        "colleague controller": member(Role.CONTROLLER, organisation=dev.organisation),
        "other organisation controller": dev.other_controller,
        "other organisation manager": dev.other_manager,
    }
    ids = {"sent": sent.pk, "draft": draft.pk, "submitted": submitted.pk, "job": job.pk}
    return {"dev": dev, "users": users, "ids": ids}


def _last_log() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize(
    ("name", "method", "url", "who"),
    [(name, method, url, who) for name, method, url, _e in URLS for who in KINDS],
)
def test_r25_exports_access_matrix(client, world, name, method, url, who):
    expected = {n: e for n, _m, _u, e in URLS}[name][who]
    user = world["users"][who]
    if user is not None:
        client.force_login(user)
    before_log, before_exports = _last_log(), DeviationExport.objects.count()

    response = getattr(client, method)(url.format(**world["ids"]))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/login/")
    elif expected == SEES:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
    elif expected == FILE:
        assert response.status_code == 200
        assert response["Content-Disposition"].split(";")[0] in {"attachment", "inline"}
        if response.streaming:
            b"".join(response.streaming_content)
    elif expected == NOT_ALLOWED:
        assert response.status_code == 405
    elif expected == DENIED:
        assert response.status_code == 404
        # a plain 404: a report holds no individual's data, so no access-log row
        assert not AccessLogEntry.objects.filter(pk__gt=before_log).exists()
    # every export made is logged; nothing else writes a log row
    made = DeviationExport.objects.count() - before_exports
    assert made == (1 if expected == FILE and name != "job file" else 0)


def test_every_export_url_is_in_the_matrix():
    covered = {re.sub(r"\{[a-z]+\}", "{x}", url) for _n, _m, url, _e in URLS}
    for pattern in urlpatterns:
        route = "/deviations/" + str(pattern.pattern).replace("<int:pk>", "{x}")
        assert route in covered, route
