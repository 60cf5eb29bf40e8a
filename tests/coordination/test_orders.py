"""Orders to in-house open care (R26-R29): the assignment, consent (R12), the provider's
receipt or refusal, the execution check, kick-off, plan, follow-ups per need, closing, early
termination by the guardians (R28), acute orders and investigations (R29), and what each side
may see (R4)."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from coordination.models import (
    AccessLogEntry,
    AccessOutcome,
    CaseStatus,
    ClosingReason,
    ConsentGivenBy,
    ConsentOverride,
    ConsentScope,
    DueItem,
    DueKind,
    NeedResult,
    Notification,
    Order,
    OrderState,
)
from coordination.services import case_register, case_transition
from coordination.services.co_caseworkers import co_caseworker_appoint
from coordination.services.consent import (
    ConsentMissingError,
    ConsentOverrideInput,
    consent_record,
)
from coordination.services.orders import (
    order_close,
    order_follow_up_record,
    order_guardians_end,
    order_investigation_record,
    order_kick_off,
    order_plan_write,
    order_receive,
    order_refuse,
    order_send,
    order_start,
)
from tests.coordination.factories_orders import (
    ASSIGNMENT,
    SECRET_SUMMARY,
    START_DAY,
    D,
    OrderScene,
    on_start_day_fixture,  # noqa: F401 - the fixture on_start_day
    scene_fixture,  # noqa: F401 - the fixture scene
    stockholm,
)
from tests.factories import member, person
from units.models import Role

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"coordination:{name}", args=args)


def denials(user) -> int:
    return AccessLogEntry.objects.filter(user=user, outcome=AccessOutcome.DENIED).count()


def notified(user, kind: str) -> bool:
    return Notification.objects.filter(recipient=user, due_item__kind=kind).exists()


def _assignment_post(scene: OrderScene, **changes) -> dict:
    data = {
        "provider_unit": scene.srv.pk,
        "needs": "\n".join(ASSIGNMENT["needs"]),
        "goals": ASSIGNMENT["goals"],
        "intervention": ASSIGNMENT["intervention"],
        "starts_on": "2026-03-16",
        "ends_on": "2026-09-16",
    }
    data.update(changes)
    return data


def test_r26_caseworker_writes_and_sends_the_order_with_consent(client, scene, on_start_day):
    """R26, R12: the assignment is written on the case page's link and sent once consent to
    written material going to the provider is recorded; SRV's managers are notified."""
    client.force_login(scene.caseworker)
    case_page = client.get(url("case_detail", scene.case.pk))
    assert url("order_start", scene.case.pk) in case_page.content.decode()

    response = client.post(url("order_start", scene.case.pk), _assignment_post(scene))
    order = Order.objects.get()
    assert response.status_code == 302
    assert [need.text for need in order.needs.all()] == ASSIGNMENT["needs"]

    # Without consent: refused, the override is offered, nothing is sent.
    response = client.post(url("order_send", order.pk), {})
    assert response.status_code == 400
    assert "Samtycke saknas" in response.content.decode()
    assert "override_legal_basis" in response.content.decode()
    order.refresh_from_db()
    assert order.state == OrderState.DRAFT

    scene.consent()
    response = client.post(url("order_send", order.pk), {})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.SENT
    assert order.sent_by == scene.caseworker
    assert notified(scene.srv_deputy, DueKind.ORDER_SENT)
    assert not notified(scene.treater, DueKind.ORDER_SENT)  # managers, not every member
    # the item's creation is in the history once, not twice
    sent_item = DueItem.objects.get(order=order, kind=DueKind.ORDER_SENT)
    assert sent_item.history.count() == 1


def test_r12_order_sent_without_consent_on_a_legal_basis_is_flagged(scene, on_start_day):
    order = scene.draft()
    with pytest.raises(ConsentMissingError):
        order_send(actor=scene.caseworker, order=order)

    order = order_send(
        actor=scene.caseworker,
        order=order,
        override=ConsentOverrideInput(legal_basis="sol_14_1", reason="Akut oro för barnet."),
    )
    assert order.state == OrderState.SENT
    assert ConsentOverride.objects.get().flagged_for_review


