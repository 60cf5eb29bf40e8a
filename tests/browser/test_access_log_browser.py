"""The log review in a real browser: the list and the review form have 0 axe violations."""

import pytest
from django.test import RequestFactory
from django.utils import timezone
from playwright.sync_api import Page, expect

from coordination.models import AccessAction, Individual
from coordination.services import access_log_denied, access_log_record
from tests.browser.conftest import assert_accessible
from tests.browser.test_sign_in_browser import sign_in
from units.models import Membership, Role, User


@pytest.fixture
def portal(transactional_db, live_server, demo, demo_logins):
    """The demo organisation with reads, and a denial, by a caseworker at the manager's unit."""
    manager = User.objects.get(username=demo_logins[Role.UNIT_MANAGER.value])
    unit = Membership.objects.get(user=manager, role=Role.UNIT_MANAGER).unit
    caseworker = Membership.objects.filter(unit=unit, role=Role.CASEWORKER).first().user
    request = RequestFactory().get("/individuals/")
    request.user = caseworker
    request.request_id = "browser-test-0001"
    individuals = list(Individual.objects.order_by("pk")[:3])
    assert individuals, "the demo data has individuals"
    access_log_record(
        request=request, action=AccessAction.VIEW, individual_ids=[i.pk for i in individuals]
    )
    access_log_denied(request=request, action=AccessAction.VIEW, individual_id=individuals[0].pk)
    return live_server.url


def test_unit_manager_reviews_the_log_accessibly(page: Page, portal, demo, demo_logins):
    # given
    sign_in(page, portal, demo_logins[Role.UNIT_MANAGER.value], demo.password)

    # when: the log
    page.goto(f"{portal}/access-log/")

    # then
    expect(page.locator("table caption")).to_be_visible()
    expect(page.locator("td strong").first).to_be_visible()  # the denial, not by colour alone
    assert_accessible(page)

    # when: a filter that is not a date
    page.locator("#id_date_from").fill("2025-02-30")
    page.locator("form[role=search] button[type=submit]").click()

    # then
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_date_from")).to_have_value("2025-02-30")
    assert_accessible(page)

    # when: a sample of today's entries
    today = timezone.localdate().isoformat()
    page.goto(f"{portal}/access-log/sample/")
    assert_accessible(page)
    page.locator("#id_period_start").fill(today)
    page.locator("#id_period_end").fill(today)
    page.locator("#id_size").fill("3")
    page.locator("main form[method=get] button[type=submit]").click()

    # then: the sample and the review form
    expect(page.locator("#id_review_result_0")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(3)
    assert_accessible(page)

    # when: remarks without findings
    page.locator("#id_review_result_1").check()
    page.locator("#id_review_follow_up").fill("Samtal med handläggaren.")
    page.locator("main form[method=post] button[type=submit]").click()

    # then
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_review_follow_up")).to_have_value("Samtal med handläggaren.")
    assert_accessible(page)

    # when: the findings are given
    page.locator("#id_review_findings").fill("En läsning utan ärende.")
    page.locator("main form[method=post] button[type=submit]").click()

    # then
    expect(page).to_have_url(f"{portal}/access-log/reviews/")
    expect(page.locator("table tbody tr")).to_have_count(1)
    assert_accessible(page)
