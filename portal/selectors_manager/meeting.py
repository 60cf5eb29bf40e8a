"""The user's next meeting and its agenda so far (R21, R22), for the managers' dashboards."""

import datetime
from dataclasses import dataclass, field

from coordination.models import Case
from coordination.selectors_age import STOCKHOLM, age_on
from meetings.models import Meeting, MeetingSeries, MeetingState, Submission
from meetings.selectors import meeting_cutoff, submission_agenda


@dataclass(frozen=True)
class AgendaRow:
    """One agenda item as the agenda page shows it to a participant: name and age (on the
    meeting day) read from the individual, or an anonymous consultation."""

    submission: Submission
    name: str
    age: int | None
    protected: str


@dataclass
class NextMeeting:
    meeting: Meeting
    cutoff: datetime.datetime
    cutoff_passed: bool
    items: list[AgendaRow] = field(default_factory=list)

    @property
    def submission_count(self) -> int:
        return len(self.items)

    @property
    def cases(self) -> list[Case]:
        """The cases the agenda names, for the access log (as the agenda page logs them)."""
        return [row.submission.case for row in self.items if row.submission.case_id]


def manager_next_meeting(
    *, series: list[MeetingSeries], now: datetime.datetime
) -> NextMeeting | None:
    """The next meeting, neither held nor cancelled, of the series the user takes part in,
    with its agenda so far; two queries (one when there is none).

    The series are those the user takes part in (`dashboard_for` picks them by role), so the
    user sees the agenda as a participant does on the meeting's page (R22)."""
    today = now.astimezone(STOCKHOLM).date()
    meeting = (
        Meeting.objects.filter(
            series__in=[s.pk for s in series],
            date__gte=today,
            state__in=[MeetingState.PLANNED, MeetingState.AGENDA_FROZEN],
        )
        .select_related("series", "series__organisation")
        .order_by("date", "start_time", "pk")
        .first()
    )
    if meeting is None:
        return None
    cutoff = meeting_cutoff(meeting)
    rows = []
    for submission in submission_agenda(meeting=meeting):
        individual = submission.case.individual if submission.case_id else None
        rows.append(
            AgendaRow(
                submission=submission,
                name=individual.full_name if individual else "",
                age=age_on(individual.birth_date, meeting.date) if individual else None,
                protected=(
                    individual.get_protected_identity_display()
                    if individual and individual.is_protected
                    else ""
                ),
            )
        )
    return NextMeeting(
        meeting=meeting,
        cutoff=cutoff,
        cutoff_passed=meeting.state != MeetingState.PLANNED or cutoff <= now,
        items=rows,
    )
