"""Meeting notifications (R22, R23): the reminder before the submission cutoff, the frozen
agenda and the published minutes.

Each is a due item about the meeting (no case), raised once, and each recipient is notified of
it once: the unique constraint ``due_item_once_per_meeting_period`` (meeting, kind, period) and
the notification's (recipient, due item) are the guarantee; inserts are ``INSERT ... ON
CONFLICT DO NOTHING RETURNING`` (coordination.db), so only the rows a call created are notified.

The notification's e-mail carries only the kind, the date and a link to the inbox, never the
agenda or the minutes as a PDF: those name the individuals discussed, and e-mail leaves the
portal's access control and its access log. The inbox links to the meeting page, where the
participants download the PDF and each download is logged as an export per case.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from coordination.db import history_created, insert_new
from coordination.models import DueItem, DueKind
from coordination.services.notifications import notify
from meetings import permissions
from meetings.calendar import STOCKHOLM
from meetings.models import Meeting
from meetings.selectors import meeting_cutoff, meetings_with_cutoff_between, member_ids_by_meeting

logger = logging.getLogger(__name__)

# Organisation.meeting_reminder_days allows at most 14; a day more covers the wall-clock shift.
_MAX_REMINDER_DAYS = 15
_COLUMNS = ("organisation_id", "kind", "meeting_id", "period", "due_on", "raised_at")


def _raise(
    kind: str, wanted: list[tuple[Meeting, datetime.date, datetime.date]]
) -> list[tuple[int, int]]:
    """Inserts one item of `kind` per (meeting, period, due_on) that does not exist yet and
    writes their history; returns (item id, meeting id) of exactly the items this call created."""
    if not wanted:
        return []
    now = timezone.now()
    rows = [
        (meeting.series.organisation_id, kind, meeting.pk, period, due_on, now)
        for meeting, period, due_on in wanted
    ]
    created = insert_new(DueItem, _COLUMNS, rows, returning=("id", "meeting_id"))
    history_created(DueItem, [pk for pk, _meeting_id in created], when=now)
    return created


def _notify(created: list[tuple[int, int]], recipients: dict[int, set[int]]) -> int:
    """Notifies each created item's recipients: `created` holds (item id, meeting id) pairs,
    `recipients` the user ids by meeting id."""
    return notify(
        recipient_ids_by_item={
            item_id: recipients.get(meeting_id, set()) for item_id, meeting_id in created
        }
    )


def _participants(meeting: Meeting) -> list[str]:
    return meeting.series.participant_roles


def _reminder_at(cutoff: datetime.datetime, days: int) -> datetime.datetime:
    """`days` days before the cutoff at the cutoff's wall-clock time in Stockholm, so that a
    reminder two days before a 12:00 cutoff comes at 12:00 across a DST change too."""
    local = cutoff.astimezone(STOCKHOLM)
    day = local.date() - datetime.timedelta(days=days)
    return datetime.datetime.combine(day, local.time(), tzinfo=STOCKHOLM)


@transaction.atomic
def meeting_reminders_sweep(*, now: datetime.datetime | None = None) -> int:
    """Reminds those who may submit to a planned meeting that submissions close soon (R22):
    once the organisation's `meeting_reminder_days` before the cutoff has come and the cutoff
    has not passed. One item per meeting and cutoff date (a moved meeting is reminded again);
    a cancelled or frozen meeting is not reminded. Returns how many items it raised. Set-based;
    safe to run again or concurrently."""
    now = now or timezone.now()
    due: list[tuple[Meeting, datetime.date, datetime.date]] = []
    for meeting in meetings_with_cutoff_between(
        start=now, end=now + datetime.timedelta(days=_MAX_REMINDER_DAYS)
    ):
        cutoff = meeting_cutoff(meeting)
        days = meeting.series.organisation.meeting_reminder_days
        if _reminder_at(cutoff, days) <= now < cutoff:
            cutoff_day = cutoff.astimezone(STOCKHOLM).date()
            due.append((meeting, cutoff_day, cutoff_day))
    created = _raise(DueKind.MEETING_SUBMISSION_CUTOFF, due)
    if not created:
        return 0
    meetings = [meeting for meeting, _period, _due_on in due]
    submitting = {
        m.series.organisation_id: permissions.submitting_roles(m.series.organisation)
        for m in meetings
    }
    recipients = member_ids_by_meeting(
        meetings, lambda meeting: submitting[meeting.series.organisation_id]
    )
    notified = _notify(created, recipients)
    logger.info("Meeting reminders: %d items, %d notifications", len(created), notified)
    return len(created)


def meeting_agenda_frozen_notify(*, meetings: list[Meeting]) -> int:
    """Tells every participant that the meeting's agenda is frozen and ready (R22), once per
    meeting. Called by the freezing services inside their transaction; the meetings carry
    their series and organisation."""
    wanted = [(meeting, meeting.date, meeting.date) for meeting in meetings]
    created = _raise(DueKind.MEETING_AGENDA_FROZEN, wanted)
    if not created:
        return 0
    return _notify(created, member_ids_by_meeting(meetings, _participants))


def meeting_minutes_published_notify(*, meeting: Meeting) -> int:
    """Tells every participant that the meeting's minutes are published (R23), once. Called by
    the publishing service inside its transaction."""
    today = timezone.now().astimezone(STOCKHOLM).date()
    created = _raise(DueKind.MEETING_MINUTES_PUBLISHED, [(meeting, meeting.date, today)])
    if not created:
        return 0
    return _notify(created, member_ids_by_meeting([meeting], _participants))
