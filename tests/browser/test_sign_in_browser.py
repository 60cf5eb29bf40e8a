"""Sign-in in a real browser, and 0 axe violations on every page so far (issue 2, item 9)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from units.models import Role


@pytest.fixture
def portal(transactional_db, live_server, demo):
    return live_server.url


def sign_in(page: Page, portal: str, username: str, password: str) -> None:
    page.goto(f"{portal}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


@pytest.mark.parametrize("role", list(Role))
def test_each_demo_role_signs_in_lands_on_its_dashboard_and_signs_out(
    page: Page, portal, demo, demo_logins, role
):
    sign_in(page, portal, demo_logins[role.value], demo.password)

    expect(page).to_have_url(f"{portal}/dashboard/{role.value}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(role.label))
    assert_accessible(page)

    page.get_by_role("button", name="Logga ut").click()

    expect(page).to_have_url(f"{portal}/login/")
    page.goto(f"{portal}/dashboard/{role.value}/")
    expect(page).to_have_url(f"{portal}/login/?next=/dashboard/{role.value}/")


def test_the_sixth_wrong_password_is_refused_with_a_clear_message(page: Page, portal, demo_logins):
    username = demo_logins["caseworker"]
    for _ in range(5):
        sign_in(page, portal, username, "fel-lösenord-igen")

    sign_in(page, portal, username, "fel-lösenord-igen")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Kontot är låst i 15 minuter")
    expect(page.get_by_label("Användarnamn")).to_have_value(username)
    assert_accessible(page)


def test_sign_in_page_and_its_error_state_are_accessible(page: Page, portal, demo_logins):
    page.goto(f"{portal}/login/")
    assert_accessible(page)

    sign_in(page, portal, demo_logins["caseworker"], "fel")

    expect(page.get_by_role("alert")).to_contain_text("Ange ett korrekt användarnamn")
    assert_accessible(page)


def test_english_sign_in_page_is_accessible(page: Page, portal):
    page.goto(f"{portal}/login/")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)


def test_not_found_page_is_accessible(page: Page, portal, demo, demo_logins):
    sign_in(page, portal, demo_logins["caseworker"], demo.password)

    response = page.goto(f"{portal}/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    assert_accessible(page)


def test_skip_link_moves_focus_to_the_main_content(page: Page, portal):
    page.goto(f"{portal}/login/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till huvudinnehållet")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
