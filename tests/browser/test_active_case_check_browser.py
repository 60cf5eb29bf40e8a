"""Issue 3's browser test: Vuxen registers a case for a parent whose child is active at BoU."""

import pytest
from playwright.sync_api import Page, expect

from coordination.models import RelationKind
from coordination.services import case_register, relation_create
from tests.browser.conftest import assert_accessible
from tests.factories import TEST_PASSWORD, member, person
from units.models import Role

SECRET = "BOU-SECRET-4711"
SECRET_SUMMARY = "Orosanmälan från skolan"


@pytest.fixture
def scene(transactional_db, live_server, osthammar):
    bou = osthammar.units.get(code="bou")
    vuxen = osthammar.units.get(kind="vuxen")
    bou_worker = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
    vux_worker = member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Vux")
    parent = person(born="1966", first_name="Petra", last_name="Förälder")
    child = person(born="2016", first_name="Kim", last_name="Förälder")
    relation_create(
        actor=bou_worker, from_individual=parent, to_individual=child, kind=RelationKind.GUARDIAN_OF
    )
    child_case = case_register(
        actor=bou_worker,
        individual=child,
        unit=bou,
        legal_bases=["lvu"],
        external_system="procapita",
        external_reference=SECRET,
    )
    child_case.summary = SECRET_SUMMARY
    child_case.save()
    return {
        "url": live_server.url,
        "bou": bou,
        "vuxen": vuxen,
        "bou_worker": bou_worker,
        "vux_worker": vux_worker,
        "parent": parent,
        "child": child,
    }


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def assert_no_bou_contents(page: Page) -> None:
    content = page.content()
    assert SECRET not in content
    assert SECRET_SUMMARY not in content


def test_r3_r4_vuxen_sees_bou_and_its_caseworker_and_nothing_more(page: Page, scene):
    # given the Vuxen caseworker registering a case for the parent
    sign_in(page, scene["url"], scene["vux_worker"].username)
    page.goto(f"{scene['url']}/cases/new/")
    page.get_by_label("Personnummer eller samordningsnummer").fill(scene["parent"].identity_number)

    # when they check where the family is active
    page.get_by_role("button", name="Kontrollera var familjen är aktuell").click()

    # then BoU and the BoU caseworker are named, before registering
    panel = page.get_by_role("region", name="Aktuell på andra enheter")
    expect(panel).to_contain_text(scene["bou"].name)
    expect(panel).to_contain_text("Britt Bou")
    assert_no_bou_contents(page)
    assert_accessible(page)

    # and after registering, on the new case
    page.get_by_role("button", name="Registrera ärendet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(scene["vuxen"].name)
    expect(page.get_by_role("region", name="Aktuell på andra enheter")).to_contain_text("Britt Bou")
    assert_no_bou_contents(page)
    assert_accessible(page)


def test_r3_r4_bou_sees_the_same_minimal_fact_about_vuxen(page: Page, scene):
    # given the parent now has a case at Vuxen
    case_register(actor=scene["vux_worker"], individual=scene["parent"], unit=scene["vuxen"])

    # when the BoU caseworker opens the child's page
    sign_in(page, scene["url"], scene["bou_worker"].username)
    page.goto(f"{scene['url']}/individuals/{scene['child'].pk}/")

    # then Vuxen and its caseworker are named for the parent
    panel = page.get_by_role("region", name="Aktuell på andra enheter")
    expect(panel).to_contain_text(scene["vuxen"].name)
    expect(panel).to_contain_text("Vera Vux")
    assert_accessible(page)
