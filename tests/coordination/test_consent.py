"""Consent (R12) with the age rule of R28: recording, states, withdrawal, the handover
contact that needs consent, overrides and their review, and the scope rule (R4)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from django.utils.translation import gettext as _

from coordination.models import (
    AccessLogEntry,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentOverride,
    ConsentScope,
    Contact,
    OverrideLegalBasis,
)
from coordination.selectors_consent import ConsentState, consent_state
from coordination.services import contact_record
from coordination.services.consent import (
    consent_find_valid,
    consent_override_review,
    consent_record,
    consent_withdraw,
)
from tests.factories import DepartmentFactory, UnitFactory, member, person
from units.models import Role

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=STOCKHOLM), tick=False)
    return TODAY


def travel(time_machine, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(10), STOCKHOLM), tick=False)


def shows(response, text: str) -> bool:
    return escape(text) in response.content.decode()


def handover_consent(family, **fields) -> Consent:
    values = {
        "actor": family.bou_caseworker,
        "individual": family.child,
        "scope": ConsentScope.HANDOVER,
        "unit": family.vuxen,
        "form": ConsentForm.WRITTEN,
        "given_by": ConsentGivenBy.GUARDIANS,
    }
    return consent_record(**{**values, **fields})


def contact_post(family, **fields) -> dict:
    return {
        "other_unit": family.vuxen.pk,
        "contacted_on": "2026-06-15",
        "channel": "phone",
        "participants": "Britt Bou och Vera Vux",
        "information_transfer_needed": "on",
        "for_handover": "on",
        **fields,
    }


def birthday(born: datetime.date, years: int) -> datetime.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February
        return datetime.date(born.year + years, 3, 1)


# --- recording, dates and states ---------------------------------------------------------


def test_r12_a_consent_is_recorded_on_the_persons_page(client, family, today):
    client.force_login(family.bou_caseworker)

    response = client.post(
        f"/individuals/{family.child.pk}/consents/new/",
        {
            "scope": "handover",
            "unit": family.vuxen.pk,
            "given_on": "2026-06-10",
            "form": "written",
            "given_by": "guardians",
            "valid_until": "2026-12-31",
            "note": "Båda vårdnadshavarna på mötet.",
        },
    )

    assert response.status_code == 302
    consent = Consent.objects.get(individual=family.child)
    assert (consent.scope, consent.unit, consent.given_by) == (
        "handover",
        family.vuxen,
        "guardians",
    )
    assert consent.recorded_by == family.bou_caseworker
    page = client.get(f"/individuals/{family.child.pk}/")
    assert shows(page, str(ConsentScope.HANDOVER.label))
    assert shows(page, str(ConsentState.VALID.label))
    assert "2026-12-31" in page.content.decode()


def test_r12_consent_given_in_the_future_or_ending_before_it_began_is_refused(
    client, family, today
):
    client.force_login(family.bou_caseworker)
    data = {
        "scope": "sip",
        "given_on": "2026-06-20",
        "form": "oral",
        "given_by": "guardians",
        "valid_until": "2026-06-01",
        "note": "Skrivet av handläggaren",
    }

    response = client.post(f"/individuals/{family.child.pk}/consents/new/", data)

    assert response.status_code == 400
    assert shows(response, _("Consent cannot be recorded as given in the future."))
    assert not Consent.objects.exists()
    assert "Skrivet av handläggaren" in response.content.decode()

    response = client.post(
        f"/individuals/{family.child.pk}/consents/new/", {**data, "given_on": "2026-06-10"}
    )
    assert response.status_code == 400
    assert shows(response, _("The consent cannot end before it was given."))
    assert not Consent.objects.exists()


def test_r12_what_the_consent_covers_needs_its_unit_or_provider(family, today):
    with pytest.raises(ValidationError) as missing_unit:
        handover_consent(family, unit=None)
    assert "unit" in missing_unit.value.message_dict

    with pytest.raises(ValidationError) as missing_provider:
        handover_consent(family, scope=ConsentScope.WRITTEN_MATERIAL, unit=None)
    assert "provider" in missing_provider.value.message_dict

    consent = handover_consent(
        family, scope=ConsentScope.WRITTEN_MATERIAL, unit=None, provider="SRV Motala"
    )
    assert consent.provider == "SRV Motala"


def test_r12_consent_states_follow_the_date(family, time_machine, today):
    consent = handover_consent(family, valid_until=datetime.date(2026, 9, 30))

    assert consent_state(consent) == ConsentState.VALID

    # within 30 days of the end it is shown as expiring, so it can be renewed
    travel(time_machine, datetime.date(2026, 9, 1))
    assert consent_state(consent) == ConsentState.EXPIRING
    assert consent_find_valid(individual=family.child, scope="handover", unit=family.vuxen)

    # after the end it covers nothing
    travel(time_machine, datetime.date(2026, 10, 1))
    assert consent_state(consent) == ConsentState.EXPIRED
    assert consent_find_valid(individual=family.child, scope="handover", unit=family.vuxen) is None


def test_r12_the_panel_shows_the_state_of_each_consent(client, family, time_machine, today):
    handover_consent(family, valid_until=datetime.date(2026, 7, 1))
    handover_consent(family, scope=ConsentScope.SIP, unit=None, given_on=datetime.date(2026, 1, 1))
    expired = handover_consent(
        family, given_on=datetime.date(2025, 1, 1), valid_until=datetime.date(2025, 12, 31)
    )
    client.force_login(family.bou_caseworker)

    page = client.get(f"/individuals/{family.child.pk}/")

    rows = {row.consent.pk: row.state for row in page.context["consent_rows"]}
    assert rows[expired.pk] == ConsentState.EXPIRED
    assert sorted(rows.values()) == sorted(
        [ConsentState.EXPIRING, ConsentState.VALID, ConsentState.EXPIRED]
    )
    for state in (ConsentState.EXPIRING, ConsentState.VALID, ConsentState.EXPIRED):
        assert shows(page, str(state.label))


# --- withdrawal --------------------------------------------------------------------------


def test_r12_a_withdrawn_consent_is_kept_and_covers_nothing(client, family, today):
    consent = handover_consent(family)
    client.force_login(family.bou_caseworker)

    form = client.get(f"/consents/{consent.pk}/withdraw/")
    response = client.post(f"/consents/{consent.pk}/withdraw/", {"withdrawn_on": "2026-06-15"})

    assert form.status_code == 200
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert consent.history.count() == 2  # recorded, then withdrawn: the change is kept
    assert consent_find_valid(individual=family.child, scope="handover", unit=family.vuxen) is None
    page = client.get(f"/individuals/{family.child.pk}/")
    assert shows(page, str(ConsentState.WITHDRAWN.label))


def test_r12_a_consent_is_withdrawn_once_and_not_before_it_was_given(family, today):
    consent = handover_consent(family, given_on=datetime.date(2026, 6, 1))

    with pytest.raises(ValidationError):
        consent_withdraw(
            actor=family.bou_caseworker, consent=consent, withdrawn_on=datetime.date(2026, 5, 1)
        )
    consent_withdraw(actor=family.bou_caseworker, consent=consent)
    with pytest.raises(ValidationError):
        consent_withdraw(actor=family.bou_caseworker, consent=consent)


# --- the age rule: R12 and R28 -----------------------------------------------------------


@pytest.fixture
def teenager(family):
    return person(born="2011", first_name="Tove", registered_by_unit=family.bou)


def consent_for(family, individual, given_by, note=""):
    return consent_record(
        actor=family.bou_caseworker,
        individual=individual,
        scope=ConsentScope.SIP,
        form=ConsentForm.ORAL,
        given_by=given_by,
        note=note,
    )


def test_r12_r28_guardians_consent_alone_until_the_15th_birthday(family, teenager, time_machine):
    travel(time_machine, birthday(teenager.birth_date, 15) - datetime.timedelta(days=1))

    assert consent_for(family, teenager, ConsentGivenBy.GUARDIANS)
    with pytest.raises(ValidationError) as child_alone:
        consent_for(family, teenager, ConsentGivenBy.INDIVIDUAL, note="Vill själv")
    assert "given_by" in child_alone.value.message_dict


def test_r12_r28_from_the_15th_birthday_guardians_alone_are_refused(
    client, family, teenager, time_machine
):
    travel(time_machine, birthday(teenager.birth_date, 15))
    client.force_login(family.bou_caseworker)

    response = client.post(
        f"/individuals/{teenager.pk}/consents/new/",
        {
            "scope": "sip",
            "given_on": birthday(teenager.birth_date, 15).isoformat(),
            "form": "oral",
            "given_by": "guardians",
        },
    )

    # then the page says why: the child's own consent is needed too
    assert response.status_code == 400
    message = _(
        "The child is %(age)s or older: the child's own consent is needed too "
        "(R12, R28). Record the consent as given by the individual and the guardians."
    ) % {"age": 15}
    assert shows(response, message)
    assert not Consent.objects.filter(individual=teenager).exists()
    # the child with the guardians is accepted
    assert consent_for(family, teenager, ConsentGivenBy.INDIVIDUAL_AND_GUARDIANS)


def test_r28_from_15_the_child_alone_needs_the_caseworkers_written_assessment(
    family, teenager, time_machine
):
    travel(time_machine, birthday(teenager.birth_date, 15))

    with pytest.raises(ValidationError):
        consent_for(family, teenager, ConsentGivenBy.INDIVIDUAL)
    consent = consent_for(
        family,
        teenager,
        ConsentGivenBy.INDIVIDUAL,
        note="Bedömning: Tove är mogen att själv samtycka; vårdnadshavarna motsätter sig.",
    )
    assert consent.given_by == ConsentGivenBy.INDIVIDUAL


def test_r12_an_adult_consents_alone(family, today):
    family.parent.registered_by_unit = family.bou
    family.parent.save()
    with pytest.raises(ValidationError):
        consent_for(family, family.parent, ConsentGivenBy.GUARDIANS)
    with pytest.raises(ValidationError):
        consent_for(family, family.parent, ConsentGivenBy.INDIVIDUAL_AND_GUARDIANS)
    assert consent_for(family, family.parent, ConsentGivenBy.INDIVIDUAL)


def test_r28_the_consent_age_is_the_organisations_setting(family, teenager, time_machine):
    family.organisation.child_consent_age = 16
    family.organisation.save()
    travel(time_machine, birthday(teenager.birth_date, 15))

    # at 15 the guardians still consent alone in this organisation
    assert consent_for(family, teenager, ConsentGivenBy.GUARDIANS)


# --- the handover contact needs consent (R12) --------------------------------------------


def test_r12_a_handover_contact_without_consent_is_blocked_and_keeps_what_was_typed(
    client, family, today
):
    client.force_login(family.bou_caseworker)

    response = client.post(f"/cases/{family.child_case.pk}/contacts/new/", contact_post(family))

    assert response.status_code == 400
    message = _(
        "Consent is missing: %(scope)s (%(unit)s) for %(person)s. Record the consent, "
        "or state the legal basis for going ahead without it."
    ) % {
        "scope": ConsentScope.HANDOVER.label,
        "unit": family.vuxen.name,
        "person": family.child.full_name,
    }
    assert shows(response, message)
    assert "Britt Bou och Vera Vux" in response.content.decode()
    assert response.context["show_override"] is True
    assert 'name="override_legal_basis"' in response.content.decode()
    assert not Contact.objects.exists()
    assert not ConsentOverride.objects.exists()


def test_r12_with_consent_the_handover_contact_goes_through(client, family, today):
    handover_consent(family)
    client.force_login(family.bou_caseworker)

    response = client.post(f"/cases/{family.child_case.pk}/contacts/new/", contact_post(family))

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.for_handover is True
    assert not ConsentOverride.objects.exists()


def test_r12_consent_to_another_unit_does_not_cover_the_handover(family, today):
    other = UnitFactory(
        department=family.bou.department, organisation=family.organisation, code="srv"
    )
    handover_consent(family, unit=other)

    with pytest.raises(ValidationError):
        contact_record(
            actor=family.bou_caseworker,
            case=family.child_case,
            other_unit=family.vuxen,
            channel="phone",
            information_transfer_needed=True,
            joint_work_plan_needed=False,
            for_handover=True,
        )
    assert not Contact.objects.exists()


def test_a_contact_that_starts_no_handover_needs_no_consent(client, family, today):
    client.force_login(family.bou_caseworker)

    response = client.post(
        f"/cases/{family.child_case.pk}/contacts/new/", contact_post(family, for_handover="")
    )

    assert response.status_code == 302
    assert Contact.objects.get().for_handover is False


def test_r12_an_override_needs_both_legal_basis_and_reason(client, family, today):
    client.force_login(family.bou_caseworker)

    response = client.post(
        f"/cases/{family.child_case.pk}/contacts/new/",
        contact_post(family, override_legal_basis=OverrideLegalBasis.CHILD_CONCERN),
    )

    assert response.status_code == 400
    assert shows(response, _("Write why the action cannot wait for consent."))
    assert not Contact.objects.exists()


def test_r12_override_records_the_contact_flags_it_and_a_manager_reviews_it(
    client, family, today, django_assert_max_num_queries
):
    manager = member(Role.UNIT_MANAGER, unit=family.bou)
    client.force_login(family.bou_caseworker)

    # when the caseworker goes ahead on a legal basis
    response = client.post(
        f"/cases/{family.child_case.pk}/contacts/new/",
        contact_post(
            family,
            override_legal_basis=OverrideLegalBasis.CHILD_CONCERN,
            override_reason="Akut oro, vårdnadshavarna nås inte.",
        ),
    )

    # then the contact is saved and the override is flagged for review
    assert response.status_code == 302
    assert Contact.objects.get().for_handover
    override = ConsentOverride.objects.get()
    assert override.flagged_for_review
    assert (override.case, override.scope) == (family.child_case, ConsentScope.HANDOVER)
    page = client.get(f"/individuals/{family.child.pk}/")
    assert shows(page, override.action)

    # and the unit manager sees it in the review list, in a fixed number of queries
    for _n in range(5):
        ConsentOverride.objects.create(
            individual=person(born="2016"),
            case=family.child_case,
            scope=ConsentScope.SIP,
            action="SIP",
            legal_basis=OverrideLegalBasis.NO_HARM,
            reason="Test",
            overridden_by=family.bou_caseworker,
        )
    client.force_login(manager)
    with django_assert_max_num_queries(10):
        listing = client.get("/consents/overrides/")
    assert listing.status_code == 200
    assert len(listing.context["overrides"]) == 6
    assert "Akut oro, vårdnadshavarna nås inte." in listing.content.decode()
    assert AccessLogEntry.objects.filter(user=manager, action="list").count() == 6

    # when the manager marks it reviewed, it leaves the list and says who reviewed it
    response = client.post(f"/consents/overrides/{override.pk}/review/")
    assert response.status_code == 302
    override.refresh_from_db()
    assert not override.flagged_for_review
    assert override.reviewed_by == manager
    assert override.reviewed_at is not None
    assert len(client.get("/consents/overrides/").context["overrides"]) == 5


def test_r12_a_controller_reviews_the_whole_organisations_overrides(family, today):
    controller = member(Role.CONTROLLER, organisation=family.organisation)
    handover_override = ConsentOverride.objects.create(
        individual=family.child,
        case=family.child_case,
        scope=ConsentScope.HANDOVER,
        action="Kontakt",
        legal_basis=OverrideLegalBasis.CHILD_CONCERN,
        reason="Akut",
        overridden_by=family.bou_caseworker,
    )

    reviewed = consent_override_review(actor=controller, override=handover_override)

    assert reviewed.reviewed_by == controller
    with pytest.raises(ValidationError):
        consent_override_review(actor=controller, override=handover_override)


def test_r4_another_organisations_manager_cannot_see_or_review_an_override(client, family, today):
    elsewhere = UnitFactory(department=DepartmentFactory())
    stranger = member(Role.UNIT_MANAGER, unit=elsewhere)
    vuxen_manager = member(Role.UNIT_MANAGER, unit=family.vuxen)
    override = ConsentOverride.objects.create(
        individual=family.child,
        case=family.child_case,
        scope=ConsentScope.HANDOVER,
        action="Kontakt",
        legal_basis=OverrideLegalBasis.CHILD_CONCERN,
        reason="Akut",
        overridden_by=family.bou_caseworker,
    )

    for outsider in (stranger, vuxen_manager):
        client.force_login(outsider)
        assert client.get("/consents/overrides/").context["overrides"] == []
        assert client.post(f"/consents/overrides/{override.pk}/review/").status_code == 404
        assert AccessLogEntry.objects.filter(user=outsider, outcome="denied").exists()
        with pytest.raises(Http404):
            consent_override_review(actor=outsider, override=override)
    override.refresh_from_db()
    assert override.flagged_for_review


def test_the_override_review_list_is_for_managers_and_controllers_only(client, family):
    client.force_login(family.bou_caseworker)

    assert client.get("/consents/overrides/").status_code == 404


# --- scope: who may record and withdraw (R4) ---------------------------------------------


def test_r4_out_of_scope_consent_pages_answer_404_and_log_the_denial(client, family, today):
    consent = handover_consent(family)
    # Vuxen sees nothing of the child; a controller has no unit role
    outsiders = [
        family.vuxen_caseworker,
        member(Role.CONTROLLER, organisation=family.organisation),
    ]

    for outsider in outsiders:
        client.force_login(outsider)
        urls = [
            f"/individuals/{family.child.pk}/consents/new/",
            f"/consents/{consent.pk}/withdraw/",
        ]
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(urls[1], {"withdrawn_on": "2026-06-15"}).status_code == 404
        denials = AccessLogEntry.objects.filter(user=outsider, outcome="denied")
        assert denials.count() == 3
        assert set(denials.values_list("individual_id", flat=True)) == {family.child.pk}
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_r4_the_service_refuses_an_individual_outside_the_actors_scope(family, today):
    with pytest.raises(Http404):
        handover_consent(family, actor=family.vuxen_caseworker)


def test_consent_pages_log_the_person_shown(client, family, today):
    client.force_login(family.bou_caseworker)

    client.get(f"/individuals/{family.child.pk}/consents/new/")

    assert AccessLogEntry.objects.filter(
        user=family.bou_caseworker, individual=family.child, outcome="granted"
    ).exists()


def test_r12_the_case_page_shows_the_consents_in_a_fixed_number_of_queries(
    client, family, today, django_assert_max_num_queries
):
    client.force_login(family.bou_caseworker)
    handover_consent(family)
    # The whole case page, every panel included (routines, costs and joint visits add three
    # each, copies two).
    with django_assert_max_num_queries(48):
        client.get(f"/cases/{family.child_case.pk}/")

    with CaptureQueriesContext(connection) as one:
        client.get(f"/cases/{family.child_case.pk}/")
    for _n in range(6):
        handover_consent(family)
    with CaptureQueriesContext(connection) as seven:
        response = client.get(f"/cases/{family.child_case.pk}/")

    assert len(response.context["consent_rows"]) == 7
    assert len(seven.captured_queries) == len(one.captured_queries)
