"""The routine-compliance dashboard (`/compliance/`, issue 7 item 5) for every kind of user.

The Stockholm district's deputy unit managers, unit managers, department heads and its
controller read it (the readers of the yearly routine review, R24); caseworkers, coordinators,
the administrator, anyone whose membership has ended, and anyone asking for an organisation
they do not read get a plain 404. It shows aggregates only, so no access-log row is written,
neither for a read nor for a refusal. It only reads: a POST changes nothing.
"""

import datetime

import pytest
import time_machine

from coordination.models import AccessLogEntry
from meetings.calendar import STOCKHOLM
from tests.factories import member
from units.models import Membership, Role

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 1, 15, 10, 0, tzinfo=STOCKHOLM)
OWN = "/compliance/"
DISTRICT = "/compliance/?organisation=stockholm-district"
CHOSEN_PERIOD = "/compliance/?organisation=stockholm-district&from_month=2026-01&to_month=2026-06"
SEES, DENIED, LOGIN = "sees", "denied", "login"

READERS = {"deputy", "unit manager", "department head", "controller"}
KINDS = [
    "anonymous",
    "caseworker",
    "coordinator",
    "deputy",
    "unit manager",
    "department head",
    "controller",
    "administrator",
    "ended membership",
    "other organisation manager",
]


def _district_readers() -> dict[str, str]:
    return {
        kind: LOGIN if kind == "anonymous" else (SEES if kind in READERS else DENIED)
        for kind in KINDS
    }


# (name, url, expected per kind of user)
URLS = [
    # without ?organisation= each reader sees their own organisation
    ("own organisation", OWN, {**_district_readers(), "other organisation manager": SEES}),
    ("the district", DISTRICT, _district_readers()),
    ("the district, a chosen period", CHOSEN_PERIOD, _district_readers()),
    (
        "an organisation that does not exist",
        "/compliance/?organisation=ingen-sadan",
        {kind: LOGIN if kind == "anonymous" else DENIED for kind in KINDS},
    ),
]


@pytest.fixture
def users(load_organisation):
    stockholm = load_organisation("stockholm-district")
    osthammar = load_organisation("osthammar")
    bou = stockholm.units.get(code="bou")
    ended = member(Role.UNIT_MANAGER, unit=bou)
    membership = Membership.objects.get(user=ended)
    membership.is_active = False
    membership.save()
    return {
        "anonymous": None,
        "caseworker": member(Role.CASEWORKER, unit=bou),
        "coordinator": member(Role.COORDINATOR, unit=bou),
        "deputy": member(Role.DEPUTY_UNIT_MANAGER, unit=bou),
        "unit manager": member(Role.UNIT_MANAGER, unit=stockholm.units.get(code="beroende")),
        "department head": member(
            Role.DEPARTMENT_HEAD, department=stockholm.departments.get(code="iof")
        ),
        "controller": member(Role.CONTROLLER, organisation=stockholm),
        "administrator": member(Role.ADMINISTRATOR, organisation=stockholm),
        "ended membership": ended,
        "other organisation manager": member(
            Role.UNIT_MANAGER, unit=osthammar.units.get(code="bou")
        ),
    }


@pytest.mark.parametrize(
    ("name", "url", "who"), [(name, url, who) for name, url, _e in URLS for who in KINDS]
)
def test_compliance_access_matrix(client, users, name, url, who):
    expected = {n: e for n, _u, e in URLS}[name][who]
    user = users[who]
    with time_machine.travel(NOW, tick=False):
        if user is not None:
            client.force_login(user)
        response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/login/")
    elif expected == SEES:
        assert response.status_code == 200
        assert 'id="compliance-handovers"' in response.content.decode()
    else:
        assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("who", ["deputy", "controller", "caseworker"])
def test_compliance_a_post_changes_nothing(client, users, who):
    client.force_login(users[who])
    response = client.post(DISTRICT, {"from_month": "2026-01"})
    assert response.status_code == (405 if who in READERS else 404)
