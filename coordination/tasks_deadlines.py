"""The deadline engine's periodic task (R17, R26, R27); beat runs it every minute on an interval.

It takes no arguments and carries no personal data; the sweeps it calls are idempotent, so a
redelivery after a lost worker (acks_late, reject_on_worker_lost) raises nothing more.
"""

from celery import shared_task

from coordination.services.deadlines import deadlines_sweep
from coordination.services.order_deadlines import orders_sweep


@shared_task(name="coordination.tasks_deadlines.deadlines_sweep_task")
def deadlines_sweep_task() -> dict[str, int]:
    """Raises the handover items, then the order items, due today and notifies their
    recipients, once each."""
    raised = dict(deadlines_sweep().raised)
    for kind, count in orders_sweep().raised.items():
        raised[kind] = raised.get(kind, 0) + count
    return raised
