"""Every deviations URL (R25) for every kind of user: who sees, who acts, who is refused.

BoU (Stockholm district) reports deviations concerning Beroende; there is a report in each
state of the flow, and a missed handover deadline of BoU's that proposes one. The reporting
side (BoU's deputy unit manager and unit manager) writes part 1, records the dialogue and,
with the other side (Beroende's deputy unit manager, once part 1 is sent), writes and signs
part 2 and sends it. The district's controller reads what was sent and files it; nothing
else. Everyone else gets a plain 404, and their POSTs change nothing. The refusals are not
logged: a report names units, dates and staff, never an individual.
"""

import re

import pytest
import time_machine
from django.urls import URLResolver, reverse

from coordination.models import AccessLogEntry, DueItem, DueKind
from coordination.services import case_register
from deviations.models import DeviationReport, DeviationState
from deviations.urls import urlpatterns
from tests.deviations.factories_deviations import (
    NOW,
    TODAY,
    WHAT_HAPPENED,
    D,
    deviation_scene,
)
from tests.factories import TEST_PASSWORD, person

pytestmark = pytest.mark.django_db

KINDS = [
    "anonymous",
    "caseworker",
    "reporting deputy",
    "reporting manager",
    "other side",
    "unconcerned deputy",
    "controller",
    "other organisation controller",
    "other organisation manager",
]
SEES, LIST, REDIRECT, DENIED, LOGIN, DONE, INVALID = (
    "sees",
    "list",
    "redirect",
    "denied",
    "login",
    "done",
    "invalid",
)
MANAGERS = {
    "reporting deputy",
    "reporting manager",
    "other side",
    "unconcerned deputy",
    "other organisation manager",
}


def _only(outcome: str, *kinds: str) -> dict[str, str]:
    return {
        kind: LOGIN if kind == "anonymous" else (outcome if kind in kinds else DENIED)
        for kind in KINDS
    }


def _reporting(outcome: str) -> dict[str, str]:
    return _only(outcome, "reporting deputy", "reporting manager")


def _both_sides(outcome: str) -> dict[str, str]:
    return _only(outcome, "reporting deputy", "reporting manager", "other side")


def _managers(outcome: str) -> dict[str, str]:
    return _only(outcome, *MANAGERS)


# (name, method, url, expected per kind of user)
URLS = [
    (
        "report list",
        "get",
        "/deviations/",
        _only(LIST, *MANAGERS, "controller", "other organisation controller"),
    ),
    ("draft list", "get", "/deviations/drafts/", _managers(REDIRECT)),
    ("new report form", "get", "/deviations/drafts/new/", _managers(SEES)),
    (
        "new report",
        "post",
        "/deviations/drafts/new/",
        # the form offers only one's own units: BoU is no choice for the others
        {**_managers(INVALID), "reporting deputy": DONE, "reporting manager": DONE},
    ),
    ("draft", "get", "/deviations/drafts/{draft}/", _reporting(SEES)),
    ("edit draft", "post", "/deviations/drafts/{draft}/", _reporting(DONE)),
    ("draft page", "get", "/deviations/{draft}/", _reporting(SEES)),
    ("send part 1", "post", "/deviations/{draft}/submit/", _reporting(DONE)),
    ("submitted page", "get", "/deviations/{submitted}/", _both_sides(SEES)),
    ("dialogue form", "get", "/deviations/{submitted}/dialogue/", _reporting(SEES)),
    ("record dialogue", "post", "/deviations/{submitted}/dialogue/", _reporting(DONE)),
    ("part 2 form", "get", "/deviations/{dialogue}/part-2/", _both_sides(SEES)),
    ("write part 2", "post", "/deviations/{dialogue}/part-2/", _both_sides(DONE)),
    ("sign form", "get", "/deviations/{part2}/sign/", _both_sides(SEES)),
    ("sign", "post", "/deviations/{part2}/sign/", _both_sides(DONE)),
    ("send to controller", "post", "/deviations/{signed}/send/", _both_sides(DONE)),
    (
        "sent page",
        "get",
        "/deviations/{sent}/",
        _only(SEES, "reporting deputy", "reporting manager", "other side", "controller"),
    ),
    ("file", "post", "/deviations/{sent}/file/", _only(DONE, "controller")),
    (
        "filed page",
        "get",
        "/deviations/{filed}/",
        _only(SEES, "reporting deputy", "reporting manager", "other side", "controller"),
    ),
    ("proposals", "get", "/deviations/proposals/", _managers(LIST)),
    (
        "write proposed report",
        "post",
        "/deviations/proposals/handover_not_announced/{handover}/",
        _reporting(DONE),
    ),
    ("from missed deadline", "post", "/deviations/from-deadline/{handover}/", _reporting(DONE)),
]


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(load_organisation):
    dev = deviation_scene(load_organisation)
    reports = {
        "draft": dev.draft(),
        "submitted": dev.report_in(DeviationState.PART1_SUBMITTED),
        "dialogue": dev.report_in(DeviationState.DIALOGUE_RECORDED),
        "part2": dev.report_in(DeviationState.PART2_DRAFTED),
        "signed": dev.report_in(DeviationState.SIGNED),
        "sent": dev.report_in(DeviationState.SENT),
        "filed": dev.report_in(DeviationState.FILED),
    }
    young = person(born="2007", first_name="Kim", last_name="Matrisson")
    case = case_register(actor=dev.bou_caseworker, individual=young, unit=dev.bou)
    handover = DueItem.objects.create(
        organisation=dev.organisation,
        kind=DueKind.HANDOVER_DEADLINE,
        case=case,
        period=D(2027, 5, 8),
        due_on=D(2026, 11, 8),
        unit=dev.beroende,
    )
    users = {
        "anonymous": None,
        "caseworker": dev.bou_caseworker,
        "reporting deputy": dev.bou_deputy,
        "reporting manager": dev.bou_manager,
        "other side": dev.beroende_deputy,
        "unconcerned deputy": dev.psyk_deputy,
        "controller": dev.controller,
        "other organisation controller": dev.other_controller,
        "other organisation manager": dev.other_manager,
    }
    return {
        "dev": dev,
        "users": users,
        "ids": {**{key: r.pk for key, r in reports.items()}, "handover": handover.pk},
        "count": DeviationReport.objects.count(),
    }


