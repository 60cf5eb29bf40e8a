"""The controller's list of deviation reports (R25): the reports sent to the controller, filtered
by period, unit pair, state and source, 50 a page, each leading to the report.

The district's controller reads the reports sent to them and those filed, nothing earlier in
the flow; the filter keeps what was typed when it is refused, and the same filter travels to
the next page, the statistics and the exports.
"""

import re
from html import escape
from urllib.parse import parse_qs

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from deviations.models import DeviationSource, DeviationState
from tests.deviations.factories_deviations import (
    NOW,
    D,
    deviation_scene_fixture,  # noqa: F401 - the fixture dev
)

pytestmark = pytest.mark.django_db

LIST = "/deviations/controller/"
DASH = "\N{EN DASH}"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _rows(response) -> list[int]:
    """The report ids in the list's table, in their order."""
    return [int(pk) for pk in re.findall(r'<tr id="report-(\d+)"', response.content.decode())]


def test_r25_the_list_holds_the_reports_sent_to_the_controller_newest_first(client, dev):
    # given reports in every state of the flow, built through the services, and an older one
    drafts = [dev.report_in(state) for state in (DeviationState.DRAFT, DeviationState.SIGNED)]
    sent = dev.report_in(DeviationState.SENT)
    filed = dev.report_in(DeviationState.FILED)
    older = dev.at_controller(reported_on=D(2026, 2, 3), filed_after_days=9)
    client.force_login(dev.controller)

    # when the controller opens the list
    response = client.get(LIST)

    # then the sent and the filed reports are there, newest first, and nothing earlier
    assert response.status_code == 200
    rows = _rows(response)
    assert rows == [filed.pk, sent.pk, older.pk]
    assert not {report.pk for report in drafts} & set(rows)


