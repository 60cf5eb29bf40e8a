"""Issue 6 item 4: a disagreement up every level of the Stockholm district's ladder (R2, R9),
each step from its owner's login.

Britt, BoU caseworker, raises a disagreement with Socialpsykiatri about a young person both
units have a case for; it waits with the deputy unit managers (level 2). Dana, BoU's deputy,
finds it in her inbox and raises it to the unit managers; Ulla, BoU's unit manager, finds it
in her queue and raises it to the department heads; Ingrid, head of IoF, decides. Britt reads
the decision. While it is open every page says BoU keeps the ongoing interventions (R9).
"""

import pytest
from playwright.sync_api import Page, expect

from coordination.models import Escalation, EscalationState
from coordination.services import case_register
from tests.browser.conftest import assert_accessible
from tests.browser.test_handover_browser import sign_in
from tests.factories import member, person
from units.models import Role

QUESTION = "Vem beviljar boendestöd efter 19 år: BoU eller Socialpsykiatri?"
DECISION = "BoU behåller insatserna till 21 år; Socialpsykiatri utreder parallellt."
RESPONSIBLE = (
    "While this escalation is open, Barn och ungdom remains responsible for the ongoing "
    "interventions (R9)."
)


@pytest.fixture
def scene(transactional_db, live_server, load_organisation):
    stockholm = load_organisation("stockholm-district")
    bou = stockholm.units.get(code="bou")
    psykiatri = stockholm.units.get(code="socialpsykiatri")
    iof = stockholm.departments.get(code="iof")
    aof = stockholm.departments.get(code="aof")
    britt = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
    sam = member(Role.CASEWORKER, unit=psykiatri, first_name="Sam", last_name="Psykiatri")
    young = person(born="2007", first_name="Kim", last_name="Oenig")
    case = case_register(actor=britt, individual=young, unit=bou)
    case_register(actor=sam, individual=young, unit=psykiatri)
    return {
        "url": live_server.url,
        "case": case,
        "britt": britt,
        "dana": member(Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Dana", last_name="Dep"),
        "ulla": member(Role.UNIT_MANAGER, unit=bou, first_name="Ulla", last_name="Chef"),
        "ingrid": member(
            Role.DEPARTMENT_HEAD, department=iof, first_name="Ingrid", last_name="Ifo"
        ),
        # the other side of each level, who could decide as well
        "others": [
            member(Role.DEPUTY_UNIT_MANAGER, unit=psykiatri),
            member(Role.UNIT_MANAGER, unit=psykiatri),
            member(Role.DEPARTMENT_HEAD, department=aof),
        ],
    }


def raise_further(page: Page, reason: str, to_level: str) -> None:
    main = page.get_by_role("main")
    page.get_by_label("Why it goes to the next level").fill(reason)
    page.get_by_role("button", name="Raise to the next level").click()
    expect(main).to_contain_text(f"The escalation is raised to level {to_level}")
    expect(main).to_contain_text(RESPONSIBLE)


def test_r2_r9_an_escalation_through_every_level_to_a_decision(page: Page, scene):
    url, case = scene["url"], scene["case"]
    main = page.get_by_role("main")

    # Britt raises the disagreement from the case page, in writing (R9)
    sign_in(page, url, scene["britt"].username)
    page.goto(f"{url}/cases/{case.pk}/")
    page.get_by_role("link", name="Raise a disagreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Raise a disagreement on the escalation ladder"
    )
    assert_accessible(page)
    page.get_by_label("The unit you disagree with").select_option(label="Socialpsykiatri")
    page.get_by_role("button", name="Raise the escalation").click()
    expect(main).to_contain_text("This field is required.")  # the question is missing
    page.get_by_label("The disagreement, in writing").fill(QUESTION)
    page.get_by_label("What each unit proposes").fill("BoU: AoF tar över. AoF: BoU till 21.")
    page.get_by_role("button", name="Raise the escalation").click()
    expect(main).to_contain_text("The escalation is raised to level 2: Biträdande enhetschefer")
    expect(main).to_contain_text(RESPONSIBLE)
    expect(page.locator("#level-2")).to_contain_text("now here")
    assert_accessible(page)
    escalation = Escalation.objects.get()

    # Dana, BoU's deputy, finds it in her inbox and raises it to the unit managers
    sign_in(page, url, scene["dana"].username)
    page.goto(f"{url}/inbox/")
    expect(main).to_contain_text("Escalation waiting for your decision")
    page.get_by_role("link", name=f"Escalation #{escalation.pk}").click()
    expect(main).to_contain_text(QUESTION)
    assert_accessible(page)
    raise_further(page, "Inte löst på samverkansmötet.", "3")

    # Ulla, BoU's unit manager, finds it in her queue and raises it to the department heads
    sign_in(page, url, scene["ulla"].username)
    page.goto(f"{url}/escalations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Escalations")
    assert_accessible(page)
    page.get_by_role("link", name=f"Escalation #{escalation.pk}").first.click()
    raise_further(page, "Kostnadsfrågan hör till avdelningscheferna.", "4")

    # Ingrid, head of IoF, decides at the top of the ladder
    sign_in(page, url, scene["ingrid"].username)
    page.goto(f"{url}/inbox/")
    page.get_by_role("link", name=f"Escalation #{escalation.pk}").click()
    expect(page.locator("#level-4")).to_contain_text("now here")
    expect(main).not_to_contain_text("Raise to the next level")
    page.get_by_label("Decision", exact=True).fill(DECISION)
    page.get_by_role("button", name="Record the decision").click()
    expect(main).to_contain_text("The decision is recorded and sent to every party.")
    expect(main).not_to_contain_text("remains responsible for the ongoing interventions (R9).")

    # Britt reads the decision from her inbox
    sign_in(page, url, scene["britt"].username)
    page.goto(f"{url}/inbox/")
    expect(main).to_contain_text("Escalation decided")
    page.get_by_role("link", name=f"Escalation #{escalation.pk}").first.click()
    expect(page.locator("#escalation-decision")).to_contain_text(DECISION)
    expect(main).to_contain_text("Decided by Ingrid Ifo at level 4. Avdelningschefer")
    assert_accessible(page)

    escalation.refresh_from_db()
    assert escalation.state == EscalationState.DECIDED
    assert escalation.closed_by == scene["ingrid"]
    assert [step.level.rank for step in escalation.steps.order_by("entered_at")] == [2, 3, 4]
