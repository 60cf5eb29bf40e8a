"""Submissions to a meeting (R22): the cutoff in Stockholm time across DST, late submissions,
who may submit, and the anonymous consultation that stores no identity."""

import datetime
import logging

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from coordination.models import AccessLogEntry, Notification
from coordination.services import case_register
from coordination.services.notifications import notification_email_send
from meetings.calendar import STOCKHOLM
from meetings.models import MeetingState, Submission, SubmissionKind
from meetings.selectors import meeting_cutoff, meetings_with_cutoff_between
from meetings.services.minutes import (
    meeting_hold,
    meeting_minutes_publish,
    submission_outcome_record,
)
from meetings.services.notifications import meeting_reminders_sweep
from meetings.services.schedule import meeting_freeze, meetings_freeze_due
from meetings.services.submissions import submission_accept_late, submission_create
from tests.factories import member, person
from tests.meetings.factories_meetings import meeting_on, series_create
from units.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date
TEXTS = {
    "background": "Diagnos ADHD, utredd 2024.",
    "current_situation": "Stödboende, planering inför flytt.",
    "problem": "Oklart vem som ansvarar för boendet.",
    "question": "Vilken enhet tar ansvar?",
}


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture
def stockholm(load_organisation):
    return load_organisation("stockholm-district")


@pytest.fixture
def people(stockholm):
    bou = stockholm.units.get(code="bou")
    caseworker = member(Role.CASEWORKER, unit=bou)
    deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Dana", last_name="Deputy")
    other_deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=stockholm.units.get(code="beroende"))
    child = person(born="2012", first_name="Kim", last_name="Anmäld")
    case = case_register(actor=caseworker, individual=child, unit=bou)
    return {"deputy": deputy, "caseworker": caseworker, "other": other_deputy, "case": case}


def weekly(stockholm, day: datetime.date):
    """A weekly series with a meeting on `day` and the week after."""
    series = series_create(stockholm, first_date=day, interval=1)
    return meeting_on(series, day), meeting_on(series, day + datetime.timedelta(days=7))


def submit(people, meeting, **extra):
    fields = {"kind": SubmissionKind.INDIVIDUAL, "case": people["case"], **TEXTS, **extra}
    return submission_create(actor=people["deputy"], meeting=meeting, **fields)


def test_r22_cutoff_is_noon_stockholm_time_on_both_sides_of_dst(stockholm):
    # 2026-10-25 winter time begins (UTC+1); 2027-03-28 summer time begins (UTC+2).
    cases = {
        D(2026, 10, 25): datetime.datetime(2026, 10, 24, 10, 0, tzinfo=datetime.UTC),
        D(2026, 10, 26): datetime.datetime(2026, 10, 25, 11, 0, tzinfo=datetime.UTC),
        D(2026, 10, 27): datetime.datetime(2026, 10, 26, 11, 0, tzinfo=datetime.UTC),
        D(2027, 3, 28): datetime.datetime(2027, 3, 27, 11, 0, tzinfo=datetime.UTC),
        D(2027, 3, 29): datetime.datetime(2027, 3, 28, 10, 0, tzinfo=datetime.UTC),
        D(2027, 3, 30): datetime.datetime(2027, 3, 29, 10, 0, tzinfo=datetime.UTC),
    }
    for day, expected in cases.items():
        meeting, _ = weekly(stockholm, day)
        assert meeting_cutoff(meeting) == expected, day
        assert meeting_cutoff(meeting).astimezone(STOCKHOLM).time() == datetime.time(12, 0)
        meeting.series.delete()


DST_MEETINGS = [
    pytest.param(D(2026, 10, 26), id="cutoff-on-the-day-winter-time-begins"),
    pytest.param(D(2027, 3, 29), id="cutoff-on-the-day-summer-time-begins"),
    pytest.param(D(2026, 10, 25), id="meeting-on-the-day-winter-time-begins"),
    pytest.param(D(2027, 3, 28), id="meeting-on-the-day-summer-time-begins"),
    pytest.param(D(2026, 10, 27), id="meeting-the-day-after-winter-time-begins"),
    pytest.param(D(2027, 3, 30), id="meeting-the-day-after-summer-time-begins"),
]


@pytest.mark.parametrize("day", DST_MEETINGS)
def test_r22_submission_at_11_59_59_local_time_is_on_the_agenda(stockholm, people, day):
    meeting, _ = weekly(stockholm, day)
    cutoff_day = day - datetime.timedelta(days=1)
    with time_machine.travel(local(cutoff_day.year, cutoff_day.month, cutoff_day.day, 11, 59, 59)):
        result = submit(people, meeting)
    assert not result.late
    assert result.submission.meeting == meeting


