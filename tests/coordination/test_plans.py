"""Joint work plans (R7, R11), who coordinates (R8), agreement, history and PDF."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from coordination.models import (
    AccessLogEntry,
    Case,
    CaseStatus,
    GrantReason,
    JointPlan,
    JointPlanFollowUp,
    JointPlanStatus,
    RelationKind,
)
from coordination.selectors_plans import coordinator_propose
from coordination.selectors_waiting import WaitingKind, waiting_for_me
from coordination.services import case_grant, case_register, case_transition, relation_create
from coordination.services.plans import (
    plan_agree,
    plan_cases_add,
    plan_coordinator_override,
    plan_create,
    plan_follow_up_hold,
    plan_responsibility_set,
    plan_update,
)
from tests.factories import member, person
from tests.portal.test_pdf import pdf_strings
from units.models import Organisation, Role, Unit, User

pytestmark = pytest.mark.django_db

SECRET_SUMMARY = "Orosanmälan från skolan om hemsituationen."
SECRET_REFERENCE = "BOU-SECRET-4711"


@dataclass
class Scene:
    organisation: Organisation
    bou: Unit
    vuxen: Unit
    beroende: Unit
    mou: Unit
    bou_worker: User
    vux_worker: User
    beroende_worker: User
    mou_worker: User
    parent: object
    child: object
    child_case: Case
    parent_case: Case


@pytest.fixture
def scene(load_organisation) -> Scene:
    """IFO per routine 000: a child open at BoU, the parent open at Vuxen (R8's rules)."""
    org = load_organisation("ifo-000")
    units = {unit.code: unit for unit in org.units.all()}
    bou, vuxen, beroende, mou = (units[c] for c in ("bou", "vuxen", "beroende", "mou"))
    bou_worker = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
    vux_worker = member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Vux")
    beroende_worker = member(Role.CASEWORKER, unit=beroende, first_name="Bert", last_name="Ber")
    mou_worker = member(Role.CASEWORKER, unit=mou, first_name="Mona", last_name="Mou")
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
        external_reference=SECRET_REFERENCE,
        opened_on=datetime.date(2024, 3, 1),
    )
    child_case.summary = SECRET_SUMMARY
    child_case.save()
    parent_case = case_register(
        actor=vux_worker, individual=parent, unit=vuxen, opened_on=datetime.date(2025, 1, 10)
    )
    return Scene(
        org,
        bou,
        vuxen,
        beroende,
        mou,
        bou_worker,
        vux_worker,
        beroende_worker,
        mou_worker,
        parent,
        child,
        child_case,
        parent_case,
    )


def make_plan(scene: Scene, **fields) -> JointPlan:
    fields.setdefault("investigation_approach", "BoU utreder barnets behov, Vuxen förälderns.")
    fields.setdefault("continued_cooperation", "Avstämning varannan vecka.")
    fields.setdefault("other_case_ids", [scene.parent_case.pk])
    fields.setdefault("follow_up_dates", [datetime.date(2026, 12, 1)])
    return plan_create(actor=scene.bou_worker, case=scene.child_case, **fields)


def plan_url(plan: JointPlan, name: str = "plan_detail") -> str:
    return reverse(f"coordination:{name}", args=[plan.pk])


# --- R7: one plan, linked to every involved case ------------------------------------------


def test_r7_caseworker_creates_a_plan_linking_the_other_units_case_from_the_check(client, scene):
    client.force_login(scene.bou_worker)
    url = reverse("coordination:plan_create", args=[scene.child_case.pk])

    # the form offers the parent's Vuxen case by unit and caseworker only (R4)
    page = client.get(url).content.decode()
    assert "Vera Vux" in page
    assert scene.vuxen.name in page

    response = client.post(
        url,
        {
            "other_cases": [scene.parent_case.pk],
            "investigation_approach": "Två parallella utredningar.",
            "responsibility": "BoU utreder barnets situation.",
            "continued_cooperation": "Möte var fjärde vecka.",
            "follow_up_dates": "2026-12-01, 2027-02-01",
        },
    )

    plan = JointPlan.objects.get()
    assert response.status_code == 302
    assert response.url == plan_url(plan)
    assert set(plan.cases.all()) == {scene.child_case, scene.parent_case}  # R7
    assert [str(f) for f in plan.follow_ups.all()] == ["2026-12-01", "2027-02-01"]
    assert plan.responsibilities.get().unit == scene.bou  # R11: the creator's own row


