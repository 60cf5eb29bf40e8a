"""Meeting instances by the series' cadence (R21): created ahead, flagged and moved."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from meetings.calendar import cadence_dates, is_working_day
from meetings.models import Meeting, MeetingState, Recurrence, Submission, SubmissionKind
from meetings.services.schedule import meeting_cancel, meeting_move, meetings_schedule
from meetings.services.submissions import submission_create
from meetings.tasks import meetings_schedule_task
from tests.factories import member
from tests.meetings.factories_meetings import meeting_on, series_create
from units.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def stockholm(load_organisation):
    return load_organisation("stockholm-district")


def test_r21_every_second_week_across_the_year_end():
    dates = cadence_dates(
        first_date=D(2026, 1, 14),
        recurrence=Recurrence.WEEKS,
        interval=2,
        start=D(2026, 12, 1),
        end=D(2027, 1, 31),
    )
    assert dates == [
        D(2026, 12, 2),
        D(2026, 12, 16),
        D(2026, 12, 30),
        D(2027, 1, 13),
        D(2027, 1, 27),
    ]


def test_r21_every_second_month_counts_from_the_first_date_across_the_year_end():
    # given a series on the 31st: months without one clamp to their last day, and the next
    # meeting is again on the 31st (counted from the first date, not the clamped one)
    dates = cadence_dates(
        first_date=D(2026, 8, 31),
        recurrence=Recurrence.MONTHS,
        interval=2,
        start=D(2026, 9, 1),
        end=D(2027, 5, 31),
    )
    assert dates == [D(2026, 10, 31), D(2026, 12, 31), D(2027, 2, 28), D(2027, 4, 30)]


def test_r21_swedish_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(D(2026, 12, 25))  # juldagen
    assert not is_working_day(D(2027, 6, 25))  # midsommarafton
    assert not is_working_day(D(2026, 12, 24))  # julafton
    assert not is_working_day(D(2026, 11, 28))  # a Saturday
    assert is_working_day(D(2026, 12, 23))


def test_r21_schedule_creates_the_next_90_days_once_and_flags_holidays(stockholm):
    # given the Stockholm district's series and a weekly series on Fridays from 2026-12-18
    series = series_create(
        stockholm, first_date=D(2026, 12, 18), recurrence=Recurrence.WEEKS, interval=1
    )
    # when the schedule runs on 2026-12-01, twice
    first = meetings_schedule(today=D(2026, 12, 1))
    second = meetings_schedule(today=D(2026, 12, 1))
    # then the meetings exist once, through the year end, each with a creation history row
    fridays = list(Meeting.objects.filter(series=series).values_list("date", flat=True))
    assert fridays[:3] == [D(2026, 12, 18), D(2026, 12, 25), D(2027, 1, 1)]
    assert fridays[-1] <= D(2027, 3, 1)
    assert second.created == []
    assert len(first.created) == Meeting.objects.count()
    assert Meeting.history.filter(history_type="+").count() == Meeting.objects.count()
    # and juldagen and nyårsdagen are flagged for the chair; 18 December is not
    flagged = set(
        Meeting.objects.filter(series=series, needs_moving=True).values_list("date", flat=True)
    )
    assert flagged == {D(2026, 12, 25), D(2027, 1, 1)}
    assert set(first.needs_moving) == set(
        Meeting.objects.filter(needs_moving=True).values_list("pk", flat=True)
    )
    # and the seeded Stockholm series got theirs (every second month from 15 Jan / 12 Feb)
    assert Meeting.objects.filter(series__code="avstamningsmote", date=D(2027, 1, 15)).exists()
    assert Meeting.objects.filter(series__code="samverkansmote", date=D(2026, 12, 12)).exists()


def test_r21_midsommarafton_is_flagged(stockholm):
    series_create(stockholm, first_date=D(2027, 6, 11), recurrence=Recurrence.WEEKS, interval=2)
    meetings_schedule(today=D(2027, 6, 1))
    meeting = Meeting.objects.get(series__code="testmote", date=D(2027, 6, 25))
    assert meeting.needs_moving


def test_r21_the_task_runs_the_schedule_and_is_idempotent(stockholm):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 6, 0, tzinfo=datetime.UTC)):
        first = meetings_schedule_task()
        second = meetings_schedule_task()
    assert first["created"] > 0
    assert second == {"created": 0, "needs_moving": 0}


def test_r21_the_chair_moves_a_flagged_meeting_and_the_schedule_does_not_recreate_it(stockholm):
    # given a meeting on juldagen
    series = series_create(stockholm, first_date=D(2026, 12, 25), interval=4)
    meetings_schedule(today=D(2026, 12, 1))
    meeting = Meeting.objects.get(series=series, date=D(2026, 12, 25))
    chair = member(Role.DEPUTY_UNIT_MANAGER, unit=stockholm.units.get(code="bou"))
    # when the chair moves it to 28 December
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)):
        meeting_move(actor=chair, meeting=meeting, date=D(2026, 12, 28), reason="Juldagen")
        meetings_schedule(today=D(2026, 12, 1))
    # then it is on the 28th, no longer flagged, the old date is in its history
    meeting.refresh_from_db()
    assert (meeting.date, meeting.needs_moving) == (D(2026, 12, 28), False)
    assert Meeting.objects.filter(series=series, scheduled_date=D(2026, 12, 25)).count() == 1
    assert meeting.history.earliest().date == D(2026, 12, 25)
    assert meeting.history.latest().history_change_reason == "Juldagen"


def test_r21_moving_refuses_holidays_and_non_chairs(stockholm):
    series = series_create(stockholm, first_date=D(2026, 12, 25), interval=4)
    meetings_schedule(today=D(2026, 12, 1))
    meeting = Meeting.objects.get(series=series, date=D(2026, 12, 25))
    chair = member(Role.DEPUTY_UNIT_MANAGER, unit=stockholm.units.get(code="bou"))
    caseworker = member(Role.CASEWORKER, unit=stockholm.units.get(code="bou"))
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)):
        with pytest.raises(ValidationError) as refused:
            meeting_move(actor=chair, meeting=meeting, date=D(2026, 12, 26), reason="x")
        assert "date" in refused.value.message_dict
        with pytest.raises(PermissionDenied):
            meeting_move(actor=caseworker, meeting=meeting, date=D(2026, 12, 28), reason="x")
    meeting.refresh_from_db()
    assert meeting.date == D(2026, 12, 25)
    assert meeting.state == MeetingState.PLANNED


def test_r21_the_chair_cancels_a_meeting_and_its_items_move_to_the_next(stockholm):
    series = series_create(stockholm, first_date=D(2026, 12, 10), interval=1)
    meeting, later = meeting_on(series, D(2026, 12, 10)), meeting_on(series, D(2026, 12, 17))
    chair = member(Role.DEPUTY_UNIT_MANAGER, unit=stockholm.units.get(code="bou"))
    texts = {"background": "b", "current_situation": "c", "problem": "p", "question": "q"}
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)):
        item = submission_create(
            actor=chair, meeting=meeting, kind=SubmissionKind.ANONYMOUS, **texts
        ).submission
        with pytest.raises(ValidationError) as refused:
            meeting_cancel(actor=chair, meeting=meeting, reason=" ")
        assert "reason" in refused.value.message_dict
        meeting_cancel(actor=chair, meeting=meeting, reason="Sjukdom")
        # a cancelled meeting cannot be cancelled again, and the schedule leaves it be
        with pytest.raises(ValidationError):
            meeting_cancel(actor=chair, meeting=meeting, reason="Igen")
        meetings_schedule(today=D(2026, 12, 1))
    meeting.refresh_from_db()
    assert (meeting.state, meeting.cancel_reason) == (MeetingState.CANCELLED, "Sjukdom")
    assert Submission.objects.get(pk=item.pk).meeting == later
    assert Meeting.objects.filter(series=series, scheduled_date=D(2026, 12, 10)).count() == 1
