"""The caseworker's pages: register a case with the check before and after (R3), R5, scope."""

import pytest
from django.urls import reverse

from coordination.models import AccessLogEntry, Case, Individual, ProtectedIdentity
from tests.factories import member, person
from units.models import Role

pytestmark = pytest.mark.django_db

REGISTER = "/cases/new/"


def register_form(unit, **fields):
    return {"unit": unit.pk, "legal_bases": ["sol"], **fields}


def test_r3_the_check_is_shown_before_registering(client, family):
    client.force_login(family.vuxen_caseworker)

    # when the Vuxen caseworker enters the parent's number and asks for the check
    response = client.post(
        REGISTER,
        register_form(family.vuxen, identity_number=family.parent.identity_number, step="check"),
    )

    # then BoU and its caseworker are named, and nothing of BoU's case
    page = response.content.decode()
    assert response.status_code == 200
    assert "Barn och ungdom" in page
    assert "Britt Bou" in page
    assert "0173-111 11" in page
    assert "BOU-SECRET-4711" not in page
    assert "Orosanmälan från skolan" not in page
    assert not Case.objects.filter(unit=family.vuxen).exists()


def test_r3_registering_shows_the_check_again_on_the_new_case(client, family):
    client.force_login(family.vuxen_caseworker)

    response = client.post(
        REGISTER,
        register_form(family.vuxen, identity_number=family.parent.identity_number, step="register"),
        follow=True,
    )

    case = Case.objects.get(unit=family.vuxen)
    assert response.redirect_chain[-1][0] == reverse("coordination:case_detail", args=[case.pk])
    page = response.content.decode()
    assert "Britt Bou" in page
    assert "BOU-SECRET-4711" not in page
    assert case.individual == family.parent
    assert case.caseworker == family.vuxen_caseworker


def test_a_new_person_is_registered_together_with_the_case(client, family):
    client.force_login(family.vuxen_caseworker)
    number = person(born="1961").identity_number
    Individual.objects.filter(identity_number=number).delete()

    client.post(
        REGISTER,
        register_form(
            family.vuxen,
            identity_number=number[2:8] + "-" + number[8:],
            first_name="Ny",
            last_name="Klient",
            step="register",
        ),
    )

    individual = Individual.objects.get(identity_number=number)
    assert individual.registered_by_unit == family.vuxen
    assert Case.objects.filter(individual=individual, unit=family.vuxen).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("19661231-1234", "Kontrollsiffran stämmer inte"),
        ("123", "Ett personnummer har 10 eller 12 siffror"),
        ("19990230-1234", None),  # impossible date or check digit: refused either way
    ],
)
def test_an_invalid_number_is_refused_specifically_and_kept(client, family, typed, message):
    client.force_login(family.vuxen_caseworker)

    response = client.post(
        REGISTER, register_form(family.vuxen, identity_number=typed, step="check")
    )

    page = response.content.decode()
    assert response.status_code == 400
    if message:
        assert message in page
    assert f'value="{typed}"' in page
    assert not Case.objects.filter(unit=family.vuxen).exists()


def test_without_a_number_name_and_birth_date_are_required(client, family):
    client.force_login(family.vuxen_caseworker)

    response = client.post(
        REGISTER,
        register_form(family.vuxen, no_identity_number="on", first_name="Ali", step="register"),
    )

    assert response.status_code == 400
    assert 'value="Ali"' in response.content.decode()
    assert not Individual.objects.filter(first_name="Ali").exists()


def test_a_protected_person_shows_a_banner_and_no_address(client, family):
    family.child.protected_identity = ProtectedIdentity.PROTECTED_REGISTRATION
    family.child.address = "Hemliga gatan 1"
    family.child.save()
    client.force_login(family.bou_caseworker)

    for url in (f"/individuals/{family.child.pk}/", f"/cases/{family.child_case.pk}/"):
        page = client.get(url).content.decode()
        assert "Skyddad folkbokföring" in page
        assert "Hemliga gatan" not in page


def test_r5_the_page_refuses_investigation_without_contact_and_says_why(client, family):
    from coordination.services import case_register

    vuxen_case = case_register(
        actor=family.vuxen_caseworker, individual=family.child, unit=family.vuxen
    )
    client.force_login(family.vuxen_caseworker)

    response = client.post(f"/cases/{vuxen_case.pk}/status/", {"status": "investigation"})

    assert response.status_code == 400
    assert "BoU" in response.content.decode()
    vuxen_case.refresh_from_db()
    assert vuxen_case.status == "registered"


def test_r5_the_contact_need_assessment_is_recorded(client, family):
    from coordination.services import case_register

    vuxen_case = case_register(
        actor=family.vuxen_caseworker, individual=family.parent, unit=family.vuxen
    )
    client.force_login(family.vuxen_caseworker)

    response = client.post(f"/cases/{vuxen_case.pk}/contact-need/", {"contact_needed": "yes"})

    assert response.status_code == 302
    vuxen_case.refresh_from_db()
    assert vuxen_case.contact_needed is True
    assert vuxen_case.contact_assessed_at is not None