def test_r7_the_plan_is_listed_on_every_involved_case(client, scene):
    plan = make_plan(scene)

    for user, case in ((scene.bou_worker, scene.child_case), (scene.vux_worker, scene.parent_case)):
        client.force_login(user)
        page = client.get(reverse("coordination:case_detail", args=[case.pk])).content.decode()
        assert plan_url(plan) in page, user


def test_r7_only_cases_the_check_shows_may_be_linked(client, scene):
    stranger_case = case_register(
        actor=scene.beroende_worker, individual=person(born="1971"), unit=scene.beroende
    )

    with pytest.raises(ValidationError):
        make_plan(scene, other_case_ids=[stranger_case.pk])
    with pytest.raises(ValidationError):
        make_plan(scene, other_case_ids=[])
    assert not JointPlan.objects.exists()


def test_r7_a_manager_cannot_start_a_plan_from_a_case(client, scene):
    manager = member(Role.UNIT_MANAGER, unit=scene.bou)
    client.force_login(manager)

    response = client.get(reverse("coordination:plan_create", args=[scene.child_case.pk]))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(user=manager, outcome="denied").exists()


def test_r7_a_co_caseworker_with_a_live_grant_may_start_a_plan(scene):
    co = member(Role.CASEWORKER, unit=scene.vuxen, first_name="Cody")
    case_grant(
        actor=scene.bou_worker, case=scene.child_case, user=co, reason=GrantReason.CO_CASEWORKER
    )

    plan = plan_create(
        actor=co,
        case=scene.child_case,
        investigation_approach="a",
        continued_cooperation="b",
        other_case_ids=[scene.parent_case.pk],
    )

    assert plan.created_by == co


