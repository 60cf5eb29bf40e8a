"""Cost responsibility (R33, R20, R9): each seed rule proposes its bearer, the split adds up,
a dispute goes to the department heads and their decision is recorded, and the report's
figures per period."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from coordination.models import (
    CostAllocation,
    CostRule,
    CostState,
    EscalationState,
    InterventionKind,
)
from coordination.selectors_costs import cost_report
from coordination.services import case_register
from coordination.services.costs import (
    ShareInput,
    intervention_consultation_record,
    intervention_cost_agree,
    intervention_cost_decide,
    intervention_cost_dispute,
    intervention_record,
    validate_shares,
)
from tests.coordination.factories_escalations import (
    ladder_fixture,  # noqa: F401 - the fixture ladder
)
from tests.factories import member, person
from units.models import Role

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 31)


def record(actor, case, kind, **overrides):
    fields = {
        "kind": kind,
        "decided_on": DAY,
        "period_from": DAY,
        "period_to": DAY + datetime.timedelta(days=90),
        "providing_unit": case.unit,
        "monthly_cost_ore": 1_000_000,
    }
    fields.update(overrides)
    return intervention_record(actor=actor, case=case, **fields)


def bearers(intervention) -> list[tuple[str, int]]:
    return sorted((str(share.bearer), share.percent) for share in intervention.shares.all())


def test_r33_003_addiction_treatment_is_always_borne_by_iof(ladder):
    # given a case at Socialpsykiatri (AoF)
    # when its caseworker records treatment for addiction
    intervention = record(
        ladder.psyk_caseworker, ladder.psyk_case, InterventionKind.ADDICTION_TREATMENT
    )
    # then IoF bears it all (003: "bekostas alltid av IoF"), and IoF is asked to agree
    assert bearers(intervention) == [("IoF", 100)]
    assert intervention.rule.code == "missbruksbehandling-iof"
    assert intervention.state == CostState.PROPOSED


def test_r33_003_addiction_treatment_decided_within_iof_needs_no_agreement(ladder):
    intervention = record(ladder.caseworker, ladder.case, InterventionKind.ADDICTION_TREATMENT)
    assert bearers(intervention) == [("IoF", 100)]
    assert intervention.state == CostState.AGREED


def _elderly_case(ladder, **kwargs):
    aldreomsorg = ladder.organisation.units.get(code="aldreomsorg")
    caseworker = member(Role.CASEWORKER, unit=aldreomsorg)
    elderly = person(born="1955")
    return caseworker, case_register(actor=caseworker, individual=elderly, unit=aldreomsorg)


@pytest.mark.parametrize(
    "kind", [InterventionKind.HOUSING_WITH_CARE, InterventionKind.SPECIAL_HOUSING]
)
def test_r33_003_over_65_in_homelessness_housing_with_care_is_a_joint_cost(ladder, kind):
    caseworker, case = _elderly_case(ladder)
    intervention = record(caseworker, case, kind, in_homelessness=True)
    assert bearers(intervention) == [("AoF", 50), ("IoF", 50)]
    assert intervention.rule.code == "over-65-hemloshet-boende-gemensamt"
    assert intervention.age_at_start == 71


def test_r33_003_housing_of_someone_not_homeless_stays_with_the_deciding_unit(ladder):
    # R9: no rule applies, so the unit that decides the intervention bears it
    caseworker, case = _elderly_case(ladder)
    intervention = record(caseworker, case, InterventionKind.HOUSING_WITH_CARE)
    assert bearers(intervention) == [(str(case.unit), 100)]
    assert intervention.rule is None
    assert intervention.state == CostState.AGREED


def test_r20_001_cost_for_an_18_to_20_year_old_waits_for_the_bou_manager(osthammar):
    # given a 19 year old with a case at Vuxengruppen
    vuxen = osthammar.units.get(code="vuxen")
    bou = osthammar.units.get(code="bou")
    caseworker = member(Role.CASEWORKER, unit=vuxen)
    bou_manager = member(Role.UNIT_MANAGER, unit=bou, first_name="Bo", last_name="Verksamhet")
    vuxen_manager = member(Role.UNIT_MANAGER, unit=vuxen)
    case = case_register(actor=caseworker, individual=person(born="2007"), unit=vuxen)
    # when a placement is recorded
    intervention = record(caseworker, case, InterventionKind.PLACEMENT)
    # then the deciding unit bears it, after consulting BoU's operations manager (001, R20)
    assert [(share.unit, share.percent) for share in intervention.shares.all()] == [(vuxen, 100)]
    assert intervention.rule.code == "kostnadsansvar-18-20"
    assert intervention.consultation_required
    assert intervention.state == CostState.PROPOSED
    with pytest.raises(ValidationError):
        intervention_cost_agree(actor=vuxen_manager, intervention=intervention)
    # someone else than the BoU operations manager is refused
    with pytest.raises(ValidationError) as refused:
        intervention_consultation_record(
            actor=caseworker,
            intervention=intervention,
            consulted=vuxen_manager,
            consulted_on=datetime.date(2026, 11, 1),
        )
    assert "consulted" in refused.value.message_dict
    intervention = intervention_consultation_record(
        actor=caseworker,
        intervention=intervention,
        consulted=bou_manager,
        consulted_on=datetime.date(2026, 11, 1),
        note="Överens om placeringen.",
    )
    assert intervention.consulted == bou_manager
    assert intervention.state == CostState.AGREED


def test_r33_001_financial_aid_is_borne_by_financial_aid_at_any_age(osthammar):
    bou = osthammar.units.get(code="bou")
    caseworker = member(Role.CASEWORKER, unit=bou)
    case = case_register(actor=caseworker, individual=person(born="2016"), unit=bou)
    aid = record(caseworker, case, InterventionKind.FINANCIAL_AID)
    assert aid.rule.code == "forsorjningsstod"
    assert [share.unit.code for share in aid.shares.all()] == ["ekonomiskt-bistand"]
    # and a child's other interventions are BoU's (001: payment follows age)
    open_care = record(caseworker, case, InterventionKind.OPEN_CARE)
    assert open_care.rule.code == "betalningsansvar-bou-under-18"
    assert [share.unit.code for share in open_care.shares.all()] == ["bou"]
    assert open_care.state == CostState.AGREED


def test_r33_every_fixture_rule_adds_up_to_100_percent(load_organisation):
    for code in ("osthammar", "stockholm-district"):
        load_organisation(code)
    rules = CostRule.objects.prefetch_related("shares")
    assert rules.count() == 6
    for rule in rules:
        assert sum(share.percent for share in rule.shares.all()) == 100, rule.code
        assert rule.source
        assert rule.note


def test_split_validation(ladder):
    org = ladder.organisation.pk
    with translation.override("en"):
        with pytest.raises(ValidationError, match="add up to 90 percent"):
            validate_shares([ShareInput(None, ladder.iof, 90)], organisation_id=org)
        with pytest.raises(ValidationError, match="named twice"):
            validate_shares(
                [ShareInput(None, ladder.iof, 50), ShareInput(None, ladder.iof, 50)],
                organisation_id=org,
            )
        with pytest.raises(ValidationError, match="at least one"):
            validate_shares([], organisation_id=org)
    validate_shares(
        [ShareInput(None, ladder.iof, 70), ShareInput(ladder.psykiatri, None, 30)],
        organisation_id=org,
    )


def test_r33_a_disputed_cost_goes_to_the_department_heads_and_their_decision_is_recorded(
    ladder,
):
    # given addiction treatment decided at Socialpsykiatri, proposed to IoF
    intervention = record(
        ladder.psyk_caseworker, ladder.psyk_case, InterventionKind.ADDICTION_TREATMENT
    )
    # when IoF's head disputes it
    intervention = intervention_cost_dispute(
        actor=ladder.iof_head, intervention=intervention, reason="Insatsen är boendestöd."
    )
    # then it is on the ladder at the department heads' level (003: level 4)
    escalation = intervention.escalation
    assert intervention.state == CostState.DISPUTED
    assert escalation.level.rank == 4
    assert escalation.level.deciding_role == Role.DEPARTMENT_HEAD
    # IoF's side is BoU, where the young person has an open case; the raiser is IoF's head
    assert (escalation.raising_unit, escalation.other_unit) == (ladder.bou, ladder.psykiatri)
    assert escalation.other_case == ladder.case
    # a unit manager cannot decide it
    with pytest.raises(PermissionDenied):
        intervention_cost_decide(
            actor=ladder.psyk_manager,
            intervention=intervention,
            shares=[ShareInput(None, ladder.aof, 100)],
            decision="AoF",
        )
    # when AoF's head decides a 30/70 split
    intervention = intervention_cost_decide(
        actor=ladder.aof_head,
        intervention=intervention,
        shares=[ShareInput(None, ladder.iof, 30), ShareInput(None, ladder.aof, 70)],
        decision="IoF 30 %, AoF 70 %.",
    )
    # then the decision is recorded on the cost and the escalation is decided with it
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.DECIDED
    assert escalation.decision == "IoF 30 %, AoF 70 %."
    assert intervention.state == CostState.DECIDED
    assert intervention.decided_by == ladder.aof_head
    assert bearers(intervention) == [("AoF", 70), ("IoF", 30)]
    assert intervention.history.count() >= 3


def test_r33_a_bad_split_in_the_decision_changes_nothing(ladder):
    intervention = record(
        ladder.psyk_caseworker, ladder.psyk_case, InterventionKind.ADDICTION_TREATMENT
    )
    intervention = intervention_cost_dispute(
        actor=ladder.psyk_caseworker, intervention=intervention, reason="Fel enhet."
    )
    with pytest.raises(ValidationError):
        intervention_cost_decide(
            actor=ladder.aof_head,
            intervention=intervention,
            shares=[ShareInput(None, ladder.iof, 30), ShareInput(None, ladder.aof, 60)],
            decision="Fel summa.",
        )
    intervention.refresh_from_db()
    intervention.escalation.refresh_from_db()
    assert intervention.state == CostState.DISPUTED
    assert intervention.escalation.state == EscalationState.OPEN


def _report_scene(ladder):
    """A: treatment at IoF, 31 000 kr/month, 15 Jan - 10 Mar (agreed at once).
    B: housing with care for a homeless 71 year old at AoF, 10 000 kr/month, 1 Feb - 30 Apr,
    joint 50/50, agreed by IoF's head. C: open care at Socialpsykiatri, 1 000 kr/month,
    March, borne by the unit."""
    a = record(
        ladder.caseworker,
        ladder.case,
        InterventionKind.ADDICTION_TREATMENT,
        decided_on=datetime.date(2026, 1, 10),
        period_from=datetime.date(2026, 1, 15),
        period_to=datetime.date(2026, 3, 10),
        monthly_cost_ore=3_100_000,
    )
    caseworker, case = _elderly_case(ladder)
    b = record(
        caseworker,
        case,
        InterventionKind.HOUSING_WITH_CARE,
        in_homelessness=True,
        decided_on=datetime.date(2026, 1, 20),
        period_from=datetime.date(2026, 2, 1),
        period_to=datetime.date(2026, 4, 30),
    )
    intervention_cost_agree(actor=ladder.iof_head, intervention=b)
    c = record(
        ladder.psyk_caseworker,
        ladder.psyk_case,
        InterventionKind.OPEN_CARE,
        decided_on=datetime.date(2026, 2, 20),
        period_from=datetime.date(2026, 3, 1),
        period_to=datetime.date(2026, 3, 31),
        monthly_cost_ore=100_000,
    )
    return a, b, c


def test_r33_report_per_period_by_department_and_unit(ladder, django_assert_num_queries):
    _report_scene(ladder)
    # when the department heads read February and March
    with django_assert_num_queries(3):
        report = cost_report(
            organisation=ladder.organisation,
            month_from=datetime.date(2026, 2, 1),
            month_to=datetime.date(2026, 3, 1),
        )
    # then, by hand: A = 31 000 (Feb) + 31 000 x 10/31 (Mar) = 41 000 kr, IoF alone;
    # B = 10 000 x 2 months = 20 000 kr, half each; C = 1 000 kr, Socialpsykiatri (AoF)
    by_department = {row.label: (row.sole_ore, row.joint_ore) for row in report.by_department}
    assert by_department == {"IoF": (4_100_000, 1_000_000), "AoF": (100_000, 1_000_000)}
    assert [(row.label, row.total_ore) for row in report.by_unit] == [("Socialpsykiatri", 100_000)]
    assert report.total_ore == 6_200_000
    # January holds A's 17 days: 31 000 x 17/31 = 17 000 kr
    january = cost_report(
        organisation=ladder.organisation,
        month_from=datetime.date(2026, 1, 1),
        month_to=datetime.date(2026, 1, 1),
    )
    assert [(row.label, row.total_ore) for row in january.by_department] == [("IoF", 1_700_000)]


def test_r33_a_proposed_cost_is_reported_apart(ladder):
    record(
        ladder.psyk_caseworker,
        ladder.psyk_case,
        InterventionKind.ADDICTION_TREATMENT,
        period_from=datetime.date(2027, 1, 1),
        period_to=datetime.date(2027, 1, 31),
    )
    report = cost_report(
        organisation=ladder.organisation,
        month_from=datetime.date(2027, 1, 1),
        month_to=datetime.date(2027, 1, 1),
    )
    assert report.by_department == []
    assert report.proposed_ore == 1_000_000
    assert CostAllocation.objects.count() == 1


def test_r33_report_page_and_csv_for_a_department_head(ladder, client):
    _report_scene(ladder)
    client.force_login(ladder.iof_head)
    query = {"month_from": "2026-02", "month_to": "2026-03"}
    page = client.get(reverse("coordination:cost_report"), query)
    assert page.status_code == 200
    text = page.content.decode()
    assert "41\u00a0000,00\u00a0kr" in text
    assert "costs-departments-chart" in text
    assert ladder.young.last_name not in text  # R4: no one is named
    export = client.get(reverse("coordination:cost_report_csv"), query)
    body = b"".join(export.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert "41000,00" in body


def test_r33_case_panel_query_count_is_fixed(ladder, client, django_assert_max_num_queries):
    client.force_login(ladder.psyk_caseworker)
    url = reverse("coordination:case_detail", args=[ladder.psyk_case.pk])
    # one borne by a department, one by a unit: each kind of bearer is read once
    record(ladder.psyk_caseworker, ladder.psyk_case, InterventionKind.ADDICTION_TREATMENT)
    record(ladder.psyk_caseworker, ladder.psyk_case, InterventionKind.HOUSING)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for kind in (InterventionKind.OPEN_CARE, InterventionKind.PLACEMENT, InterventionKind.OTHER):
        record(ladder.psyk_caseworker, ladder.psyk_case, kind)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('id="intervention-') == 5


def test_r33_record_page_keeps_what_was_typed_on_an_error(ladder, client):
    client.force_login(ladder.psyk_caseworker)
    url = reverse("coordination:intervention_record", args=[ladder.psyk_case.pk])
    data = {
        "kind": "open_care",
        "description": "Samtalsstöd",
        "decided_on": "2026-12-01",
        "period_from": "2026-11-01",
        "period_to": "2026-12-31",
        "providing_unit": ladder.psykiatri.pk,
        "monthly_cost": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Samtalsstöd" in response.content.decode()
    data["decided_on"] = "2026-10-01"
    response = client.post(url, data)
    assert response.status_code == 302
    assert ladder.psyk_case.interventions.get().monthly_cost_ore == 100_000
