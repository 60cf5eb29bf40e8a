"""Issue 6: a submission from a deputy unit manager to the frozen agenda and the published
minutes (R22, R23), each step from its owner's login.

Dana (deputy unit manager at BoU, Stockholm district) submits a case and an anonymous
consultation before the cutoff; Olle (deputy at Beroende, who chairs: the district's
`late_submission_accepted_by` role) freezes the agenda, holds the meeting with Dana as
minute-taker; Dana records each item's outcome and publishes the minutes; Olle reads them.
The live server keeps real time, so the meeting is ten days ahead of today.
"""

import datetime

import pytest
from playwright.sync_api import Page, expect

from coordination.selectors_age import age_on, stockholm_today
from coordination.services import case_register
from meetings.models import Meeting, MeetingState, Submission
from tests.browser.conftest import assert_accessible
from tests.factories import TEST_PASSWORD, member, person
from tests.meetings.factories_meetings import meeting_on, series_create
from units.models import Role


@pytest.fixture
def scene(transactional_db, live_server, load_organisation):
    stockholm = load_organisation("stockholm-district")
    bou = stockholm.units.get(code="bou")
    caseworker = member(Role.CASEWORKER, unit=bou)
    dana = member(Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Dana", last_name="Deputy")
    olle = member(
        Role.DEPUTY_UNIT_MANAGER,
        unit=stockholm.units.get(code="beroende"),
        first_name="Olle",
        last_name="Ordförande",
    )
    day = stockholm_today() + datetime.timedelta(days=10)
    series = series_create(stockholm, first_date=day, interval=2, code="webbmote")
    meeting = meeting_on(series, day)
    meeting_on(series, day + datetime.timedelta(weeks=2))
    child = person(born="2012", first_name="Kim", last_name="Anmäld")
    case = case_register(actor=caseworker, individual=child, unit=bou)
    return {"url": live_server.url, "dana": dana, "olle": olle, "meeting": meeting, "case": case}


def sign_in(page: Page, url: str, username: str) -> None:
    """A fresh session in English for the given user."""
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "samverkan_language", "value": "en", "url": url}])
    page.goto(f"{url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def fill_submission(page: Page, question: str) -> None:
    page.get_by_label("Short background").fill("Diagnos ADHD, utredd 2024.")
    page.get_by_label("Current situation").fill("Stödboende, planering inför flytt.")
    page.get_by_label("Current problem").fill("Oklart vem som ansvarar.")
    page.get_by_label("Question to the meeting").fill(question)
    page.get_by_role("button", name="Submit", exact=True).click()


def test_r22_r23_submission_to_the_frozen_agenda_and_the_minutes(page: Page, scene):
    url, meeting, case = scene["url"], scene["meeting"], scene["case"]
    main = page.get_by_role("main")
    name = case.individual.full_name
    age = age_on(case.individual.birth_date, meeting.date)

    # Dana submits the case, then an anonymous consultation (R22)
    sign_in(page, url, scene["dana"].username)
    page.goto(f"{url}/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    assert_accessible(page)
    page.get_by_role("link", name="Submit a case").first.click()
    expect(main).to_contain_text("Submissions close")
    page.get_by_label("About an individual").check()
    page.locator("#id_case").select_option(str(case.pk))
    assert_accessible(page)
    fill_submission(page, "Vilken enhet tar ansvar?")
    expect(main).to_contain_text(f"Submitted to the meeting of {meeting.date:%Y-%m-%d}")
    page.goto(f"{url}/meetings/{meeting.pk}/submit/")
    page.get_by_label("Anonymous consultation").check()
    page.get_by_label("Short background").fill("Pojke, 20121212-1212.")
    page.get_by_label("Current situation").fill("Placerad.")
    page.get_by_label("Current problem").fill("Skolfrånvaro.")
    page.get_by_label("Question to the meeting").fill("Hur samverkar vi?")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(main).to_contain_text("Remove the personal identity number")
    assert_accessible(page)
    page.get_by_label("Short background").fill("Pojke i tonåren.")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(main).to_contain_text("Anonymous consultation")

    # Olle, who chairs, reads the agenda with name and age, and freezes it
    sign_in(page, url, scene["olle"].username)
    page.goto(f"{url}/meetings/{meeting.pk}/")
    expect(main).to_contain_text(f"{name}, {age} years")
    expect(main).to_contain_text("Anonymous consultation")
    assert_accessible(page)
    page.get_by_role("button", name="Freeze the agenda now").click()
    expect(main).to_contain_text("The agenda is frozen.")
    expect(main).to_contain_text("Agenda frozen")

    # he holds the meeting: both present, Dana takes the minutes (R23)
    page.get_by_role("link", name="Hold the meeting").click()
    page.get_by_label("Dana Deputy").check()
    page.get_by_label("Olle Ordförande").check()
    page.get_by_label("Minute-taker").select_option(str(scene["dana"].pk))
    assert_accessible(page)
    page.get_by_role("button", name="Start the meeting").click()
    expect(main).to_contain_text("The meeting is held")

    # Dana records each item's outcome and publishes the minutes
    sign_in(page, url, scene["dana"].username)
    outcomes = (("Decision", "BoU behåller ansvaret."), ("Escalated", "Till IFO-chef."))
    for index, (outcome, text) in enumerate(outcomes):
        page.goto(f"{url}/meetings/{meeting.pk}/")
        page.get_by_role("link", name="Record the outcome").nth(index).click()
        page.get_by_label(outcome, exact=True).check()
        page.get_by_label("Decision or escalation, as agreed by those present").fill(text)
        page.get_by_role("button", name="Record the outcome").click()
        expect(main).to_contain_text("The outcome is recorded.")
    page.get_by_role("button", name="Publish the minutes").click()
    expect(main).to_contain_text("The minutes are published to the participants.")

    # Olle reads the minutes and downloads the PDF
    sign_in(page, url, scene["olle"].username)
    page.goto(f"{url}/meetings/{meeting.pk}/")
    expect(main).to_contain_text("BoU behåller ansvaret.")
    expect(main).to_contain_text("Till IFO-chef.")
    assert_accessible(page)
    pdf = page.request.get(f"{url}/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.ok
    assert pdf.body().startswith(b"%PDF")
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.MINUTES_PUBLISHED
    assert Submission.objects.filter(case__isnull=True).count() == 1
