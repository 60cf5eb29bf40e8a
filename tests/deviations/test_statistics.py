"""The controller's statistics of deviation reports (R25: the controller collects the reports
"and reports on them"): per month, per unit pair and per source, the time from part 1 sent to
filed, recurring problems, remaining problems and actions whose follow-up day has passed.

Every figure is counted in SQL; the page costs the same queries for one report as for thirty,
and each figure links to the list filtered to the reports behind it.
"""

import datetime
import re
from html import unescape
from html.parser import HTMLParser

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from deviations.models import DeviationSource
from deviations.permissions import deviation_access_for
from deviations.selectors_controller import DeviationFilter, controller_reports
from deviations.selectors_statistics import (
    MAX_MONTHS,
    RECURRING_LINKS,
    deviation_statistics,
)
from tests.deviations.factories_deviations import (
    NOW,
    STOCKHOLM,
    TODAY,
    D,
    deviation_scene_fixture,  # noqa: F401 - the fixture dev
)

pytestmark = pytest.mark.django_db

STATISTICS = "/deviations/controller/statistics/"
DASH = "\N{EN DASH}"  # what a figure shows when there is nothing to measure
PAIR = f" {DASH} "  # between the two units of a pair


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


class _Table(HTMLParser):
    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = 1
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = ""

    def handle_endtag(self, tag):
        if self.inside and tag == "td":
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None
        elif self.inside and tag == "table":
            self.inside = 0

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table(html: str, table_id: str) -> list[list[str]]:
    """The body rows of the table with this id, each as its cells' text."""
    parser = _Table(table_id)
    parser.feed(html)
    return [row for row in parser.rows if row]


