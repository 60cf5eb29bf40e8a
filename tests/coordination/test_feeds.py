"""The personal iCal feed and the daily digest (issue 5 items 4 and 7): the token is the key
(renewed and revoked URLs answer 404), the feed and the e-mail carry no personal data about
individuals, and the digest goes out at most once a day, from 07:00 Stockholm time."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from coordination.models import CalendarFeed, DueItem, DueKind, Notification, ThreePartyMeeting
from coordination.selectors_feeds import FeedEvent, feed_ical, ical_fold
from coordination.services.feeds import (
    feed_create,
    feed_digest_set,
    feed_renew,
    feed_revoke,
    notification_digest_send,
)
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def login(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def unfolded(text: str) -> str:
    return text.replace("\r\n ", "")


def feed_url(feed) -> str:
    return reverse("coordination:calendar_feed", args=[feed.token])


@pytest.fixture
def scene(family):
    """A due item notified to the BoU caseworker and a meeting they requested."""
    item = DueItem.objects.create(
        organisation=family.organisation,
        kind=DueKind.HANDOVER_DEADLINE,
        case=family.child_case,
        period=datetime.date(2036, 1, 1),
        due_on=datetime.date(2035, 7, 1),
        unit=family.vuxen,
    )
    Notification.objects.create(recipient=family.bou_caseworker, due_item=item)
    done = DueItem.objects.create(
        organisation=family.organisation,
        kind=DueKind.HANDOVER_REMINDER,
        case=family.child_case,
        period=datetime.date(2035, 8, 1),
        due_on=datetime.date(2035, 8, 1),
        done_at=datetime.datetime(2035, 8, 1, tzinfo=datetime.UTC),
    )
    Notification.objects.create(recipient=family.bou_caseworker, due_item=done)
    ThreePartyMeeting.objects.create(
        case=family.child_case,
        requested_unit=family.vuxen,
        requested_by=family.bou_caseworker,
        question="Kim Förälder behöver stöd",
        pre_meeting_on=datetime.date(2035, 3, 3),
        meeting_on=datetime.date(2035, 3, 10),
    )
    return family


# --- the settings page --------------------------------------------------------------------


def test_settings_page_creates_shows_renews_and_revokes(client, family):
    user = family.bou_caseworker
    login(client, user)
    settings_url = reverse("coordination:feed_settings")

    # no feed yet: no address shown
    page = client.get(settings_url).content.decode()
    assert "You have no calendar feed." in page

    # create: the address is shown and works
    response = client.post(settings_url, {"action": "create"}, follow=True)
    assert "Your calendar feed is ready." in response.content.decode()
    feed = CalendarFeed.objects.get(user=user)
    assert len(feed.token) >= 43
    assert feed_url(feed) in client.get(settings_url).content.decode()
    assert client.get(feed_url(feed)).status_code == 200

    # renew: a new token, the old address answers 404
    old = feed.token
    client.post(settings_url, {"action": "renew"})
    feed.refresh_from_db()
    assert feed.token != old
    assert client.get(reverse("coordination:calendar_feed", args=[old])).status_code == 404
    assert client.get(feed_url(feed)).status_code == 200

    # revoke: 404, and the page offers to create one again
    live = feed_url(feed)
    client.post(settings_url, {"action": "revoke"})
    assert client.get(live).status_code == 404
    assert "You have no calendar feed." in client.get(settings_url).content.decode()
    feed.refresh_from_db()
    assert client.get(feed_url(feed)).status_code == 404  # the revoked marker is no key


def test_unknown_token_is_404_and_no_login_needed(client, family):
    feed = feed_create(actor=family.bou_caseworker)
    assert client.get(feed_url(feed)).status_code == 200  # anonymous calendar program
    assert client.get(reverse("coordination:calendar_feed", args=["nope"])).status_code == 404


def test_inactive_user_feed_is_404(client, family):
    feed = feed_create(actor=family.bou_caseworker)
    family.bou_caseworker.is_active = False
    family.bou_caseworker.save()
    assert client.get(feed_url(feed)).status_code == 404


def test_settings_page_needs_a_unit_role(client, osthammar):
    login(client, member(Role.CONTROLLER, organisation=osthammar))
    assert client.get(reverse("coordination:feed_settings")).status_code == 404
    assert (
        client.post(reverse("coordination:feed_settings"), {"action": "create"}).status_code == 404
    )
    assert not CalendarFeed.objects.exists()


def test_digest_checkbox_keeps_through_revocation(client, family):
    user = family.bou_caseworker
    login(client, user)
    settings_url = reverse("coordination:feed_settings")
    client.post(settings_url, {"action": "digest", "daily_digest": "on"})
    assert CalendarFeed.objects.get(user=user).daily_digest
    assert "checked" in client.get(settings_url).content.decode()
    client.post(settings_url, {"action": "create"})
    client.post(settings_url, {"action": "revoke"})
    assert CalendarFeed.objects.get(user=user).daily_digest
    client.post(settings_url, {"action": "digest"})
    assert not CalendarFeed.objects.get(user=user).daily_digest


def test_unknown_action_is_no_500(client, family):
    login(client, family.bou_caseworker)
    response = client.post(reverse("coordination:feed_settings"), {"action": "x"}, follow=True)
    assert response.status_code == 200
    assert "Choose what to do" in response.content.decode()


# --- the feed's content -------------------------------------------------------------------


def test_feed_has_open_due_items_and_meetings_without_personal_data(
    client, scene, django_assert_max_num_queries
):
    feed = feed_create(actor=scene.bou_caseworker)

    with django_assert_max_num_queries(3):  # the feed, notifications, meetings
        response = client.get(feed_url(feed))

    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content.decode("utf-8")
    assert raw.startswith("BEGIN:VCALENDAR\r\n")
    assert raw.endswith("END:VCALENDAR\r\n")
    assert "\n" not in raw.replace("\r\n", "")  # CRLF only
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    text = unfolded(raw)
    assert text.count("BEGIN:VEVENT") == 3  # the open due item, pre-meeting, meeting
    assert "DTSTART;VALUE=DATE:20350701" in text
    assert "DTSTART;VALUE=DATE:20350303" in text
    assert "DTSTART;VALUE=DATE:20350310" in text
    assert "DTSTART;VALUE=DATE:20350801" not in text  # done items are not due
    assert "UID:" in text
    assert "DTSTAMP:" in text
    # the default language (Swedish) and the unit's name, never the person (R4)
    assert scene.bou.name.replace(",", "\\,") in text
    for secret in (
        scene.child.first_name,
        scene.child.last_name,
        scene.child.identity_number,
        scene.child.identity_number.replace("-", ""),
        "BOU-SECRET-4711",
        "behöver stöd",
    ):
        assert secret not in text


def test_feed_has_other_users_nothing(client, scene):
    feed = feed_create(actor=scene.vuxen_caseworker)
    text = unfolded(client.get(feed_url(feed)).content.decode())
    assert "BEGIN:VEVENT" not in text


def test_ical_folding_at_75_octets_never_splits_a_character():
    line = "SUMMARY:" + "å" * 100
    folded = ical_fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert unfolded(folded) == line


def test_ical_escapes_text():
    text = feed_ical(
        events=[FeedEvent(uid="u@x", on=datetime.date(2030, 1, 2), summary="a;b,c\\d")]
    )
    assert "SUMMARY:a\\;b\\,c\\\\d\r\n" in text
    assert "DTEND;VALUE=DATE:20300103" in text


# --- the daily digest ---------------------------------------------------------------------


@pytest.fixture
def digest_user(scene):
    user = scene.bou_caseworker
    user.email = "britt@example.se"
    user.save()
    feed_digest_set(actor=user, enabled=True)
    return user


def at(hour: int, day: int = 2):
    return time_machine.travel(
        datetime.datetime(2035, 6, day, hour, 30, tzinfo=STOCKHOLM), tick=False
    )


def test_digest_once_a_day_from_seven(digest_user, scene):
    with at(6):
        assert notification_digest_send() == 0  # before 07:00 Stockholm
    with at(7):
        assert notification_digest_send() == 1
    with at(8):
        assert notification_digest_send() == 0  # already sent today
    with at(7, day=3):
        assert notification_digest_send() == 1  # the next day
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.to == ["britt@example.se"]
    body = message.subject + message.body
    # the two unacknowledged notifications counted, a link to the inbox, no names
    assert "2" in message.subject
    assert settings.SITE_URL + reverse("coordination:inbox") in message.body
    for secret in (scene.child.first_name, scene.child.last_name, scene.child.identity_number):
        assert secret not in body


def test_digest_claim_is_atomic(digest_user):
    # given another worker claimed today's digest between the read and the send
    from coordination.services import feeds

    real_claim = feeds._claim

    def raced(feed_id, today):
        real_claim(feed_id, today)  # the other worker
        return real_claim(feed_id, today)  # this one: finds it taken

    with at(9), mock.patch.object(feeds, "_claim", raced):
        assert notification_digest_send() == 0
    assert mail.outbox == []


def test_digest_refused_is_retried_next_hour(digest_user):
    with at(7), mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError):
        assert notification_digest_send() == 0
    with at(8):
        assert notification_digest_send() == 1


def test_digest_skips_those_without_it_or_with_nothing_pending(scene):
    user = scene.bou_caseworker
    user.email = "britt@example.se"
    user.save()
    feed_create(actor=user)  # a feed, but no digest
    with at(9):
        assert notification_digest_send() == 0
    feed_digest_set(actor=user, enabled=True)
    Notification.objects.filter(recipient=user).update(
        acknowledged_at=datetime.datetime(2035, 1, 1, tzinfo=datetime.UTC)
    )
    with at(9):
        assert notification_digest_send() == 0
    assert mail.outbox == []


def test_task_calls_the_service(digest_user):
    from coordination.tasks_feeds import notifications_digest_send

    with at(10):
        assert notifications_digest_send() == 1


def test_renew_and_revoke_services_change_the_token(family):
    user = family.bou_caseworker
    first = feed_create(actor=user).token
    assert feed_create(actor=user).token == first  # creating again keeps it
    second = feed_renew(actor=user).token
    assert second != first
    revoked = feed_revoke(actor=user).token
    assert revoked.startswith("!")
    assert feed_create(actor=user).token not in (first, second, revoked)
