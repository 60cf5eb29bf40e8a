"""Issue 7: a deviation report on the two-part form of routine 003 (R25), each step from its
owner's login, then the controller's list, filters and exports.

Dana (deputy unit manager at BoU, Stockholm district) writes part 1 about Beroende and sends
it; she records her telephone call with Olle (deputy unit manager at Beroende); Olle writes
part 2 and signs with his password; Dana mistypes hers once, signs, and sends the report to
the controller; Carin, the district's controller, files it. Carin then finds it among the
district's reports by filtering on the unit pair, and exports the filtered reports as CSV and
XLSX and the report as PDF; each file is opened and read.
"""

import csv
import datetime
import io

import openpyxl
import pypdf
import pytest
from playwright.sync_api import Page, expect

from coordination.selectors_age import stockholm_today
from deviations.models import DeviationExport, DeviationReport, DeviationSource, DeviationState
from tests.browser.conftest import assert_accessible
from tests.factories import TEST_PASSWORD, member
from units.models import Role


@pytest.fixture
def scene(transactional_db, live_server, load_organisation):
    stockholm = load_organisation("stockholm-district")
    bou = stockholm.units.get(code="bou")
    beroende = stockholm.units.get(code="beroende")
    psykiatri = stockholm.units.get(code="socialpsykiatri")
    # An earlier report between two other units, already filed: the filter leaves it out.
    earlier = DeviationReport.objects.create(
        organisation=stockholm,
        reporting_unit=psykiatri,
        state=DeviationState.FILED,
        source=DeviationSource.MANUAL,
        what_happened="Socialpsykiatri fick ingen kallelse till SIP.",
        reporter=member(Role.DEPUTY_UNIT_MANAGER, unit=psykiatri),
        reported_on=stockholm_today() - datetime.timedelta(days=40),
    )
    earlier.concerned_units.set([beroende])
    return {
        "url": live_server.url,
        "beroende": beroende,
        "dana": member(
            Role.DEPUTY_UNIT_MANAGER,
            unit=bou,
            first_name="Dana",
            last_name="Deputy",
            title="Biträdande enhetschef BoU",
        ),
        "olle": member(
            Role.DEPUTY_UNIT_MANAGER,
            unit=beroende,
            first_name="Olle",
            last_name="Beroende",
            title="Biträdande enhetschef Beroende",
        ),
        "carin": member(
            Role.CONTROLLER, organisation=stockholm, first_name="Carin", last_name="Controller"
        ),
    }


def download(page: Page, click) -> bytes:
    """The bytes of the file the click downloads."""
    with page.expect_download() as info:
        click()
    return info.value.path().read_bytes()