@pytest.mark.parametrize("day", DST_MEETINGS)
def test_r22_submission_at_12_00_00_local_time_goes_to_the_next_meeting(stockholm, people, day):
    meeting, next_meeting = weekly(stockholm, day)
    cutoff_day = day - datetime.timedelta(days=1)
    with time_machine.travel(local(cutoff_day.year, cutoff_day.month, cutoff_day.day, 12, 0, 0)):
        result = submit(people, meeting)
    assert result.late
    assert result.submission.meeting == next_meeting
    assert result.submission.requested_meeting == meeting


@pytest.mark.parametrize("day", DST_MEETINGS)
def test_r22_the_agenda_freezes_at_the_cutoff_not_a_second_before(stockholm, day):
    meeting, _ = weekly(stockholm, day)
    cutoff_day = day - datetime.timedelta(days=1)
    before = local(cutoff_day.year, cutoff_day.month, cutoff_day.day, 11, 59, 59)
    assert meetings_freeze_due(now=before) == []
    at = local(cutoff_day.year, cutoff_day.month, cutoff_day.day, 12, 0, 0)
    assert meetings_freeze_due(now=at) == [meeting.pk]
    assert meetings_freeze_due(now=at) == []  # idempotent
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.AGENDA_FROZEN
    assert meeting.history.latest().state == MeetingState.AGENDA_FROZEN


def test_r22_the_chair_accepts_a_late_submission_onto_the_frozen_agenda(stockholm, people):
    meeting, next_meeting = weekly(stockholm, D(2026, 12, 3))
    with time_machine.travel(local(2026, 12, 2, 13, 0)):
        meetings_freeze_due()
        result = submit(people, meeting)
        assert result.submission.meeting == next_meeting
        # a caseworker is no chair
        with pytest.raises(PermissionDenied):
            submission_accept_late(actor=people["caseworker"], submission=result.submission)
        accepted = submission_accept_late(actor=people["other"], submission=result.submission)
    assert accepted.meeting == meeting
    assert accepted.late_accepted_by == people["other"]
    with pytest.raises(ValidationError):
        submission_accept_late(actor=people["other"], submission=accepted)


def test_r22_a_chair_freezing_early_sends_later_submissions_to_the_next_meeting(stockholm, people):
    meeting, next_meeting = weekly(stockholm, D(2026, 12, 10))
    with time_machine.travel(local(2026, 12, 7, 9, 0)):
        meeting_freeze(actor=people["other"], meeting=meeting)
        result = submit(people, meeting)
    assert result.late
    assert result.submission.meeting == next_meeting


def test_r22_late_with_no_later_meeting_is_refused(stockholm, people):
    series = series_create(stockholm, first_date=D(2026, 12, 10), interval=1)
    meeting = meeting_on(series, D(2026, 12, 10))
    with time_machine.travel(local(2026, 12, 9, 12, 0)), pytest.raises(ValidationError):
        submit(people, meeting)
    assert not Submission.objects.exists()


def test_r22_who_may_submit(stockholm, people):
    meeting, _ = weekly(stockholm, D(2026, 12, 10))
    with time_machine.travel(local(2026, 12, 1, 9, 0)):
        # a caseworker only where the organisation allows it
        with pytest.raises(PermissionDenied):
            submission_create(
                actor=people["caseworker"],
                meeting=meeting,
                kind=SubmissionKind.INDIVIDUAL,
                case=people["case"],
                **TEXTS,
            )
        stockholm.caseworkers_may_submit = True
        stockholm.save()
        meeting.refresh_from_db()
        submission_create(
            actor=people["caseworker"],
            meeting=meeting,
            kind=SubmissionKind.INDIVIDUAL,
            case=people["case"],
            **TEXTS,
        )
        # a deputy of another unit cannot submit a case that unit does not hold
        with pytest.raises(PermissionDenied):
            submission_create(
                actor=people["other"],
                meeting=meeting,
                kind=SubmissionKind.INDIVIDUAL,
                case=people["case"],
                **TEXTS,
            )
    assert Submission.objects.count() == 1


def test_r22_identity_numbers_are_refused_in_the_text(stockholm, people):
    meeting, _ = weekly(stockholm, D(2026, 12, 10))
    with time_machine.travel(local(2026, 12, 1, 9, 0)):
        for number in ("19121212-1212", "121212-1212", "191212121212", "1212121212", "121272+1213"):
            with pytest.raises(ValidationError) as refused:
                submit(
                    people,
                    meeting,
                    kind=SubmissionKind.ANONYMOUS,
                    case=None,
                    background=f"Gäller {number}.",
                )
            assert "background" in refused.value.message_dict
        # an anonymous consultation links no case
        with pytest.raises(ValidationError):
            submit(people, meeting, kind=SubmissionKind.ANONYMOUS)
        ok = submit(
            people,
            meeting,
            kind=SubmissionKind.ANONYMOUS,
            case=None,
            background="Utredd 2024-05-01, tel 08-123 45.",
        )
    assert ok.submission.case is None


