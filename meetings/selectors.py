"""Reads about meetings: series, meetings, participants, agendas and submissions (R21, R22)."""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from coordination.models import Case, CaseStatus
from meetings import permissions
from meetings.calendar import STOCKHOLM, submission_cutoff
from meetings.models import (
    Meeting,
    MeetingAttendance,
    MeetingSeries,
    MeetingState,
    Submission,
)
from units.models import UNIT_ROLES, Membership, User


def meeting_series_for_user(*, user: User) -> list[MeetingSeries]:
    """Active series of the user's organisations whose participant roles include theirs."""
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).values_list("organisation_id", "role")
    )
    roles_by_organisation: dict[int, set[str]] = {}
    for organisation_id, role in memberships:
        roles_by_organisation.setdefault(organisation_id, set()).add(role)
    series = MeetingSeries.objects.filter(
        organisation_id__in=roles_by_organisation, is_active=True
    ).select_related("organisation")
    # participant_roles is a JSON list; matching in Python keeps SQLite and PostgreSQL alike.
    return [
        s for s in series if roles_by_organisation[s.organisation_id] & set(s.participant_roles)
    ]


def meeting_series_for_organisation(*, organisation_id: int) -> QuerySet[MeetingSeries]:
    return MeetingSeries.objects.filter(organisation_id=organisation_id, is_active=True)


def meeting_cutoff(meeting: Meeting) -> datetime.datetime:
    """When submissions to this meeting close, in Europe/Stockholm (R22)."""
    organisation = meeting.series.organisation
    return submission_cutoff(
        meeting_date=meeting.date,
        days_before=organisation.submission_cutoff_days_before,
        at=organisation.submission_cutoff_time,
    ).astimezone(STOCKHOLM)


def meeting_get(*, meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("series", "series__organisation")
        .filter(pk=meeting_id)
        .first()
    )


def _users_with_roles(organisation_id: int, roles) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__is_active=True,
            memberships__role__in=list(roles),
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def member_ids_by_meeting(
    meetings: Iterable[Meeting], roles_of: Callable[[Meeting], Iterable[str]]
) -> dict[int, set[int]]:
    """For many meetings at once, the active users holding one of ``roles_of(meeting)`` in
    the meeting's organisation: the set-based form of ``_users_with_roles``, one query for
    any number of meetings. The notifications' recipients (R22, R23)."""
    meetings = list(meetings)
    wanted = {meeting.pk: set(roles_of(meeting)) for meeting in meetings}
    found: dict[tuple[int, str], set[int]] = defaultdict(set)
    rows = Membership.objects.filter(
        organisation_id__in={meeting.series.organisation_id for meeting in meetings},
        role__in=set().union(*wanted.values()),
        is_active=True,
        user__is_active=True,
    ).values_list("organisation_id", "role", "user_id")
    for organisation_id, role, user_id in rows:
        found[organisation_id, role].add(user_id)
    return {
        meeting.pk: set().union(
            *(
                found.get((meeting.series.organisation_id, role), set())
                for role in wanted[meeting.pk]
            )
        )
        for meeting in meetings
    }


def meeting_participants(meeting: Meeting) -> list[User]:
    """The series' participants: active members of the organisation in a participant role.

    The people to remind before the cutoff and to send the frozen agenda to (R22)."""
    return _users_with_roles(meeting.series.organisation_id, meeting.series.participant_roles)


def meeting_chairs(meeting: Meeting) -> list[User]:
    """Those who chair: the organisation's role that accepts late submissions (R22)."""
    organisation = meeting.series.organisation
    return _users_with_roles(organisation.pk, [organisation.late_submission_accepted_by])


@dataclass(frozen=True)
class MeetingAccess:
    """What one user may do with one meeting."""

    participant: bool
    chair: bool
    submitter: bool

    @property
    def sees_agenda(self) -> bool:
        return self.participant or self.chair

    @property
    def any(self) -> bool:
        return self.participant or self.chair or self.submitter


def meeting_access(*, user: User, meeting: Meeting) -> MeetingAccess:
    organisation = meeting.series.organisation
    roles = permissions.roles_in_organisation(user=user, organisation_id=organisation.pk)
    return MeetingAccess(
        participant=permissions.is_participant(roles=roles, series=meeting.series),
        chair=permissions.is_chair(roles=roles, organisation=organisation),
        submitter=permissions.may_submit(roles=roles, organisation=organisation),
    )


