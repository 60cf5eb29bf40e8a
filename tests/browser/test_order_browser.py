"""Issue 5 item 5: an order to in-house open care from Motala's BoU to SRV (R26, R27), each
step from its owner's login.

The caseworker writes the assignment from the case page and sends it (refused until the
consent to written material going to a provider is recorded, R12); SRV's deputy unit manager
finds it among the orders to the unit, reads the order but not the case (R4) and records
receipt; two weeks later the sweep raises the execution check for the administrative
coordinator, who records SRV's answer; the caseworker records the kick-off, which executes
the order; the treater writes the implementation plan (a copy to the caseworker); the
caseworker records the follow-up, need by need.
"""

import datetime

import pytest
from playwright.sync_api import Page, expect

from coordination.models import (
    CaseStatus,
    ConsentForm,
    ConsentGivenBy,
    ConsentScope,
    Order,
    OrderState,
)
from coordination.selectors_age import stockholm_today
from coordination.services import case_register, case_transition
from coordination.services.consent import consent_record
from coordination.services.order_deadlines import orders_sweep
from tests.browser.conftest import assert_accessible
from tests.browser.test_handover_browser import sign_in
from tests.factories import member, person
from units.models import Role

SECRET_SUMMARY = "Orosanmälan från skolan om hemsituationen."
NEEDS = ["Stöd i föräldrarollen", "Skolnärvaro"]
GOALS = "Barnet går i skolan varje dag."


@pytest.fixture
def scene(transactional_db, live_server, load_organisation):
    motala = load_organisation("motala")
    bou = motala.units.get(code="bou")
    srv = motala.units.get(code="srv")
    caseworker = member(Role.CASEWORKER, unit=bou, first_name="Elin", last_name="Handläggare")
    coordinator = member(Role.COORDINATOR, unit=bou, first_name="Fatima", last_name="Adm")
    treater = member(Role.CASEWORKER, unit=srv, first_name="Hanna", last_name="Behandlare")
    srv_deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=srv, first_name="Rolf", last_name="Förste")
    child = person(born="2010", first_name="Saga", last_name="Barn")
    case = case_register(actor=caseworker, individual=child, unit=bou)
    case = case_transition(actor=caseworker, case=case, to=CaseStatus.INVESTIGATION)
    case.summary = SECRET_SUMMARY
    case.save()
    return {
        "url": live_server.url,
        "srv": srv,
        "caseworker": caseworker,
        "coordinator": coordinator,
        "treater": treater,
        "srv_deputy": srv_deputy,
        "child": child,
        "case": case,
    }


def test_r26_r27_order_from_the_case_to_the_follow_up(page: Page, scene):
    url, case, child = scene["url"], scene["case"], scene["child"]
    main = page.get_by_role("main")
    today = stockholm_today()

    # the caseworker writes the assignment from the case page (R26)
    sign_in(page, url, scene["caseworker"].username)
    page.goto(f"{url}/cases/{case.pk}/")
    page.get_by_role("link", name="Write an order to open care").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Order to open care")
    assert_accessible(page)
    page.get_by_label("Provider unit").select_option(str(scene["srv"].pk))
    page.get_by_label("Needs").fill("\n".join(NEEDS))
    page.get_by_label("Goals").fill(GOALS)
    page.get_by_label("Intervention decided on").fill("Familjebehandling enligt SoL")
    page.get_by_label("Intervention from").fill(today.isoformat())
    page.get_by_label("Intervention until").fill((today + datetime.timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(child.full_name)

    # sending without consent is refused and the override offered (R12)
    page.get_by_role("button", name="Send to the provider unit").click()
    expect(main).to_contain_text("Consent is missing")
    expect(page.get_by_label("Legal basis for going ahead without consent")).to_be_visible()
    assert_accessible(page)
    consent_record(
        actor=scene["caseworker"],
        individual=child,
        scope=ConsentScope.WRITTEN_MATERIAL,
        form=ConsentForm.WRITTEN,
        given_by=ConsentGivenBy.INDIVIDUAL_AND_GUARDIANS,
        provider="SRV",
    )
    page.get_by_role("button", name="Send to the provider unit").click()
    expect(main).to_contain_text("The order is sent to the provider unit.")
    order = Order.objects.get()

    # SRV's deputy unit manager finds it, reads the order but not the case (R4), receives it
    sign_in(page, url, scene["srv_deputy"].username)
    page.goto(f"{url}/inbox/")
    expect(main).to_contain_text("Order to open care received")
    page.goto(f"{url}/orders/incoming/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Orders to my units")
    assert_accessible(page)
    page.get_by_role("link", name=child.full_name).click()
    expect(main).to_contain_text(GOALS)
    expect(main).to_contain_text(NEEDS[0])
    assert SECRET_SUMMARY not in page.content()
    page.get_by_role("button", name="Record receipt").click()
    expect(main).to_contain_text("Receipt of the order is recorded.")

    # two weeks after receipt the sweep raises the execution check for the coordinator (R26)
    assert orders_sweep(today=today + datetime.timedelta(days=14)).total == 1
    sign_in(page, url, scene["coordinator"].username)
    page.goto(f"{url}/inbox/")
    expect(main).to_contain_text("Ask the provider about execution")
    page.goto(f"{url}/orders/to-check/")
    assert_accessible(page)
    page.get_by_role("link", name=child.full_name).click()
    page.get_by_label("The provider's answer about execution").fill("Start nästa vecka.")
    page.get_by_role("button", name="Record the execution check").click()
    expect(main).to_contain_text("The execution check is recorded.")

    # the caseworker leads the kick-off: the order is executed (R26, R27)
    sign_in(page, url, scene["caseworker"].username)
    page.goto(f"{url}/orders/{order.pk}/")
    page.get_by_label("Kick-off meeting held").fill(today.isoformat())
    page.get_by_label("Responsible treater").select_option(str(scene["treater"].pk))
    page.get_by_role("button", name="Record the kick-off").click()
    expect(main).to_contain_text("The kick-off is recorded: the order is executed.")

    # the treater writes the implementation plan with the family; a copy goes to the caseworker
    sign_in(page, url, scene["treater"].username)
    page.goto(f"{url}/orders/{order.pk}/")
    page.get_by_role("textbox", name="Implementation plan").fill("Hembesök varje vecka.")
    page.get_by_role("button", name="Save the plan").click()
    expect(main).to_contain_text("a copy goes to the caseworker")
    assert_accessible(page)

    # the caseworker reads the copy and follows up every need (R27)
    sign_in(page, url, scene["caseworker"].username)
    page.goto(f"{url}/inbox/")
    expect(main).to_contain_text("Copy of the implementation plan")
    page.get_by_role("link", name=child.full_name).first.click()
    expect(main).to_contain_text("Hembesök varje vecka.")
    page.get_by_label("Follow-up held").fill(today.isoformat())
    page.get_by_label(NEEDS[0]).select_option("met")
    page.get_by_role("button", name="Record the follow-up").click()
    expect(main).to_contain_text("Assess this need")  # every need must be assessed
    page.get_by_label(NEEDS[1]).select_option("partly")
    page.get_by_role("button", name="Record the follow-up").click()
    expect(main).to_contain_text("The follow-up is recorded.")
    assert_accessible(page)
    order.refresh_from_db()
    assert order.state == OrderState.EXECUTED
    assert order.follow_ups.get().assessments.count() == 2
