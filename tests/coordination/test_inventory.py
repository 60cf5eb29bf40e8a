"""The semester inventory (R19): the transfers due within twelve months per managed unit, on
screen and as CSV; scope (R4), access log, constant queries."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from coordination.models import AccessAction, AccessLogEntry, AccessOutcome, Handover
from coordination.services import case_register, individual_create
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bou(osthammar):
    return osthammar.units.get(code="bou")


def youth(bou, *, born, first_name="Ung", last_name="Person"):
    caseworker = member(Role.CASEWORKER, unit=bou)
    individual = individual_create(first_name=first_name, last_name=last_name, birth_date=born)
    return case_register(actor=caseworker, individual=individual, unit=bou, legal_bases=["sol"])


def login(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def export(client, unit):
    response = client.get(reverse("coordination:inventory_export", args=[unit.pk]))
    assert response.status_code == 200
    assert response.streaming
    raw = b"".join(response.streaming_content)
    return response, raw


def test_r19_page_lists_transfers_within_twelve_months(client, bou):
    # given Östhammar's BoU holds until 20 (R16): one turns 20 in 2025-09, one in 2027
    soon = youth(bou, born=datetime.date(2005, 9, 14), first_name="Snart", last_name="Tjugo")
    later = youth(bou, born=datetime.date(2007, 9, 14), first_name="Senare", last_name="Ung")
    Handover.objects.create(
        case=soon,
        receiving_unit=bou.organisation.units.get(kind="vuxen"),
        passes_on=datetime.date(2025, 9, 14),
        interventions_and_planning="Boendestöd och praktik",
        created_by=member(Role.CASEWORKER, unit=bou),
    )
    manager = member(Role.UNIT_MANAGER, unit=bou)
    login(client, manager)

    # when the manager opens the inventory
    response = client.get(reverse("coordination:inventory"))

    # then the one due within twelve months shows, with end, reason, handover state, needs
    page = response.content.decode()
    assert response.status_code == 200
    for shown in ("Snart Tjugo", "2005-09-14", "2025-09-14", "Package being written"):
        assert shown in page
    assert "Boendestöd och praktik" in page
    assert "Senare Ung" not in page
    # R4 / access log: one row per individual shown
    logged = AccessLogEntry.objects.filter(user=manager, action=AccessAction.LIST)
    assert list(logged.values_list("individual_id", flat=True)) == [soon.individual_id]
    assert later.individual_id not in logged.values_list("individual_id", flat=True)


@pytest.mark.parametrize("role", [Role.DEPUTY_UNIT_MANAGER, Role.COORDINATOR])
def test_r19_deputy_and_coordinator_see_their_unit(client, bou, role):
    youth(bou, born=datetime.date(2005, 12, 1), first_name="Alva", last_name="Ek")
    login(client, member(role, unit=bou))
    assert "Alva Ek" in client.get(reverse("coordination:inventory")).content.decode()


def test_r19_caseworker_and_unitless_get_404(client, bou, osthammar):
    for user in (
        member(Role.CASEWORKER, unit=bou),
        member(Role.CONTROLLER, organisation=osthammar),
    ):
        login(client, user)
        assert client.get(reverse("coordination:inventory")).status_code == 404
        assert (
            client.get(reverse("coordination:inventory_export", args=[bou.pk])).status_code == 404
        )


def test_r4_other_units_manager_cannot_export_and_is_logged(client, bou, osthammar):
    youth(bou, born=datetime.date(2005, 12, 1), first_name="Alva", last_name="Ek")
    other = member(Role.UNIT_MANAGER, unit=osthammar.units.get(kind="vuxen"))
    login(client, other)

    response = client.get(reverse("coordination:inventory_export", args=[bou.pk]))

    assert response.status_code == 404
    denied = AccessLogEntry.objects.get(user=other)
    assert (denied.action, denied.outcome) == (AccessAction.EXPORT, AccessOutcome.DENIED)
    # the other manager's own page lists nothing of BoU
    assert "Alva Ek" not in client.get(reverse("coordination:inventory")).content.decode()


def test_r19_csv_bom_separator_and_formula_injection(client, bou):
    # given a name and needs that a spreadsheet would run as formulas
    case = youth(bou, born=datetime.date(2005, 10, 1), first_name="=HYPERLINK(1)", last_name="X")
    Handover.objects.create(
        case=case,
        receiving_unit=bou.organisation.units.get(kind="vuxen"),
        passes_on=datetime.date(2025, 10, 1),
        interventions_and_planning="+46 stöd; -boende @hem",
        created_by=member(Role.CASEWORKER, unit=bou),
    )
    manager = member(Role.UNIT_MANAGER, unit=bou)
    login(client, manager)

    # when the manager exports
    response, raw = export(client, bou)

    # then: UTF-8 with BOM, ';' separated, the cells neutralised, one EXPORT row per person
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Name",
        "Birth date",
        "Responsibility ends",
        "Reason",
        "Handover",
        "Needs",
    ]
    assert rows[1][0] == "'=HYPERLINK(1) X"
    assert rows[1][1:3] == ["2005-10-01", "2025-10-01"]
    assert rows[1][4] == "Package being written"
    assert rows[1][5] == "'+46 stöd; -boende @hem"
    assert len(rows) == 2
    logged = AccessLogEntry.objects.filter(user=manager, action=AccessAction.EXPORT)
    assert list(logged.values_list("individual_id", flat=True)) == [case.individual_id]


def test_r19_constant_queries_for_one_and_twenty_cases(client, bou, django_assert_max_num_queries):
    manager = member(Role.UNIT_MANAGER, unit=bou)
    youth(bou, born=datetime.date(2005, 11, 1))
    login(client, manager)
    url = reverse("coordination:inventory")
    with django_assert_max_num_queries(14) as one:
        client.get(url)
    for day in range(1, 20):
        youth(bou, born=datetime.date(2005, 11, day))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("2005-11-") == 20
    with django_assert_max_num_queries(len(one.captured_queries)):
        _response, raw = export(client, bou)
    assert raw.decode("utf-8-sig").count("2005-11-") == 20
