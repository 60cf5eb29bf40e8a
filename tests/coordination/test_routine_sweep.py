"""The routine steps' overdue sweep (R30): a step past its due date tells its holders, and the
organisation's `routine_step_escalation_days` (by default ESCALATE_AFTER_DAYS) later the unit
managers, each exactly once; set-based (the statements do not grow with the steps or the
organisations); and on PostgreSQL two sweeps at once still raise each item once."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection, connections

from coordination.models import DueItem, DueKind, Notification, RoutineRunStep
from coordination.services import case_register
from coordination.services.routine_runs import (
    ESCALATE_AFTER_DAYS,
    routine_run_start,
    routine_steps_overdue_sweep,
)
from coordination.services.routines import routine_definition_create
from coordination.tasks_routine_runs import routine_steps_overdue_sweep_task
from tests.coordination.test_routine_runs import START, Scene, complete, routine_scene
from tests.factories import member, person
from units.models import Role

DAY = datetime.timedelta(days=1)


def _definition(scene: Scene, steps: int = 1, organisation=None):
    organisation = organisation or scene.organisation
    administrator = member(Role.ADMINISTRATOR, organisation=organisation)
    return routine_definition_create(
        actor=administrator,
        organisation=organisation,
        code=f"frist-{steps}",
        name="Med frist",
        steps=[
            {
                "position": n,
                "title": f"Steg {n}",
                "responsible_role": Role.CASEWORKER,
                "responsible_party": "registering_unit",
                "deadline_days": 2,
                "deadline_from": "trigger",
            }
            for n in range(1, steps + 1)
        ],
    )


def _runs(scene: Scene, *, cases: int, steps: int = 1):
    definition = _definition(scene, steps)
    runs = []
    for _ in range(cases):
        case = case_register(
            actor=scene.mott_worker, individual=person(born="1975"), unit=scene.mott
        )
        runs.append(
            routine_run_start(actor=scene.mott_worker, case=case, definition=definition, reason="x")
        )
    return runs


def _told(user, kind) -> int:
    return Notification.objects.filter(recipient=user, due_item__kind=kind).count()


@pytest.fixture
def scene(osthammar) -> Scene:
    with time_machine.travel(START, tick=False):
        return routine_scene(osthammar)


@pytest.mark.django_db
def test_r30_an_overdue_step_tells_its_holder_then_the_manager_each_once(scene):
    with time_machine.travel(START, tick=False):
        (run,) = _runs(scene, cases=1)
    # due 2026-12-03 (Stockholm): on its due date nothing happens
    assert routine_steps_overdue_sweep(now=START + 2 * DAY) == 0

    # the day after: the holder is told, once
    assert routine_steps_overdue_sweep(now=START + 3 * DAY) == 1
    assert routine_steps_overdue_sweep(now=START + 3 * DAY) == 0
    assert _told(scene.mott_worker, DueKind.ROUTINE_STEP_OVERDUE) == 1
    assert _told(scene.mott_manager, DueKind.ROUTINE_STEP_OVERDUE) == 0

    # not yet the manager the day before the escalation
    assert routine_steps_overdue_sweep(now=START + (2 + ESCALATE_AFTER_DAYS) * DAY) == 0
    # then the unit manager, once
    later = START + (3 + ESCALATE_AFTER_DAYS) * DAY
    assert routine_steps_overdue_sweep(now=later) == 1
    assert routine_steps_overdue_sweep(now=later + 10 * DAY) == 0
    assert _told(scene.mott_manager, DueKind.ROUTINE_STEP_ESCALATED) == 1
    assert _told(scene.mott_worker, DueKind.ROUTINE_STEP_ESCALATED) == 0
    item = DueItem.objects.get(kind=DueKind.ROUTINE_STEP_ESCALATED)
    assert (item.case_id, item.unit_id) == (run.case_id, scene.mott.pk)
    assert item.history.count() == 1


@pytest.mark.django_db
def test_r30_a_step_done_in_time_or_late_raises_nothing_more(scene):
    with time_machine.travel(START, tick=False):
        (run,) = _runs(scene, cases=1, steps=2)
        complete(scene.mott_worker, run, 1, note="I tid.")
    assert routine_steps_overdue_sweep(now=START + 3 * DAY) == 1  # step 2 only
    with time_machine.travel(START + 4 * DAY, tick=False):
        complete(scene.mott_worker, run, 2, note="Sent.")
    assert DueItem.objects.get(kind=DueKind.ROUTINE_STEP_OVERDUE).done_at is not None
    assert routine_steps_overdue_sweep(now=START + 30 * DAY) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("cases", [1, 6])
def test_r30_the_sweep_is_set_based(scene, cases, django_assert_max_num_queries):
    with time_machine.travel(START, tick=False):
        _runs(scene, cases=cases, steps=2)
    # the same statements for 2 or 12 overdue steps: select, insert, history, notify (and
    # the organisations' escalation settings, one query)
    with django_assert_max_num_queries(13):
        assert routine_steps_overdue_sweep(now=START + 3 * DAY) == 2 * cases
    with django_assert_max_num_queries(15):
        assert routine_steps_overdue_sweep(now=START + 30 * DAY) == 2 * cases


@pytest.mark.django_db
def test_r30_each_organisation_sets_when_an_overdue_step_goes_to_the_manager(
    scene, load_organisation, django_assert_max_num_queries
):
    # given Östhammar passes an overdue step to the manager after 2 days, and the Stockholm
    # district keeps the default
    scene.organisation.routine_step_escalation_days = 2
    scene.organisation.save()
    stockholm = load_organisation("stockholm-district")
    bou = stockholm.units.get(code="bou")
    worker = member(Role.CASEWORKER, unit=bou)
    manager = member(Role.UNIT_MANAGER, unit=bou)
    with time_machine.travel(START, tick=False):
        (osthammar_run,) = _runs(scene, cases=1)
        case = case_register(actor=worker, individual=person(born="1975"), unit=bou)
        routine_run_start(
            actor=worker,
            case=case,
            definition=_definition(scene, organisation=stockholm),
            reason="x",
        )
    # both due 2026-12-03, overdue from 2026-12-04
    assert routine_steps_overdue_sweep(now=START + 3 * DAY) == 2

    # then Östhammar's manager is told two days later, the district's not yet
    with django_assert_max_num_queries(15):
        assert routine_steps_overdue_sweep(now=START + 5 * DAY) == 1
    assert _told(scene.mott_manager, DueKind.ROUTINE_STEP_ESCALATED) == 1
    assert _told(manager, DueKind.ROUTINE_STEP_ESCALATED) == 0
    # and the district's after its default days
    assert routine_steps_overdue_sweep(now=START + (2 + ESCALATE_AFTER_DAYS) * DAY) == 0
    assert routine_steps_overdue_sweep(now=START + (3 + ESCALATE_AFTER_DAYS) * DAY) == 1
    assert _told(manager, DueKind.ROUTINE_STEP_ESCALATED) == 1
    assert stockholm.routine_step_escalation_days == ESCALATE_AFTER_DAYS
    assert (
        DueItem.objects.get(
            kind=DueKind.ROUTINE_STEP_ESCALATED, routine_step__run=osthammar_run
        ).organisation
        == scene.organisation
    )


@pytest.mark.django_db
def test_r30_the_task_runs_the_sweep(scene):
    with time_machine.travel(START, tick=False):
        _runs(scene, cases=1)
    with time_machine.travel(START + 3 * DAY, tick=False):
        assert routine_steps_overdue_sweep_task() == 1


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two real connections; SQLite's test database is one shared in-memory file",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_r30_two_concurrent_sweeps_raise_and_notify_once(osthammar):
    with time_machine.travel(START, tick=False):
        scene = routine_scene(osthammar)
        _runs(scene, cases=4, steps=2)
    later = START + 30 * DAY
    barrier = threading.Barrier(2)
    outcomes: list = []

    def run():
        try:
            barrier.wait()
            outcomes.append(routine_steps_overdue_sweep(now=later))
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
    steps = RoutineRunStep.objects.count()
    assert sum(outcomes) == 2 * steps
    assert DueItem.objects.filter(kind=DueKind.ROUTINE_STEP_OVERDUE).count() == steps
    assert _told(scene.mott_worker, DueKind.ROUTINE_STEP_OVERDUE) == steps
    assert _told(scene.mott_manager, DueKind.ROUTINE_STEP_ESCALATED) == steps
