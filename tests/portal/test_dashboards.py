"""Each role's dashboard shows what that role needs, in a bounded number of queries."""

import pytest
from django.urls import reverse

from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_dashboard_query_count_does_not_grow_with_the_organisation(
    client, demo_logins, role, django_assert_max_num_queries
):
    from units.models import User

    client.force_login(User.objects.get(username=demo_logins[role.value]))
    url = reverse("portal:dashboard", args=[role.value])

    with django_assert_max_num_queries(14):
        response = client.get(url)

    assert response.status_code == 200


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
