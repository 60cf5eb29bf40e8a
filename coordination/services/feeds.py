"""The personal iCal feed and the daily digest (issue 5 items 4 and 7): writes.

A feed lives behind a secret token (``secrets.token_urlsafe(32)``); renewing replaces it, so
the old URL stops working, and revoking replaces it with a value no URL can carry (it starts
with "!", a character ``token_urlsafe`` never yields). The row stays so that the daily-digest
choice, held on the same row, survives a revoked feed.

The digest is sent at most once per user per day: the row is claimed with one conditional
UPDATE of ``digest_sent_on`` before the e-mail goes out, so two workers, or a task run twice,
never send it twice. It carries counts per kind and a link to the inbox: no names.
"""

import datetime
import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from coordination.models import CalendarFeed, DueKind, Notification
from coordination.selectors_age import STOCKHOLM
from units.models import User

REVOKED_PREFIX = "!"
# Sent from this hour on, Stockholm time.
DIGEST_HOUR = 7


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _revoked_token() -> str:
    # Unique like any token, yet never matched by a URL's token (no "!" in token_urlsafe).
    return REVOKED_PREFIX + secrets.token_urlsafe(32)


def _feed_of(actor: User) -> CalendarFeed:
    feed = CalendarFeed.objects.select_for_update().filter(user=actor).first()
    if feed is None:
        feed = CalendarFeed(user=actor, token=_revoked_token())
        feed.full_clean()
        feed.save()
    return feed


@transaction.atomic
def feed_create(*, actor: User) -> CalendarFeed:
    """Gives the actor a live feed; one that is live already is kept as it is."""
    feed = _feed_of(actor)
    if feed.token.startswith(REVOKED_PREFIX):
        feed.token = _new_token()
        feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def feed_renew(*, actor: User) -> CalendarFeed:
    """A new token for the actor's feed: the old URL stops working at once."""
    feed = _feed_of(actor)
    feed.token = _new_token()
    feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def feed_revoke(*, actor: User) -> CalendarFeed:
    """Ends the actor's feed: its URL answers 404 from now on."""
    feed = _feed_of(actor)
    feed.token = _revoked_token()
    feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def feed_digest_set(*, actor: User, enabled: bool) -> CalendarFeed:
    """Turns the actor's daily digest on or off."""
    feed = _feed_of(actor)
    feed.daily_digest = enabled
    feed.save(update_fields=["daily_digest"])
    return feed


def _inbox_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + reverse("coordination:inbox")


def _unacknowledged_counts(user_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Notification.objects.filter(recipient_id__in=user_ids, acknowledged_at__isnull=True)
        .order_by()
        .values("recipient_id", "due_item__kind")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["recipient_id"], {})[row["due_item__kind"]] = row["n"]
    return counts


def _digest_message(email: str, counts: dict[str, int], inbox_url: str) -> EmailMessage:
    labels = dict(DueKind.choices)
    context = {
        "lines": [(str(labels.get(kind, kind)), n) for kind, n in sorted(counts.items())],
        "total": sum(counts.values()),
        "inbox_url": inbox_url,
    }
    subject = render_to_string("emails/digest_subject.txt", context)
    body = render_to_string("emails/digest_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[email])


def _claim(feed_id: int, today: datetime.date) -> bool:
    """Marks the feed's digest as sent today, if no one has; True when this call did."""
    not_today = Q(digest_sent_on__isnull=True) | Q(digest_sent_on__lt=today)
    return bool(
        CalendarFeed.objects.filter(not_today, pk=feed_id, daily_digest=True).update(
            digest_sent_on=today
        )
    )


def notification_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Sends today's digest to each user who asked for one and has not had it today, from
    07:00 Stockholm time; returns how many were sent. Users with nothing unacknowledged
    are passed over for the day (no empty e-mail); a refused e-mail is released to retry."""
    local = timezone.localtime(now or timezone.now(), STOCKHOLM)
    if local.hour < DIGEST_HOUR:
        return 0
    today = local.date()
    due = list(
        CalendarFeed.objects.filter(daily_digest=True, user__is_active=True)
        .filter(Q(digest_sent_on__isnull=True) | Q(digest_sent_on__lt=today))
        .exclude(user__email="")
        .values_list("pk", "user_id", "user__email", "digest_sent_on")
    )
    if not due:
        return 0
    counts = _unacknowledged_counts([user_id for _pk, user_id, _email, _on in due])
    inbox_url = _inbox_url()
    sent = 0
    for feed_id, user_id, email, previous in due:
        if not _claim(feed_id, today):
            continue  # another worker took it
        if not counts.get(user_id):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            message = _digest_message(email, counts[user_id], inbox_url)
        try:
            message.send()
        except Exception:
            # Any refusal (SMTP, network): release it so the next hourly run retries.
            CalendarFeed.objects.filter(pk=feed_id, digest_sent_on=today).update(
                digest_sent_on=previous
            )
        else:
            sent += 1
    return sent