def test_a_contact_is_recorded_from_the_case_page(client, family):
    client.force_login(family.bou_caseworker)

    response = client.post(
        f"/cases/{family.child_case.pk}/contacts/new/",
        {
            "other_unit": family.vuxen.pk,
            "contacted_on": "2026-11-20",
            "channel": "phone",
            "information_transfer_needed": "on",
        },
    )

    assert response.status_code == 302
    contact = family.child_case.contacts.get()
    assert (contact.other_unit, contact.information_transfer_needed) == (family.vuxen, True)
    assert contact.joint_work_plan_needed is False


def test_a_bad_contact_keeps_what_was_typed(client, family):
    client.force_login(family.bou_caseworker)

    response = client.post(
        f"/cases/{family.child_case.pk}/contacts/new/",
        {
            "other_unit": family.vuxen.pk,
            "contacted_on": "igår",
            "channel": "phone",
            "note": "Ring tillbaka",
        },
    )

    assert response.status_code == 400
    assert "Ring tillbaka" in response.content.decode()
    assert not family.child_case.contacts.exists()


def test_r3_a_child_linked_by_number_joins_the_family(client, family):
    client.force_login(family.vuxen_caseworker)
    from coordination.services import case_register

    case_register(actor=family.vuxen_caseworker, individual=family.parent, unit=family.vuxen)
    sibling = person(born="2019")

    response = client.post(
        f"/individuals/{family.parent.pk}/relations/new/",
        {"kind": "guardian_of", "identity_number": sibling.identity_number},
    )

    assert response.status_code == 302
    assert family.parent.relations_from.filter(to_individual=sibling).exists()


def test_my_cases_lists_open_cases_in_a_fixed_number_of_queries(
    client, family, django_assert_max_num_queries
):
    from coordination.services import case_register

    for _ in range(15):
        case_register(actor=family.bou_caseworker, individual=person(born="2016"), unit=family.bou)
    client.force_login(family.bou_caseworker)

    with django_assert_max_num_queries(12):
        response = client.get("/cases/mine/")

    assert len(response.context["cases"]) == 16
    assert AccessLogEntry.objects.filter(user=family.bou_caseworker, action="list").count() == 16


def test_individual_page_costs_a_fixed_number_of_queries(
    client, family, django_assert_max_num_queries
):
    from coordination.models import RelationKind
    from coordination.services import relation_create

    for _ in range(8):
        relation_create(
            actor=family.bou_caseworker,
            from_individual=family.parent,
            to_individual=person(born="2019"),
            kind=RelationKind.GUARDIAN_OF,
        )
    client.force_login(family.bou_caseworker)

    with django_assert_max_num_queries(21):
        response = client.get(f"/individuals/{family.child.pk}/")

    assert response.status_code == 200


def test_a_manager_without_a_case_role_cannot_register(client, family):
    head = member(Role.DEPARTMENT_HEAD, department=family.bou.department)
    client.force_login(head)

    assert client.get(REGISTER).status_code == 404


def test_r4_reading_another_units_case_with_a_reason_opens_it_and_the_managers_see_it(
    client, family
):
    # given an organisation that allows reads with a stated reason
    family.organisation.cross_unit_read_allowed = True
    family.organisation.save()
    client.force_login(family.vuxen_caseworker)
    url = f"/cases/{family.child_case.pk}/read-with-reason/"

    # when the Vuxen caseworker states a reason
    assert client.get(f"/cases/{family.child_case.pk}/").status_code == 404
    response = client.post(url, {"reason_text": "Akut beslut om placering i kväll"})

    # then the case opens for them, and BoU's unit manager sees the flagged read
    assert response.status_code == 302
    assert client.get(f"/cases/{family.child_case.pk}/").status_code == 200
    client.force_login(member(Role.UNIT_MANAGER, unit=family.bou))
    reviews = client.get("/access-log/reviews/")
    assert [g.reason_text for g in reviews.context["flagged_reads"]] == [
        "Akut beslut om placering i kväll"
    ]


def test_r4_a_read_with_a_reason_needs_a_reason_and_keeps_nothing_without(client, family):
    family.organisation.cross_unit_read_allowed = True
    family.organisation.save()
    client.force_login(family.vuxen_caseworker)

    response = client.post(f"/cases/{family.child_case.pk}/read-with-reason/", {"reason_text": ""})

    assert response.status_code == 400
    assert not family.child_case.grants.exists()


def test_r4_without_the_organisations_permission_there_is_no_read_with_a_reason(client, family):
    client.force_login(family.vuxen_caseworker)

    response = client.get(f"/cases/{family.child_case.pk}/read-with-reason/")

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=family.vuxen_caseworker, outcome="denied", case=family.child_case
    ).exists()