def test_r25_each_row_shows_units_source_state_follow_up_and_days_to_file(client, dev):
    # given a report filed nine days after part 1 was sent, with an action to follow up
    report = dev.at_controller(
        reported_on=D(2026, 2, 3),
        concerned_units=[dev.beroende, dev.psykiatri],
        source=DeviationSource.ESCALATION_OVERDUE,
        filed_after_days=9,
        action="Gemensam rutin för kallelser.",
        action_follow_up_on=D(2026, 6, 1),
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(dev.controller)

    # when the controller reads the list
    content = client.get(LIST).content.decode()

    # then its row says when, who, from where, how far, when to follow up and how long it took
    row = re.search(rf'<tr id="report-{report.pk}">(.*?)</tr>', content, re.S).group(1)
    cells = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in (re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
    ]
    assert cells == [
        "2026-02-03",
        dev.bou.name,
        f"{dev.beroende.name}, {dev.psykiatri.name}",
        "Escalation past its target time",
        "Filed by the controller",
        "2026-06-01",
        "9",
    ]
    assert reverse("deviations:report_detail", args=[report.pk]) in row


def test_r25_a_sent_report_not_yet_filed_has_no_days_to_file(client, dev):
    report = dev.report_in(DeviationState.SENT)
    client.force_login(dev.controller)

    content = client.get(LIST).content.decode()

    row = re.search(rf'<tr id="report-{report.pk}">(.*?)</tr>', content, re.S).group(1)
    assert re.search(rf'class="days-to-file">\s*{DASH}\s*</td>', row)


def test_r25_the_controller_opens_a_listed_report(client, dev):
    # given a report sent to the controller
    report = dev.report_in(DeviationState.SENT)
    client.force_login(dev.controller)
    link = reverse("deviations:report_detail", args=[report.pk])
    assert link in client.get(LIST).content.decode()

    # when the controller follows its link, then the report's page opens, with "file"
    response = client.get(link)
    assert response.status_code == 200
    assert reverse("deviations:file", args=[report.pk]) in response.content.decode()


def test_r25_the_period_is_the_reports_date(client, dev):
    # given reports in January, February and March
    january = dev.at_controller(reported_on=D(2026, 1, 31))
    february = dev.at_controller(reported_on=D(2026, 2, 1))
    march = dev.at_controller(reported_on=D(2026, 3, 1))
    client.force_login(dev.controller)

    # when the controller narrows to February, both ends included
    response = client.get(LIST, {"date_from": "2026-02-01", "date_to": "2026-02-28"})

    # then February's report alone
    assert _rows(response) == [february.pk]
    assert set(_rows(client.get(LIST, {"date_to": "2026-02-01"}))) == {january.pk, february.pk}
    assert set(_rows(client.get(LIST, {"date_from": "2026-02-02"}))) == {march.pk}


def test_r25_a_unit_pair_matches_reports_in_either_direction(client, dev):
    # given BoU reporting about Beroende, Beroende about BoU, and BoU about Socialpsykiatri
    bou_beroende = dev.at_controller(reported_on=D(2026, 3, 2))
    beroende_bou = dev.at_controller(
        reported_on=D(2026, 3, 3), reporting_unit=dev.beroende, concerned_units=[dev.bou]
    )
    bou_psykiatri = dev.at_controller(reported_on=D(2026, 3, 4), concerned_units=[dev.psykiatri])
    client.force_login(dev.controller)

    # when the controller chooses the pair BoU and Beroende, in either order
    pair = _rows(client.get(LIST, {"unit_a": dev.bou.pk, "unit_b": dev.beroende.pk}))
    swapped = _rows(client.get(LIST, {"unit_a": dev.beroende.pk, "unit_b": dev.bou.pk}))
    one_unit = _rows(client.get(LIST, {"unit_a": dev.psykiatri.pk}))

    # then the two reports between them; one unit alone gives every report it is part of
    assert set(pair) == set(swapped) == {bou_beroende.pk, beroende_bou.pk}
    assert one_unit == [bou_psykiatri.pk]


def test_r25_state_and_source_narrow_the_list(client, dev):
    manual_sent = dev.at_controller(reported_on=D(2026, 3, 2))
    manual_filed = dev.at_controller(reported_on=D(2026, 3, 3), filed_after_days=2)
    override = dev.at_controller(
        reported_on=D(2026, 3, 4), source=DeviationSource.CONSENT_OVERRIDE, filed_after_days=1
    )
    client.force_login(dev.controller)

    filed = _rows(client.get(LIST, {"state": DeviationState.FILED}))
    manual = _rows(client.get(LIST, {"source": DeviationSource.MANUAL}))
    both = _rows(
        client.get(LIST, {"source": [DeviationSource.MANUAL, DeviationSource.CONSENT_OVERRIDE]})
    )

    assert set(filed) == {manual_filed.pk, override.pk}
    assert set(manual) == {manual_sent.pk, manual_filed.pk}
    assert set(both) == {manual_sent.pk, manual_filed.pk, override.pk}


def test_r25_a_refused_filter_says_why_in_english_and_keeps_what_was_typed(client, dev):
    # given a controller who reads the portal in English
    dev.at_controller(reported_on=D(2026, 3, 2))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(dev.controller)

    # when the last day comes before the first and the same unit is chosen twice
    response = client.get(
        LIST,
        {
            "date_from": "2026-05-01",
            "date_to": "2026-04-01",
            "unit_a": dev.bou.pk,
            "unit_b": dev.bou.pk,
            "source": DeviationSource.MANUAL,
        },
    )

    # then each error stands at its field, the values stay, and no list is shown
    content = response.content.decode()
    assert response.status_code == 400
    assert "The last day comes before the first day." in content
    assert "Choose two different units for a pair." in content
    assert 'value="2026-05-01"' in content
    assert 'value="2026-04-01"' in content
    assert re.search(rf'<option value="{dev.bou.pk}" selected>', content)
    assert re.search(r'value="manual"[^>]*checked', content)
    assert 'id="controller-reports"' not in content


def test_r25_a_refused_filter_speaks_swedish_by_default_and_keeps_a_mistyped_day(client, dev):
    # given a controller in the default language, Swedish
    client.force_login(dev.controller)

    # when a day is mistyped and a unit of another organisation is slipped into the address
    other_unit = dev.other_manager.memberships.get().unit
    response = client.get(LIST, {"date_from": "2026-13-01", "unit_a": other_unit.pk})

    # then the errors are in the user's language and the typed day is kept
    content = response.content.decode()
    assert response.status_code == 400
    with translation.override("sv"):
        assert gettext("Enter the first day as YYYY-MM-DD.") in content
        assert escape(gettext("Choose one of the organisation's units.")) in content
    assert 'value="2026-13-01"' in content
    assert 'class="error-summary"' in content


def test_r25_another_organisations_unit_is_no_choice(client, dev):
    # given a unit of Östhammar
    other_unit = dev.other_manager.memberships.get().unit
    dev.at_controller(reported_on=D(2026, 3, 2))
    client.force_login(dev.controller)

    response = client.get(LIST, {"unit_a": other_unit.pk})

    assert response.status_code == 400
    assert f'<option value="{other_unit.pk}"' not in response.content.decode()


def test_r25_fifty_a_page_and_the_filter_goes_to_the_next_page(client, dev):
    # given 51 reports in March and one in April
    for day in range(51):
        dev.at_controller(reported_on=D(2026, 3, 1 + day % 31))
    april = dev.at_controller(reported_on=D(2026, 4, 2))
    client.force_login(dev.controller)

    # when the controller filters March
    first = client.get(LIST, {"date_from": "2026-03-01", "date_to": "2026-03-31"})

    # then 50 on the first page, and the link to the next page carries the filter
    assert len(_rows(first)) == 50
    next_link = re.search(r'href="\?([^"]+)" rel="next"', first.content.decode()).group(1)
    query = parse_qs(next_link.replace("&amp;", "&"))
    assert query == {"date_from": ["2026-03-01"], "date_to": ["2026-03-31"], "page": ["2"]}
    second = client.get(LIST, query)
    assert len(_rows(second)) == 1
    assert april.pk not in _rows(second)


def test_r25_the_export_query_is_the_checked_filter_without_the_page(client, dev):
    client.force_login(dev.controller)

    valid = client.get(
        LIST,
        {
            "date_from": "2026-03-01",
            "unit_a": dev.bou.pk,
            "state": [DeviationState.SENT, DeviationState.FILED],
            "source": DeviationSource.MANUAL,
            "page": "2",
            "ignored": "x",
        },
    )
    unfiltered = client.get(LIST)
    refused = client.get(LIST, {"date_from": "nonsense"})

    assert parse_qs(valid.context["export_querystring"]) == {
        "date_from": ["2026-03-01"],
        "unit_a": [str(dev.bou.pk)],
        "state": ["sent", "filed"],
        "source": ["manual"],
    }
    assert unfiltered.context["export_querystring"] == ""
    # a refused filter offers no export, so nothing unfiltered goes out by mistake
    assert refused.context["export_querystring"] is None


def test_r25_the_other_organisations_controller_sees_none_of_the_districts_reports(client, dev):
    report = dev.at_controller(reported_on=D(2026, 3, 2))
    client.force_login(dev.other_controller)

    response = client.get(LIST)

    assert response.status_code == 200
    assert _rows(response) == []
    assert reverse("deviations:report_detail", args=[report.pk]) not in response.content.decode()


@pytest.mark.parametrize("reports", [1, 30])
def test_r25_the_list_costs_the_same_queries_for_1_and_30_reports(
    client, dev, django_assert_max_num_queries, reports
):
    # given reports, each concerning two units
    for day in range(reports):
        dev.at_controller(
            reported_on=D(2026, 3, 1 + day % 28),
            concerned_units=[dev.beroende, dev.psykiatri],
            filed_after_days=day % 5,
        )
    client.force_login(dev.controller)

    # then the filtered page costs a fixed number of queries: the session, the user, the
    # roles, the policy, the unit checked and the two unit menus, the count, the reports,
    # their units, the inbox badge and the session's save (with its savepoint)
    with django_assert_max_num_queries(14):
        response = client.get(LIST, {"date_from": "2026-01-01", "unit_a": dev.bou.pk})
    assert len(_rows(response)) == reports
