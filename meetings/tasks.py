"""The meetings' periodic tasks (R21, R22, R24); beat runs them on intervals.

They take no arguments and carry no personal data; the services they call are idempotent, so
a redelivery after a lost worker (acks_late) creates, freezes or notifies nothing more.
"""

from celery import shared_task

from meetings.services.notifications import meeting_reminders_sweep
from meetings.services.routine_review import routine_reviews_sweep
from meetings.services.schedule import meetings_freeze_due, meetings_schedule


@shared_task(name="meetings.tasks.meetings_schedule_task", acks_late=True)
def meetings_schedule_task() -> dict[str, int]:
    """Creates the meetings of the next 90 days by each series' cadence (R21)."""
    result = meetings_schedule()
    return {"created": len(result.created), "needs_moving": len(result.needs_moving)}


@shared_task(name="meetings.tasks.meetings_freeze_due_task", acks_late=True)
def meetings_freeze_due_task() -> int:
    """Freezes the agenda of every meeting whose submission cutoff has passed and tells the
    participants (R22)."""
    return len(meetings_freeze_due())


@shared_task(name="meetings.tasks.meeting_reminders_sweep_task", acks_late=True)
def meeting_reminders_sweep_task() -> int:
    """Reminds those who may submit that a meeting's submissions close soon (R22)."""
    return meeting_reminders_sweep()


@shared_task(name="meetings.tasks.routine_reviews_sweep_task", acks_late=True)
def routine_reviews_sweep_task() -> int:
    """Reminds each organisation's managers of the yearly routine review (R24)."""
    return routine_reviews_sweep()
