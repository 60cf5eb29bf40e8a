"""An organisation's administrator maintains only that organisation in the admin (R1)."""

import pytest

from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_organisations(load_organisation):
    return load_organisation("osthammar"), load_organisation("motala")


def test_administrator_sees_only_their_organisations_units(client, two_organisations):
    osthammar, _ = two_organisations
    client.force_login(member(Role.ADMINISTRATOR, organisation=osthammar))

    response = client.get("/admin/units/unit/")

    assert response.status_code == 200
    shown = {unit.pk for unit in response.context["cl"].result_list}
    assert shown == set(osthammar.units.values_list("pk", flat=True))


def test_administrator_cannot_open_another_organisations_unit(client, two_organisations):
    osthammar, motala = two_organisations
    client.force_login(member(Role.ADMINISTRATOR, organisation=osthammar))

    response = client.get(f"/admin/units/unit/{motala.units.first().pk}/change/")

    # the admin answers a unit outside the queryset as missing
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_administrator_cannot_create_organisations(client, two_organisations):
    osthammar, _ = two_organisations
    client.force_login(member(Role.ADMINISTRATOR, organisation=osthammar))

    assert client.get("/admin/units/organisation/add/").status_code == 403


def test_caseworkers_do_not_reach_the_admin(client, two_organisations):
    osthammar, _ = two_organisations
    client.force_login(member(Role.CASEWORKER, unit=osthammar.units.first()))

    response = client.get("/admin/units/unit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
