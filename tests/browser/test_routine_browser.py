"""Issue 8: Östhammar's routine for a report concerning a guardian with addiction (001; R30,
R32) in the browser, from the report to one caseworker per unit, each person from their own
login.

The reception group's caseworker registers the report and the routine starts by itself; she
works her steps from the routine's page (the case, a contact, a note, a copy of the invitation
to the adult group); she records the joint visit with AUDIT, and the adult group's caseworker,
who shares that step, completes it from her own login without being able to read the case
(R4); the reception caseworker records the consultation and the decision and appoints the
adult caseworker as co-caseworker; the adult group's coordinator completes the last step
("one caseworker from each unit") from her own list; the adult caseworker can then read the
case.
"""

import pytest
from playwright.sync_api import Page, expect

from coordination.models import (
    Case,
    JointVisit,
    RelationKind,
    RoutineRun,
    RoutineRunState,
    RoutineStepState,
    UnitCopy,
)
from coordination.selectors_age import stockholm_today
from coordination.services import relation_create
from tests.browser.conftest import assert_accessible
from tests.browser.test_handover_browser import sign_in
from tests.factories import member, person
from units.models import Role

ROUTINE = "Anmälningar rörande vårdnadshavare med beroende/riskbruk"


@pytest.fixture
def scene(transactional_db, live_server, load_organisation):
    osthammar = load_organisation("osthammar")
    mott = osthammar.units.get(code="bou-mottagning")
    vuxen = osthammar.units.get(kind="vuxen")
    bou = osthammar.units.get(code="bou")
    mona = member(Role.CASEWORKER, unit=mott, first_name="Mona", last_name="Mott")
    parent = person(born="1986", first_name="Petra", last_name="Förälder")
    child = person(born="2016", first_name="Kim", last_name="Förälder")
    relation_create(
        actor=mona, from_individual=parent, to_individual=child, kind=RelationKind.GUARDIAN_OF
    )
    return {
        "url": live_server.url,
        "mott": mott,
        "vuxen": vuxen,
        "mona": mona,
        "vera": member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Andersson"),
        "siv": member(Role.COORDINATOR, unit=vuxen, first_name="Siv", last_name="Samord"),
        "bodil": member(Role.COORDINATOR, unit=bou, first_name="Bodil", last_name="Bou"),
        "parent": parent,
    }


def open_step(page: Page, url: str, run: RoutineRun, position: int) -> None:
    page.goto(f"{url}/routines/runs/{run.pk}/")
    row = page.locator(f"#step-{run.steps.get(position=position).pk}")
    row.get_by_role("link", name="Work on the step").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Step {position}:")


def expect_closed(page: Page, run: RoutineRun, position: int, state: str = "Done") -> None:
    """The step's row on the routine's page, where closing a step leads."""
    row = page.locator(f"#step-{run.steps.get(position=position).pk}")
    expect(row).to_contain_text(state)


def complete_with_record(page: Page, url: str, run: RoutineRun, position: int) -> None:
    open_step(page, url, run, position)
    record = page.get_by_label("The record that completes the step")
    record.select_option(index=1)
    page.get_by_role("button", name="Done").click()
    expect_closed(page, run, position)


def complete_with_note(page: Page, url: str, run: RoutineRun, position: int, note: str) -> None:
    open_step(page, url, run, position)
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Done").click()
    expect_closed(page, run, position)


def record_contact(page: Page, url: str, case: Case, scene) -> None:
    page.goto(f"{url}/cases/{case.pk}/contacts/new/")
    page.get_by_label("Other unit", exact=True).select_option(str(scene["vuxen"].pk))
    page.get_by_label("Date", exact=True).fill(stockholm_today().isoformat())
    page.get_by_label("Channel").select_option("phone")
    page.get_by_label("Information transfer is needed").check()
    page.get_by_role("button", name="Record the contact").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(scene["mott"].name)


