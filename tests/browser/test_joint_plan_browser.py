"""Issue 4: BoU and Vuxen agree a joint work plan end to end, each from its own login (R7,
R8, R11). Selectors use element ids and names so the test holds in Swedish and English."""

import re

import pytest
from playwright.sync_api import Page, expect

from coordination.models import JointPlan, JointPlanStatus, RelationKind
from coordination.services import case_register, relation_create
from tests.browser.conftest import assert_accessible
from tests.factories import TEST_PASSWORD, member, person
from units.models import Role

SECRET_SUMMARY = "Orosanmälan från skolan"


@pytest.fixture
def scene(transactional_db, live_server, load_organisation):
    org = load_organisation("ifo-000")
    bou = org.units.get(code="bou")
    vuxen = org.units.get(code="vuxen")
    bou_worker = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
    vux_worker = member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Vux")
    parent = person(born="1966", first_name="Petra", last_name="Förälder")
    child = person(born="2016", first_name="Kim", last_name="Förälder")
    relation_create(
        actor=bou_worker, from_individual=parent, to_individual=child, kind=RelationKind.GUARDIAN_OF
    )
    child_case = case_register(actor=bou_worker, individual=child, unit=bou, legal_bases=["lvu"])
    child_case.summary = SECRET_SUMMARY
    child_case.save()
    parent_case = case_register(actor=vux_worker, individual=parent, unit=vuxen)
    return {
        "url": live_server.url,
        "bou": bou,
        "vuxen": vuxen,
        "bou_worker": bou_worker,
        "vux_worker": vux_worker,
        "child_case": child_case,
        "parent_case": parent_case,
    }


def sign_in(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]").first.click()


def test_r7_r8_r11_bou_and_vuxen_agree_a_joint_work_plan(page: Page, scene):
    url = scene["url"]
    child_case, parent_case = scene["child_case"], scene["parent_case"]

    # given the BoU caseworker on the child's case starts a plan with the parent's Vuxen case
    sign_in(page, url, scene["bou_worker"].username)
    page.goto(f"{url}/cases/{child_case.pk}/")
    page.locator(f'a[href="/cases/{child_case.pk}/plans/new/"]').click()
    page.locator(f'input[name="other_cases"][value="{parent_case.pk}"]').check()
    page.locator("#id_investigation_approach").fill("BoU utreder barnet, Vuxen föräldern.")
    page.locator("#id_responsibility").fill("BoU ansvarar för barnets utredning.")
    page.locator("#id_continued_cooperation").fill("Gemensamt möte var fjärde vecka.")
    page.locator("#id_follow_up_dates").fill("2026-12-01")
    submit(page)

    # then the plan shows its text, the BoU row, and BoU's caseworker as coordinator (R8)
    expect(page.locator("#plan-investigation")).to_contain_text("BoU utreder barnet")
    bou_row = page.locator(f"#unit-row-{scene['bou'].pk}")
    expect(bou_row).to_contain_text("BoU ansvarar för barnets utredning.")
    expect(page.locator("#plan-coordinator")).to_contain_text("Britt Bou")
    assert SECRET_SUMMARY not in page.content()
    assert_accessible(page)
    plan = JointPlan.objects.get()

    # when the Vuxen caseworker opens it from the parent's case, writes their row and agrees
    sign_in(page, url, scene["vux_worker"].username)
    page.goto(f"{url}/cases/{parent_case.pk}/")
    page.locator(f'a[href="/plans/{plan.pk}/"]').click()
    page.locator(f"#edit-unit-{scene['vuxen'].pk}").click()
    page.locator("#id_responsibility").fill("Vuxen utreder förälderns behov av stöd.")
    submit(page)
    vux_row = page.locator(f"#unit-row-{scene['vuxen'].pk}")
    expect(vux_row).to_contain_text("Vuxen utreder förälderns behov av stöd.")
    assert SECRET_SUMMARY not in page.content()
    page.locator("#agree-button").click()
    expect(page.locator("#agree-button")).to_have_count(0)

    # and the BoU caseworker agrees too
    sign_in(page, url, scene["bou_worker"].username)
    page.goto(f"{url}/plans/{plan.pk}/")
    page.locator("#agree-button").click()

    # then the plan is signed off, by the last to agree
    expect(page.locator("#plan-status")).to_contain_text("Britt Bou")
    plan.refresh_from_db()
    assert plan.status == JointPlanStatus.SIGNED_OFF
    expect(page.locator("#plan-status")).to_contain_text(str(plan.signed_off_at.year))
    assert_accessible(page)
