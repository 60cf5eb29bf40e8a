"""Housekeeping: expired sessions leave the database (logout already deletes its own row)."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task(name="portal.tasks.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Deletes session rows past their expiry; returns how many went."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