def test_r22_meetings_whose_cutoff_comes_within_a_window_for_reminders(stockholm):
    meeting, _next = weekly(stockholm, D(2026, 10, 26))
    # the day before the cutoff on the day winter time begins: 24 hours ahead
    start = local(2026, 10, 24, 12, 0)
    found = meetings_with_cutoff_between(
        start=start, end=start + datetime.timedelta(days=1, hours=1)
    )
    assert found == [meeting]
    assert (
        meetings_with_cutoff_between(
            start=local(2026, 10, 25, 12, 0, 1), end=local(2026, 10, 26, 0, 0)
        )
        == []
    )


def _every_row_as_text() -> str:
    """Every row of every table, the history tables (historical*) and the access log among
    them, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from Django
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def test_r22_r23_an_anonymous_consultation_leaves_no_identity_in_data_history_logs_or_mail(
    client, stockholm, people, caplog
):
    """From the refused first attempt through the frozen agenda, the meeting, the published
    minutes, their PDFs, the notifications and their e-mails: the person consulted about is in
    no table, no history row, no access-log row, no log line (at any level) and no e-mail."""
    caplog.set_level(logging.DEBUG)
    name, number = "Tolvan Tolvansson", "19121212-1212"
    traces = ("Tolvan", "Tolvansson", "121212", "1212-1212", "19121212")
    meeting, _next = weekly(stockholm, D(2026, 12, 10))
    deputy, chair = people["deputy"], people["other"]
    tables_before = {t for t in connection.introspection.table_names() if "historical" in t}
    # given a deputy who first types the name and number, and is refused
    with time_machine.travel(local(2026, 12, 1, 9, 0), tick=False):
        client.force_login(deputy)
        url = f"/meetings/{meeting.pk}/submit/"
        typed = {"kind": "anonymous", **TEXTS, "background": f"{name}, {number}."}
        assert client.post(url, typed).status_code == 400
        # when the consultation is submitted without identity
        assert client.post(url, {"kind": "anonymous", **TEXTS}).status_code == 302
    submission = Submission.objects.get()
    # (the form lists the deputy's own open cases to choose from, and logs that list, R4)
    logged_before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    # the reminder, the frozen agenda, the meeting, a refused outcome text, the minutes
    meeting_reminders_sweep(now=local(2026, 12, 7, 12, 0))
    meetings_freeze_due(now=local(2026, 12, 9, 12, 0))
    with time_machine.travel(local(2026, 12, 10, 9, 0), tick=False):
        meeting_hold(actor=chair, meeting=meeting, present=[deputy, chair], minute_taker=chair)
        with pytest.raises(ValidationError):
            submission_outcome_record(
                actor=chair,
                submission=submission,
                notes=f"Gäller {number}",
                outcome="decision",
                outcome_text="Beslut",
            )
        submission_outcome_record(
            actor=chair, submission=submission, notes="", outcome="decision", outcome_text="Beslut"
        )
        meeting_minutes_publish(actor=chair, meeting=meeting)
        # and the participants read everything there is to read
        client.force_login(chair)
        for path in ("/", "/agenda.pdf", "/minutes.pdf"):
            assert client.get(f"/meetings/{meeting.pk}{path}").status_code == 200
        assert client.get(f"/meetings/submissions/{submission.pk}/").status_code == 200
        assert client.get("/inbox/").status_code == 200
    sent = notification_email_send(
        notification_ids=Notification.objects.values_list("pk", flat=True)
    )
    # then the item names no one, in the row and in every history row
    assert sent == 6  # two deputies: reminder, agenda, minutes
    assert submission.case_id is None
    assert submission.history.count() >= 2  # created, then the outcome recorded
    assert set(submission.history.values_list("case_id", flat=True)) == {None}
    read_log = AccessLogEntry.objects.filter(pk__gt=logged_before)
    assert not read_log.filter(individual__isnull=False).exists()
    assert not read_log.filter(case__isnull=False).exists()
    assert tables_before  # the dump below does read the history tables
    everything = _every_row_as_text()
    mails = "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)
    for trace in traces:
        assert trace not in everything, trace
        assert trace not in caplog.text, trace
        assert trace not in mails, trace
