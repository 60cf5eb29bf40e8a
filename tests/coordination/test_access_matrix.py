"""Every URL that can show person data, for every kind of user (R4; SoLPuL access log).

For each pair the status is asserted, and that the request wrote a log row: a granted
read for those who may see, a logged denial for those who may not.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from coordination.models import AccessLogEntry, AccessOutcome, GrantReason
from coordination.services import case_grant
from tests.factories import UserFactory, member
from units.models import Role

pytestmark = pytest.mark.django_db

SEES = "sees"
DENIED = "denied"


@dataclass(frozen=True)
class Page:
    name: str
    url: str  # formatted with individual= and case= (the child and the child's BoU case)
    logged_as: str  # "individual" or "case": what a denial row points at


PERSON_PAGES = [
    Page("individual page", "/individuals/{individual}/", "individual"),
    Page("add family member", "/individuals/{individual}/relations/new/", "individual"),
    Page("case page", "/cases/{case}/", "case"),
    Page("record contact", "/cases/{case}/contacts/new/", "case"),
    Page("API individual", "/api/individuals/{individual}/", "individual"),
    Page("API active-case check", "/api/individuals/{individual}/active-cases/", "individual"),
    Page("API case", "/api/cases/{case}/", "case"),
]

# Who may read the BoU child's data (R4): the owning unit's members and the co-caseworker.
EXPECTED = {
    "owning caseworker": SEES,
    "other unit's caseworker": DENIED,
    "co-caseworker": SEES,
    "unit manager of the owning unit": SEES,
    "controller": DENIED,
    "no membership": DENIED,
}


@pytest.fixture
def users(family):
    co_caseworker = member(Role.CASEWORKER, unit=family.vuxen)
    case_grant(
        actor=family.bou_caseworker,
        case=family.child_case,
        user=co_caseworker,
        reason=GrantReason.CO_CASEWORKER,
        valid_until=timezone.now() + datetime.timedelta(days=30),
    )
    return {
        "owning caseworker": family.bou_caseworker,
        "other unit's caseworker": family.vuxen_caseworker,
        "co-caseworker": co_caseworker,
        "unit manager of the owning unit": member(Role.UNIT_MANAGER, unit=family.bou),
        "controller": member(Role.CONTROLLER, organisation=family.organisation),
        "no membership": UserFactory(),
    }


@pytest.mark.parametrize("page", PERSON_PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("who", list(EXPECTED))
def test_r4_access_matrix(client, family, users, page, who):
    # given a user of the kind
    user = users[who]
    client.force_login(user)
    url = page.url.format(individual=family.child.pk, case=family.child_case.pk)
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    # when they open the page
    response = client.get(url)

    # then they see it or get 404 (missing and forbidden alike), and it is logged
    rows = AccessLogEntry.objects.filter(user=user, pk__gt=before)
    if EXPECTED[who] == SEES:
        assert response.status_code == 200
        assert any(
            r.individual_id == family.child.pk and r.outcome == AccessOutcome.GRANTED for r in rows
        )
    else:
        assert response.status_code == 404
        denial = AccessLogEntry.objects.get(user=user, outcome=AccessOutcome.DENIED)
        assert denial.individual_id == family.child.pk
        if page.logged_as == "case":
            assert denial.case_id == family.child_case.pk
        assert "Orosanmälan" not in response.content.decode()


@pytest.mark.parametrize("who", list(EXPECTED))
def test_r4_search_finds_only_what_the_user_may_see(client, family, users, who):
    user = users[who]
    client.force_login(user)

    response = client.get("/individuals/", {"q": family.child.identity_number})

    may_search = who not in {"controller", "no membership"}
    assert response.status_code == (200 if may_search else 404)
    found = [i.pk for i in response.context["results"]] if may_search else []
    assert (family.child.pk in found) == (EXPECTED[who] == SEES)
    if found:
        assert AccessLogEntry.objects.filter(
            user=user, individual=family.child, action="search"
        ).exists()


def test_a_denial_for_a_missing_case_is_logged_without_a_dangling_reference(client, family):
    client.force_login(family.vuxen_caseworker)

    response = client.get("/cases/999999/")

    assert response.status_code == 404
    denial = AccessLogEntry.objects.get(user=family.vuxen_caseworker)
    assert (denial.outcome, denial.case_id, denial.path) == ("denied", None, "/cases/999999/")