def test_an_invalid_follow_up_date_saves_nothing_and_keeps_the_input(client, scene):
    client.force_login(scene.bou_worker)

    response = client.post(
        reverse("coordination:plan_create", args=[scene.child_case.pk]),
        {
            "other_cases": [scene.parent_case.pk],
            "investigation_approach": "Min text",
            "continued_cooperation": "",
            "follow_up_dates": "1 december",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert not JointPlan.objects.exists()
    assert "Min text" in page
    assert "ÅÅÅÅ-MM-DD" in page  # the specific message, in Swedish by default
    bogus = client.post(
        reverse("coordination:plan_create", args=[scene.child_case.pk]),
        {"other_cases": ["x", "999999"], "investigation_approach": "x" * 20000},
    )
    assert bogus.status_code == 400


# --- R8: who coordinates ------------------------------------------------------------------


def test_r8_bou_and_vuxen_the_bou_caseworker_coordinates(scene):
    plan = make_plan(scene)

    assert plan.coordinator == scene.bou_worker
    assert "(rule)" in plan.coordinator_reason or "(regel)" in plan.coordinator_reason
    assert "BoU" in plan.coordinator_reason


def test_r8_the_rule_is_found_whichever_unit_starts_the_plan(scene):
    plan = plan_create(
        actor=scene.vux_worker,
        case=scene.parent_case,
        investigation_approach="a",
        continued_cooperation="b",
        other_case_ids=[scene.child_case.pk],
    )

    assert plan.coordinator == scene.bou_worker


def test_r8_beroende_and_mou_the_mou_caseworker_coordinates(scene):
    individual = person(born="1980")
    beroende_case = case_register(
        actor=scene.beroende_worker, individual=individual, unit=scene.beroende
    )
    mou_case = case_register(actor=scene.mou_worker, individual=individual, unit=scene.mou)

    proposal = coordinator_propose(cases=[beroende_case, mou_case])

    assert proposal.caseworker == scene.mou_worker
    assert "MoU" in proposal.reason


def test_r8_three_units_the_longest_contact_with_the_family_coordinates(scene):
    # given the parent had a case at Beroende long ago, now closed, and a new one now
    old = case_register(
        actor=scene.beroende_worker,
        individual=scene.parent,
        unit=scene.beroende,
        opened_on=datetime.date(2015, 5, 5),
    )
    case_transition(actor=scene.beroende_worker, case=old, to=CaseStatus.CLOSED)
    current = case_register(
        actor=scene.beroende_worker, individual=scene.parent, unit=scene.beroende
    )

    plan = make_plan(scene, other_case_ids=[scene.parent_case.pk, current.pk])

    assert plan.coordinator == scene.beroende_worker
    assert "2015-05-05" in plan.coordinator_reason


def test_r8_longest_contact_ties_go_to_the_unit_name_first_in_order(scene):
    day = datetime.date(2020, 1, 1)
    individual = person(born="1980")
    cases = [
        case_register(actor=worker, individual=individual, unit=unit, opened_on=day)
        for worker, unit in (
            (scene.vux_worker, scene.vuxen),
            (scene.beroende_worker, scene.beroende),
            (scene.mou_worker, scene.mou),
        )
    ]

    proposal = coordinator_propose(cases=cases)

    first = min((scene.vuxen, scene.beroende, scene.mou), key=lambda u: u.name)
    assert proposal.case.unit == first


def test_r8_adding_a_case_recomputes_the_proposal_unless_overridden(scene):
    plan = make_plan(scene)
    old = case_register(
        actor=scene.beroende_worker,
        individual=scene.parent,
        unit=scene.beroende,
        opened_on=datetime.date(2010, 1, 1),
    )

    plan_cases_add(actor=scene.bou_worker, plan=plan, from_case=scene.child_case, case_ids=[old.pk])

    plan.refresh_from_db()
    assert plan.coordinator == scene.beroende_worker  # three units: longest contact
    # once a manager has chosen, adding a case keeps the choice
    manager = member(Role.UNIT_MANAGER, unit=scene.vuxen)
    plan_coordinator_override(
        actor=manager, plan=plan, coordinator=scene.vux_worker, reason="Känner familjen bäst."
    )
    mou_case = case_register(actor=scene.mou_worker, individual=scene.parent, unit=scene.mou)
    plan_cases_add(
        actor=scene.bou_worker, plan=plan, from_case=scene.child_case, case_ids=[mou_case.pk]
    )
    plan.refresh_from_db()
    assert plan.coordinator == scene.vux_worker


def test_r8_a_unit_manager_of_an_involved_unit_overrides_with_a_reason(client, scene):
    plan = make_plan(scene)
    manager = member(Role.DEPUTY_UNIT_MANAGER, unit=scene.vuxen, first_name="Maja")
    client.force_login(manager)

    response = client.post(
        plan_url(plan, "plan_coordinator"),
        {"coordinator": scene.vux_worker.pk, "reason": "Föräldern har störst behov nu."},
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.coordinator == scene.vux_worker
    assert plan.coordinator_overridden_by == manager
    assert plan.coordinator_override_reason == "Föräldern har störst behov nu."
    assert "Föräldern har störst behov nu." in plan.history.first().history_change_reason
    page = client.get(plan_url(plan)).content.decode()
    assert "Föräldern har störst behov nu." in page


def test_r8_a_caseworker_may_not_override_and_a_manager_must_give_a_reason(client, scene):
    plan = make_plan(scene)

    # a caseworker: refused
    client.force_login(scene.vux_worker)
    response = client.post(
        plan_url(plan, "plan_coordinator"), {"coordinator": scene.vux_worker.pk, "reason": "x"}
    )
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        plan_coordinator_override(
            actor=scene.vux_worker, plan=plan, coordinator=scene.vux_worker, reason="x"
        )

    # a manager without a reason: the form says so, nothing is saved
    manager = member(Role.UNIT_MANAGER, unit=scene.bou)
    client.force_login(manager)
    response = client.post(
        plan_url(plan, "plan_coordinator"), {"coordinator": scene.vux_worker.pk, "reason": "  "}
    )
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    # a manager choosing someone outside the plan: refused
    outsider = member(Role.CASEWORKER, unit=scene.mou)
    response = client.post(
        plan_url(plan, "plan_coordinator"), {"coordinator": outsider.pk, "reason": "x"}
    )
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.coordinator == scene.bou_worker
    assert plan.coordinator_overridden_by is None


# --- Visibility (R4, R7, R11) -------------------------------------------------------------


def test_r7_r11_an_involved_caseworker_edits_the_text_and_only_their_own_units_row(client, scene):
    plan = make_plan(scene)
    client.force_login(scene.vux_worker)

    response = client.post(
        plan_url(plan, "plan_edit"),
        {
            "investigation_approach": "Ny text från Vuxen.",
            "continued_cooperation": "Oförändrat.",
            "follow_up_dates": "2026-12-01",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.investigation_approach == "Ny text från Vuxen."

    own = reverse("coordination:plan_responsibility", args=[plan.pk, scene.vuxen.pk])
    assert client.post(own, {"responsibility": "Vuxen utreder föräldern."}).status_code == 302
    other = reverse("coordination:plan_responsibility", args=[plan.pk, scene.bou.pk])
    assert client.post(other, {"responsibility": "Kapning"}).status_code == 404  # R11
    assert not plan.responsibilities.filter(responsibility="Kapning").exists()
    with pytest.raises(Http404):
        plan_responsibility_set(
            actor=scene.vux_worker, plan=plan, unit=scene.bou, responsibility="Kapning"
        )


def test_r4_another_units_caseworker_with_no_linked_case_gets_404_and_a_logged_denial(
    client, scene
):
    plan = make_plan(scene)
    client.force_login(scene.beroende_worker)

    for name in ("plan_detail", "plan_history", "plan_pdf", "plan_edit"):
        response = client.get(plan_url(plan, name))
        assert response.status_code == 404, name

    denials = AccessLogEntry.objects.filter(user=scene.beroende_worker, outcome="denied")
    assert denials.count() == 4
    assert all(d.individual_id is not None for d in denials)
    assert not AccessLogEntry.objects.filter(user=scene.beroende_worker, outcome="granted")


def test_r4_users_without_a_unit_role_get_404(client, scene):
    plan = make_plan(scene)
    for user in (
        member(Role.CONTROLLER, organisation=scene.organisation),
        member(Role.DEPARTMENT_HEAD, department=scene.bou.department),
    ):
        client.force_login(user)
        assert client.get(plan_url(plan)).status_code == 404
        assert AccessLogEntry.objects.filter(user=user, outcome="denied").count() == 1


def test_r4_a_manager_of_an_involved_unit_reads_but_cannot_edit(client, scene):
    plan = make_plan(scene)
    manager = member(Role.UNIT_MANAGER, unit=scene.vuxen)
    client.force_login(manager)

    page = client.get(plan_url(plan))
    assert page.status_code == 200
    assert plan_url(plan, "plan_edit") not in page.content.decode()

    response = client.post(
        plan_url(plan, "plan_edit"),
        {"investigation_approach": "x", "continued_cooperation": "y", "follow_up_dates": ""},
    )
    assert response.status_code == 404
    assert client.post(plan_url(plan, "plan_agree")).status_code == 404
    plan.refresh_from_db()
    assert plan.investigation_approach != "x"


def test_r4_the_plan_page_never_shows_the_linked_cases_contents(client, scene):
    plan = make_plan(scene)
    client.force_login(scene.vux_worker)

    for name in ("plan_detail", "plan_history", "plan_edit"):
        page = client.get(plan_url(plan, name)).content.decode()
        assert SECRET_SUMMARY not in page, name
        assert SECRET_REFERENCE not in page, name
        assert "lvu" not in page.lower(), name
    pdf = client.get(plan_url(plan, "plan_pdf")).content
    assert SECRET_SUMMARY.encode("latin-1") not in pdf
    # the BoU case is named by unit and caseworker, without a link to its contents
    page = client.get(plan_url(plan)).content.decode()
    assert "Britt Bou" in page
    assert reverse("coordination:case_detail", args=[scene.child_case.pk]) not in page
    assert reverse("coordination:case_detail", args=[scene.parent_case.pk]) in page


def test_the_plan_page_logs_one_row_per_individual_shown(client, scene):
    plan = make_plan(scene)
    client.force_login(scene.vux_worker)

    client.get(plan_url(plan))

    rows = AccessLogEntry.objects.filter(user=scene.vux_worker, action="view", outcome="granted")
    assert sorted(rows.values_list("individual_id", flat=True)) == sorted(
        [scene.parent.pk, scene.child.pk]
    )


# --- Agreement and sign-off (item 2) --------------------------------------------------------


def test_the_plan_is_signed_off_when_every_case_has_agreed(client, scene):
    plan = make_plan(scene)

    plan_agree(actor=scene.vux_worker, plan=plan)
    plan.refresh_from_db()
    assert plan.status == JointPlanStatus.DRAFT

    client.force_login(scene.bou_worker)
    client.post(plan_url(plan, "plan_agree"))

    plan.refresh_from_db()
    assert plan.status == JointPlanStatus.SIGNED_OFF
    assert plan.signed_off_by == scene.bou_worker  # the last to agree
    assert plan.signed_off_at is not None
    with pytest.raises(ValidationError):
        plan_agree(actor=scene.bou_worker, plan=plan)


def test_a_change_after_agreement_clears_the_agreements_and_returns_to_draft(client, scene):
    plan = make_plan(scene)
    plan_agree(actor=scene.vux_worker, plan=plan)
    plan_agree(actor=scene.bou_worker, plan=plan)

    cleared = plan_update(
        actor=scene.vux_worker,
        plan=plan,
        investigation_approach="Ändrad efter överenskommelsen.",
        continued_cooperation=plan.continued_cooperation,
        follow_up_dates=[datetime.date(2026, 12, 1)],
    )

    assert cleared
    plan.refresh_from_db()
    assert plan.status == JointPlanStatus.DRAFT
    assert plan.signed_off_at is None
    assert not plan.plan_cases.filter(approved_by__isnull=False).exists()
    client.force_login(scene.bou_worker)
    page = client.get(plan_url(plan)).content.decode()
    assert 'id="agreements-cleared"' in page
    assert 'id="agree-button"' in page


def test_a_row_change_after_one_agreement_clears_it_too(scene):
    plan = make_plan(scene)
    plan_agree(actor=scene.vux_worker, plan=plan)

    assert plan_responsibility_set(
        actor=scene.bou_worker, plan=plan, unit=scene.bou, responsibility="Ny rad"
    )
    assert not plan.plan_cases.filter(approved_by__isnull=False).exists()
    # an unchanged save clears nothing
    plan_agree(actor=scene.vux_worker, plan=plan)
    assert not plan_update(
        actor=scene.bou_worker,
        plan=plan,
        investigation_approach=plan.investigation_approach,
        continued_cooperation=plan.continued_cooperation,
        follow_up_dates=[datetime.date(2026, 12, 1)],
    )
    assert plan.plan_cases.filter(approved_by__isnull=False).exists()


# --- Follow-ups held (R7, R11): what happened, not what was agreed ---------------------------

NOV_20 = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def signed_plan(scene, time_machine) -> JointPlan:
    """A plan made on 2026-11-20, agreed by both units, with follow-ups on 2026-12-01 and
    2027-02-01; the day is 2026-12-02."""
    time_machine.move_to(NOV_20, tick=False)
    plan = make_plan(scene, follow_up_dates=[datetime.date(2026, 12, 1), datetime.date(2027, 2, 1)])
    plan_agree(actor=scene.vux_worker, plan=plan)
    plan_agree(actor=scene.bou_worker, plan=plan)
    time_machine.move_to(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    return plan


def held_url(plan: JointPlan, follow_up: JointPlanFollowUp) -> str:
    return reverse("coordination:plan_follow_up_held", args=[plan.pk, follow_up.pk])


def held_data(follow_up: JointPlanFollowUp, held_on: str, note: str = "") -> dict:
    prefix = f"follow-up-{follow_up.pk}"
    return {f"{prefix}-held_on": held_on, f"{prefix}-note": note}


def test_r7_r11_an_involved_caseworker_records_a_follow_up_held_and_the_agreements_stay(
    client, scene, signed_plan
):
    plan = signed_plan
    first, second = plan.follow_ups.order_by("due_on")
    client.force_login(scene.vux_worker)

    # the plan page offers a form for each follow-up not yet held
    page = client.get(plan_url(plan)).content.decode()
    assert held_url(plan, first) in page
    assert held_url(plan, second) in page

    response = client.post(
        held_url(plan, first), held_data(first, "2026-12-01", "Båda enheterna deltog.")
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.held_on == datetime.date(2026, 12, 1)
    assert first.note == "Båda enheterna deltog."
    # R7: a record of what happened, not a change of what was agreed
    plan.refresh_from_db()
    assert plan.status == JointPlanStatus.SIGNED_OFF
    assert plan.plan_cases.filter(approved_by__isnull=True).count() == 0
    page = client.get(plan_url(plan)).content.decode()
    assert "Båda enheterna deltog." in page
    assert "2026-12-01" in page
    assert held_url(plan, first) not in page  # held: no form any more
    assert held_url(plan, second) in page
    assert 'id="agreements-cleared"' not in page
    # the history shows who recorded it, the date and the note
    history = client.get(plan_url(plan, "plan_history"))
    follow_up_label = gettext("Follow-up")
    change = next(
        e for e in history.context["entries"] if e.kind == "changed" and e.what == follow_up_label
    )
    assert change.user == "Vera Vux"
    assert {(c.old, c.new) for c in change.changes} == {
        ("-", "2026-12-01"),
        ("-", "Båda enheterna deltog."),
    }
    assert "<ins>Båda enheterna deltog.</ins>" in history.content.decode()


def test_r7_a_held_follow_up_no_longer_waits_for_the_caseworkers(client, scene, signed_plan):
    plan = signed_plan
    first = plan.follow_ups.order_by("due_on").first()
    # overdue since yesterday, on both caseworkers' lists
    assert WaitingKind.FOLLOW_UP in [
        i.kind for i in waiting_for_me(user=scene.bou_worker, role=Role.CASEWORKER)
    ]
    client.force_login(scene.bou_worker)
    dashboard = reverse("portal:dashboard", args=["caseworker"])
    assert len(client.get(dashboard).context["dashboard"].waiting) == 1

    client.post(held_url(plan, first), held_data(first, "2026-12-02"))

    for caseworker in (scene.bou_worker, scene.vux_worker):
        items = waiting_for_me(user=caseworker, role=Role.CASEWORKER)
        assert WaitingKind.FOLLOW_UP not in [i.kind for i in items]
    assert client.get(dashboard).context["dashboard"].waiting == []


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        # tomorrow
        ("2026-12-03", "The follow-up cannot have been held in the future."),
        # the day before the plan was created
        (
            "2026-11-19",
            "The follow-up cannot have been held before the plan was created (%(date)s).",
        ),
        ("1 december", "Write the date as YYYY-MM-DD."),
        ("", "Give the date the follow-up was held."),
    ],
)
def test_r7_an_invalid_held_date_saves_nothing_and_keeps_the_input(
    client, scene, signed_plan, held_on, message
):
    plan = signed_plan
    first = plan.follow_ups.order_by("due_on").first()
    history_before = JointPlanFollowUp.history.count()
    client.force_login(scene.bou_worker)

    response = client.post(held_url(plan, first), held_data(first, held_on, "Anteckning 42"))

    assert response.status_code == 400
    page = response.content.decode()
    # the specific message, in the page's language (Swedish once the catalogue has it)
    assert escape(gettext(message) % {"date": "2026-11-20"}) in page
    assert "Anteckning 42" in page
    assert held_on in page
    first.refresh_from_db()
    assert first.held_on is None
    assert first.note == ""
    assert JointPlanFollowUp.history.count() == history_before


def test_r7_the_service_refuses_dates_outside_the_plans_life_too(scene, signed_plan):
    first = signed_plan.follow_ups.order_by("due_on").first()
    for held_on in (datetime.date(2026, 12, 3), datetime.date(2026, 11, 19)):
        with pytest.raises(ValidationError):
            plan_follow_up_hold(
                actor=scene.bou_worker, plan=signed_plan, follow_up_id=first.pk, held_on=held_on
            )
    first.refresh_from_db()
    assert first.held_on is None


def test_r4_r7_only_involved_caseworkers_record_a_follow_up_held(client, scene, signed_plan):
    plan = signed_plan
    first, second = plan.follow_ups.order_by("due_on")
    other_plan_follow_up = JointPlanFollowUp.objects.create(
        plan=make_plan(scene, follow_up_dates=[]), due_on=datetime.date(2026, 12, 1)
    )
    # a manager of an involved unit reads the plan but gets no form
    manager = member(Role.UNIT_MANAGER, unit=scene.vuxen)
    client.force_login(manager)
    assert held_url(plan, first) not in client.get(plan_url(plan)).content.decode()

    for user in (manager, scene.beroende_worker):
        client.force_login(user)
        before = AccessLogEntry.objects.filter(user=user, outcome="denied").count()

        response = client.post(held_url(plan, first), held_data(first, "2026-12-01", "x"))

        # R4: out of scope answers 404 and the refusal is logged against the plan's people
        assert response.status_code == 404
        denials = AccessLogEntry.objects.filter(user=user, outcome="denied")
        assert denials.count() == before + 1
        assert denials.latest("pk").individual_id is not None
    # an involved caseworker, but another plan's follow-up, or one already held: 404
    client.force_login(scene.bou_worker)
    foreign = held_url(plan, other_plan_follow_up)
    assert client.post(foreign, held_data(other_plan_follow_up, "2026-12-01")).status_code == 404
    plan_follow_up_hold(
        actor=scene.bou_worker,
        plan=plan,
        follow_up_id=second.pk,
        held_on=datetime.date(2026, 12, 2),
    )
    again = client.post(held_url(plan, second), held_data(second, "2026-12-01", "igen"))
    assert again.status_code == 404
    first.refresh_from_db()
    second.refresh_from_db()
    other_plan_follow_up.refresh_from_db()
    assert first.held_on is None
    assert (second.held_on, second.note) == (datetime.date(2026, 12, 2), "")
    assert other_plan_follow_up.held_on is None


def test_r7_editing_the_dates_keeps_the_follow_ups_already_held(scene, signed_plan):
    plan = signed_plan
    first = plan.follow_ups.order_by("due_on").first()
    plan_follow_up_hold(
        actor=scene.bou_worker,
        plan=plan,
        follow_up_id=first.pk,
        held_on=datetime.date(2026, 12, 1),
        note="Hölls",
    )

    plan_update(
        actor=scene.bou_worker,
        plan=plan,
        investigation_approach=plan.investigation_approach,
        continued_cooperation=plan.continued_cooperation,
        follow_up_dates=[datetime.date(2027, 3, 1)],
    )

    assert list(plan.follow_ups.values_list("due_on", "held_on")) == [
        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 1)),
        (datetime.date(2027, 3, 1), None),
    ]


# --- History (item 3) and PDF (item 4) ------------------------------------------------------


def test_the_history_page_shows_who_changed_which_field_from_old_to_new(client, scene):
    plan = make_plan(scene, continued_cooperation="Gammal plan")
    plan_update(
        actor=scene.vux_worker,
        plan=plan,
        investigation_approach=plan.investigation_approach,
        continued_cooperation="Ny plan",
        follow_up_dates=[datetime.date(2027, 1, 15)],
    )
    client.force_login(scene.bou_worker)

    response = client.get(plan_url(plan, "plan_history"))

    page = response.content.decode()
    entries = response.context["entries"]
    change = next(e for e in entries if e.kind == "changed" and e.changes)
    assert change.user == "Vera Vux"
    assert [(c.old, c.new) for c in change.changes] == [("Gammal plan", "Ny plan")]
    assert "<del>Gammal plan</del>" in page
    assert "<ins>Ny plan</ins>" in page
    assert "2027-01-15" in page
    # in Swedish by default: the field's label is translated when the catalogue has it
    assert str(change.changes[0].field)[1:] in page


def test_the_history_is_in_the_users_language(client, scene):
    plan = make_plan(scene, continued_cooperation="Gammal plan")
    plan_update(
        actor=scene.vux_worker,
        plan=plan,
        investigation_approach=plan.investigation_approach,
        continued_cooperation="Ny plan",
        follow_up_dates=[],
    )
    client.force_login(scene.bou_worker)
    client.cookies["samverkan_language"] = "en"

    page = client.get(plan_url(plan, "plan_history")).content.decode()

    assert "Plan for continued cooperation" in page


def test_the_pdf_is_an_attachment_with_the_plans_text_and_is_logged(client, scene):
    plan = make_plan(
        scene, investigation_approach="Utredningarna sker parallellt \u2013 BoU först."
    )
    client.force_login(scene.vux_worker)

    response = client.get(plan_url(plan, "plan_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    text = pdf_strings(response.content)
    assert "Utredningarna sker parallellt - BoU först." in text
    assert "Britt Bou" in text
    exports = AccessLogEntry.objects.filter(user=scene.vux_worker, action="export")
    assert exports.count() == 2  # the parent and the child


# --- Query counts ---------------------------------------------------------------------------


def _bigger_plan(scene) -> JointPlan:
    plan = make_plan(scene)
    extra = []
    for worker, unit in ((scene.beroende_worker, scene.beroende), (scene.mou_worker, scene.mou)):
        extra.append(case_register(actor=worker, individual=scene.parent, unit=unit).pk)
    plan_cases_add(actor=scene.bou_worker, plan=plan, from_case=scene.child_case, case_ids=extra)
    for unit in (scene.bou,):
        plan_responsibility_set(
            actor=scene.bou_worker, plan=plan, unit=unit, responsibility="Rad för enheten"
        )
    return plan


def test_the_plan_page_costs_a_fixed_number_of_queries(
    client, scene, django_assert_max_num_queries
):
    plan = make_plan(scene)
    client.force_login(scene.bou_worker)
    client.get(plan_url(plan))
    with CaptureQueriesContext(connection) as two_cases:
        client.get(plan_url(plan))
    bigger = _bigger_plan(scene)

    with django_assert_max_num_queries(16):
        response = client.get(plan_url(bigger))

    assert response.status_code == 200
    assert len(response.context["links"]) == 4
    assert len(two_cases.captured_queries) <= 16


def test_the_case_panel_costs_a_fixed_number_of_queries(
    client, scene, django_assert_max_num_queries
):
    make_plan(scene)
    client.force_login(scene.bou_worker)
    url = reverse("coordination:case_detail", args=[scene.child_case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one_plan:
        client.get(url)
    _bigger_plan(scene)
    make_plan(scene)

    with django_assert_max_num_queries(len(one_plan.captured_queries)):
        response = client.get(url)

    assert response.content.decode().count('href="/plans/') == 3


def test_the_history_page_costs_a_fixed_number_of_queries(
    client, scene, django_assert_max_num_queries
):
    plan = _bigger_plan(scene)
    for n in range(5):
        plan_update(
            actor=scene.bou_worker,
            plan=plan,
            investigation_approach=f"Version {n}",
            continued_cooperation="x",
            follow_up_dates=[],
        )
    client.force_login(scene.bou_worker)

    with django_assert_max_num_queries(20):
        response = client.get(plan_url(plan, "plan_history"))

    assert response.status_code == 200