def test_r26_send_refuses_an_incomplete_assignment_and_keeps_the_draft(client, scene, on_start_day):
    """R26: needs, goals, the intervention and its time limit are required to send."""
    scene.consent()
    order = scene.draft(goals="", ends_on=None)
    client.force_login(scene.caseworker)

    response = client.post(url("order_send", order.pk), {})

    assert response.status_code == 400
    body = response.content.decode()
    assert escape("Write this part of the assignment before sending it.") in body or (
        "Skriv den här delen av uppdraget" in body
    )
    order.refresh_from_db()
    assert order.state == OrderState.DRAFT


def test_r26_time_limit_must_end_after_it_starts(client, scene, on_start_day):
    client.force_login(scene.caseworker)
    response = client.post(
        url("order_start", scene.case.pk), _assignment_post(scene, ends_on="2026-03-01")
    )
    assert response.status_code == 400
    assert not Order.objects.exists()
    # What the user typed is kept.
    assert ASSIGNMENT["goals"] in response.content.decode()


def test_r26_provider_refusal_needs_a_written_reason(client, scene, on_start_day):
    """R26: SRV gives the reason in writing; the caseworker and the 1:e socialsekreterare
    (deputy unit manager) are told."""
    order = scene.sent()
    client.force_login(scene.srv_deputy)

    response = client.post(url("order_refuse", order.pk), {"reason": "  "})
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.state == OrderState.SENT

    response = client.post(url("order_refuse", order.pk), {"reason": "Ingen behandlare ledig."})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.REFUSED
    assert order.refusal_reason == "Ingen behandlare ledig."
    assert notified(scene.caseworker, DueKind.ORDER_REFUSED)
    assert notified(scene.bou_deputy, DueKind.ORDER_REFUSED)


def test_r26_whole_flow_receipt_check_kick_off_plan_follow_up_close(client, scene):
    """R26, R27, R28 through the pages: SRV receives, the coordinator records the execution
    check, the kick-off executes the order, SRV writes the plan (copy to the caseworker), the
    caseworker follows up every need and closes when the goals are met; SRV documents."""
    with time_machine.travel(stockholm(START_DAY), tick=False):
        order = scene.sent()
        client.force_login(scene.srv_deputy)
        response = client.post(
            url("order_receive", order.pk), {"received_on": "2026-03-02", "treater": ""}
        )
        assert response.status_code == 302
    with time_machine.travel(stockholm(D(2026, 3, 16)), tick=False):
        client.force_login(scene.coordinator)
        listing = client.get(url("order_to_check"))
        assert [row["order"].pk for row in listing.context["rows"]] == [order.pk]
        response = client.post(url("order_check", order.pk), {"answer": "Start vecka 13."})
        assert response.status_code == 302
        assert client.get(url("order_to_check")).context["rows"] == []

        client.force_login(scene.caseworker)
        response = client.post(
            url("order_kick_off", order.pk),
            {"kick_off_on": "2026-03-16", "treater": scene.treater.pk, "plan_agreed_by": ""},
        )
        assert response.status_code == 302
        order.refresh_from_db()
        assert order.state == OrderState.EXECUTED

        client.force_login(scene.treater)
        response = client.post(
            url("order_plan", order.pk), {"content": "Hembesök varje vecka.", "with_family": "on"}
        )
        assert response.status_code == 302
        assert notified(scene.caseworker, DueKind.ORDER_PLAN_COPY)
    with time_machine.travel(stockholm(D(2026, 9, 1)), tick=False):
        client.force_login(scene.caseworker)
        page = client.get(url("order_detail", order.pk))
        assert "Hembesök varje vecka." in page.content.decode()
        copy = DueItem.objects.get(order=order, kind=DueKind.ORDER_PLAN_COPY)
        assert copy.done_at is not None  # the caseworker has read the copy
        needs = list(order.needs.all())
        data = {"held_on": "2026-09-01", "summary": "Målen nådda."}
        data.update({f"need_{need.pk}": NeedResult.MET for need in needs})
        response = client.post(url("order_follow_up", order.pk), data)
        assert response.status_code == 302
        response = client.post(
            url("order_close", order.pk),
            {"reason": ClosingReason.GOALS_MET, "closed_on": "2026-09-01", "note": ""},
        )
        assert response.status_code == 302
        order.refresh_from_db()
        assert order.state == OrderState.CLOSED

        client.force_login(scene.treater)
        response = client.post(url("order_documentation", order.pk))
        assert response.status_code == 302
        order.refresh_from_db()
        assert order.documentation_done_by == scene.treater


