"""Each role's dashboard shows what that role needs, in a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import ThreePartyMeeting, ThreePartyState
from coordination.services import case_register
from tests.factories import member, person
from units.models import Membership, Role

pytestmark = pytest.mark.django_db


# The most statements a dashboard needs: the session, the user, the roles, the role's own
# reads (units, contacts, ladder, meeting series, organisations), the "waiting for you"
# list (the case items' union and the three-party meetings; the managers' units), the
# managers' blocks (issue 6 item 5: the escalation queue, the next meeting and its agenda,
# the age thresholds, the young people near a threshold and their ends (two), the handovers
# announced to the units, the overdue items) and, when a list names someone, the acting
# membership and the INSERT of the access-log rows (one more INSERT for an agenda's cases).
# Measured on the demo data with cooperation items, the inbox link's unread count included:
# unit manager 21, deputy unit manager 19 (no escalation level in Östhammar), department
# head 16, coordinator 14, caseworker 11, controller and administrator 7; the same for one
# item and for many. A next meeting with an agenda adds two (the agenda and the INSERT of
# its access-log rows).
DASHBOARD_QUERY_CAP = 24
# Writing the access-log rows for the people shown (one statement for the acting
# membership, one INSERT for all rows); not written when the list names no one.
ACCESS_LOG_WRITE = 2
WAITING_ROLES = {Role.CASEWORKER, Role.COORDINATOR, Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER}


def _cooperation_items(user, organisation, count: int) -> None:
    """`count` children with three-party meetings: a request to every unit of the
    organisation (R13: its deputies, or its unit managers where there is none, appoint)
    and an appointed meeting the user takes part in as the appointed caseworker."""
    bou = organisation.units.get(code="bou")
    requester = member(Role.CASEWORKER, unit=bou)
    units = list(organisation.units.all())
    for number in range(count):
        child = person(born="2011", first_name="Samverkan", last_name=f"Barn{number}")
        case = case_register(actor=requester, individual=child, unit=bou)
        for unit in units:
            ThreePartyMeeting.objects.create(
                case=case, requested_unit=unit, requested_by=requester, question="Fråga"
            )
        ThreePartyMeeting.objects.create(
            case=case,
            requested_unit=units[-1],
            requested_by=requester,
            question="Fråga",
            state=ThreePartyState.APPOINTED,
            appointed_caseworker=user,
            appointed_at=timezone.now(),
        )


@pytest.mark.parametrize("role", list(Role))
def test_dashboard_query_count_does_not_grow_with_the_organisation_or_cooperation(
    client, demo_logins, role, django_assert_max_num_queries
):
    from units.models import User

    user = User.objects.get(username=demo_logins[role.value])
    organisation = user.memberships.first().organisation
    if role == Role.UNIT_MANAGER:
        # R13: where a unit has no deputy its unit manager appoints; so that the unit
        # manager's dashboard lists requests, the demo deputies step down
        for deputy in Membership.objects.filter(
            unit__in=user.memberships.values("unit"), role=Role.DEPUTY_UNIT_MANAGER
        ):
            deputy.is_active = False
            deputy.save()  # one by one: memberships keep their history
    client.force_login(user)
    url = reverse("portal:dashboard", args=[role.value])
    client.get(url)  # the session settles on the first request

    # without cooperation items
    with CaptureQueriesContext(connection) as without:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["dashboard"].waiting == []
    # a manager's handover and overdue lists may already name someone (the demo has young
    # people near their threshold birthday): then the access log is already written
    logged_before = bool(response.context["dashboard"].listed_individual_ids)

    # with one child's items, and with five children's
    _cooperation_items(user, organisation, 1)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    shown = bool(response.context["dashboard"].waiting)
    assert shown == (role in WAITING_ROLES)
    _cooperation_items(user, organisation, 4)
    with django_assert_max_num_queries(DASHBOARD_QUERY_CAP) as many:
        response = client.get(url)

    assert len(response.context["dashboard"].waiting) == (5 if shown else 0)
    assert len(one.captured_queries) == len(many.captured_queries)
    assert len(one.captured_queries) == len(without.captured_queries) + (
        ACCESS_LOG_WRITE if shown and not logged_before else 0
    )


def test_caseworker_sees_whom_to_contact_at_their_unit(client, osthammar):
    unit = osthammar.units.get(kind="bou")
    caseworker = member(Role.CASEWORKER, unit=unit)
    member(Role.COORDINATOR, unit=unit, first_name="Cecilia", last_name="Samordnare")
    client.force_login(caseworker)

    response = client.get(reverse("portal:dashboard", args=["caseworker"]))

    page = response.content.decode()
    assert unit.name in page
    assert "Cecilia Samordnare" in page


def test_r2_deputy_manager_sees_the_ladder_level_where_they_decide(client, load_organisation):
    organisation = load_organisation("stockholm-district")
    unit = organisation.units.first()
    client.force_login(member(Role.DEPUTY_UNIT_MANAGER, unit=unit))

    response = client.get(reverse("portal:dashboard", args=["deputy_unit_manager"]))

    levels = response.context["dashboard"].escalation_levels
    assert [level.rank for level in levels] == [2]


def test_r21_deputy_manager_sees_their_standing_meetings(client, load_organisation):
    organisation = load_organisation("stockholm-district")
    client.force_login(member(Role.DEPUTY_UNIT_MANAGER, unit=organisation.units.first()))

    response = client.get(reverse("portal:dashboard", args=["deputy_unit_manager"]))

    kinds = {series.kind for series in response.context["dashboard"].meeting_series}
    assert {"alignment", "coordination"} <= kinds


def test_controller_sees_only_their_own_organisation(client, load_organisation):
    osthammar = load_organisation("osthammar")
    load_organisation("motala")
    client.force_login(member(Role.CONTROLLER, organisation=osthammar))

    response = client.get(reverse("portal:dashboard", args=["controller"]))

    assert [o.code for o in response.context["dashboard"].organisations] == ["osthammar"]


@pytest.mark.parametrize("role", ["unit_manager", "controller"])
def test_log_reviewers_find_the_access_log_from_their_dashboard(client, demo_logins, role):
    from units.models import User

    client.force_login(User.objects.get(username=demo_logins[role]))

    page = client.get(reverse("portal:dashboard", args=[role])).content.decode()

    assert reverse("access_log:list") in page
    assert reverse("access_log:sample") in page


COOPERATION_LINKS = {
    "contacts_with_my_units",
    "co_caseworker_mine",
    "three_party_mine",
    "three_party_requests",
    "acute_list",
    "consent_override_review_list",
    "handover_incoming",
    "feed_settings",
    "inventory",
}
UNIT_LINKS = {
    "contacts_with_my_units",
    "co_caseworker_mine",
    "three_party_mine",
    "handover_incoming",
    "feed_settings",
}
# R19: the youth unit's managers and coordinators prepare the semester inventory.
INVENTORY_LINKS = {"inventory"}
MANAGER_LINKS = {"three_party_requests", "acute_list"}
REVIEW_LINKS = {"consent_override_review_list"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.CASEWORKER, UNIT_LINKS),
        (Role.COORDINATOR, UNIT_LINKS | INVENTORY_LINKS),
        # R13, R15: managers handle requests for three-party meetings and acute consultations
        (Role.DEPUTY_UNIT_MANAGER, UNIT_LINKS | MANAGER_LINKS | INVENTORY_LINKS),
        # R12: unit managers and controllers review consent overrides
        (Role.UNIT_MANAGER, UNIT_LINKS | MANAGER_LINKS | REVIEW_LINKS | INVENTORY_LINKS),
        (Role.CONTROLLER, REVIEW_LINKS),
        (Role.DEPARTMENT_HEAD, set()),
        (Role.ADMINISTRATOR, set()),
    ],
)
def test_each_role_finds_its_lists_of_work_between_units_on_its_dashboard(
    client, demo_logins, role, expected
):
    from units.models import User

    client.force_login(User.objects.get(username=demo_logins[role.value]))

    page = client.get(reverse("portal:dashboard", args=[role.value])).content.decode()

    shown = {n for n in COOPERATION_LINKS if f'href="{reverse(f"coordination:{n}")}"' in page}
    assert shown == expected
    # every link opens for the role
    for name in sorted(expected):
        assert client.get(reverse(f"coordination:{name}")).status_code == 200, name
