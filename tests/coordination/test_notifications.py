"""Notifications of due items (issue 5 item 7): once per recipient and item, e-mailed at most
once with no personal data, and the inbox (R4: scope, access log, 404 for another's)."""

import threading
from datetime import date, timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from coordination.context_processors import inbox as inbox_context
from coordination.models import AccessLogEntry, DueItem, DueKind, Notification
from coordination.services.notifications import (
    notification_email_pending,
    notification_email_send,
    notify,
)
from tests.factories import member
from units.models import Role

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two real connections; SQLite's test database is one shared in-memory file",
)


def _item(family, *, kind=DueKind.HANDOVER_DEADLINE, period=date(2034, 1, 1), due_on=None):
    return DueItem.objects.create(
        organisation=family.organisation,
        kind=kind,
        case=family.child_case,
        period=period,
        due_on=due_on or date(2033, 7, 1),
        unit=family.vuxen,
    )


@pytest.fixture
def no_enqueue():
    with mock.patch("coordination.tasks_notifications.notifications_email_send.delay") as delay:
        yield delay


def _login(client, user):
    client.force_login(user)
    # The pages' assertions read the English texts; Swedish is the default.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- notify: exactly once -----------------------------------------------------------------


@pytest.mark.django_db
def test_notify_twice_creates_each_notification_once(family, no_enqueue):
    # given a due item for both caseworkers
    item = _item(family)
    recipients = {item.pk: [family.bou_caseworker.pk, family.vuxen_caseworker.pk]}

    # when the sweep notifies twice
    first = notify(recipient_ids_by_item=recipients)
    second = notify(recipient_ids_by_item=recipients)

    # then each got one notification
    assert (first, second) == (2, 0)
    assert Notification.objects.filter(due_item=item).count() == 2


@pytest.mark.django_db
def test_notify_with_recipients_for_callable(family, no_enqueue):
    items = [_item(family), _item(family, kind=DueKind.HANDOVER_REMINDER)]

    created = notify(
        due_items=DueItem.objects.filter(pk__in=[i.pk for i in items]),
        recipients_for=lambda item: [family.bou_caseworker.pk],
    )

    assert created == 2
    assert set(family.bou_caseworker.notifications.values_list("due_item_id", flat=True)) == {
        i.pk for i in items
    }
    assert notify(due_items=items, recipients_for=lambda item: [family.bou_caseworker.pk]) == 0


@pytest.mark.django_db
def test_notify_enqueues_the_new_ids_only_after_commit(
    family, no_enqueue, django_capture_on_commit_callbacks
):
    item = _item(family)
    notify(recipient_ids_by_item={item.pk: [family.bou_caseworker.pk]})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(
            recipient_ids_by_item={item.pk: [family.bou_caseworker.pk, family.vuxen_caseworker.pk]}
        )

    # only the new notification's id goes to the broker: ids, no personal data
    new = Notification.objects.get(recipient=family.vuxen_caseworker)
    assert len(callbacks) == 1
    no_enqueue.assert_called_once_with([new.pk])


