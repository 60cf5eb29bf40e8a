"""Celery task of the daily digest: no arguments, no personal data in the broker."""

from celery import shared_task

from coordination.services.feeds import notification_digest_send


@shared_task(name="coordination.tasks_feeds.notifications_digest_send")
def notifications_digest_send() -> int:
    """Sends the day's digests due (from 07:00 Stockholm time), each at most once a day; run
    hourly by beat."""
    return notification_digest_send()