def fact(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">(.*?)</', html, re.S)
    return " ".join(unescape(match.group(1)).split())


def links_in(html: str, table_id: str) -> list[str]:
    start = html.index(f'id="{table_id}"')
    section = html[start : html.index("</table>", start)]
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', section)]


def _english(client, dev):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(dev.controller)


def test_r25_reports_per_month_with_the_empty_months_of_the_period(client, dev):
    # given two reports in January and one in March
    for day in (D(2026, 1, 5), D(2026, 1, 30), D(2026, 3, 2)):
        dev.at_controller(reported_on=day)
    _english(client, dev)

    # when the controller asks for January to April
    html = client.get(STATISTICS, {"date_from": "2026-01-01", "date_to": "2026-04-30"}).content
    html = html.decode()

    # then four months, February and April at nought, as a table and as columns
    assert table(html, "table-months") == [
        ["2026-01", "2"],
        ["2026-02", "0"],
        ["2026-03", "1"],
        ["2026-04", "0"],
    ]
    chart = html[
        html.index('id="chart-months"') : html.index("</figure>", html.index("chart-months"))
    ]
    assert chart.count('class="chart-column"') == 4
    # January's figure leads to January's reports
    january = links_in(html, "table-months")[0]
    assert "date_from=2026-01-01" in january
    assert "date_to=2026-01-31" in january


def test_r25_an_open_period_runs_from_the_first_report_to_the_last(dev):
    for day in (D(2025, 11, 5), D(2026, 2, 2)):
        dev.at_controller(reported_on=day)
    reports = controller_reports(access=deviation_access_for(dev.controller))

    statistics = deviation_statistics(reports=reports, today=TODAY)

    assert [(row.month, row.count) for row in statistics.months] == [
        (D(2025, 11, 1), 1),
        (D(2025, 12, 1), 0),
        (D(2026, 1, 1), 0),
        (D(2026, 2, 1), 1),
    ]


def test_r25_a_very_long_period_draws_only_the_months_of_the_reports(dev):
    dev.at_controller(reported_on=D(2026, 2, 2))
    dev.at_controller(reported_on=D(2026, 4, 2))
    reports = controller_reports(access=deviation_access_for(dev.controller))

    statistics = deviation_statistics(
        reports=reports, today=TODAY, date_from=D(2000, 1, 1), date_to=D(2026, 12, 31)
    )

    assert len(statistics.months) == 3 < MAX_MONTHS
    assert statistics.months[0].month == D(2026, 2, 1)


def test_r25_a_unit_pair_counts_both_directions_and_each_unit_concerned(client, dev):
    # given BoU about Beroende, Beroende about BoU, and BoU about Beroende and Socialpsykiatri
    dev.at_controller(reported_on=D(2026, 3, 2))
    dev.at_controller(
        reported_on=D(2026, 3, 3), reporting_unit=dev.beroende, concerned_units=[dev.bou]
    )
    dev.at_controller(reported_on=D(2026, 3, 4), concerned_units=[dev.beroende, dev.psykiatri])
    _english(client, dev)

    # when the controller reads the statistics
    html = client.get(STATISTICS).content.decode()

    # then BoU and Beroende have three reports between them, BoU and Socialpsykiatri one
    assert table(html, "table-pairs") == [
        [f"BoU{PAIR}Beroende", "3"],
        [f"BoU{PAIR}{dev.psykiatri}", "1"],
    ]
    assert 'id="chart-pairs"' in html
    # and the pair's figure leads to exactly those three reports in the list
    listed = client.get(links_in(html, "table-pairs")[0]).content.decode()
    assert len(re.findall(r'<tr id="report-\d+"', listed)) == 3


def test_r25_reports_per_source(client, dev):
    dev.at_controller(reported_on=D(2026, 3, 2))
    dev.at_controller(reported_on=D(2026, 3, 3), source=DeviationSource.CONSENT_OVERRIDE)
    dev.at_controller(reported_on=D(2026, 3, 4), source=DeviationSource.CONSENT_OVERRIDE)
    _english(client, dev)

    html = client.get(STATISTICS).content.decode()

    assert table(html, "table-sources") == [
        ["Action taken without consent", "2"],
        ["Entered by hand", "1"],
    ]
    assert 'id="chart-sources"' in html
    assert "source=consent_override" in links_in(html, "table-sources")[0]


def test_r25_time_to_close_median_and_longest_from_part_1_sent_to_filed(client, dev):
    # given reports filed after 2, 4 and 9 days, one with Socialpsykiatri after 6, and one
    # sent but not filed
    for days in (2, 4, 9):
        dev.at_controller(reported_on=D(2026, 3, 2), filed_after_days=days)
    dev.at_controller(
        reported_on=D(2026, 3, 2), concerned_units=[dev.psykiatri], filed_after_days=6
    )
    dev.at_controller(reported_on=D(2026, 3, 2))
    _english(client, dev)

    # when the controller reads the time to close
    html = client.get(STATISTICS).content.decode()

    # then over the four filed reports the median is 5 days (4 and 6), the longest 9
    assert fact(html, "close-filed") == "4"
    assert fact(html, "close-median") == "5 days"
    assert fact(html, "close-longest") == "9 days"
    # and per pair: BoU and Beroende 4 (of 2, 4, 9), BoU and Socialpsykiatri 6
    assert table(html, "table-close") == [
        [f"BoU{PAIR}{dev.psykiatri}", "1", "6 days", "6 days"],
        [f"BoU{PAIR}Beroende", "3", "4 days", "9 days"],
    ]
    assert 'id="chart-close"' in html


def test_r25_a_median_between_two_days_keeps_its_half(dev):
    for days in (1, 2):
        dev.at_controller(reported_on=D(2026, 3, 2), filed_after_days=days)
    reports = controller_reports(access=deviation_access_for(dev.controller))

    close = deviation_statistics(reports=reports, today=TODAY).close

    assert (close.filed, close.median_days, close.max_days) == (2, 1.5, 2)


def test_r25_days_to_close_are_stockholm_calendar_days(dev):
    # given part 1 sent at 23:30 Stockholm time and filed at 00:30 the next night, and one sent
    # on the Friday before summer time begins and filed on the Monday
    dev.at_controller(
        reported_on=D(2026, 3, 2),
        submitted_at=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=STOCKHOLM),
        filed_at=datetime.datetime(2026, 3, 3, 0, 30, tzinfo=STOCKHOLM),
    )
    dev.at_controller(
        reported_on=D(2026, 3, 27),
        submitted_at=datetime.datetime(2026, 3, 27, 16, 0, tzinfo=STOCKHOLM),
        filed_at=datetime.datetime(2026, 3, 30, 8, 0, tzinfo=STOCKHOLM),
    )
    reports = controller_reports(access=deviation_access_for(dev.controller))

    close = deviation_statistics(reports=reports, today=TODAY).close

    # then one day (not nought, as in UTC) and three days
    assert (close.median_days, close.max_days) == (2.0, 3)


