"""The deadline engine's periodic task (R17); beat runs it every minute on an interval.

It takes no arguments and carries no personal data; the sweep it calls is idempotent, so a
redelivery after a lost worker (acks_late, reject_on_worker_lost) raises nothing more.
"""

from celery import shared_task

from coordination.services.deadlines import deadlines_sweep


@shared_task(name="coordination.tasks_deadlines.deadlines_sweep_task")
def deadlines_sweep_task() -> dict[str, int]:
    """Raises the handover items due today and notifies their recipients, once each."""
    return dict(deadlines_sweep().raised)
