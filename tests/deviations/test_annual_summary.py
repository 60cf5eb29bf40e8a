"""The year's summary of deviation reports for the routine review (R24, R25): totals, per
month, unit pair and source, time to close, recurring problems, remaining problems and
actions whose follow-up day has passed.

Read by the controller and by the managers who read the routine review. A manager sees
counts, units and dates, and a link only to a report they may read themselves; the page is
one printable page, from 2000 to this year.
"""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from deviations.models import DeviationSource, DeviationState
from meetings.selectors_routine_review import routine_review_statistics
from tests.deviations.factories_deviations import (
    NOW,
    STOCKHOLM,
    D,
    deviation_scene_fixture,  # noqa: F401 - the fixture dev
)
from tests.deviations.test_statistics import PAIR, fact, table
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db


def summary_url(year: int, organisation: str | None = "stockholm-district") -> str:
    url = reverse("deviations:annual_summary", args=[year])
    return f"{url}?organisation={organisation}" if organisation else url


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _in_2025(dev, state: DeviationState):
    """A report whose part 1 was sent on 5 May 2025 (its date), taken on through the flow
    today."""
    with time_machine.travel(datetime.datetime(2025, 5, 5, 10, tzinfo=STOCKHOLM), tick=False):
        report = dev.report_in(DeviationState.PART1_SUBMITTED)
    return dev.advance(report, state)