def _post_data(name: str, who: str, world) -> dict:
    dev = world["dev"]
    if name in {"new report", "edit draft"}:
        return {
            "reporting_unit": dev.bou.pk,
            "concerned_units": [dev.beroende.pk],
            "what_happened": "Ändrat i matrisen.",
            "reporter_title": "Enhetschef",
        }
    if name == "record dialogue":
        submitted = DeviationReport.objects.get(pk=world["ids"]["submitted"])
        return {
            "held_on": TODAY.isoformat(),
            "counterpart": dev.counterpart(submitted).pk,
            "channel": "video",
        }
    if name == "write part 2":
        return {"joint_summary": "Ändrat i matrisen.", "remaining_problems": ""}
    if name == "sign":
        party = "other" if who == "other side" else "reporting"
        return {"party": party, "title": "Enhetschef", "password": TEST_PASSWORD}
    return {}


def _state(world, key: str) -> str:
    return DeviationReport.objects.get(pk=world["ids"][key]).state


def _done(name: str, world) -> bool:
    return {
        "new report": lambda: DeviationReport.objects.count() == world["count"] + 1,
        "edit draft": lambda: (
            DeviationReport.objects.get(pk=world["ids"]["draft"]).what_happened
            == "Ändrat i matrisen."
        ),
        "send part 1": lambda: _state(world, "draft") == DeviationState.PART1_SUBMITTED,
        "record dialogue": lambda: _state(world, "submitted") == DeviationState.DIALOGUE_RECORDED,
        "write part 2": lambda: _state(world, "dialogue") == DeviationState.PART2_DRAFTED,
        "sign": lambda: (
            _state(world, "part2") in {DeviationState.SIGNED_REPORTING, DeviationState.SIGNED_OTHER}
        ),
        "send to controller": lambda: _state(world, "signed") == DeviationState.SENT,
        "file": lambda: _state(world, "sent") == DeviationState.FILED,
        "write proposed report": lambda: DeviationReport.objects.filter(
            due_item_id=world["ids"]["handover"]
        ).exists(),
        "from missed deadline": lambda: DeviationReport.objects.filter(
            due_item_id=world["ids"]["handover"]
        ).exists(),
    }[name]()


def _last_log() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize(
    ("name", "method", "url", "who"),
    [(name, method, url, who) for name, method, url, _e in URLS for who in KINDS],
)
def test_r25_deviations_access_matrix(client, world, name, method, url, who):
    expected = {n: e for n, _m, _u, e in URLS}[name][who]
    user = world["users"][who]
    if user is not None:
        client.force_login(user)
    before = _last_log()
    url = url.format(**world["ids"])

    response = getattr(client, method)(url, _post_data(name, who, world))

    content = response.content.decode(errors="replace")
    # no deviations page shows the young person of the missed deadline
    assert "Matrisson" not in content
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/login/")
    elif expected in {SEES, LIST}:
        assert response.status_code == 200
    elif expected == REDIRECT:
        assert response.status_code == 302
        assert response.url == reverse("deviations:report_list")
    elif expected == INVALID:
        assert response.status_code == 400
    elif expected == DENIED:
        assert response.status_code == 404
        # a plain 404: a report holds no individual's data, so no access-log row
        assert not AccessLogEntry.objects.filter(pk__gt=before).exists()
    if method == "post":
        assert _done(name, world) == (expected == DONE)
        if expected == DONE:
            assert response.status_code == 302
    if expected == SEES and name.endswith(" page"):
        assert WHAT_HAPPENED[:20] in content


def test_every_deviations_url_is_in_the_matrix():
    covered = {url for _n, _m, url, _e in URLS}
    for pattern in urlpatterns:
        if isinstance(pattern, URLResolver):
            continue  # the exports: test_access_matrix_exports.py walks them
        route = "/deviations/" + str(pattern.pattern)
        if route.startswith("/deviations/controller/"):
            continue  # test_access_matrix_controller.py walks these
        route = (
            route.replace("<int:pk>", "{x}")
            .replace("<int:due_item_id>", "{x}")
            .replace("<slug:source>", "{x}")
            .replace("<int:event_id>", "{x}")
        )
        assert any(_shape(url) == route for url in covered), route


def _shape(url: str) -> str:
    return re.sub(r"\{[a-z0-9]+\}", "{x}", url).replace("handover_not_announced", "{x}")
