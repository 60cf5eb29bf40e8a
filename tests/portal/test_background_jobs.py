"""A job travels through the configured broker (Redis in CI, the filesystem locally)."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.celery import app as celery_app
from portal.tasks import clear_expired_sessions


def _session(expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    return store.session_key


# With pytest-xdist: not beside test_runportal's worker, which would take the job from Redis.
@pytest.mark.xdist_group("celery_workers")
@pytest.mark.django_db(transaction=True)
def test_expired_sessions_are_cleared_by_a_worker_through_the_broker():
    # given one expired and one live session
    expired = _session(datetime.timedelta(minutes=-1))
    live = _session(datetime.timedelta(hours=1))

    # when the job is sent through the broker and a real worker takes it
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
    ):
        clear_expired_sessions.delay()
        deadline = time.monotonic() + 30
        while Session.objects.filter(session_key=expired).exists():
            assert time.monotonic() < deadline, "the worker did not run the job within 30 s"
            time.sleep(0.2)

    # then only the expired session is gone
    assert Session.objects.filter(session_key=live).exists()


def test_beat_schedule_uses_intervals_not_crontab():
    # Celery's crontab has open DST bugs (STYLE.md rule 8); Sweden changes clocks twice a year.
    for entry in celery_app.conf.beat_schedule.values():
        assert isinstance(entry["schedule"], datetime.timedelta)
