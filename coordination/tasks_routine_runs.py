"""The routine steps' overdue sweep (R30): beat runs it hourly (due dates are days).

It takes no arguments and carries no personal data; the sweep is idempotent, so a redelivery
after a lost worker (acks_late, reject_on_worker_lost) raises nothing more.
"""

from celery import shared_task

from coordination.services.routine_runs import routine_steps_overdue_sweep


@shared_task(name="coordination.tasks_routine_runs.routine_steps_overdue_sweep_task")
def routine_steps_overdue_sweep_task() -> int:
    """Tells each overdue step's holders once, and its unit managers once some days later;
    returns how many items this run raised."""
    return routine_steps_overdue_sweep()
