"""Meeting instances (R21): created ahead by the schedule, moved by the chair, frozen at the
submission cutoff (R22).

The schedule and the freeze sweep are set-based and idempotent: a meeting exists once per
series and cadence date (the unique constraint ``meeting_once_per_series_date`` is the
guarantee, inserts are ``bulk_create`` with ``ignore_conflicts``), and freezing only takes
meetings still planned, locked with ``skip_locked``; running either twice changes nothing more.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from meetings.calendar import STOCKHOLM, cadence_dates, holiday_name, is_working_day
from meetings.models import MEETING_TRANSITIONS, Meeting, MeetingSeries, MeetingState, Submission
from meetings.selectors import meeting_access, meeting_cutoff, meeting_next_open
from meetings.services.notifications import meeting_agenda_frozen_notify
from units.models import User

logger = logging.getLogger(__name__)

SCHEDULE_DAYS = 90
# The longest cutoff an organisation may set (Organisation.submission_cutoff_days_before).
_MAX_CUTOFF_DAYS = 14


@dataclass
class ScheduleResult:
    """The meetings one schedule run created, and those of them the chair must move."""

    created: list[int] = field(default_factory=list)
    needs_moving: list[int] = field(default_factory=list)


def stockholm_now() -> datetime.datetime:
    return timezone.now().astimezone(STOCKHOLM)


def meetings_schedule(
    *, today: datetime.date | None = None, days: int = SCHEDULE_DAYS
) -> ScheduleResult:
    """Creates every active series' meetings from today to `days` ahead by its cadence; a
    meeting on a weekend or Swedish public holiday is flagged for the chair to move (R21).
    Set-based, one transaction; safe to run again or concurrently."""
    today = today or stockholm_now().date()
    end = today + datetime.timedelta(days=days)
    started = timezone.now()
    wanted: list[Meeting] = []
    series_list = list(MeetingSeries.objects.filter(is_active=True))
    existing = set(
        Meeting.objects.filter(
            series__in=series_list, scheduled_date__gte=today, scheduled_date__lte=end
        ).values_list("series_id", "scheduled_date")
    )
    for series in series_list:
        for day in cadence_dates(
            first_date=series.first_date,
            recurrence=series.recurrence,
            interval=series.interval,
            start=today,
            end=end,
        ):
            if (series.pk, day) in existing:
                continue
            wanted.append(
                Meeting(
                    series=series,
                    scheduled_date=day,
                    date=day,
                    start_time=series.start_time,
                    needs_moving=not is_working_day(day),
                )
            )
    result = ScheduleResult()
    if not wanted:
        return result
    with transaction.atomic():
        Meeting.objects.bulk_create(wanted, ignore_conflicts=True)
        wanted_keys = {(m.series_id, m.scheduled_date) for m in wanted}
        created = [
            meeting
            for meeting in Meeting.objects.filter(
                series__in={m.series_id for m in wanted}, created_at__gte=started
            )
            if (meeting.series_id, meeting.scheduled_date) in wanted_keys
        ]
        # bulk_create keeps no history: write the creation rows not yet recorded.
        recorded = set(
            Meeting.history.filter(id__in=[m.pk for m in created], history_type="+").values_list(
                "id", flat=True
            )
        )
        Meeting.history.bulk_history_create([m for m in created if m.pk not in recorded])
    result.created = [m.pk for m in created]
    result.needs_moving = [m.pk for m in created if m.needs_moving]
    if result.created:
        logger.info("Meeting schedule created %d meetings", len(result.created))
    return result


def _require_chair(actor: User, meeting: Meeting) -> None:
    if not meeting_access(user=actor, meeting=meeting).chair:
        raise PermissionDenied


def meeting_transition(meeting: Meeting, to: str) -> None:
    """Moves the (locked, unsaved) meeting to `to`, refusing moves MEETING_TRANSITIONS lacks."""
    if to not in MEETING_TRANSITIONS[meeting.state]:
        raise ValidationError(
            _("A meeting that is %(state)s cannot become %(to)s.")
            % {"state": meeting.get_state_display().lower(), "to": MeetingState(to).label.lower()}
        )
    meeting.state = to


@transaction.atomic
def meeting_move(*, actor: User, meeting: Meeting, date: datetime.date, reason: str) -> Meeting:
    """The chair moves a planned meeting to another working day (R21); history keeps the old
    date and the reason."""
    _require_chair(actor, meeting)
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("series__organisation")
        .get(pk=meeting.pk)
    )
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("Only a planned meeting can be moved."))
    errors: dict[str, str] = {}
    if date < stockholm_now().date():
        errors["date"] = _("The new date has passed.")
    elif date.weekday() >= 5:
        errors["date"] = _("The new date is a Saturday or Sunday: choose a working day.")
    elif not is_working_day(date):
        errors["date"] = _(
            "The new date is a public holiday (%(holiday)s): choose a working day."
        ) % {"holiday": holiday_name(date)}
    elif date != meeting.date and (
        Meeting.objects.filter(series_id=meeting.series_id, date=date).exists()
    ):
        errors["date"] = _("The series already has a meeting that day.")
    if not reason.strip():
        errors["reason"] = _("State why the meeting is moved.")
    if errors:
        raise ValidationError(errors)
    meeting.date = date
    meeting.needs_moving = False
    meeting.moved_reason = reason.strip()
    meeting.full_clean()
    meeting._change_reason = reason.strip()
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        raise ValidationError({"date": _("The series already has a meeting that day.")}) from None
    return meeting


@transaction.atomic
def meeting_freeze(*, actor: User, meeting: Meeting) -> Meeting:
    """The chair freezes the agenda now, before the cutoff (R22); later submissions go to the
    next meeting. The participants are told the agenda is ready, in the same transaction."""
    _require_chair(actor, meeting)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("series__organisation")
        .get(pk=meeting.pk)
    )
    meeting_transition(meeting, MeetingState.AGENDA_FROZEN)
    meeting.frozen_at = timezone.now()
    meeting.save()
    meeting_agenda_frozen_notify(meetings=[meeting])
    return meeting


def meetings_freeze_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Freezes the agenda of every planned meeting whose submission cutoff has passed (R22).

    Returns the ids it froze; their participants are told the agenda is ready in the same
    transaction. Set-based and idempotent; concurrent runs skip each other's locked rows."""
    now = now or timezone.now()
    horizon = now.astimezone(STOCKHOLM).date() + datetime.timedelta(days=_MAX_CUTOFF_DAYS + 1)
    with transaction.atomic():
        candidates = list(
            Meeting.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("series__organisation")
            .filter(state=MeetingState.PLANNED, date__lte=horizon)
        )
        due = [meeting for meeting in candidates if meeting_cutoff(meeting) <= now]
        for meeting in due:
            meeting.state = MeetingState.AGENDA_FROZEN
            meeting.frozen_at = now
        if due:
            bulk_update_with_history(
                due,
                Meeting,
                ["state", "frozen_at"],
                default_change_reason="submission cutoff",
            )
            meeting_agenda_frozen_notify(meetings=due)
    if due:
        logger.info("Froze the agenda of %d meetings", len(due))
    return [meeting.pk for meeting in due]


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, reason: str) -> Meeting:
    """The chair cancels a meeting that has not been held (R21); its items move to the series'
    next open meeting, which must exist when there are items. Returns the meeting: its
    participants and the submitters are to be told."""
    _require_chair(actor, meeting)
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("series__organisation")
        .get(pk=meeting.pk)
    )
    if not reason.strip():
        raise ValidationError({"reason": _("State why the meeting is cancelled.")})
    meeting_transition(meeting, MeetingState.CANCELLED)
    items = list(Submission.objects.select_for_update().filter(meeting=meeting))
    if items:
        target = meeting_next_open(meeting=meeting, now=timezone.now())
        if target is None:
            raise ValidationError(
                _(
                    "The meeting has submissions and the series has no later meeting to move "
                    "them to."
                )
            )
        for item in items:
            item.meeting = target
        bulk_update_with_history(
            items,
            Submission,
            ["meeting"],
            default_user=actor,
            default_change_reason="meeting cancelled",
        )
    meeting.cancel_reason = reason.strip()
    meeting.needs_moving = False
    meeting._change_reason = reason.strip()
    meeting.save()
    return meeting