def test_r30_r32_guardian_with_addiction_from_the_report_to_a_caseworker_per_unit(
    page: Page, scene
):
    url, parent, vera = scene["url"], scene["parent"], scene["vera"]
    main = page.get_by_role("main")

    # the reception caseworker registers the report about the guardian's addiction
    sign_in(page, url, scene["mona"].username)
    page.goto(f"{url}/cases/new/")
    page.get_by_label("Personal identity or coordination number").fill(parent.identity_number)
    page.get_by_label("Matter").select_option("addiction")
    page.get_by_role("button", name="Check where the family is active").click()
    page.get_by_role("button", name="Register the case").click()
    case = Case.objects.get(individual=parent, unit=scene["mott"])

    # then the routine has started by itself and the case page says where it is (R30)
    routines = page.get_by_role("region", name="Routines")
    expect(routines).to_contain_text(ROUTINE)
    expect(routines).to_contain_text("at step 1")
    run = RoutineRun.objects.get(case=case, definition__code="vardnadshavare-beroende")
    routines.get_by_role("link", name=ROUTINE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ROUTINE)
    assert_accessible(page)

    # step 1: actualised, with the case itself; step 2: the contact with the adult group
    complete_with_record(page, url, run, 1)
    assert_accessible(page)
    record_contact(page, url, case, scene)
    complete_with_record(page, url, run, 2)
    complete_with_note(page, url, run, 3, "Kallelsen säger att vuxengruppen närvarar.")

    # step 4: a copy of the invitation to the adult group, sent from the case page
    page.goto(f"{url}/cases/{case.pk}/")
    page.get_by_text("Send a copy to another unit").click()
    page.get_by_label("To the unit").select_option(str(scene["vuxen"].pk))
    page.get_by_label("What is copied").select_option("invitation")
    page.get_by_label("The message").fill("Gemensamt hembesök tisdag kl. 10.")
    page.get_by_role("button", name="Send the copy").click()
    expect(page.get_by_role("region", name="Copies to other units")).to_contain_text(
        scene["vuxen"].name
    )
    assert UnitCopy.objects.filter(case=case, to_unit=scene["vuxen"]).count() == 1
    complete_with_record(page, url, run, 4)

    # the joint visit with AUDIT, recorded on the case (R32, 001)
    page.goto(f"{url}/cases/{case.pk}/")
    page.get_by_role("link", name="Record a joint visit or assessment").click()
    page.get_by_label("Other unit", exact=True).select_option(str(scene["vuxen"].pk))
    page.get_by_label("What was done together").select_option("visit")
    page.get_by_label("Date", exact=True).fill(stockholm_today().isoformat())
    page.get_by_label("The other unit's caseworker who took part").select_option(str(vera.pk))
    page.get_by_label("AUDIT used").check()
    page.get_by_label("AUDIT score").fill("14")
    page.get_by_role("button", name="Record").click()
    visit = JointVisit.objects.get(case=case)
    assert (visit.audit_used, visit.audit_score, visit.other_caseworker) == (True, 14, vera)
    assert_accessible(page)

    # the adult caseworker shares step 5: she finds it in her list and completes it with the
    # visit, and still cannot open the case (R4)
    sign_in(page, url, vera.username)
    page.goto(f"{url}/routines/steps/mine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My routine steps")
    page.get_by_role("link", name="5. Gemensamt besök, AUDIT/DUDIT vid behov").click()
    page.get_by_label("The record that completes the step").select_option(index=1)
    page.get_by_role("button", name="Done").click()
    expect_closed(page, run, 5)
    assert_accessible(page)
    assert parent.identity_number not in page.content()
    response = page.goto(f"{url}/cases/{case.pk}/")
    assert response.status == 404

    # the reception caseworker: the consultation, the decision, no second copy, and the
    # adult caseworker appointed as co-caseworker for consultation
    sign_in(page, url, scene["mona"].username)
    complete_with_record(page, url, run, 6)
    complete_with_note(page, url, run, 7, "Utredning inleds.")
    open_step(page, url, run, 8)
    page.get_by_label("Why the step is skipped").fill("Samordnaren fick kopian i steg 4.")
    page.get_by_role("button", name="Skip").click()
    expect_closed(page, run, 8, "Skipped")
    page.goto(f"{url}/cases/{case.pk}/")
    page.get_by_role("link", name="Appoint a co-caseworker").click()
    page.get_by_label("Co-caseworker", exact=True).select_option(str(vera.pk))
    page.get_by_label("The co-caseworker's unit").select_option(str(scene["vuxen"].pk))
    page.get_by_label("Expertise").check()
    purpose = page.get_by_role("textbox", name="What the co-caseworker does")
    purpose.fill("Konsultation om beroendet.")
    page.get_by_label("Until").fill("2099-12-31")
    page.get_by_role("button", name="Appoint").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(scene["mott"].name)

    # the adult group's coordinator completes "one caseworker from each unit" from her list
    sign_in(page, url, scene["siv"].username)
    page.goto(f"{url}/routines/steps/mine/")
    page.get_by_role("link", name="9. En handläggare utses från varje enhet").click()
    page.get_by_label("The record that completes the step").select_option(index=1)
    page.get_by_role("button", name="Done").click()
    expect_closed(page, run, 9)

    # then the routine is complete, and the adult caseworker now reads the case
    run.refresh_from_db()
    assert run.state == RoutineRunState.COMPLETED
    assert list(run.steps.values_list("state", flat=True)) == [RoutineStepState.DONE] * 7 + [
        RoutineStepState.SKIPPED,
        RoutineStepState.DONE,
    ]
    assert run.steps.get(position=5).completed_by == vera
    assert run.steps.get(position=9).completed_by == scene["siv"]
    sign_in(page, url, vera.username)
    page.goto(f"{url}/cases/{case.pk}/")
    expect(main.get_by_role("heading", level=1)).to_contain_text(parent.full_name)
    expect(page.get_by_role("region", name="Routines")).to_contain_text("completed")
