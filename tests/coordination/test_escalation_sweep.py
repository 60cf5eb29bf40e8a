"""The escalation ladder's overdue sweep (R2): past the level's target time an escalation is
flagged once per level visit and the level above is told; on PostgreSQL, two sweeps at once,
and two managers deciding at once, still do everything exactly once (R9)."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from coordination.models import (
    DueItem,
    DueKind,
    Escalation,
    EscalationState,
    EscalationStep,
    Notification,
)
from coordination.selectors_escalations import escalation_is_party
from coordination.services.escalation_sweep import escalations_overdue_sweep
from coordination.services.escalations import (
    escalation_decide,
    escalation_raise_further,
    escalation_withdraw,
)
from coordination.tasks_escalations import escalations_overdue_sweep_task
from tests.coordination.factories_escalations import (
    ladder_fixture,  # noqa: F401 - the fixture `ladder`
    ladder_scene,
)

DAY = datetime.timedelta(days=1)
START = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


def overdue_recipients(escalation: Escalation) -> list[int]:
    return sorted(
        Notification.objects.filter(
            due_item__escalation=escalation, due_item__kind=DueKind.ESCALATION_OVERDUE
        ).values_list("recipient_id", flat=True)
    )


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.mark.django_db
def test_r2_overdue_at_the_target_time_tells_the_level_above_once(ladder, clock):
    # given an escalation waiting with the deputies (level 2, target 30 days)
    escalation = ladder.raise_()

    # a minute before the target nothing happens
    clock.shift(30 * DAY - datetime.timedelta(minutes=1))
    assert escalations_overdue_sweep() == 0

    # at the target the step is flagged and the unit managers (level 3) are told
    clock.shift(datetime.timedelta(minutes=1))
    assert escalations_overdue_sweep() == 1

    step = EscalationStep.objects.get(escalation=escalation)
    assert step.overdue_at == timezone.now()
    item = DueItem.objects.get(escalation=escalation, kind=DueKind.ESCALATION_OVERDUE)
    assert item.period == START.date()  # the day the level was entered
    assert item.due_on == (START + 30 * DAY).date()
    assert overdue_recipients(escalation) == sorted([ladder.bou_manager.pk, ladder.psyk_manager.pk])

    # and not a second time, however often it runs
    clock.shift(DAY)
    assert escalations_overdue_sweep() == 0
    assert escalations_overdue_sweep_task() == 0
    assert DueItem.objects.filter(kind=DueKind.ESCALATION_OVERDUE).count() == 1
    assert len(overdue_recipients(escalation)) == 2


@pytest.mark.django_db
def test_r2_overdue_at_the_top_tells_the_top_level_and_each_level_visit_counts(ladder, clock):
    escalation = ladder.raise_()
    clock.shift(31 * DAY)
    escalations_overdue_sweep()
    # raised further after the overdue notice: the new level has its own clock
    escalation = escalation_raise_further(
        actor=ladder.bou_deputy, escalation=escalation, reason="Vidare."
    )
    escalation = escalation_raise_further(
        actor=ladder.bou_manager, escalation=escalation, reason="Vidare."
    )
    entered = timezone.now()
    assert escalations_overdue_sweep() == 0

    clock.shift(30 * DAY)
    assert escalations_overdue_sweep() == 1

    top_item = DueItem.objects.get(
        escalation=escalation, kind=DueKind.ESCALATION_OVERDUE, period=entered.date()
    )
    heads = sorted([ladder.iof_head.pk, ladder.aof_head.pk])
    assert sorted(top_item.notifications.values_list("recipient_id", flat=True)) == heads
    flagged = EscalationStep.objects.filter(escalation=escalation, overdue_at__isnull=False)
    assert sorted(flagged.values_list("level__rank", flat=True)) == [2, 4]


@pytest.mark.django_db
def test_r2_the_level_above_told_of_an_overdue_escalation_may_read_it(ladder, clock):
    escalation = ladder.at_level(3)
    assert not escalation_is_party(user=ladder.iof_head, escalation=escalation)

    clock.shift(30 * DAY)
    escalations_overdue_sweep()

    assert overdue_recipients(escalation) == sorted([ladder.iof_head.pk, ladder.aof_head.pk])
    assert escalation_is_party(user=ladder.iof_head, escalation=escalation)


@pytest.mark.django_db
def test_r2_a_closed_escalation_is_never_overdue(ladder, clock):
    decided = ladder.raise_()
    escalation_decide(actor=ladder.bou_deputy, escalation=decided, decision="Beslut.")
    withdrawn = ladder.raise_(other_unit=ladder.beroende)
    escalation_withdraw(actor=ladder.caseworker, escalation=withdrawn, reason="Löst.")

    clock.shift(100 * DAY)

    assert escalations_overdue_sweep() == 0
    assert not EscalationStep.objects.filter(overdue_at__isnull=False).exists()


@pytest.mark.django_db
def test_r2_each_organisations_target_time_counts(ladder, clock):
    # the district shortens level 2 to a week
    ladder.organisation.escalation_levels.filter(rank=2).update(target_days=7)
    escalation = ladder.raise_()

    clock.shift(7 * DAY)

    assert escalations_overdue_sweep() == 1
    assert DueItem.objects.get(kind=DueKind.ESCALATION_OVERDUE).due_on == (START + 7 * DAY).date()
    assert escalation.steps.get().overdue_at is not None


# --- Concurrency, on PostgreSQL ---------------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two real connections; SQLite's test database is one shared in-memory file",
)


def _race(*works) -> list:
    barrier = threading.Barrier(len(works))
    outcomes: list = []

    def run(work):
        try:
            barrier.wait()
            outcomes.append(work())
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_r2_two_concurrent_sweeps_flag_and_notify_once(load_organisation):
    ladder = ladder_scene(load_organisation)
    with time_machine.travel(START, tick=False):
        others = ladder.organisation.units.exclude(pk=ladder.bou.pk)
        escalations = [ladder.raise_(other_unit=unit) for unit in others]
    later = START + 31 * DAY

    outcomes = _race(
        lambda: escalations_overdue_sweep(now=later), lambda: escalations_overdue_sweep(now=later)
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(outcomes) == len(escalations)
    assert DueItem.objects.filter(kind=DueKind.ESCALATION_OVERDUE).count() == len(escalations)
    # BoU's unit manager is told of each once; the other units' have none in this scene
    assert Notification.objects.filter(
        due_item__kind=DueKind.ESCALATION_OVERDUE, recipient=ladder.bou_manager
    ).count() == len(escalations)
    assert EscalationStep.objects.filter(overdue_at__isnull=False).count() == len(escalations)
    assert escalations_overdue_sweep(now=later) == 0


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_r9_two_deputies_deciding_at_once_one_wins(load_organisation):
    ladder = ladder_scene(load_organisation)
    escalation = ladder.raise_()

    outcomes = _race(
        lambda: escalation_decide(
            actor=ladder.bou_deputy, escalation=escalation, decision="BoU:s beslut."
        ),
        lambda: escalation_decide(
            actor=ladder.psyk_deputy, escalation=escalation, decision="Socialpsykiatrins beslut."
        ),
    )

    won = [o for o in outcomes if isinstance(o, Escalation)]
    lost = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(won), len(lost)) == (1, 1), outcomes
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.DECIDED
    assert escalation.decision == won[0].decision
    assert DueItem.objects.filter(kind=DueKind.ESCALATION_DECIDED).count() == 1
    assert EscalationStep.objects.get(escalation=escalation).outcome == "decided"