def test_r25_recurring_problems_are_a_pair_and_source_twice_or_more(client, dev):
    # given the same pair and source three times (once the other way round), the same pair
    # with another source once, and another pair once
    reports = [
        dev.at_controller(reported_on=D(2026, 2, 3)),
        dev.at_controller(
            reported_on=D(2026, 4, 7), reporting_unit=dev.beroende, concerned_units=[dev.bou]
        ),
        dev.at_controller(reported_on=D(2026, 6, 1)),
    ]
    dev.at_controller(reported_on=D(2026, 3, 3), source=DeviationSource.CONSENT_OVERRIDE)
    dev.at_controller(reported_on=D(2026, 3, 4), concerned_units=[dev.psykiatri])
    _english(client, dev)

    # when the controller reads the recurring problems
    html = client.get(STATISTICS).content.decode()

    # then one: BoU and Beroende, entered by hand, three reports from February to June,
    # each linked, newest first
    assert table(html, "table-recurring") == [
        [
            f"BoU{PAIR}Beroende",
            "Entered by hand",
            "3",
            "2026-02-03",
            "2026-06-01",
            "2026-06-01, 2026-04-07, 2026-02-03",
        ]
    ]
    links = links_in(html, "table-recurring")
    assert links[1:] == [
        reverse("deviations:report_detail", args=[report.pk]) for report in reversed(reports)
    ]
    # the count leads to the list of those three reports
    listed = client.get(links[0]).content.decode()
    assert len(re.findall(r'<tr id="report-\d+"', listed)) == 3


def test_r25_a_recurring_problem_links_its_newest_reports_and_counts_all(dev):
    for day in range(RECURRING_LINKS + 3):
        dev.at_controller(reported_on=D(2026, 1, 1) + datetime.timedelta(days=day))
    reports = controller_reports(access=deviation_access_for(dev.controller))

    (problem,) = deviation_statistics(reports=reports, today=TODAY).recurring

    assert problem.count == RECURRING_LINKS + 3
    assert len(problem.reports) == RECURRING_LINKS
    assert problem.reports[0].reported_on == D(2026, 1, 13)
    assert (problem.first, problem.last) == (D(2026, 1, 1), D(2026, 1, 13))


def test_r25_remaining_problems_and_actions_whose_follow_up_day_has_passed(client, dev):
    # given a report leaving remaining problems, an action whose day passed yesterday, and
    # one followed up today
    remaining = dev.at_controller(
        reported_on=D(2026, 3, 2), remaining_problems="Helgdagar före möten."
    )
    passed = dev.at_controller(
        reported_on=D(2026, 3, 3),
        action="Ny mall.",
        action_follow_up_on=TODAY - datetime.timedelta(days=1),
    )
    dev.at_controller(reported_on=D(2026, 3, 4), action="Ny rutin.", action_follow_up_on=TODAY)
    _english(client, dev)

    html = client.get(STATISTICS).content.decode()

    assert table(html, "table-remaining") == [
        ["2026-03-02", "BoU", "Beroende", DASH, "Helgdagar före möten."]
    ]
    assert links_in(html, "table-remaining") == [
        reverse("deviations:report_detail", args=[remaining.pk])
    ]
    assert table(html, "table-actions-passed") == [["2026-03-03", "BoU", "Beroende", "2026-11-09"]]
    assert links_in(html, "table-actions-passed") == [
        reverse("deviations:report_detail", args=[passed.pk])
    ]
    assert fact(html, "total-actions") == "2"
    assert fact(html, "total-actions-passed") == "1"
    assert fact(html, "total-actions-ahead") == "1"


def test_r25_the_statistics_count_what_the_filter_lets_through(client, dev):
    # given reports between BoU and Beroende and one between BoU and Socialpsykiatri
    dev.at_controller(reported_on=D(2026, 3, 2), filed_after_days=3)
    dev.at_controller(reported_on=D(2026, 3, 3))
    dev.at_controller(reported_on=D(2026, 3, 4), concerned_units=[dev.psykiatri])
    _english(client, dev)

    # when the controller narrows to Socialpsykiatri
    html = client.get(STATISTICS, {"unit_a": dev.psykiatri.pk}).content.decode()

    # then only its report is counted, and the way to the list keeps the filter
    assert fact(html, "total-reports") == "1"
    assert table(html, "table-pairs") == [[f"BoU{PAIR}{dev.psykiatri}", "1"]]
    assert f'href="/deviations/controller/?unit_a={dev.psykiatri.pk}"' in html