@pytest.mark.django_db
def test_notify_nothing_enqueues_nothing(family, no_enqueue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify(recipient_ids_by_item={}) == 0
    assert callbacks == []


def _race(work, count: int = 2) -> list:
    barrier = threading.Barrier(count)
    outcomes: list = []

    def run():
        try:
            barrier.wait()
            outcomes.append(work())
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_notify_twice_at_once_creates_each_notification_once(family, no_enqueue):
    items = [_item(family), _item(family, kind=DueKind.HANDOVER_REMINDER)]
    recipients = {i.pk: [family.bou_caseworker.pk, family.vuxen_caseworker.pk] for i in items}

    outcomes = _race(lambda: notify(recipient_ids_by_item=recipients))

    assert sorted(outcomes) == [0, 4]
    assert Notification.objects.count() == 4


# --- e-mail: at most once, no personal data ---------------------------------------------------


@pytest.fixture
def notification(family, no_enqueue) -> Notification:
    item = _item(family)
    notify(recipient_ids_by_item={item.pk: [family.vuxen_caseworker.pk]})
    return Notification.objects.get(due_item=item)


@pytest.mark.django_db
def test_email_sent_once_when_the_task_runs_twice(notification):
    from coordination.tasks_notifications import notifications_email_send

    # when the task is delivered twice (a redelivery after a lost ack)
    first = notifications_email_send([notification.pk])
    second = notifications_email_send([notification.pk])

    # then one e-mail went out
    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [notification.recipient.email]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


@pytest.mark.django_db
def test_email_has_kind_due_date_and_inbox_link_but_no_personal_data(family, notification):
    notification_email_send(notification_ids=[notification.pk])

    message = mail.outbox[0]
    text = message.subject + "\n" + message.body
    assert "2033-07-01" in text
    assert str(DueKind.HANDOVER_DEADLINE.label) in text
    assert reverse("coordination:inbox") in message.body
    # no identity number, no name, no case contents, no external reference
    assert family.child.identity_number
    for secret in (
        family.child.identity_number,
        family.child.identity_number[2:],
        family.child.first_name,
        family.child.last_name,
        family.child_case.summary,
        "BOU-SECRET-4711",
    ):
        assert secret not in text


@pytest.mark.django_db
def test_email_link_is_absolute_with_site_url(settings, notification):
    settings.SITE_URL = "https://samverkan.osthammar.example/"
    notification_email_send(notification_ids=[notification.pk])
    assert "https://samverkan.osthammar.example/inbox/" in mail.outbox[0].body


@pytest.mark.django_db
def test_email_is_in_the_organisations_language(settings, notification):
    from django.utils import translation

    seen = []
    real = translation.get_language

    with (
        mock.patch(
            "coordination.services.notifications.render_to_string",
            side_effect=lambda name, context: seen.append(real()) or name,
        ),
        translation.override("en"),
    ):
        notification_email_send(notification_ids=[notification.pk])

    assert seen == [settings.LANGUAGE_CODE, settings.LANGUAGE_CODE]


@pytest.mark.django_db
def test_a_refused_email_is_released_and_retried_by_the_sweep(notification, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=OSError("mail server down"),
    ):
        assert notification_email_send(notification_ids=[notification.pk]) == 0
    notification.refresh_from_db()
    assert notification.emailed_at is None

    time_machine.shift(timedelta(minutes=11))
    assert notification_email_pending() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_pending_sweep_sends_what_was_never_enqueued_after_ten_minutes(notification):
    created = notification.created_at
    with time_machine.travel(created + timedelta(minutes=9), tick=False):
        assert notification_email_pending() == 0
    with time_machine.travel(created + timedelta(minutes=10, seconds=1), tick=False):
        assert notification_email_pending() == 1
        assert notification_email_pending() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_users_without_email_are_skipped_but_keep_the_inbox_row(family, notification):
    family.vuxen_caseworker.email = ""
    family.vuxen_caseworker.save()

    assert notification_email_send(notification_ids=[notification.pk]) == 0
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_send_once(family, no_enqueue):
    items = [_item(family, period=date(2034, 1, day)) for day in range(1, 6)]
    notify(recipient_ids_by_item={i.pk: [family.vuxen_caseworker.pk] for i in items})
    ids = list(Notification.objects.values_list("pk", flat=True))

    outcomes = _race(lambda: notification_email_send(notification_ids=ids), count=3)

    assert sum(outcomes) == 5
    assert len(mail.outbox) == 5
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


# --- the inbox ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_inbox_shows_own_notifications_with_case_link_when_in_scope(client, family, no_enqueue):
    # given a notification for the case's own caseworker and one for the receiving unit's
    item = _item(family)
    notify(recipient_ids_by_item={item.pk: [family.bou_caseworker.pk, family.vuxen_caseworker.pk]})
    case_url = reverse("coordination:case_detail", args=[family.child_case.pk])

    # when the case's caseworker opens the inbox, the name links to the case
    _login(client, family.bou_caseworker)
    page = client.get(reverse("coordination:inbox")).content.decode()
    assert family.child.full_name in page
    assert family.bou.name in page
    assert "2033-07-01" in page
    assert case_url in page
    assert family.child.identity_number not in page

    # and the receiving unit's caseworker sees the name without a link (R4)
    client.logout()
    _login(client, family.vuxen_caseworker)
    page = client.get(reverse("coordination:inbox")).content.decode()
    assert family.child.full_name in page
    assert case_url not in page
    assert family.child_case.summary not in page


@pytest.mark.django_db
def test_inbox_logs_one_list_row_per_individual_shown(client, family, no_enqueue):
    items = [_item(family), _item(family, kind=DueKind.HANDOVER_REMINDER)]
    notify(recipient_ids_by_item={i.pk: [family.vuxen_caseworker.pk] for i in items})
    _login(client, family.vuxen_caseworker)

    client.get(reverse("coordination:inbox"))

    rows = AccessLogEntry.objects.filter(user=family.vuxen_caseworker, action="list")
    assert list(rows.values_list("individual_id", flat=True)) == [family.child.pk]


@pytest.mark.django_db
def test_opening_the_inbox_marks_read_and_the_header_counts_unread(client, family, no_enqueue):
    item = _item(family)
    notify(recipient_ids_by_item={item.pk: [family.vuxen_caseworker.pk]})
    _login(client, family.vuxen_caseworker)

    # the header shows the unread count on any page
    home = client.get(reverse("portal:home"), follow=True).content.decode()
    assert "Inbox (1 unread)" in home

    # opening the inbox shows it as new, and marks it read
    page = client.get(reverse("coordination:inbox")).content.decode()
    assert "New:" in page
    assert "Inbox (0 unread)" in page
    assert Notification.objects.get().read_at is not None
    page = client.get(reverse("coordination:inbox")).content.decode()
    assert "New:" not in page


@pytest.mark.django_db
def test_acknowledge_own_notification(client, family, no_enqueue):
    item = _item(family)
    notify(recipient_ids_by_item={item.pk: [family.vuxen_caseworker.pk]})
    notification = Notification.objects.get()
    _login(client, family.vuxen_caseworker)

    response = client.post(
        reverse("coordination:notification_acknowledge", args=[notification.pk]),
        {"page": "1"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("coordination:inbox") + "?page=1")
    notification.refresh_from_db()
    assert notification.acknowledged_at is not None
    assert notification.read_at is not None
    page = client.get(reverse("coordination:inbox")).content.decode()
    assert "Acknowledged" in page
    assert ">Acknowledge<" not in page.replace("\n", "").replace(" ", "")


@pytest.mark.django_db
def test_acknowledging_another_users_notification_answers_404(client, family, no_enqueue):
    item = _item(family)
    notify(recipient_ids_by_item={item.pk: [family.bou_caseworker.pk]})
    notification = Notification.objects.get()
    _login(client, family.vuxen_caseworker)

    url = reverse("coordination:notification_acknowledge", args=[notification.pk])
    assert client.post(url).status_code == 404
    assert client.post(url.replace(str(notification.pk), "999999")).status_code == 404
    assert client.get(url).status_code == 405
    notification.refresh_from_db()
    assert notification.acknowledged_at is None


@pytest.mark.django_db
def test_inbox_needs_a_unit_role(client, family):
    url = reverse("coordination:inbox")
    # anonymous: to the sign-in page
    assert client.get(url).status_code == 302
    # a controller (no unit role): 404, and no inbox link in the header
    controller = member(Role.CONTROLLER, organisation=family.organisation)
    _login(client, controller)
    assert client.get(url).status_code == 404
    home = client.get(reverse("portal:home"), follow=True).content.decode()
    assert "unread)" not in home


@pytest.mark.django_db
def test_inbox_paginates_newest_first(client, family, no_enqueue):
    items = [_item(family, period=date(2034, 1, 1) + timedelta(days=n)) for n in range(25)]
    for item in items:
        notify(recipient_ids_by_item={item.pk: [family.vuxen_caseworker.pk]})
    _login(client, family.vuxen_caseworker)

    first = client.get(reverse("coordination:inbox"))
    second = client.get(reverse("coordination:inbox") + "?page=2")
    junk = client.get(reverse("coordination:inbox") + "?page=abc")

    assert [n.due_item_id for n in first.context["notifications"]] == [
        i.pk for i in reversed(items)
    ][:20]
    assert len(second.context["notifications"]) == 5
    assert junk.status_code == 200
    # only the page shown is marked read
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_inbox_query_count_is_constant(
    client, family, no_enqueue, count, django_assert_max_num_queries
):
    items = [_item(family, period=date(2034, 1, 1) + timedelta(days=n)) for n in range(count)]
    notify(recipient_ids_by_item={i.pk: [family.vuxen_caseworker.pk] for i in items})
    _login(client, family.vuxen_caseworker)

    # session, user, roles, page count, page, mark read (in a savepoint), memberships, log
    # insert, header count, session save (in a savepoint): the same for 1 and for 20
    with django_assert_max_num_queries(14):
        response = client.get(reverse("coordination:inbox"))
    assert response.status_code == 200
    assert len(response.context["notifications"]) == count


# --- the header link: no query for anonymous, one at most when signed in -------------------


@pytest.mark.django_db
def test_header_context_costs_nothing_anonymous_and_one_query_signed_in(
    family, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert inbox_context(request) == {}

    request.user = family.vuxen_caseworker
    with django_assert_num_queries(0):
        context = inbox_context(request)
    with django_assert_num_queries(1):
        status = context["inbox_status"]()
        context["inbox_status"]()
    assert status.show
    assert status.unread == 0
