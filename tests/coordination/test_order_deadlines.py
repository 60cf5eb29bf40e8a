"""The order sweep (R26, R27): the execution check two weeks after receipt for the
administrative coordinator, the implementation plan on the agreed day, follow-ups at least
every six months for the caseworker and the treater, the closing documentation within two
weeks for the treater; each raised exactly once."""

import datetime
import io
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections

from coordination.models import (
    ClosingReason,
    DueItem,
    DueKind,
    NeedResult,
    Notification,
    Order,
    OrderState,
)
from coordination.services.order_deadlines import orders_sweep
from coordination.services.orders import (
    order_close,
    order_documentation_complete,
    order_execution_check,
    order_follow_up_record,
    order_kick_off,
    order_plan_write,
)
from coordination.tasks_deadlines import deadlines_sweep_task
from tests.coordination.factories_orders import (
    START_DAY,
    D,
    on_start_day_fixture,  # noqa: F401 - the fixture on_start_day
    scene_fixture,  # noqa: F401 - the fixture scene
    stockholm,
)

pytestmark = pytest.mark.django_db


def items(kind: str) -> list[DueItem]:
    return list(DueItem.objects.filter(kind=kind).order_by("due_on"))


def recipients(item: DueItem) -> set[int]:
    return set(Notification.objects.filter(due_item=item).values_list("recipient_id", flat=True))


def test_r26_execution_check_falls_due_two_weeks_after_receipt(scene):
    """R26: within two weeks of receipt the administrative coordinator asks SRV about
    execution: the item is raised on the 14th day, not before, for the coordinator only."""
    with time_machine.travel(stockholm(START_DAY), tick=False):
        order = scene.received()
    with time_machine.travel(stockholm(D(2026, 3, 15)), tick=False):
        assert orders_sweep()[DueKind.ORDER_EXECUTION_CHECK] == 0
    with time_machine.travel(stockholm(D(2026, 3, 16)), tick=False):
        first = orders_sweep()
        again = orders_sweep()

    assert first[DueKind.ORDER_EXECUTION_CHECK] == 1
    assert again.total == 0
    [item] = items(DueKind.ORDER_EXECUTION_CHECK)
    assert item.order == order
    assert item.due_on == D(2026, 3, 16)
    assert recipients(item) == {scene.coordinator.pk}
    assert item.history.filter(history_type="+").count() == 1


def test_r26_execution_check_done_when_the_coordinator_records_it(scene):
    with time_machine.travel(stockholm(START_DAY), tick=False):
        order = scene.received()
    with time_machine.travel(stockholm(D(2026, 3, 17)), tick=False):
        orders_sweep()
        order_execution_check(actor=scene.coordinator, order=order, answer="Start v. 14.")
        orders_sweep()
    [item] = items(DueKind.ORDER_EXECUTION_CHECK)
    assert item.done_by == scene.coordinator


def test_r26_no_execution_check_once_the_kick_off_is_held(scene):
    """The order is executed when the kick-off is held (R26): nothing left to ask."""
    with time_machine.travel(stockholm(START_DAY), tick=False):
        order = scene.received()
    with time_machine.travel(stockholm(D(2026, 3, 10)), tick=False):
        order_kick_off(
            actor=scene.caseworker, order=order, kick_off_on=D(2026, 3, 10), treater=scene.treater
        )
    with time_machine.travel(stockholm(D(2026, 3, 20)), tick=False):
        orders_sweep()
    assert items(DueKind.ORDER_EXECUTION_CHECK) == []


def test_execution_check_role_is_an_organisation_setting(scene):
    """The role that checks execution is the organisation's setting (default coordinator)."""
    scene.organisation.order_execution_check_role = "deputy_unit_manager"
    scene.organisation.save()
    with time_machine.travel(stockholm(START_DAY), tick=False):
        scene.received()
    with time_machine.travel(stockholm(D(2026, 3, 16)), tick=False):
        orders_sweep()
    [item] = items(DueKind.ORDER_EXECUTION_CHECK)
    assert recipients(item) == {scene.bou_deputy.pk}