def test_r4_provider_sees_the_order_never_the_case(client, scene, on_start_day):
    """R4: SRV reads the order (assignment, needs, goals) but not the case; a draft is not
    theirs to see; each read of the order page is logged."""
    order = scene.draft()
    client.force_login(scene.treater)
    assert client.get(url("order_detail", order.pk)).status_code == 404
    assert denials(scene.treater) == 1

    scene.consent()
    order = order_send(actor=scene.caseworker, order=Order.objects.get())
    before = AccessLogEntry.objects.filter(user=scene.treater).count()
    page = client.get(url("order_detail", order.pk))
    assert page.status_code == 200
    body = page.content.decode()
    assert ASSIGNMENT["goals"] in body
    assert ASSIGNMENT["needs"][0] in body
    assert SECRET_SUMMARY not in body
    assert url("case_detail", scene.case.pk) not in body
    assert AccessLogEntry.objects.filter(user=scene.treater).count() == before + 1
    assert client.get(url("case_detail", scene.case.pk)).status_code == 404


def test_r4_outsiders_get_a_logged_404_on_every_order_page(client, scene, on_start_day):
    order = scene.sent()
    client.force_login(scene.outsider)
    for name in ("order_detail", "order_edit"):
        assert client.get(url(name, order.pk)).status_code == 404
    for name in ("order_send", "order_receive", "order_refuse", "order_check", "order_cancel"):
        assert client.post(url(name, order.pk), {"reason": "x", "answer": "x"}).status_code == 404
    assert denials(scene.outsider) == 7
    order.refresh_from_db()
    assert order.state == OrderState.SENT


def test_r26_only_the_caseworker_writes_and_sends(client, scene, on_start_day):
    """A colleague at the unit reads the order but may not write, send or cancel it."""
    scene.consent()
    order = scene.draft()
    client.force_login(scene.colleague)
    assert client.get(url("order_detail", order.pk)).status_code == 200
    assert client.get(url("order_start", scene.case.pk)).status_code == 404
    assert client.post(url("order_send", order.pk), {}).status_code == 404
    order.refresh_from_db()
    assert order.state == OrderState.DRAFT


def test_r26_only_the_administrative_coordinator_records_the_check(client, scene, on_start_day):
    order = scene.received()
    client.force_login(scene.caseworker)
    assert client.post(url("order_check", order.pk), {"answer": "Start snart"}).status_code == 404
    client.force_login(scene.coordinator)
    response = client.post(url("order_check", order.pk), {"answer": ""})
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.execution_checked_at is None


def test_r26_receipt_cannot_be_before_sending_or_in_the_future(client, scene, on_start_day):
    order = scene.sent()
    client.force_login(scene.srv_deputy)
    for day in ("2026-03-01", "2026-03-03"):
        response = client.post(url("order_receive", order.pk), {"received_on": day})
        assert response.status_code == 400
    order.refresh_from_db()
    assert order.state == OrderState.SENT


