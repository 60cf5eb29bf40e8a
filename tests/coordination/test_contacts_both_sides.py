"""The contact record seen from both sides (R6): the other unit sees the record and its two
decisions, never the recording unit's case contents through it (R4)."""

import datetime

import pytest
from django.urls import reverse

from coordination.models import AccessLogEntry, ContactChannel
from coordination.services import case_register, contact_record
from tests.factories import UserFactory, member, person
from units.models import Role

pytestmark = pytest.mark.django_db

URL = reverse("coordination:contacts_with_my_units")


def record(family, **fields):
    """BoU records a contact from the child's case with Vuxen (R6)."""
    values = {
        "actor": family.bou_caseworker,
        "case": family.child_case,
        "other_unit": family.vuxen,
        "other_caseworker": family.vuxen_caseworker,
        "channel": ContactChannel.PHONE,
        "contacted_on": datetime.date(2026, 11, 2),
        "participants": "Britt Bou, Vera Vux",
        "information_transfer_needed": True,
        "joint_work_plan_needed": False,
        "note": "Vi ses på trepartsmöte i december.",
    }
    values.update(fields)
    return contact_record(**values)


def test_r6_the_other_units_caseworker_sees_the_record_but_not_the_case(client, family):
    # given BoU recorded a contact with Vuxen from the child's case
    contact = record(family)
    client.force_login(family.vuxen_caseworker)

    # when the Vuxen caseworker opens "Contacts with my units"
    response = client.get(URL)

    # then the record is there: date, who, channel, participants, decisions, note, person
    assert response.status_code == 200
    assert response.context["contacts"] == [contact]
    html = response.content.decode()
    assert "2026-11-02" in html
    assert family.bou.name in html
    assert "Britt Bou" in html
    assert str(ContactChannel.PHONE.label) in html
    assert "Britt Bou, Vera Vux" in html
    assert "Vi ses på trepartsmöte i december." in html
    assert family.child.full_name in html
    shown = response.context["contacts"][0]
    assert (shown.information_transfer_needed, shown.joint_work_plan_needed) == (True, False)

    # and nothing of BoU's case: no summary, status, legal bases, case id or identity number (R4)
    assert "Orosanmälan från skolan" not in html
    assert "BOU-SECRET-4711" not in html
    assert str(family.child_case.get_status_display()) not in html
    assert "lvu" not in html.lower()
    assert family.child.identity_number not in html
    assert family.child.identity_number[2:8] not in html
    assert reverse("coordination:case_detail", args=[family.child_case.pk]) not in html


def test_r6_the_recording_side_sees_the_same_record_on_its_case(client, family):
    record(family)
    client.force_login(family.bou_caseworker)

    response = client.get(reverse("coordination:case_detail", args=[family.child_case.pk]))

    assert [c.note for c in response.context["contacts"]] == ["Vi ses på trepartsmöte i december."]


def test_r6_every_member_of_the_other_unit_and_the_named_caseworker_see_it(client, family):
    # given a contact with Vuxen naming a caseworker who also works at Familjerätt
    named = member(Role.CASEWORKER, unit=family.organisation.units.get(code="familjeratt"))
    record(family, other_caseworker=named)
    colleague = member(Role.COORDINATOR, unit=family.vuxen)
    outsider = member(Role.CASEWORKER, unit=family.organisation.units.get(code="socialpsykiatri"))

    seen = {}
    for who, user in {
        "vuxen caseworker": family.vuxen_caseworker,
        "vuxen coordinator": colleague,
        "named caseworker": named,
        "third unit": outsider,
    }.items():
        client.force_login(user)
        response = client.get(URL)
        seen[who] = family.child.full_name in response.content.decode()

    assert seen == {
        "vuxen caseworker": True,
        "vuxen coordinator": True,
        "named caseworker": True,
        "third unit": False,
    }


def test_r6_the_viewer_is_linked_to_their_own_case_for_the_person(client, family):
    # given the Vuxen unit has its own case for the person the contact concerns
    record(family)
    own_case = case_register(
        actor=family.vuxen_caseworker, individual=family.child, unit=family.vuxen
    )
    client.force_login(family.vuxen_caseworker)

    response = client.get(URL)

    html = response.content.decode()
    assert reverse("coordination:case_detail", args=[own_case.pk]) in html
    assert reverse("coordination:case_detail", args=[family.child_case.pk]) not in html


def test_each_person_shown_is_logged_once(client, family):
    record(family)
    record(family, contacted_on=datetime.date(2026, 11, 9))
    parent_case = case_register(
        actor=family.bou_caseworker, individual=family.parent, unit=family.bou
    )
    record(family, case=parent_case)
    client.force_login(family.vuxen_caseworker)

    client.get(URL)

    rows = AccessLogEntry.objects.filter(user=family.vuxen_caseworker, action="list")
    assert sorted(rows.values_list("individual_id", flat=True)) == sorted(
        [family.child.pk, family.parent.pk]
    )


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_for_1_and_20_contacts(
    client, family, count, django_assert_max_num_queries
):
    for index in range(count):
        individual = person(born="1990")
        case = case_register(actor=family.bou_caseworker, individual=individual, unit=family.bou)
        record(family, case=case, note=f"Kontakt {index}")
        if index % 2:
            case_register(actor=family.vuxen_caseworker, individual=individual, unit=family.vuxen)
    client.force_login(family.vuxen_caseworker)

    with django_assert_max_num_queries(12):
        response = client.get(URL)

    assert len(response.context["contacts"]) == count


@pytest.mark.parametrize("who", ["controller", "no membership"])
def test_the_page_is_for_unit_roles_only(client, family, who):
    record(family)
    user = (
        member(Role.CONTROLLER, organisation=family.organisation)
        if who == "controller"
        else UserFactory()
    )
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 404
    assert family.child.full_name not in response.content.decode()