def test_r27_follow_up_at_least_every_six_months_across_the_year_end(scene):
    """R27: a kick-off on 31 August is followed up by 28 February (the month is shorter),
    raised two weeks ahead for the caseworker and the treater; done when the follow-up is
    recorded, and the next falls six months after it."""
    with time_machine.travel(stockholm(D(2026, 8, 31)), tick=False):
        order = scene.executed()
    with time_machine.travel(stockholm(D(2027, 2, 13)), tick=False):
        assert orders_sweep()[DueKind.ORDER_FOLLOW_UP] == 0
    with time_machine.travel(stockholm(D(2027, 2, 14)), tick=False):
        assert orders_sweep()[DueKind.ORDER_FOLLOW_UP] == 1
        assert orders_sweep().total == 0
    [item] = items(DueKind.ORDER_FOLLOW_UP)
    assert item.due_on == D(2027, 2, 28)
    assert recipients(item) == {scene.caseworker.pk, scene.treater.pk}

    with time_machine.travel(stockholm(D(2027, 2, 20)), tick=False):
        needs = order.needs.all()
        order_follow_up_record(
            actor=scene.caseworker,
            order=order,
            held_on=D(2027, 2, 20),
            summary="",
            assessments={need.pk: (NeedResult.PARTLY, "") for need in needs},
        )
    item.refresh_from_db()
    assert item.done_by == scene.caseworker
    with time_machine.travel(stockholm(D(2027, 8, 6)), tick=False):
        assert orders_sweep()[DueKind.ORDER_FOLLOW_UP] == 1
    assert [i.due_on for i in items(DueKind.ORDER_FOLLOW_UP)] == [D(2027, 2, 28), D(2027, 8, 20)]


def test_r27_follow_up_period_is_the_organisation_setting(scene):
    scene.organisation.order_follow_up_months = 3
    scene.organisation.save()
    with time_machine.travel(stockholm(START_DAY), tick=False):
        scene.executed()
    with time_machine.travel(stockholm(D(2026, 5, 19)), tick=False):
        orders_sweep()
    assert [i.due_on for i in items(DueKind.ORDER_FOLLOW_UP)] == [D(2026, 6, 2)]


def test_r27_plan_due_on_the_agreed_day_for_the_treater(scene):
    with time_machine.travel(stockholm(START_DAY), tick=False):
        order = scene.received()
        order_kick_off(
            actor=scene.caseworker,
            order=order,
            kick_off_on=START_DAY,
            treater=scene.treater,
            plan_agreed_by=D(2026, 4, 1),
        )
    with time_machine.travel(stockholm(D(2026, 4, 1)), tick=False):
        orders_sweep()
        [item] = items(DueKind.ORDER_PLAN_DUE)
        assert recipients(item) == {scene.treater.pk}
        order_plan_write(actor=scene.treater, order=order, content="Plan", with_family=True)
    item.refresh_from_db()
    assert item.done_at is not None
    [copy] = items(DueKind.ORDER_PLAN_COPY)
    assert recipients(copy) == {scene.caseworker.pk}


def test_r27_closing_documentation_within_two_weeks_for_the_treater(scene):
    with time_machine.travel(stockholm(START_DAY), tick=False):
        order = scene.executed()
    with time_machine.travel(stockholm(D(2026, 12, 28)), tick=False):
        order = order_close(
            actor=scene.caseworker,
            order=order,
            reason=ClosingReason.OTHER,
            note="Familjen flyttar.",
        )
        result = orders_sweep()
        assert orders_sweep().total == 0
    assert result[DueKind.ORDER_CLOSING_DOCUMENTATION] == 1
    [item] = items(DueKind.ORDER_CLOSING_DOCUMENTATION)
    assert item.due_on == D(2027, 1, 11)  # across the year end
    assert recipients(item) == {scene.treater.pk}
    assert order.state == OrderState.CLOSED

    with time_machine.travel(stockholm(D(2027, 1, 8)), tick=False):
        order_documentation_complete(actor=scene.treater, order=order)
    item.refresh_from_db()
    assert item.done_by == scene.treater


