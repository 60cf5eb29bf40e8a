"""Issue 4's consent flow in a browser (R12): a handover contact is blocked without consent,
the consent is recorded on the person's page, and then the contact goes through."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import Page, expect

from coordination.models import (
    CarePlanningKind,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentOverride,
    ConsentScope,
    Contact,
    OverrideLegalBasis,
    RelationKind,
)
from coordination.services import case_register, relation_create
from tests.browser.conftest import assert_accessible
from tests.factories import TEST_PASSWORD, member, person
from units.models import Role

PARTICIPANTS = "Britt Bou, Vera Vux och Petra Förälder"


@pytest.fixture
def scene(transactional_db, live_server, osthammar):
    bou = osthammar.units.get(code="bou")
    vuxen = osthammar.units.get(kind="vuxen")
    bou_worker = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
    member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Vux")
    parent = person(born="1966", first_name="Petra", last_name="Förälder")
    child = person(born="2016", first_name="Kim", last_name="Förälder")
    relation_create(
        actor=bou_worker, from_individual=parent, to_individual=child, kind=RelationKind.GUARDIAN_OF
    )
    case = case_register(actor=bou_worker, individual=child, unit=bou)
    return {
        "url": live_server.url,
        "vuxen": vuxen,
        "bou_worker": bou_worker,
        "child": child,
        "case": case,
    }


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def fill_handover_contact(page: Page, scene) -> None:
    page.goto(f"{scene['url']}/cases/{scene['case'].pk}/contacts/new/")
    page.get_by_label(_("Other unit")).select_option(str(scene["vuxen"].pk))
    page.get_by_label(_("Date"), exact=True).fill(timezone.localdate().isoformat())
    page.get_by_label(_("Channel")).select_option("meeting")
    page.get_by_label(_("Participants")).fill(PARTICIPANTS)
    page.get_by_label(_("This contact starts a handover")).check()
    page.get_by_role("button", name=_("Record the contact")).click()


def test_r12_a_handover_contact_waits_for_consent_recorded_on_the_persons_page(page: Page, scene):
    sign_in(page, scene["url"], scene["bou_worker"].username)

    # when the caseworker records a contact that starts a handover, without consent
    fill_handover_contact(page, scene)

    # then it is refused with the reason, and what was typed is still there
    missing = _(
        "Consent is missing: %(scope)s (%(unit)s) for %(person)s. Record the consent, "
        "or state the legal basis for going ahead without it."
    ) % {
        "scope": ConsentScope.HANDOVER.label,
        "unit": scene["vuxen"].name,
        "person": scene["child"].full_name,
    }
    expect(page.get_by_role("alert")).to_contain_text(missing)
    expect(page.get_by_label(_("Participants"))).to_have_value(PARTICIPANTS)
    expect(page.get_by_label(_("This contact starts a handover"))).to_be_checked()
    expect(page.get_by_label(_("Legal basis for going ahead without consent"))).to_be_visible()
    assert not Contact.objects.exists()
    assert_accessible(page)

    # when the guardians' consent is recorded on the person's page
    page.goto(f"{scene['url']}/individuals/{scene['child'].pk}/")
    page.get_by_role("link", name=_("Record a consent"), exact=True).click()
    page.get_by_label(str(ConsentScope.HANDOVER.label), exact=True).check()
    page.get_by_role("combobox", name=_("Named unit")).select_option(str(scene["vuxen"].pk))
    page.get_by_label(str(ConsentForm.WRITTEN.label), exact=True).check()
    page.get_by_label(str(ConsentGivenBy.GUARDIANS.label), exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name=_("Record the consent")).click()

    # then the person's page lists it as valid
    panel = page.get_by_role("region", name=_("Consent"), exact=True)
    expect(panel).to_contain_text(str(ConsentScope.HANDOVER.label))
    expect(panel).to_contain_text(_("Valid"))
    assert Consent.objects.get().unit == scene["vuxen"]
    assert_accessible(page)

    # and the contact now goes through
    fill_handover_contact(page, scene)
    expect(page.get_by_role("status")).to_contain_text(_("The contact is recorded."))
    contact = Contact.objects.get()
    assert contact.for_handover
    assert contact.participants == PARTICIPANTS


def test_r12_r14_the_sip_form_and_the_override_review_are_accessible(page: Page, scene):
    manager = member(Role.UNIT_MANAGER, unit=scene["case"].unit)
    sign_in(page, scene["url"], scene["bou_worker"].username)

    # when a SIP is recorded without consent, it is refused and the override is offered
    page.goto(f"{scene['url']}/cases/{scene['case'].pk}/care-planning/new/")
    assert_accessible(page)
    page.get_by_label(str(CarePlanningKind.SIP.label), exact=True).check()
    page.get_by_label(_("Date of the meeting")).fill(timezone.localdate().isoformat())
    page.get_by_label("IFO", exact=True).check()
    follow_up = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label(_("Follow-up meeting"), exact=True).fill(follow_up.isoformat())
    page.get_by_role("button", name=_("Record the meeting")).click()
    expect(page.get_by_role("alert")).to_contain_text(str(ConsentScope.SIP.label))
    assert_accessible(page)

    # and with a legal basis it is recorded, flagged for the manager's review
    page.get_by_label(_("Legal basis for going ahead without consent")).select_option(
        OverrideLegalBasis.COMPULSORY_CARE.value
    )
    page.get_by_label(_("Why the action cannot wait for consent")).fill("LVU-vård pågår.")
    page.get_by_role("button", name=_("Record the meeting")).click()
    expect(page.get_by_role("status")).to_contain_text(_("The meeting is recorded."))
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, scene["url"], manager.username)
    page.goto(f"{scene['url']}/consents/overrides/")
    expect(page.get_by_role("table")).to_contain_text("LVU-vård pågår.")
    assert_accessible(page)
    page.get_by_role("button", name=_("Mark as reviewed")).click()
    expect(page.get_by_role("status")).to_contain_text(_("The override is marked as reviewed."))
    assert ConsentOverride.objects.get().reviewed_by == manager