def sign_in(page: Page, url: str, username: str) -> None:
    """A fresh session in English for the given user."""
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "samverkan_language", "value": "en", "url": url}])
    page.goto(f"{url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def open_the_report(page: Page, url: str) -> None:
    page.goto(f"{url}/deviations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deviation reports")
    assert_accessible(page)
    page.locator("table a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deviation report")


def test_r25_two_managers_complete_and_sign_the_report_and_the_controller_files_it(
    page: Page, scene
):
    url = scene["url"]
    main = page.get_by_role("main")
    state = page.locator("#report-state")
    follow_up = stockholm_today() + datetime.timedelta(days=60)

    # Dana writes part 1 about Beroende and sends it
    sign_in(page, url, scene["dana"].username)
    page.goto(f"{url}/deviations/")
    page.get_by_role("link", name="Write a deviation report").click()
    page.get_by_label("Beroende", exact=True).check()
    page.get_by_label("What happened").fill(
        "Kallelsen till samordningsmötet kom två dagar före mötet."
    )
    page.get_by_label("How the reporting unit perceived it").fill("Vi hann inte förbereda.")
    page.get_by_label("Improvement proposals").fill("Gemensam mall för kallelser.")
    expect(page.get_by_label("Your title")).to_have_value("Biträdande enhetschef BoU")
    assert_accessible(page)
    page.get_by_role("button", name="Save the draft").click()
    expect(main).to_contain_text("The draft is saved.")
    page.get_by_role("button", name="Send part 1 to the units concerned").click()
    expect(main).to_contain_text("Part 1 is sent to the units concerned.")
    expect(state).to_have_text("Part 1 sent to the other unit")
    assert_accessible(page)

    # she records her call with Olle, the same level at Beroende
    page.get_by_role("link", name="Record the dialogue").click()
    page.get_by_label("With whom").select_option(
        label="Olle Beroende, deputy unit manager, Beroendevården"
    )
    page.get_by_label("Telephone").check()
    page.get_by_label("Notes from the dialogue").fill("Beroende ser över sina kallelser.")
    assert_accessible(page)
    page.get_by_role("button", name="Record the dialogue").click()
    expect(state).to_have_text("Dialogue with the other unit recorded")

    # Olle writes part 2 and signs for Beroende with his password
    sign_in(page, url, scene["olle"].username)
    open_the_report(page, url)
    expect(main).to_contain_text("Kallelsen till samordningsmötet kom två dagar före mötet.")
    page.get_by_role("link", name="Write part 2").click()
    page.get_by_label("Joint summary with the solution").fill(
        "Kallelser skickas senast en vecka före mötet."
    )
    page.get_by_label("Remaining problems").fill("Helgdagar före möten.")
    page.locator("#id_action").fill("Beroende inför en mall för kallelser.")
    page.get_by_label("Follow-up of the action").fill(follow_up.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Save part 2").click()
    expect(main).to_contain_text("Part 2 is saved.")
    expect(page.locator("#follow-up")).to_have_text(follow_up.isoformat())
    page.get_by_role("link", name="Sign the report").click()
    expect(page.get_by_label("Your title")).to_have_value("Biträdande enhetschef Beroende")
    page.get_by_label("Your password").fill(TEST_PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(main).to_contain_text("You have signed the report.")
    expect(state).to_have_text("Signed by the other unit")

    # Dana mistypes her password, then signs and sends the report to the controller
    sign_in(page, url, scene["dana"].username)
    open_the_report(page, url)
    page.get_by_role("link", name="Sign the report").click()
    page.get_by_label("Your password").fill("fel-lösenord")
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(main).to_contain_text("The password is wrong. Nothing was signed.")
    assert_accessible(page)
    page.get_by_label("Your password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(state).to_have_text("Signed by both units")
    expect(page.locator("#signatures")).to_contain_text("Olle Beroende, Biträdande enhetschef")
    expect(page.locator("#signatures")).to_contain_text("Dana Deputy, Biträdande enhetschef")
    page.get_by_role("button", name="Send to the controller").click()
    expect(main).to_contain_text("The report is sent to the controller.")
    expect(state).to_have_text("Sent to the controller")

    # Carin, the controller, reads it and files it
    sign_in(page, url, scene["carin"].username)
    open_the_report(page, url)
    expect(main).to_contain_text("Kallelser skickas senast en vecka före mötet.")
    expect(page.get_by_role("link", name="Write part 2")).to_have_count(0)
    page.get_by_role("button", name="File the report").click()
    expect(main).to_contain_text("The report is filed.")
    expect(state).to_have_text("Filed by the controller")
    expect(page.locator("#history")).to_contain_text("Filed by the controller")
    assert_accessible(page)

    report = DeviationReport.objects.get(reporting_unit__code="bou")
    assert report.state == DeviationState.FILED
    assert report.filed_by == scene["carin"]
    assert sorted(s.user.first_name for s in report.signatures.filter(voided_at__isnull=True)) == [
        "Dana",
        "Olle",
    ]

    # Carin finds it among the district's reports: the pair BoU and Beroende, filed
    page.goto(f"{url}/")
    page.get_by_role("link", name="Deviation reports sent to the controller").click()
    reports = page.locator("#controller-reports tbody tr")
    expect(reports).to_have_count(2)
    page.locator("#id_unit_a").select_option(label="Barn och ungdom")
    page.locator("#id_unit_b").select_option(label="Beroendevården")
    page.get_by_label("Filed by the controller").check()
    page.get_by_role("button", name="Filter").click()
    expect(reports).to_have_count(1)
    expect(reports.first).to_contain_text("Barn och ungdom")
    expect(page.locator("#id_unit_b")).to_have_value(str(scene["beroende"].pk))
    assert_accessible(page)

    # the filtered reports as CSV: Excel's BOM, one row, the text as written
    content = download(page, lambda: page.locator("#export-csv").click())
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2, rows
    header, row = rows
    assert row[header.index("What happened")] == (
        "Kallelsen till samordningsmötet kom två dagar före mötet."
    )
    assert row[header.index("Reporting unit")] == "Barn och ungdom"

    # as XLSX, read back
    content = download(page, lambda: page.locator("#export-xlsx").click())
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 2, values
    assert "Kallelser skickas senast en vecka före mötet." in values[1]

    # the report as PDF, laid out like the paper form
    page.locator("#controller-reports a").first.click()
    # (served inline, for the browser's viewer: fetched with the controller's session)
    response = page.request.get(url + page.locator("#report-pdf").get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    content = response.body()
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Kallelsen till samordningsmötet kom två dagar före mötet." in text
    assert "Olle Beroende" in text
    assert "Dana Deputy" in text

    # every export is logged
    assert sorted(
        DeviationExport.objects.filter(requested_by=scene["carin"]).values_list("format", flat=True)
    ) == ["csv", "pdf", "xlsx"]