def meeting_list_for_user(
    *, user: User, today: datetime.date, days: int = 120
) -> list[tuple[Meeting, MeetingAccess]]:
    """Meetings from today on of every active series the user takes part in, chairs or may
    submit to, each with what the user may do; a fixed number of queries."""
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).select_related("organisation")
    )
    roles: dict[int, set[str]] = {}
    organisations = {}
    for membership in memberships:
        roles.setdefault(membership.organisation_id, set()).add(membership.role)
        organisations[membership.organisation_id] = membership.organisation
    meetings = (
        Meeting.objects.filter(
            series__organisation_id__in=roles,
            series__is_active=True,
            date__gte=today,
            date__lte=today + datetime.timedelta(days=days),
        )
        .select_related("series", "series__organisation")
        .order_by("date", "start_time", "series__name")
    )
    result = []
    for meeting in meetings:
        organisation = organisations[meeting.series.organisation_id]
        held = roles[organisation.pk]
        access = MeetingAccess(
            participant=permissions.is_participant(roles=held, series=meeting.series),
            chair=permissions.is_chair(roles=held, organisation=organisation),
            submitter=permissions.may_submit(roles=held, organisation=organisation),
        )
        if access.any:
            result.append((meeting, access))
    return result


def meeting_next_open(*, meeting: Meeting, now: datetime.datetime) -> Meeting | None:
    """The series' next meeting after this one that still takes submissions (R22)."""
    candidates = Meeting.objects.filter(
        series_id=meeting.series_id, date__gt=meeting.date, state=MeetingState.PLANNED
    ).select_related("series", "series__organisation")
    for candidate in candidates.order_by("date"):
        if meeting_cutoff(candidate) > now:
            return candidate
    return None


def submission_case_choices(*, user: User, organisation_id: int) -> QuerySet[Case]:
    """Open cases at the units where the user holds a unit role in the organisation: the cases
    the user may submit about (R22)."""
    unit_ids = Membership.objects.filter(
        user=user,
        is_active=True,
        organisation_id=organisation_id,
        unit__isnull=False,
        role__in=UNIT_ROLES,
    ).values("unit_id")
    return (
        Case.objects.filter(unit_id__in=unit_ids)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("individual", "unit")
        .order_by("individual__last_name", "individual__first_name", "pk")
    )


def _submissions():
    return Submission.objects.select_related(
        "case",
        "case__individual",
        "unit",
        "submitted_by",
        "meeting",
        "meeting__series",
        "meeting__series__organisation",
        "requested_meeting",
        "requested_meeting__series",
        "requested_meeting__series__organisation",
        "late_accepted_by",
    )


def submission_agenda(*, meeting: Meeting) -> list[Submission]:
    """The meeting's items in the order they came in (R22); a fixed number of queries."""
    return list(_submissions().filter(meeting=meeting).order_by("submitted_at", "pk"))


def submission_waiting_for_acceptance(*, meeting: Meeting) -> list[Submission]:
    """Late submissions made for this meeting and placed on a later one: the chair may accept
    them onto this one (R22)."""
    return list(
        _submissions()
        .filter(requested_meeting=meeting, late=True)
        .exclude(meeting=meeting)
        .order_by("submitted_at", "pk")
    )


def submission_get(*, submission_id: int) -> Submission | None:
    return _submissions().filter(pk=submission_id).first()


def submission_list_for_submitter(*, user: User, since: datetime.date) -> list[Submission]:
    return list(
        _submissions()
        .filter(submitted_by=user, meeting__date__gte=since)
        .order_by("-meeting__date", "-submitted_at")
    )


def meeting_minute_taker_rotation(meeting: Meeting) -> list[User]:
    """The participants in the order they are next to take the minutes (R23): those never
    chosen in this series first, then the least recently chosen; ties by name."""
    participants = meeting_participants(meeting)
    last_taken: dict[int, datetime.date] = {}
    for user_id, day in (
        Meeting.objects.filter(series_id=meeting.series_id, minute_taker__isnull=False)
        .exclude(pk=meeting.pk)
        .values_list("minute_taker_id", "date")
    ):
        last_taken[user_id] = max(day, last_taken.get(user_id, day))
    never = datetime.date.min
    return sorted(participants, key=lambda user: last_taken.get(user.pk, never))


def meeting_attendance(meeting: Meeting) -> list[MeetingAttendance]:
    return list(
        MeetingAttendance.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def submission_outcomes_for_case(*, case_id: int) -> list[Submission]:
    """The published outcomes of the meetings' items about this case (R23), newest first; for
    the case page, which has already checked that the viewer sees the case."""
    return list(
        Submission.objects.filter(case_id=case_id, meeting__state=MeetingState.MINUTES_PUBLISHED)
        .exclude(outcome="")
        .select_related("meeting", "meeting__series")
        .order_by("-meeting__date", "-pk")
    )


def meetings_with_cutoff_between(
    *, start: datetime.datetime, end: datetime.datetime
) -> list[Meeting]:
    """Planned meetings whose submission cutoff falls in [start, end): for a reminder to the
    participants and submitters before the cutoff (R22). A fixed number of queries."""
    first_day = start.astimezone(STOCKHOLM).date()
    last_day = end.astimezone(STOCKHOLM).date() + datetime.timedelta(days=15)
    candidates = Meeting.objects.filter(
        state=MeetingState.PLANNED, date__gte=first_day, date__lte=last_day
    ).select_related("series", "series__organisation")
    return [m for m in candidates if start <= meeting_cutoff(m) < end]
