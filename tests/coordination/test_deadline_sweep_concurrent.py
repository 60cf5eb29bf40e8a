"""Two handover sweeps at once raise and notify each item once (R17, exactly-once)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from coordination.models import DueItem, DueKind, Notification
from coordination.services import case_register, individual_create
from coordination.services.deadlines import deadlines_sweep
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two real connections; SQLite's test database is one shared in-memory file",
)


def _race(work, count: int = 2) -> list:
    barrier = threading.Barrier(count)
    outcomes: list = []

    def run():
        try:
            barrier.wait()
            outcomes.append(work())
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


# R17: a sweep redelivered or started twice never raises or notifies an item twice.
@pytest.mark.django_db(transaction=True)
def test_r17_two_concurrent_sweeps_raise_and_notify_once(load_organisation):
    organisation = load_organisation("osthammar")
    bou = organisation.units.get(code="bou")
    vuxen = organisation.units.get(kind="vuxen")
    caseworker = member(Role.CASEWORKER, unit=bou)
    member(Role.COORDINATOR, unit=vuxen)
    member(Role.UNIT_MANAGER, unit=bou)
    for number in range(20):
        individual = individual_create(
            first_name="Ung", last_name=f"Person{number}", birth_date=datetime.date(2007, 5, 8)
        )
        case_register(actor=caseworker, individual=individual, unit=bou)
    today = datetime.date(2026, 12, 10)  # first notice, deadline, a reminder and overdue

    outcomes = _race(lambda: deadlines_sweep(today=today))

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert DueItem.objects.count() == 20 * 4
    for kind in (DueKind.HANDOVER_DEADLINE, DueKind.HANDOVER_OVERDUE):
        assert DueItem.objects.filter(kind=kind).count() == 20
    # Each recipient once per item: caseworker + coordinator on three kinds, manager on one.
    assert Notification.objects.count() == 20 * (3 * 2 + 1)
    # Between them the two sweeps raised every item once.
    assert sum(o.total for o in outcomes) <= 20 * 4 * 2
    assert deadlines_sweep(today=today).total == 0
