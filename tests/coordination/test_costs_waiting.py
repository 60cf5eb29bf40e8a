"""The other side of a cost split (R33, R4): it is told once that a split waits for it, answers
on the intervention's own page without reading the case, and finds what waits in "costs
waiting for your agreement"."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from coordination.models import (
    AccessLogEntry,
    AccessOutcome,
    CostState,
    DueItem,
    DueKind,
    Escalation,
    EscalationState,
    Intervention,
    InterventionKind,
    Notification,
)
from coordination.selectors_costs import cost_may_agree, interventions_waiting_for
from coordination.services.costs import (
    intervention_consultation_record,
    intervention_cost_agree,
    intervention_cost_dispute,
    intervention_cost_reopened,
    intervention_cost_waiting_raise,
)
from coordination.services.escalations import escalation_withdraw, local_date
from tests.coordination.factories_costs_waiting import (
    cost_scene_fixture,  # noqa: F401 - the fixture scene
    open_care_rule,
)
from tests.coordination.factories_escalations import SECRET_SUMMARY
from units.models import Role

pytestmark = pytest.mark.django_db

WAITING = DueKind.COST_AGREEMENT_WAITING


def waiting_items(intervention):
    return DueItem.objects.filter(intervention=intervention, kind=WAITING)


def told(item) -> set[int]:
    return set(Notification.objects.filter(due_item=item).values_list("recipient_id", flat=True))


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- Who is told, and exactly once -----------------------------------------------------------


def test_r33_a_split_proposed_to_another_unit_tells_those_who_answer_for_it_once(costs):
    ladder = costs.ladder
    # given open care decided at Socialpsykiatri (AoF), which the rule puts on Beroende (IoF)
    intervention = costs.record()
    assert intervention.state == CostState.PROPOSED
    # then one item waits: for the intervention, with no case (R4), Beroende as its unit
    item = waiting_items(intervention).get()
    assert item.case_id is None
    assert item.organisation == ladder.organisation
    assert item.unit == ladder.beroende
    assert item.period == local_date(intervention.recorded_at)
    assert item.done_at is None
    # and those who may answer for Beroende and IoF are told; no one else
    assert told(item) == {
        costs.beroende_manager.pk,
        costs.beroende_deputy.pk,
        ladder.iof_head.pk,
    }
    # when the split is proposed again (the call repeated), nothing more is raised or sent
    assert (
        intervention_cost_waiting_raise(
            actor=ladder.psyk_caseworker, intervention_ids=[intervention.pk]
        )
        == 0
    )
    assert waiting_items(intervention).count() == 1
    assert Notification.objects.filter(due_item__intervention=intervention).count() == 3


def test_r33_telling_the_other_side_is_set_based(costs, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ladder = costs.ladder
    interventions = [costs.record(monthly_cost_ore=100_000 + n) for n in range(5)]
    # given the items gone (as before this feature), each split is raised afresh
    DueItem.objects.filter(kind=WAITING).delete()
    with CaptureQueriesContext(connection) as one:
        assert (
            intervention_cost_waiting_raise(
                actor=ladder.psyk_caseworker, intervention_ids=[interventions[0].pk]
            )
            == 3
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        created = intervention_cost_waiting_raise(
            actor=ladder.psyk_caseworker, intervention_ids=[i.pk for i in interventions[1:]]
        )
    assert created == 4 * 3
    assert DueItem.objects.filter(kind=WAITING, done_at__isnull=True).count() == 5


def test_r33_a_department_bearer_tells_its_head_and_names_no_unit(costs):
    ladder = costs.ladder
    # addiction treatment decided at Socialpsykiatri is borne by IoF (003)
    intervention = costs.record(InterventionKind.ADDICTION_TREATMENT)
    item = waiting_items(intervention).get()
    assert item.unit is None
    assert told(item) == {ladder.iof_head.pk}


def test_r33_a_split_borne_by_the_deciding_side_tells_no_one(costs):
    ladder = costs.ladder
    # housing for someone not homeless: no rule, the deciding unit bears it (R9)
    intervention = costs.record(InterventionKind.HOUSING)
    assert intervention.state == CostState.AGREED
    assert not waiting_items(intervention).exists()
    # IoF's treatment decided within IoF: agreed at once
    own = costs.record(
        InterventionKind.ADDICTION_TREATMENT,
        actor=ladder.caseworker,
        case=ladder.case,
        providing_unit=ladder.bou,
    )
    assert own.state == CostState.AGREED
    assert not DueItem.objects.filter(kind=WAITING).exists()


def test_r20_the_other_side_is_told_only_after_the_consultation(costs):
    ladder = costs.ladder
    # given a rule that requires consulting BoU's operations manager first (R20)
    open_care_rule(
        ladder.organisation,
        code="test-boendestod",
        priority=2,
        kinds=[InterventionKind.HOUSING_SUPPORT],
        consult_role=Role.UNIT_MANAGER,
        consult_unit_kind="bou",
    )
    intervention = costs.record(InterventionKind.HOUSING_SUPPORT)
    assert intervention.consultation_required
    # then no one is asked yet, and the split waits for no one
    assert not waiting_items(intervention).exists()
    assert not interventions_waiting_for(user=costs.beroende_manager).exists()
    # when the consultation is recorded
    intervention_consultation_record(
        actor=ladder.psyk_caseworker,
        intervention=intervention,
        consulted=ladder.bou_manager,
        consulted_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    # then the other side is told, once
    item = waiting_items(intervention).get()
    assert told(item) == {costs.beroende_manager.pk, costs.beroende_deputy.pk, ladder.iof_head.pk}
    assert list(interventions_waiting_for(user=costs.beroende_manager)) == [intervention]


def test_r33_agreeing_marks_the_item_done(costs):
    intervention = costs.record()
    intervention_cost_agree(actor=costs.beroende_deputy, intervention=intervention)
    item = waiting_items(intervention).get()
    assert item.done_at is not None
    assert item.done_by == costs.beroende_deputy
    assert not interventions_waiting_for(user=costs.beroende_manager).exists()


def test_r33_disputing_marks_it_done_and_a_withdrawn_dispute_tells_the_other_side_again(costs):
    ladder = costs.ladder
    intervention = costs.record()
    first = waiting_items(intervention).get()
    # when the deciding unit disputes its own rule's split
    intervention = intervention_cost_dispute(
        actor=ladder.psyk_caseworker, intervention=intervention, reason="Insatsen är vår."
    )
    first.refresh_from_db()
    assert first.done_by == ladder.psyk_caseworker
    assert not interventions_waiting_for(user=costs.beroende_manager).exists()
    # when the dispute is withdrawn the same day (the units settled it themselves)
    escalation = escalation_withdraw(
        actor=ladder.psyk_caseworker, escalation=intervention.escalation, reason="Löst."
    )
    # (escalation_withdraw calls this hook; calling it again changes nothing)
    intervention_cost_reopened(actor=ladder.psyk_caseworker, escalation=escalation)
    # then the other side is told again, on an item of its own, and only once
    second = waiting_items(intervention).get(done_at__isnull=True)
    assert second.period == first.period + datetime.timedelta(days=1)
    assert told(second) == told(first)
    assert intervention_cost_reopened(actor=ladder.psyk_caseworker, escalation=escalation) == 0
    assert list(interventions_waiting_for(user=ladder.iof_head)) == [intervention]
    # and agreeing now closes it
    intervention = intervention_cost_agree(actor=costs.beroende_manager, intervention=intervention)
    assert intervention.state == CostState.AGREED
    assert not waiting_items(intervention).filter(done_at__isnull=True).exists()


def test_r33_the_waiting_list_is_the_agree_rule(costs):
    ladder = costs.ladder
    open_care = costs.record()
    treatment = costs.record(InterventionKind.ADDICTION_TREATMENT)
    agreed = costs.record(InterventionKind.HOUSING)
    disputed = costs.record(monthly_cost_ore=200_000)
    intervention_cost_dispute(actor=ladder.iof_head, intervention=disputed, reason="Oklart.")
    users = [
        costs.beroende_manager,
        costs.beroende_deputy,
        ladder.outsider,
        ladder.iof_head,
        ladder.aof_head,
        ladder.psyk_caseworker,
        ladder.psyk_manager,
        ladder.bou_manager,
        ladder.controller,
        costs.other_org,
    ]
    interventions = list(Intervention.objects.all())
    for user in users:
        expected = {i.pk for i in interventions if cost_may_agree(user=user, intervention=i)}
        assert set(interventions_waiting_for(user=user).values_list("pk", flat=True)) == expected
    assert list(interventions_waiting_for(user=ladder.iof_head)) == [open_care, treatment]
    assert agreed not in interventions_waiting_for(user=costs.beroende_manager)


# --- The intervention's page -----------------------------------------------------------------


def test_r4_the_other_side_reads_the_split_but_not_the_person_or_the_case(costs, client):
    ladder = costs.ladder
    intervention = costs.record()
    client.force_login(costs.beroende_manager)
    english(client)
    response = client.get(reverse("coordination:intervention_detail", args=[intervention.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    # the split, its rule, its period and amount, who proposed it and when
    assert "Beroende: 100 %" in text
    assert "Öppenvård bekostas av Beroendevården" in text
    assert "2026-12-01 \u2013 2026-12-31" in text
    assert "15\u00a0000,00\u00a0kr" in text
    assert ladder.psyk_caseworker.get_full_name() in text
    assert "Socialpsykiatri" in text
    assert 'id="agree"' in text
    assert 'id="dispute"' in text
    # never who the person is, nor the case's contents (R4)
    for secret in (
        ladder.young.first_name,
        ladder.young.last_name,
        ladder.young.identity_number,
        SECRET_SUMMARY,
        "Samtal om missbruket",
        reverse("coordination:case_detail", args=[ladder.psyk_case.pk]),
    ):
        assert secret not in text
    # and the read names no one in the access log either
    assert not AccessLogEntry.objects.filter(user=costs.beroende_manager).exists()


def test_r4_a_reader_of_the_case_sees_the_person_and_a_link_and_the_read_is_logged(costs, client):
    ladder = costs.ladder
    intervention = costs.record()
    client.force_login(ladder.psyk_caseworker)
    response = client.get(reverse("coordination:intervention_detail", args=[intervention.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert ladder.young.full_name in text
    assert "Samtal om missbruket" in text
    assert reverse("coordination:case_detail", args=[ladder.psyk_case.pk]) in text
    assert 'id="agree"' not in text  # the deciding side does not agree with itself
    assert 'id="dispute"' in text
    assert AccessLogEntry.objects.filter(
        user=ladder.psyk_caseworker,
        case=ladder.psyk_case,
        outcome=AccessOutcome.GRANTED,
    ).exists()


def test_r33_agreeing_from_the_page_returns_to_it_with_the_answer_in_the_history(costs, client):
    intervention = costs.record()
    client.force_login(costs.beroende_manager)
    url = reverse("coordination:intervention_detail", args=[intervention.pk])
    response = client.post(reverse("coordination:cost_agree", args=[intervention.pk]))
    assert response.status_code == 302
    assert response["Location"] == url
    intervention.refresh_from_db()
    assert intervention.state == CostState.AGREED
    assert intervention.agreed_by == costs.beroende_manager
    text = client.get(url).content.decode()
    assert text.count(costs.beroende_manager.get_full_name()) >= 1
    assert 'id="agree"' not in text


def test_r33_an_answer_after_someone_else_answered_is_a_400_and_changes_nothing(costs, client):
    intervention = costs.record()
    intervention_cost_agree(actor=costs.beroende_deputy, intervention=intervention)
    client.force_login(costs.beroende_manager)
    english(client)
    response = client.post(reverse("coordination:cost_agree", args=[intervention.pk]))
    assert response.status_code == 400
    assert "no longer waits for agreement" in response.content.decode()
    intervention.refresh_from_db()
    assert intervention.agreed_by == costs.beroende_deputy
    # a dispute typed meanwhile is kept, with the reason it was refused
    response = client.post(
        reverse("coordination:cost_dispute", args=[intervention.pk]),
        {"reason": "Vi bär inte detta."},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "can no longer be disputed" in text
    assert "Vi bär inte detta." in text
    assert not Escalation.objects.exists()


def test_r33_an_empty_dispute_from_the_page_is_a_400_at_the_field(costs, client):
    intervention = costs.record()
    client.force_login(costs.beroende_manager)
    english(client)
    response = client.post(
        reverse("coordination:cost_dispute", args=[intervention.pk]), {"reason": "   "}
    )
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    intervention.refresh_from_db()
    assert intervention.state == CostState.PROPOSED
    assert waiting_items(intervention).get().done_at is None


def test_r33_the_other_side_disputes_from_the_page_and_a_bad_decision_keeps_what_was_typed(
    costs, client
):
    ladder = costs.ladder
    intervention = costs.record(InterventionKind.ADDICTION_TREATMENT)
    detail = reverse("coordination:intervention_detail", args=[intervention.pk])
    # when IoF's head disputes it on the intervention's page
    client.force_login(ladder.iof_head)
    response = client.post(
        reverse("coordination:cost_dispute", args=[intervention.pk]),
        {"reason": "Det är boendestöd, inte behandling."},
    )
    assert response.status_code == 302
    assert response["Location"] == detail
    intervention.refresh_from_db()
    assert intervention.state == CostState.DISPUTED
    assert waiting_items(intervention).get().done_at is not None
    # then AoF's head, on the path, decides there; shares adding up to 90 are refused
    client.force_login(ladder.aof_head)
    english(client)
    page = client.get(detail).content.decode()
    assert 'id="decide"' in page
    data = {
        "decision": "AoF bär 60 %, IoF 30 %.",
        "bearer_1": f"department:{ladder.aof.pk}",
        "percent_1": "60",
        "bearer_2": f"department:{ladder.iof.pk}",
        "percent_2": "30",
    }
    response = client.post(reverse("coordination:cost_decide", args=[intervention.pk]), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "add up to 90 percent" in text
    assert "AoF bär 60 %, IoF 30 %." in text
    assert 'value="60"' in text
    intervention.refresh_from_db()
    assert intervention.state == CostState.DISPUTED
    assert intervention.escalation.state == EscalationState.OPEN
    # and the corrected decision is recorded and lands on the intervention's page
    data["percent_2"] = "40"
    response = client.post(reverse("coordination:cost_decide", args=[intervention.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == detail
    intervention.refresh_from_db()
    assert intervention.state == CostState.DECIDED


def test_r33_the_inbox_links_the_other_side_to_the_intervention_not_the_person(costs, client):
    ladder = costs.ladder
    intervention = costs.record()
    client.force_login(ladder.iof_head)
    text = client.get(reverse("coordination:inbox")).content.decode()
    assert reverse("coordination:intervention_detail", args=[intervention.pk]) in text
    assert ladder.young.last_name not in text


# --- The list ----------------------------------------------------------------------------


def test_r33_waiting_list_oldest_first_naming_no_one(costs, client):
    ladder = costs.ladder
    first = costs.record()
    second = costs.record(InterventionKind.ADDICTION_TREATMENT)
    client.force_login(ladder.iof_head)
    response = client.get(reverse("coordination:cost_waiting"))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index(f'id="waiting-{first.pk}"') < text.index(f'id="waiting-{second.pk}"')
    assert ladder.young.last_name not in text
    assert not AccessLogEntry.objects.filter(user=ladder.iof_head).exists()


def test_r33_waiting_list_queries_are_fixed_and_it_pages(
    costs, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    costs.record()
    client.force_login(costs.beroende_manager)
    url = reverse("coordination:cost_waiting")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response.content.decode().count('id="waiting-') == 1
    for day in range(1, 30):
        costs.record(monthly_cost_ore=100_000 + day)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('id="waiting-') == 20
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url, {"page": 2})
    assert response.content.decode().count('id="waiting-') == 10