def test_r27_follow_up_must_assess_every_need(client, scene, on_start_day):
    order = scene.executed()
    needs = list(order.needs.all())
    client.force_login(scene.caseworker)
    data = {"held_on": "2026-03-02", f"need_{needs[0].pk}": NeedResult.MET}
    response = client.post(url("order_follow_up", order.pk), data)
    assert response.status_code == 400
    assert not order.follow_ups.exists()
    # What was chosen is kept.
    assert response.context["follow_up_form"][f"need_{needs[0].pk}"].value() == NeedResult.MET


def test_r28_goals_met_only_after_a_follow_up_finding_every_need_met(scene, on_start_day):
    order = scene.executed()
    with pytest.raises(ValidationError):
        order_close(actor=scene.caseworker, order=order, reason=ClosingReason.GOALS_MET)
    needs = list(order.needs.all())
    results = {need.pk: (NeedResult.MET, "") for need in needs}
    results[needs[-1].pk] = (NeedResult.PARTLY, "Skolnärvaron ojämn.")
    order_follow_up_record(
        actor=scene.caseworker, order=order, held_on=START_DAY, summary="", assessments=results
    )
    with pytest.raises(ValidationError):
        order_close(actor=scene.caseworker, order=order, reason=ClosingReason.GOALS_MET)
    # The provider judges it is not working: closed with a reason.
    with pytest.raises(ValidationError):
        order_close(actor=scene.caseworker, order=order, reason=ClosingReason.NOT_WORKING)
    order = order_close(
        actor=scene.caseworker,
        order=order,
        reason=ClosingReason.NOT_WORKING,
        note="Familjen tar inte emot stödet.",
    )
    assert order.state == OrderState.CLOSED


def test_r28_guardians_end_early_child_15_continues_without_their_consent(scene, on_start_day):
    """R28: for a child of 15 or older the caseworker assesses whether the intervention can
    continue towards the child without the parents' consent; continuing keeps it running."""
    order = scene.executed()
    with pytest.raises(ValidationError) as refused:
        order_guardians_end(
            actor=scene.caseworker,
            order=order,
            requested_on=START_DAY,
            assessment="Föräldrarna vill avsluta.",
        )
    assert "continues_without_guardians" in refused.value.message_dict

    order = order_guardians_end(
        actor=scene.caseworker,
        order=order,
        requested_on=START_DAY,
        assessment="Insatsen kan fortsätta mot Saga.",
        continues_without_guardians=True,
    )
    assert order.state == OrderState.EXECUTED
    assert order.continues_without_guardians is True
    assert order.guardians_ended_on == START_DAY


def test_r28_guardians_end_for_a_younger_child_closes_with_the_investigation_assessment(
    scene, on_start_day
):
    young = person(born="2014", first_name="Leo", last_name="Yngre")
    case = case_register(actor=scene.caseworker, individual=young, unit=scene.bou)
    scene.case = case
    scene.child = young
    order = scene.executed()
    with pytest.raises(ValidationError) as refused:
        order_guardians_end(
            actor=scene.caseworker,
            order=order,
            requested_on=START_DAY,
            assessment="Föräldrarna vill avsluta.",
            continues_without_guardians=True,
        )
    errors = refused.value.message_dict
    assert "continues_without_guardians" in errors
    assert "investigation_warranted" in errors

    order = order_guardians_end(
        actor=scene.caseworker,
        order=order,
        requested_on=START_DAY,
        assessment="Oro kvarstår för skolgången.",
        investigation_warranted=True,
    )
    assert order.state == OrderState.CLOSED
    assert order.closing_reason == ClosingReason.GUARDIANS_ENDED
    assert order.investigation_warranted is True


