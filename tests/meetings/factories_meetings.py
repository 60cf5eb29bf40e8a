"""Builders for meeting tests: a series in a loaded organisation and its meetings."""

import datetime

from meetings.models import Attendance, Meeting, MeetingKind, MeetingSeries, Recurrence
from units.models import Organisation, Role


def series_create(
    organisation: Organisation,
    *,
    first_date: datetime.date,
    recurrence: str = Recurrence.WEEKS,
    interval: int = 2,
    code: str = "testmote",
    roles: tuple[str, ...] = (Role.DEPUTY_UNIT_MANAGER,),
    start_time: datetime.time = datetime.time(9, 0),
) -> MeetingSeries:
    series = MeetingSeries(
        organisation=organisation,
        code=code,
        name=f"Testmöte {code}",
        kind=MeetingKind.COORDINATION,
        recurrence=recurrence,
        interval=interval,
        first_date=first_date,
        start_time=start_time,
        attendance=Attendance.MANDATORY,
        participant_roles=list(roles),
    )
    series.full_clean()
    series.save()
    return series


def meeting_on(series: MeetingSeries, day: datetime.date) -> Meeting:
    """A planned meeting of the series on `day`, as the schedule would create it."""
    return Meeting.objects.create(
        series=series, scheduled_date=day, date=day, start_time=series.start_time
    )
