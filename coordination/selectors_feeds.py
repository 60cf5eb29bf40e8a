"""Reads of the personal iCal feed: the feed by token, its events, and the iCalendar text.

The feed carries no personal data about individuals (it is read by calendar servers, behind
only a token): each event says what is due and at which unit, never a name or an identity
number. The iCalendar text is written here per RFC 5545: CRLF line ends, lines folded at 75
octets, TEXT values escaped, all-day events as DTSTART;VALUE=DATE.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import CalendarFeed, Notification, ThreePartyMeeting
from coordination.models.cooperation import ThreePartyState
from coordination.services.feeds import REVOKED_PREFIX
from units.models import UNIT_ROLES, Membership, User

# Meetings no longer to be held.
_MEETINGS_OVER = (ThreePartyState.DECLINED,)
_DOMAIN = "samverkan"


def feed_may_use(*, user: User) -> bool:
    """A feed is for those with a unit role (their due items and meetings); one query."""
    return Membership.objects.filter(
        user=user, is_active=True, unit__isnull=False, role__in=UNIT_ROLES
    ).exists()


def feed_for_user(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_is_live(feed: CalendarFeed | None) -> bool:
    return feed is not None and not feed.token.startswith(REVOKED_PREFIX)


def feed_by_token(*, token: str) -> CalendarFeed | None:
    """The live feed of an active user with exactly this token (looked up by its unique
    index), else None."""
    if not token or token.startswith(REVOKED_PREFIX):
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    on: datetime.date
    summary: str


def feed_events(*, user: User) -> list[FeedEvent]:
    """The user's open due items (from their notifications) and three-party meeting dates
    (as requester or appointed caseworker), with only what is due and the unit's name.
    Two queries."""
    events = []
    notifications = (
        Notification.objects.filter(recipient=user, due_item__done_at__isnull=True)
        .select_related("due_item", "due_item__case__unit", "due_item__meeting__series")
        .only(
            "pk",
            "due_item__kind",
            "due_item__due_on",
            "due_item__case__unit__name",
            "due_item__meeting__series__name",
        )
    )
    for notification in notifications:
        item = notification.due_item
        summary = item.get_kind_display()
        # A case's unit or a meeting's name places the item; an escalation's or the routine
        # review's item carries no more than its kind.
        if item.case_id:
            summary = f"{summary} ({item.case.unit.name})"
        elif item.meeting_id:
            summary = f"{summary} ({item.meeting.series.name})"
        events.append(FeedEvent(uid=f"due-{item.pk}@{_DOMAIN}", on=item.due_on, summary=summary))
    meetings = (
        ThreePartyMeeting.objects.filter(Q(requested_by=user) | Q(appointed_caseworker=user))
        .exclude(state__in=_MEETINGS_OVER)
        .filter(Q(pre_meeting_on__isnull=False) | Q(meeting_on__isnull=False))
        .select_related("case__unit")
        .only("pk", "pre_meeting_on", "meeting_on", "case__unit__name")
    )
    for meeting in meetings:
        unit = meeting.case.unit.name
        if meeting.pre_meeting_on:
            events.append(
                FeedEvent(
                    uid=f"three-party-pre-{meeting.pk}@{_DOMAIN}",
                    on=meeting.pre_meeting_on,
                    summary=_("Three-party pre-meeting (%(unit)s)") % {"unit": unit},
                )
            )
        if meeting.meeting_on:
            events.append(
                FeedEvent(
                    uid=f"three-party-{meeting.pk}@{_DOMAIN}",
                    on=meeting.meeting_on,
                    summary=_("Three-party meeting (%(unit)s)") % {"unit": unit},
                )
            )
    events.sort(key=lambda event: (event.on, event.uid))
    return events


def ical_escape(text: str) -> str:
    """A TEXT value per RFC 5545 3.3.11."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ical_fold(line: str) -> str:
    """Folds a content line into lines of at most 75 octets (RFC 5545 3.1), never inside a
    UTF-8 character; continuation lines start with one space."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def feed_ical(*, events: list[FeedEvent], name: str = "Samverkan") -> str:
    """The iCalendar text of the events, as all-day events."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Samverkan//Personal feed//" + settings.LANGUAGE_CODE.upper(),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ical_escape(name),
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            "UID:" + event.uid,
            "DTSTAMP:" + stamp,
            "DTSTART;VALUE=DATE:" + event.on.strftime("%Y%m%d"),
            "DTEND;VALUE=DATE:" + (event.on + datetime.timedelta(days=1)).strftime("%Y%m%d"),
            "SUMMARY:" + ical_escape(event.summary),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ical_fold(line) + "\r\n" for line in lines)