def test_r29_acute_order_only_during_investigation_and_simplified(scene, on_start_day):
    """R29: an acute order needs a short account, the most acute needs and the time limit;
    it is possible only while the case is under investigation."""
    scene.consent()
    order = order_start(
        actor=scene.caseworker,
        case=scene.case,
        provider_unit=scene.srv,
        acute=True,
        account="Akut behov av stöd i hemmet under utredningen.",
        needs=["Trygghet i hemmet"],
        starts_on=START_DAY,
        ends_on=D(2026, 5, 2),
    )
    order = order_send(actor=scene.caseworker, order=order)
    assert order.state == OrderState.SENT

    young = person(born="2014", first_name="Leo", last_name="Ej")
    registered = case_register(actor=scene.caseworker, individual=young, unit=scene.bou)
    with pytest.raises(ValidationError) as refused:
        order_start(
            actor=scene.caseworker,
            case=registered,
            provider_unit=scene.srv,
            acute=True,
            account="Akut.",
            needs=["Trygghet"],
        )
    assert "acute" in refused.value.message_dict


def test_r29_investigation_during_the_intervention_is_recorded(scene, on_start_day):
    order = scene.executed()
    case_transition(actor=scene.caseworker, case=scene.case, to=CaseStatus.INTERVENTION)
    with pytest.raises(ValidationError):
        order_investigation_record(
            actor=scene.caseworker, order=order, started_on=START_DAY, continues=True, agreement=""
        )
    order = order_investigation_record(
        actor=scene.caseworker,
        order=order,
        started_on=START_DAY,
        continues=True,
        agreement="Behandlingen fortsätter, familjen informerad.",
    )
    assert order.continues_during_investigation is True
    assert order.state == OrderState.EXECUTED


def test_r27_plan_is_versioned_and_written_by_the_provider_only(scene, on_start_day):
    order = scene.executed()
    with pytest.raises(PermissionDenied):
        order_plan_write(actor=scene.caseworker, order=order, content="x", with_family=True)
    with pytest.raises(ValidationError):
        order_plan_write(actor=scene.treater, order=order, content="Plan", with_family=False)
    first = order_plan_write(actor=scene.treater, order=order, content="Plan", with_family=True)
    second = order_plan_write(
        actor=scene.treater, order=order, content="Reviderad", with_family=True
    )
    assert (first.version, second.version) == (1, 2)


def test_r26_kick_off_needs_a_treater_of_the_provider_unit(scene, on_start_day):
    order = scene.received()
    with pytest.raises(ValidationError):
        order_kick_off(
            actor=scene.caseworker, order=order, kick_off_on=START_DAY, treater=scene.colleague
        )
    order.refresh_from_db()
    assert order.state == OrderState.RECEIVED


def test_refusal_is_not_possible_after_the_kick_off(scene, on_start_day):
    order = scene.executed()
    with pytest.raises(ValidationError):
        order_refuse(actor=scene.srv_deputy, order=order, reason="För sent")


