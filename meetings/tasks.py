"""The meetings' periodic tasks (R21, R22); beat runs them on intervals.

They take no arguments and carry no personal data; the services they call are idempotent, so
a redelivery after a lost worker (acks_late) creates or freezes nothing more.
"""

from celery import shared_task

from meetings.services.schedule import meetings_freeze_due, meetings_schedule


@shared_task(name="meetings.tasks.meetings_schedule_task", acks_late=True)
def meetings_schedule_task() -> dict[str, int]:
    """Creates the meetings of the next 90 days by each series' cadence (R21)."""
    result = meetings_schedule()
    return {"created": len(result.created), "needs_moving": len(result.needs_moving)}


@shared_task(name="meetings.tasks.meetings_freeze_due_task", acks_late=True)
def meetings_freeze_due_task() -> int:
    """Freezes the agenda of every meeting whose submission cutoff has passed (R22)."""
    return len(meetings_freeze_due())
