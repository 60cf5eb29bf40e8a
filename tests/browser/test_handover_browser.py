"""Issue 5 item 3: a handover from BoU to Vuxen, from the deadline notice to the birthday
(R17, R18), each step from its owner's login.

The sweep raises the deadline; the BoU caseworker finds it in the inbox, writes the package
and sends it (refused until consent is recorded, R12); Vuxen's deputy unit manager confirms
receipt and appoints Vera; Vera records the joint meeting; on the 20th birthday the task
passes responsibility (run in the test under time-machine: the live server keeps real time,
so the young person is born 20 years before a day about five months ahead).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from coordination.models import (
    CaseStatus,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentScope,
    Handover,
    HandoverState,
)
from coordination.selectors_age import stockholm_today
from coordination.services import case_register, individual_create
from coordination.services.deadlines import deadlines_sweep
from coordination.tasks_handovers import handovers_pass_due
from tests.browser.conftest import assert_accessible
from tests.factories import TEST_PASSWORD, member
from units.models import Role

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SECRET = "BOU-SECRET-4711"
SECRET_SUMMARY = "Orosanmälan från skolan"
SITUATION = "Studerar på gymnasiet och vill flytta hemifrån."


def _birthday_ahead() -> datetime.date:
    day = stockholm_today() + datetime.timedelta(days=150)
    return day + datetime.timedelta(days=1) if (day.month, day.day) == (2, 29) else day


@pytest.fixture
def scene(transactional_db, live_server, osthammar):
    bou = osthammar.units.get(code="bou")
    vuxen = osthammar.units.get(kind="vuxen")
    bou_worker = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
    vux_worker = member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Vux")
    vux_deputy = member(
        Role.DEPUTY_UNIT_MANAGER, unit=vuxen, first_name="Dagny", last_name="Deputy"
    )
    birthday = _birthday_ahead()
    young = individual_create(
        first_name="Kim", last_name="Ung", birth_date=birthday.replace(year=birthday.year - 20)
    )
    case = case_register(
        actor=bou_worker,
        individual=young,
        unit=bou,
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
        "young": young,
        "case": case,
        "birthday": birthday,
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


def test_r17_r18_handover_from_the_deadline_notice_to_the_birthday(page: Page, scene):
    url, case, young = scene["url"], scene["case"], scene["young"]
    main = page.get_by_role("main")

    # the sweep raises the deadline; the BoU caseworker finds it in the inbox (R17)
    deadlines_sweep()
    sign_in(page, url, scene["bou_worker"].username)
    page.goto(f"{url}/inbox/")
    expect(main).to_contain_text("Handover to be announced")
    page.get_by_role("link", name=young.full_name).first.click()
    start = page.get_by_role("link", name="Start a handover")
    if start.count():  # the panel, once case_detail.html calls {% case_handovers case %}
        start.click()
    else:
        page.goto(f"{url}/cases/{case.pk}/handover/new/")

    # the package (R18); the day responsibility passes is the 20th birthday
    expect(page.get_by_role("heading", level=1)).to_have_text("Handover package")
    expect(page.get_by_label("Responsibility passes")).to_have_value(scene["birthday"].isoformat())
    assert_accessible(page)
    page.get_by_label("Receiving unit").select_option(str(scene["vuxen"].pk))
    page.get_by_label("Background and family situation").fill("Bor med mamma.")
    page.get_by_label("Current situation").fill(SITUATION)
    page.get_by_label("Ongoing interventions and planning").fill("Kontaktperson enligt SoL.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Handover of {young.full_name}")

    # sending without the handover consent is refused, the override is offered (R12)
    page.get_by_role("button", name="Send to the receiving unit").click()
    expect(main).to_contain_text("Consent is missing")
    expect(page.get_by_label("Legal basis for going ahead without consent")).to_be_visible()
    assert_accessible(page)
    Consent.objects.create(  # the caseworker records the young person's consent
        individual=young,
        scope=ConsentScope.HANDOVER,
        unit=scene["vuxen"],
        form=ConsentForm.WRITTEN,
        given_by=ConsentGivenBy.INDIVIDUAL,
        recorded_by=scene["bou_worker"],
    )
    page.get_by_role("button", name="Send to the receiving unit").click()
    expect(main).to_contain_text("The handover package is sent to")
    expect(main).to_contain_text("Sent to the receiving unit")

    # Vuxen's deputy unit manager reads the package, not the case (R4), and appoints Vera
    sign_in(page, url, scene["vux_deputy"].username)
    page.goto(f"{url}/inbox/")
    expect(main).to_contain_text("Handover package received")
    page.goto(f"{url}/handovers/incoming/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Handovers to my units")
    assert_accessible(page)
    page.get_by_role("link", name=young.full_name).click()
    expect(main).to_contain_text(SITUATION)
    assert SECRET not in page.content()
    assert SECRET_SUMMARY not in page.content()
    page.get_by_role("button", name="Confirm receipt").click()
    expect(main).to_contain_text("Receipt of the handover package is confirmed.")
    page.get_by_label("Receiving caseworker", exact=True).select_option(str(scene["vux_worker"].pk))
    page.get_by_role("button", name="Appoint").click()
    expect(main).to_contain_text("is appointed receiving caseworker")
    assert_accessible(page)

    # Vera, now co-caseworker for the transition, records the joint meeting (R18)
    sign_in(page, url, scene["vux_worker"].username)
    page.goto(f"{url}/handovers/incoming/")
    page.get_by_role("link", name=young.full_name).click()
    page.get_by_label("Joint meeting", exact=True).fill(
        (stockholm_today() + datetime.timedelta(days=30)).isoformat()
    )
    page.get_by_role("button", name="Record the joint meeting").click()
    expect(main).to_contain_text("The joint meeting is recorded.")

    # the 20th birthday: the task passes responsibility, once (R17)
    birthday = scene["birthday"]
    morning = datetime.datetime(birthday.year, birthday.month, birthday.day, 0, 5, tzinfo=STOCKHOLM)
    with time_machine.travel(morning, tick=False):
        assert handovers_pass_due() == 1
        assert handovers_pass_due() == 0
    handover = Handover.objects.get()
    assert handover.state == HandoverState.PASSED

    # Vera reaches the new case at Vuxen from the handover
    page.reload()
    expect(main).to_contain_text("Responsibility passed")
    page.get_by_role("link", name="The case at the receiving unit").click()
    expect(main).to_contain_text(scene["vuxen"].name)
    assert page.url.endswith(f"/cases/{handover.receiving_case_id}/")

    # Britt's case at BoU is closed
    sign_in(page, url, scene["bou_worker"].username)
    page.goto(f"{url}/handovers/{handover.pk}/")
    expect(main).to_contain_text("Responsibility passed")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