def test_r25_a_refused_filter_shows_no_figures(client, dev):
    _english(client, dev)

    response = client.get(STATISTICS, {"date_from": "2026-05-01", "date_to": "2026-04-01"})

    assert response.status_code == 400
    assert "The last day comes before the first day." in response.content.decode()
    assert 'id="totals"' not in response.content.decode()


def test_r25_no_reports_no_figures_but_the_page(client, dev):
    _english(client, dev)

    html = client.get(STATISTICS).content.decode()

    assert fact(html, "total-reports") == "0"
    assert fact(html, "close-median") == DASH
    assert 'id="no-recurring"' in html


def _many(dev, count: int) -> None:
    units = [[dev.beroende], [dev.beroende, dev.psykiatri], [dev.psykiatri]]
    sources = [DeviationSource.MANUAL, DeviationSource.CONSENT_OVERRIDE]
    for index in range(count):
        dev.at_controller(
            reported_on=D(2026, 1 + index % 10, 1 + index % 27),
            concerned_units=units[index % 3],
            source=sources[index % 2],
            filed_after_days=index % 7 if index % 4 else None,
            remaining_problems="Kvar." if index % 3 == 0 else "",
            action="Åtgärd.",
            action_follow_up_on=D(2026, 1 + index % 12, 1),
        )


@pytest.mark.parametrize("reports", [1, 30])
def test_r25_the_figures_cost_twelve_queries_for_1_and_30_reports(
    dev, django_assert_num_queries, reports
):
    _many(dev, reports)
    access = deviation_access_for(dev.controller)
    queryset = controller_reports(access=access, filters=DeviationFilter(date_to=D(2026, 12, 31)))

    with django_assert_num_queries(12):
        statistics = deviation_statistics(reports=queryset, today=TODAY)

    assert statistics.totals.reports == reports


@pytest.mark.parametrize("reports", [1, 30])
def test_r25_the_statistics_page_costs_the_same_for_1_and_30_reports(
    client, dev, django_assert_max_num_queries, reports
):
    _many(dev, reports)
    client.force_login(dev.controller)

    # the session, the user, the roles, the policy, the unit checked, the two unit menus,
    # the twelve figures, the inbox badge and the session's save (with its savepoint)
    with django_assert_max_num_queries(23):
        response = client.get(STATISTICS, {"date_from": "2026-01-01", "unit_a": dev.bou.pk})

    assert response.status_code == 200
    assert fact(response.content.decode(), "total-reports") == str(reports)


def test_r25_a_long_list_shows_its_first_rows_and_says_how_many_there_are(client, dev, monkeypatch):
    # given three reports with remaining problems and room for two rows
    monkeypatch.setattr("deviations.selectors_statistics.LIST_LIMIT", 2)
    for day in (2, 3, 4):
        dev.at_controller(reported_on=D(2026, 3, day), remaining_problems="Kvar.")
    _english(client, dev)

    html = client.get(STATISTICS).content.decode()

    # then the two newest, and the whole count
    assert [row[0] for row in table(html, "table-remaining")] == ["2026-03-04", "2026-03-03"]
    assert "The first 2 of 3." in html
    assert fact(html, "total-remaining") == "3"


def test_r25_a_months_figure_leads_to_its_reports_within_the_period(client, dev):
    # given reports on 10 and 20 January, and a period that begins on the 15th
    dev.at_controller(reported_on=D(2026, 1, 10))
    dev.at_controller(reported_on=D(2026, 1, 20))
    _english(client, dev)

    html = client.get(STATISTICS, {"date_from": "2026-01-15"}).content.decode()

    # then January counts one report, and its link lists that one
    assert table(html, "table-months") == [["2026-01", "1"]]
    listed = client.get(links_in(html, "table-months")[0]).content.decode()
    assert len(re.findall(r'<tr id="report-\d+"', listed)) == 1