def test_two_orders_of_one_case_each_get_their_own_items(scene):
    """An order's items are unique per order, kind and period, not per case."""
    with time_machine.travel(stockholm(START_DAY), tick=False):
        scene.received()
        scene.received()
    with time_machine.travel(stockholm(D(2026, 3, 16)), tick=False):
        assert orders_sweep()[DueKind.ORDER_EXECUTION_CHECK] == 2
        assert orders_sweep().total == 0
    assert len({item.order_id for item in items(DueKind.ORDER_EXECUTION_CHECK)}) == 2


def test_the_beat_task_runs_the_order_sweep_after_the_handover_sweep(scene):
    with time_machine.travel(stockholm(START_DAY), tick=False):
        scene.received()
    with time_machine.travel(stockholm(D(2026, 3, 16)), tick=False):
        raised = deadlines_sweep_task()
        again = deadlines_sweep_task()
    assert raised[DueKind.ORDER_EXECUTION_CHECK] == 1
    assert sum(again.values()) == 0


def test_sweep_after_a_missed_fortnight_raises_each_item_once(scene):
    """A sweep down for weeks raises what fell due meanwhile, once each (idempotent)."""
    with time_machine.travel(stockholm(START_DAY), tick=False):
        scene.received()
    day = D(2026, 4, 30)
    with time_machine.travel(stockholm(day), tick=False):
        first = orders_sweep()
        second = orders_sweep(today=day + datetime.timedelta(days=1))
    assert first[DueKind.ORDER_EXECUTION_CHECK] == 1
    assert second.total == 0
    assert Notification.objects.filter(due_item__kind=DueKind.ORDER_EXECUTION_CHECK).count() == 1


def test_sweep_cost_is_constant_in_the_number_of_orders(scene, django_assert_max_num_queries):
    with time_machine.travel(stockholm(START_DAY), tick=False):
        for _ in range(5):
            scene.received()
    with (
        time_machine.travel(stockholm(D(2026, 3, 16)), tick=False),
        django_assert_max_num_queries(40),
    ):
        assert orders_sweep()[DueKind.ORDER_EXECUTION_CHECK] == 5


def test_motala_demo_has_an_order_whose_execution_check_the_sweep_raises(load_organisation):
    """`make run` with DEMO_ORGANISATION=motala: the demo order to SRV was received long
    enough ago that the running sweep raises the execution check for the administrative
    coordinator (R26); running the demo command again creates nothing more."""
    load_organisation("motala")
    out = io.StringIO()
    call_command("create_demo_data", "motala", stdout=out)
    call_command("create_demo_data", "motala", stdout=io.StringIO())

    assert "the execution check is due" in out.getvalue()
    order = Order.objects.get()
    assert (order.state, order.acute) == (OrderState.RECEIVED, True)
    assert orders_sweep()[DueKind.ORDER_EXECUTION_CHECK] == 1
    [item] = items(DueKind.ORDER_EXECUTION_CHECK)
    assert {n.recipient.username for n in item.notifications.all()} == {"mot.adm.samordnare"}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two real connections; SQLite's test database is one shared in-memory file",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_order_sweeps_raise_and_notify_once(scene):
    """Exactly once with two sweeps at the same moment (a redelivered task): the unique
    constraint per order, kind and period and notify()'s decide, not a check made before."""
    with time_machine.travel(stockholm(START_DAY), tick=False):
        for _ in range(5):
            scene.received()
    barrier = threading.Barrier(2)
    outcomes: list = []

    def run():
        try:
            barrier.wait()
            outcomes.append(orders_sweep(today=D(2026, 3, 16)))
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert DueItem.objects.filter(kind=DueKind.ORDER_EXECUTION_CHECK).count() == 5
    assert Notification.objects.filter(due_item__kind=DueKind.ORDER_EXECUTION_CHECK).count() == 5
    assert orders_sweep(today=D(2026, 3, 16)).total == 0
