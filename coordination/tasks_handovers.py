"""The handover's periodic task (R17): responsibility passes on the day.

It takes no arguments and carries no personal data; the service it calls selects the due
handovers set-based, passes each in its own transaction and is idempotent, so a redelivery
passes nothing twice.
"""

from celery import shared_task

from coordination.services.handovers import handovers_pass_due as _handovers_pass_due


@shared_task(name="coordination.tasks_handovers.handovers_pass_due")
def handovers_pass_due() -> int:
    """Passes every appointed handover whose day has come; returns how many passed."""
    return _handovers_pass_due()