def _report_links(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/deviations/(\d+)/"', html)}


def test_r24_the_summary_counts_what_the_routine_review_counts(client, dev):
    # given 2025's reports through the flow: one sent, one filed, one still unsigned, and
    # reports of 2024 and 2026
    sent = _in_2025(dev, DeviationState.SENT)
    filed = _in_2025(dev, DeviationState.FILED)
    _in_2025(dev, DeviationState.PART2_DRAFTED)
    dev.at_controller(reported_on=D(2024, 12, 31))
    dev.at_controller(reported_on=D(2026, 1, 1))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(dev.controller)

    # when the controller opens the summary of 2025
    html = client.get(summary_url(2025)).content.decode()

    # then the two reports that reached the controller, as on the review of 2026
    review = routine_review_statistics(organisation=dev.organisation, year=2025)
    assert fact(html, "total-reports") == str(review.deviations) == "2"
    assert fact(html, "total-filed") == "1"
    assert fact(html, "total-sent") == "1"
    # both leave remaining problems (part 2 of the flow), so both are linked
    assert _report_links(html) == {sent.pk, filed.pk}


def test_r24_the_year_has_its_twelve_months_pairs_and_sources(client, dev):
    dev.at_controller(reported_on=D(2025, 2, 3), filed_after_days=3)
    dev.at_controller(reported_on=D(2025, 2, 10), filed_after_days=5)
    dev.at_controller(
        reported_on=D(2025, 9, 1),
        concerned_units=[dev.psykiatri],
        source=DeviationSource.ESCALATION_OVERDUE,
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(dev.controller)

    html = client.get(summary_url(2025)).content.decode()

    months = table(html, "table-months")
    assert [row[0] for row in months] == [f"2025-{month:02}" for month in range(1, 13)]
    assert [row[1] for row in months] == ["0", "2", *["0"] * 6, "1", "0", "0", "0"]
    assert table(html, "table-pairs") == [
        [f"BoU{PAIR}Beroende", "2"],
        [f"BoU{PAIR}{dev.psykiatri}", "1"],
    ]
    assert table(html, "table-sources") == [
        ["Entered by hand", "2"],
        ["Escalation past its target time", "1"],
    ]
    assert fact(html, "close-median") == "4 days"
    assert fact(html, "close-longest") == "5 days"
    assert table(html, "table-recurring")[0][:5] == [
        f"BoU{PAIR}Beroende",
        "Entered by hand",
        "2",
        "2025-02-03",
        "2025-02-10",
    ]


def test_r24_actions_whose_follow_up_day_passed_and_those_ahead(client, dev):
    passed = dev.at_controller(
        reported_on=D(2025, 3, 3), action="Ny mall.", action_follow_up_on=D(2025, 9, 1)
    )
    dev.at_controller(
        reported_on=D(2025, 4, 3), action="Ny rutin.", action_follow_up_on=D(2027, 1, 1)
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(dev.controller)

    html = client.get(summary_url(2025)).content.decode()

    assert fact(html, "total-actions") == "2"
    assert fact(html, "total-actions-passed") == "1"
    assert fact(html, "total-actions-ahead") == "1"
    assert table(html, "table-actions-passed") == [["2025-03-03", "BoU", "Beroende", "2025-09-01"]]
    assert f'href="/deviations/{passed.pk}/"' in html


def test_r24_the_controller_reaches_the_reports_and_the_list_of_the_year(client, dev):
    reports = [dev.at_controller(reported_on=D(2025, 2, day)) for day in (3, 4)]
    client.force_login(dev.controller)

    html = client.get(summary_url(2025)).content.decode()

    assert _report_links(html) == {report.pk for report in reports}
    assert 'href="/deviations/controller/?date_from=2025-01-01&amp;date_to=2025-12-31"' in html


def test_r24_a_manager_sees_counts_and_units_and_links_only_to_reports_they_may_read(client, dev):
    # given two reports of BoU about Beroende and one of BoU about Socialpsykiatri, each
    # recurring, with remaining problems
    beroende = [
        dev.at_controller(reported_on=D(2025, 2, day), remaining_problems="Kvar.") for day in (3, 4)
    ]
    psykiatri = [
        dev.at_controller(
            reported_on=D(2025, 3, day),
            concerned_units=[dev.psykiatri],
            remaining_problems="Kvar.",
        )
        for day in (3, 4)
    ]
    head = member(Role.DEPARTMENT_HEAD, department=dev.bou.department)

    # when Beroende's deputy, Socialpsykiatri's deputy and the department head read it
    pages = {}
    for who, user in (
        ("beroende", dev.beroende_deputy),
        ("psykiatri", dev.psyk_deputy),
        ("head", head),
    ):
        client.force_login(user)
        response = client.get(summary_url(2025))
        assert response.status_code == 200
        pages[who] = response.content.decode()

    # then each sees every figure and unit name, links only to their own unit's reports
    for html in pages.values():
        assert fact(html, "total-reports") == "4"
        assert f"BoU{PAIR}Beroende" in html
        assert "Kvar." not in html  # no text of any report
        assert "/deviations/controller/?" not in html
    assert _report_links(pages["beroende"]) == {report.pk for report in beroende}
    assert _report_links(pages["psykiatri"]) == {report.pk for report in psykiatri}
    assert _report_links(pages["head"]) == set()


def test_r24_the_summary_leads_to_the_routine_review_that_reads_it(client, dev):
    client.force_login(dev.bou_manager)

    html = client.get(summary_url(2025)).content.decode()
    this_year = client.get(summary_url(2026)).content.decode()

    # the review of 2026 looks back at 2025; this year's review is not yet reachable
    assert 'href="/meetings/routine-reviews/2026/?organisation=stockholm-district"' in html
    assert 'id="routine-review-link"' not in this_year
    assert (
        client.get("/meetings/routine-reviews/2026/?organisation=stockholm-district").status_code
        == 200
    )


@pytest.mark.parametrize(("year", "status"), [(1999, 404), (2000, 200), (2026, 200), (2027, 404)])
def test_r24_a_year_from_2000_to_this_one(client, dev, year, status):
    client.force_login(dev.controller)

    assert client.get(summary_url(year)).status_code == status


def test_r24_this_years_figures_are_so_far(client, dev):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(dev.controller)

    html = client.get(summary_url(2026)).content.decode()

    assert "The year is not over: the figures are so far." in html
    assert "As of 2026-11-10" in html


def test_r24_the_organisation_is_chosen_among_ones_own(client, dev):
    dev.at_controller(reported_on=D(2025, 2, 3))
    client.force_login(dev.other_controller)

    # Östhammar's controller reads Östhammar's summary, not the district's
    own = client.get(summary_url(2025, organisation=None))
    other = client.get(summary_url(2025))

    assert own.status_code == 200
    assert fact(own.content.decode(), "total-reports") == "0"
    assert other.status_code == 404


def test_r24_one_printable_page_without_the_filter(client, dev):
    for day in range(1, 60):
        dev.at_controller(
            reported_on=D(2025, 1, 1) + datetime.timedelta(days=day), remaining_problems="Kvar."
        )
    client.force_login(dev.controller)

    html = client.get(summary_url(2025)).content.decode()

    assert 'id="deviation-filter"' not in html
    assert "?page=" not in html
    assert len(table(html, "table-remaining")) == 59
    assert 'class="actions no-print"' in html


@pytest.mark.parametrize("reports", [1, 30])
def test_r24_the_summary_costs_the_same_for_1_and_30_reports(
    client, dev, django_assert_max_num_queries, reports
):
    for index in range(reports):
        dev.at_controller(
            reported_on=D(2025, 1 + index % 12, 1 + index % 28),
            concerned_units=[[dev.beroende], [dev.psykiatri, dev.beroende]][index % 2],
            filed_after_days=index % 6,
            remaining_problems="Kvar." if index % 2 else "",
            action="Åtgärd.",
            action_follow_up_on=D(2025, 6, 1),
        )
    client.force_login(dev.beroende_deputy)

    # the session, the user, the roles, the review's access, the twelve figures, the
    # reader's policy and the reports they may open, the inbox badge, the session's save
    with django_assert_max_num_queries(23):
        response = client.get(summary_url(2025))

    assert fact(response.content.decode(), "total-reports") == str(reports)
