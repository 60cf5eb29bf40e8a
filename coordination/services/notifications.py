"""Notifications of due items (issue 5 item 7): the inbox rows, their e-mail, read and acknowledge.

A notification exists once per recipient and due item (the unique constraint is the
guarantee), so a sweep that notifies twice, or twice at once, creates nothing more. Its
e-mail is sent at most once: a worker claims the row (``emailed_at``) before sending, so two
workers, or a task redelivered after a worker was killed, never send it twice. The e-mail
carries only the kind of item, the due date and a link to the inbox: no identity numbers and
no case contents.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from coordination.db import history_created, insert_new
from coordination.models import DueItem, Notification
from units.models import User

# A notification not e-mailed this long after it was created is picked up by the sweep.
EMAIL_PENDING_AFTER = timedelta(minutes=10)
# One sweep run sends at most this many, so that a backlog never holds a worker for long.
EMAIL_BATCH_SIZE = 200


def _enqueue_email(notification_ids: list[int]) -> None:
    # Imported here: the tasks module imports this one.
    from coordination.tasks_notifications import notifications_email_send

    notifications_email_send.delay(notification_ids)


@transaction.atomic
def notify(
    *,
    due_items: Iterable[DueItem] | QuerySet[DueItem] = (),
    recipients_for: Callable[[DueItem], Iterable[int]] | None = None,
    recipient_ids_by_item: Mapping[int, Iterable[int]] | None = None,
) -> int:
    """Notifies each recipient of each due item exactly once; returns how many were created.

    Give either ``due_items`` with ``recipients_for(item) -> user ids``, or
    ``recipient_ids_by_item`` (due item id -> user ids); both may be combined. Running it
    again, or twice at once, creates nothing more. The e-mails are enqueued on commit, by id.
    """
    wanted: set[tuple[int, int]] = set()
    if recipients_for is not None:
        for item in due_items:
            wanted.update((int(user_id), item.pk) for user_id in recipients_for(item))
    elif due_items and recipient_ids_by_item is None:
        raise TypeError("notify() needs recipients_for or recipient_ids_by_item")
    for item_id, user_ids in (recipient_ids_by_item or {}).items():
        wanted.update((int(user_id), int(item_id)) for user_id in user_ids)
    if not wanted:
        return 0
    now = timezone.now()
    # The unique constraint on (recipient, due item) is the guarantee: a pair that exists, or
    # that a concurrent call inserts first, is skipped and not returned, so each call counts
    # and e-mails exactly what it created. Inserting in one order keeps concurrent calls
    # from deadlocking on each other's rows.
    created_ids = [
        pk
        for (pk,) in insert_new(
            Notification,
            ("recipient_id", "due_item_id", "created_at"),
            [(user_id, item_id, now) for user_id, item_id in sorted(wanted)],
        )
    ]
    if not created_ids:
        return 0
    history_created(Notification, created_ids, when=now)
    transaction.on_commit(lambda: _enqueue_email(created_ids))
    return len(created_ids)


def _claim(notification_ids: Iterable[int]) -> list[int]:
    """Marks the not yet e-mailed notifications as e-mailed and returns those this call took.

    On PostgreSQL the rows are locked and rows another worker holds are skipped, so each row is
    claimed by one worker only; the UPDATE's own ``emailed_at IS NULL`` keeps it so elsewhere.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        candidates = list(rows.values_list("pk", flat=True))
        if not candidates:
            return []
        Notification.objects.filter(pk__in=candidates, emailed_at__isnull=True).update(
            emailed_at=now
        )
        return list(
            Notification.objects.filter(pk__in=candidates, emailed_at=now).values_list(
                "pk", flat=True
            )
        )


def _inbox_url() -> str:
    # SITE_URL (e.g. "https://samverkan.example.se") makes the link absolute; without it
    # the e-mail carries the path only.
    return getattr(settings, "SITE_URL", "").rstrip("/") + reverse("coordination:inbox")


def _message(notification: Notification, inbox_url: str) -> EmailMessage:
    # Only the kind and the due date: never the individual, the identity number or the case.
    context = {
        "kind": notification.due_item.get_kind_display(),
        "due_on": notification.due_item.due_on.isoformat(),
        "inbox_url": inbox_url,
    }
    subject = render_to_string("emails/notification_subject.txt", context)
    body = render_to_string("emails/notification_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[notification.recipient.email],
    )


def notification_email_send(*, notification_ids: Iterable[int]) -> int:
    """Sends each given notification's e-mail once; returns how many were sent.

    Claimed first, then sent; a message the mail server refuses is released again so the
    pending sweep retries it. Users without an e-mail address, or no longer active, are
    skipped (the inbox still shows the notification).
    """
    sendable = Notification.objects.filter(
        pk__in=list(notification_ids), recipient__is_active=True
    ).exclude(recipient__email="")
    claimed = _claim(sendable.values_list("pk", flat=True))
    if not claimed:
        return 0
    notifications = Notification.objects.filter(pk__in=claimed).select_related(
        "recipient", "due_item"
    )
    inbox_url = _inbox_url()
    sent, failed = 0, []
    with translation.override(settings.LANGUAGE_CODE):
        messages = [(n.pk, _message(n, inbox_url)) for n in notifications]
    mail = get_connection()
    try:
        mail.open()
        for pk, message in messages:
            try:
                mail.send_messages([message])
            except Exception:
                # Any refusal (SMTP, network): release it for the pending sweep to retry.
                failed.append(pk)
            else:
                sent += 1
    finally:
        mail.close()
    if failed:
        Notification.objects.filter(pk__in=failed).update(emailed_at=None)
    return sent


def notification_email_pending() -> int:
    """Sends the e-mails not sent within EMAIL_PENDING_AFTER (an enqueue lost, a send refused):
    set-based, oldest first, in batches."""
    cutoff = timezone.now() - EMAIL_PENDING_AFTER
    ids = list(
        Notification.objects.filter(
            emailed_at__isnull=True, created_at__lte=cutoff, recipient__is_active=True
        )
        .exclude(recipient__email="")
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:EMAIL_BATCH_SIZE]
    )
    if not ids:
        return 0
    return notification_email_send(notification_ids=ids)


def _own(actor: User, notification_id: int) -> QuerySet[Notification]:
    rows = Notification.objects.filter(pk=notification_id, recipient=actor)
    if not rows.exists():
        # Another user's notification answers as a missing one (STYLE rule 4).
        raise Http404
    return rows


@transaction.atomic
def notification_acknowledge(*, actor: User, notification_id: int) -> None:
    """The recipient confirms having seen to the notification; another's answers 404."""
    now = timezone.now()
    rows = _own(actor, notification_id)
    rows.filter(read_at__isnull=True).update(read_at=now)
    rows.filter(acknowledged_at__isnull=True).update(acknowledged_at=now)


@transaction.atomic
def notification_mark_read(*, actor: User, notification_ids: Iterable[int]) -> int:
    """Marks the actor's own notifications among the ids as read (opening the inbox)."""
    return Notification.objects.filter(
        pk__in=list(notification_ids), recipient=actor, read_at__isnull=True
    ).update(read_at=timezone.now())
