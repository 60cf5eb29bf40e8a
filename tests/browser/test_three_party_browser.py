"""Issue 4 item 6: a three-party meeting from request to outcome, each step by its owner (R13).

The BoU caseworker asks, Vuxen's deputy unit manager appoints, the appointed Vuxen
caseworker records the pre-meeting and the meeting, the BoU caseworker records the
outcome. The pages are read in English (the language cookie), independent of the Swedish
catalogue.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coordination.models import RelationKind, ThreePartyMeeting, ThreePartyState
from coordination.services import case_register, relation_create
from tests.browser.conftest import assert_accessible
from tests.factories import TEST_PASSWORD, member, person
from units.models import Role

SECRET = "BOU-SECRET-4711"
SECRET_SUMMARY = "Orosanmälan från skolan"
QUESTION = "Mamman behöver stöd; vi vill mötas tillsammans med henne."


@pytest.fixture
def scene(transactional_db, live_server, osthammar):
    bou = osthammar.units.get(code="bou")
    vuxen = osthammar.units.get(kind="vuxen")
    bou_worker = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
    vux_worker = member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Vux")
    vux_deputy = member(
        Role.DEPUTY_UNIT_MANAGER, unit=vuxen, first_name="Dagny", last_name="Deputy"
    )
    parent = person(born="1966", first_name="Petra", last_name="Förälder")
    child = person(born="2016", first_name="Kim", last_name="Förälder")
    relation_create(
        actor=bou_worker, from_individual=parent, to_individual=child, kind=RelationKind.GUARDIAN_OF
    )
    case = case_register(
        actor=bou_worker,
        individual=child,
        unit=bou,
        legal_bases=["lvu"],
        external_system="procapita",
        external_reference=SECRET,
    )
    case.summary = SECRET_SUMMARY
    case.save()
    return {
        "url": live_server.url,
        "vuxen": vuxen,
        "bou_worker": bou_worker,
        "vux_worker": vux_worker,
        "vux_deputy": vux_deputy,
        "child": child,
        "case": case,
    }


def sign_in(page: Page, url: str, username: str) -> None:
    """A fresh session in English for the given user."""
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "samverkan_language", "value": "en", "url": url}])
    page.goto(f"{url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_r13_three_party_meeting_from_request_to_outcome(page: Page, scene):
    url = scene["url"]
    today = timezone.localdate().isoformat()

    # the BoU caseworker asks Vuxen for a meeting from the case page
    sign_in(page, url, scene["bou_worker"].username)
    page.goto(f"{url}/cases/{scene['case'].pk}/")
    page.get_by_role("link", name="Request a three-party meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a three-party meeting")
    assert_accessible(page)
    page.get_by_label("Unit you want to meet").select_option(str(scene["vuxen"].pk))
    page.get_by_label("What the meeting is about").fill(QUESTION)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Three-party meeting with")
    expect(page.get_by_role("main")).to_contain_text("Requested")
    assert_accessible(page)

    # Vuxen's deputy unit manager finds the request and appoints Vera
    sign_in(page, url, scene["vux_deputy"].username)
    page.goto(f"{url}/three-party-meetings/requests/")
    page.get_by_role("link", name=scene["child"].full_name).click()
    page.get_by_label("Caseworker to appoint").select_option(str(scene["vux_worker"].pk))
    page.get_by_role("button", name="Appoint").click()
    expect(page.get_by_role("main")).to_contain_text("Caseworker appointed")

    # the appointed caseworker sees the request but none of BoU's case (R4)
    sign_in(page, url, scene["vux_worker"].username)
    page.goto(f"{url}/three-party-meetings/mine/")
    page.get_by_role("link", name=scene["child"].full_name).click()
    main = page.get_by_role("main")
    expect(main).to_contain_text(QUESTION)
    expect(main).to_contain_text("Britt Bou")
    expect(main).to_contain_text(scene["child"].birth_date.isoformat())
    assert SECRET not in page.content()
    assert SECRET_SUMMARY not in page.content()
    assert_accessible(page)
    page.get_by_label("Date of the pre-meeting").fill(today)
    page.get_by_role("button", name="Record the pre-meeting").click()
    expect(main).to_contain_text("Pre-meeting held")
    page.get_by_label("Date of the three-party meeting").fill(today)
    page.get_by_role("button", name="Record the meeting").click()
    expect(main).to_contain_text("Meeting held")

    # the requesting caseworker records the outcome
    sign_in(page, url, scene["bou_worker"].username)
    page.goto(f"{url}/cases/{scene['case'].pk}/")
    page.get_by_role("region", name="Three-party meetings").get_by_role("link").first.click()
    page.get_by_label("Outcome", exact=True).select_option("application_made")
    page.get_by_label("Note on the outcome").fill("Ansökan om stöd lämnad.")
    page.get_by_role("button", name="Record the outcome").click()

    expect(page.get_by_role("main")).to_contain_text("Outcome recorded")
    expect(page.get_by_role("main")).to_contain_text("Application made")
    assert_accessible(page)
    meeting = ThreePartyMeeting.objects.get()
    assert meeting.state == ThreePartyState.CLOSED
    assert meeting.appointed_caseworker == scene["vux_worker"]
