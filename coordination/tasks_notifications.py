"""Celery tasks of the notifications: ids only in the broker, never personal data (STYLE rule 8)."""

from celery import shared_task

from coordination.services.notifications import (
    notification_email_pending,
    notification_email_send,
)


@shared_task(name="coordination.tasks_notifications.notifications_email_send")
def notifications_email_send(notification_ids: list[int]) -> int:
    """Sends the notifications' e-mails, each at most once however often the task runs."""
    return notification_email_send(notification_ids=notification_ids)


@shared_task(name="coordination.tasks_notifications.notifications_email_pending")
def notifications_email_pending() -> int:
    """Picks up e-mails not sent within ten minutes, so a lost enqueue loses no e-mail."""
    return notification_email_pending()
