"""The escalation ladder's periodic task (R2): beat runs it on an interval (hourly is enough for
targets counted in days).

It takes no arguments and carries no personal data; the sweep is idempotent, so a redelivery
after a lost worker (acks_late, reject_on_worker_lost) raises nothing more.
"""

from celery import shared_task

from coordination.services.escalation_sweep import escalations_overdue_sweep


@shared_task(name="coordination.tasks_escalations.escalations_overdue_sweep_task")
def escalations_overdue_sweep_task() -> int:
    """Flags the escalations past their level's target time and tells the level above, once
    per level visit; returns how many were flagged this run."""
    return escalations_overdue_sweep()