def test_incoming_and_to_check_lists_have_constant_queries(
    client, scene, on_start_day, django_assert_max_num_queries
):
    scene.consent()
    for number in range(4):
        child = person(born="2012", first_name=f"Barn{number}")
        case = case_register(actor=scene.caseworker, individual=child, unit=scene.bou)
        order = order_start(
            actor=scene.caseworker, case=case, provider_unit=scene.srv, **ASSIGNMENT
        )
        consent_record(
            actor=scene.caseworker,
            individual=child,
            scope="written_material",
            form="written",
            given_by="guardians",
            provider="SRV",
        )
        order = order_send(actor=scene.caseworker, order=order)
        order_receive(actor=scene.srv_deputy, order=order)

    client.force_login(scene.treater)
    with django_assert_max_num_queries(12):
        response = client.get(url("order_incoming"))
    assert response.status_code == 200
    assert len(response.context["orders"]) == 4

    client.force_login(scene.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(url("order_to_check"))
    assert len(response.context["rows"]) == 4


def test_order_detail_has_bounded_queries(
    client, scene, on_start_day, django_assert_max_num_queries
):
    order = scene.executed()
    order_plan_write(actor=scene.treater, order=order, content="Plan", with_family=True)
    client.force_login(scene.caseworker)
    with django_assert_max_num_queries(40):
        response = client.get(url("order_detail", order.pk))
    assert response.status_code == 200


def test_provider_unit_must_be_open_care(scene, on_start_day):
    with pytest.raises(ValidationError) as refused:
        order_start(actor=scene.caseworker, case=scene.case, provider_unit=scene.bou, **ASSIGNMENT)
    assert "provider_unit" in refused.value.message_dict


def test_co_caseworker_of_the_case_may_write_orders(scene, on_start_day):
    scene.consent()
    helper = member(Role.CASEWORKER, unit=scene.srv, first_name="Med")
    consent_record(
        actor=scene.caseworker,
        individual=scene.child,
        scope=ConsentScope.CONTACT_UNIT,
        form="written",
        given_by=ConsentGivenBy.INDIVIDUAL_AND_GUARDIANS,
        unit=scene.srv,
    )
    co_caseworker_appoint(
        actor=scene.caseworker,
        case=scene.case,
        caseworker=helper,
        unit=scene.srv,
        purpose="expertise",
        ends_on=D(2026, 12, 31),
    )
    order = order_start(actor=helper, case=scene.case, provider_unit=scene.srv, **ASSIGNMENT)
    assert order.created_by == helper


def test_inbox_links_an_order_notification_to_the_order_page(client, scene, on_start_day):
    """SRV's manager opens the order from the inbox; the case itself stays closed (R4)."""
    order = scene.sent()
    client.force_login(scene.srv_deputy)

    inbox = client.get(url("inbox")).content.decode()

    assert url("order_detail", order.pk) in inbox
    assert url("case_detail", scene.case.pk) not in inbox


def test_case_panel_lists_the_orders_and_offers_a_new_one_to_the_caseworker_only(
    client, scene, on_start_day
):
    order = scene.draft()
    client.force_login(scene.colleague)
    page = client.get(url("case_detail", scene.case.pk)).content.decode()
    assert url("order_detail", order.pk) in page
    assert url("order_start", scene.case.pk) not in page


def test_r26_the_draft_is_edited_until_sent_then_not(client, scene, on_start_day):
    order = scene.draft()
    client.force_login(scene.caseworker)
    form = client.get(url("order_edit", order.pk))
    assert form.status_code == 200
    assert ASSIGNMENT["needs"][1] in form.content.decode()

    response = client.post(
        url("order_edit", order.pk), _assignment_post(scene, needs="Ett nytt behov\n\n")
    )
    assert response.status_code == 302
    assert [need.text for need in order.needs.all()] == ["Ett nytt behov"]

    scene.consent()
    order_send(actor=scene.caseworker, order=order)
    assert client.get(url("order_edit", order.pk)).status_code == 404


def test_r28_guardians_end_through_the_page_keeps_the_order_running(client, scene, on_start_day):
    """R28 on the page: the child is 15 or older, so the question is asked; "yes" keeps the
    intervention going towards the child."""
    order = scene.executed()
    client.force_login(scene.caseworker)
    page = client.get(url("order_detail", order.pk)).content.decode()
    assert "continues_without_guardians" in page

    response = client.post(
        url("order_guardians_end", order.pk),
        {
            "requested_on": "2026-03-02",
            "continues_without_guardians": "yes",
            "investigation_warranted": "",
            "assessment": "Saga vill fortsätta; insatsen riktas till henne.",
        },
    )

    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.state, order.continues_without_guardians) == (OrderState.EXECUTED, True)


def test_bad_dates_are_refused_with_the_input_kept_and_no_change(client, scene, on_start_day):
    order = scene.received()
    client.force_login(scene.caseworker)
    response = client.post(
        url("order_kick_off", order.pk),
        {"kick_off_on": "2026-02-30", "treater": scene.treater.pk, "plan_agreed_by": ""},
    )
    assert response.status_code == 400
    assert "2026-02-30" in response.content.decode()
    order.refresh_from_db()
    assert order.state == OrderState.RECEIVED
