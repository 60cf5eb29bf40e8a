"""Meeting notifications (R22, R23): the reminder before the submission cutoff, the frozen
agenda and the published minutes; each raised once, to the right people, and by e-mail with
no personal data (the agenda and minutes PDFs stay behind the portal's access log)."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections

from coordination.models import DueItem, DueKind, Notification
from coordination.services import case_register
from coordination.services.notifications import notification_email_send
from meetings.calendar import STOCKHOLM
from meetings.models import MeetingState, SubmissionKind
from meetings.services.minutes import (
    meeting_hold,
    meeting_minutes_publish,
    submission_outcome_record,
)
from meetings.services.notifications import meeting_reminders_sweep
from meetings.services.routine_review import routine_reviews_sweep
from meetings.services.schedule import meeting_cancel, meeting_move, meetings_freeze_due
from meetings.services.submissions import submission_create
from meetings.tasks import meeting_reminders_sweep_task
from tests.factories import member, person
from tests.meetings.factories_meetings import meeting_on, series_create
from units.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date
TEXTS = {
    "background": "Diagnos ADHD.",
    "current_situation": "Stödboende.",
    "problem": "Oklart ansvar.",
    "question": "Vem ansvarar?",
}


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture
def world(load_organisation):
    """Stockholm district (reminder 2 days before the cutoff, deputies take part, submit and
    chair) with a weekly series meeting on Thursday 10 December 2026: cutoff 9 December
    12:00, reminder 7 December 12:00."""
    stockholm = load_organisation("stockholm-district")
    osthammar = load_organisation("osthammar")
    bou = stockholm.units.get(code="bou")
    people = {
        "anna": member(Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Anna", last_name="Ankare"),
        "bo": member(
            Role.DEPUTY_UNIT_MANAGER,
            unit=stockholm.units.get(code="beroende"),
            first_name="Bo",
            last_name="Bergström",
        ),
        "caseworker": member(Role.CASEWORKER, unit=bou),
        "manager": member(Role.UNIT_MANAGER, unit=bou),
        "controller": member(Role.CONTROLLER, organisation=stockholm),
        "elsewhere": member(Role.DEPUTY_UNIT_MANAGER, unit=osthammar.units.get(code="bou")),
    }
    series = series_create(stockholm, first_date=D(2026, 12, 10), interval=1)
    meeting = meeting_on(series, D(2026, 12, 10))
    later = meeting_on(series, D(2026, 12, 17))
    return {"organisation": stockholm, "meeting": meeting, "later": later, **people}


def _items(kind: str, meeting=None):
    items = DueItem.objects.filter(kind=kind)
    return items.filter(meeting=meeting) if meeting is not None else items


def _recipients(item: DueItem) -> set[int]:
    return set(Notification.objects.filter(due_item=item).values_list("recipient_id", flat=True))


# Reminder before the cutoff (R22)


def test_r22_reminder_comes_reminder_days_before_the_cutoff_once_to_those_who_may_submit(world):
    meeting = world["meeting"]
    # given the cutoff is 12:00 on 9 December; a second before the reminder time nothing comes
    assert meeting_reminders_sweep(now=local(2026, 12, 7, 11, 59, 59)) == 0
    assert not _items(DueKind.MEETING_SUBMISSION_CUTOFF).exists()
    # when the sweep runs at the reminder time, and again
    assert meeting_reminders_sweep(now=local(2026, 12, 7, 12, 0)) == 1
    assert meeting_reminders_sweep(now=local(2026, 12, 7, 12, 15)) == 0
    assert meeting_reminders_sweep(now=local(2026, 12, 8, 9, 0)) == 0
    # then one item about the meeting, dated the cutoff day, for the deputies who may submit
    item = _items(DueKind.MEETING_SUBMISSION_CUTOFF).get()
    assert (item.meeting, item.case, item.period, item.due_on) == (
        meeting,
        None,
        D(2026, 12, 9),
        D(2026, 12, 9),
    )
    assert item.organisation == world["organisation"]
    assert _recipients(item) == {world["anna"].pk, world["bo"].pk}
    assert Notification.objects.count() == 2
    assert item.history.filter(history_type="+").count() == 1


def test_r22_caseworkers_are_reminded_where_they_may_submit(world):
    world["organisation"].caseworkers_may_submit = True
    world["organisation"].save()
    meeting_reminders_sweep(now=local(2026, 12, 7, 12, 0))
    item = _items(DueKind.MEETING_SUBMISSION_CUTOFF).get()
    assert _recipients(item) == {world["anna"].pk, world["bo"].pk, world["caseworker"].pk}


def test_r22_reminder_follows_the_organisations_reminder_days(world):
    world["organisation"].meeting_reminder_days = 5
    world["organisation"].save()
    assert meeting_reminders_sweep(now=local(2026, 12, 4, 11, 59)) == 0
    assert meeting_reminders_sweep(now=local(2026, 12, 4, 12, 0)) == 1
    assert _items(DueKind.MEETING_SUBMISSION_CUTOFF).get().meeting == world["meeting"]


@pytest.mark.parametrize(
    ("meeting_day", "reminder"),
    [
        # cutoff Monday 26 Oct 12:00 CET (UTC+1); winter time began on the 25th: the
        # reminder is 12:00 CEST (UTC+2) on Saturday the 24th, 49 hours before, not 48
        pytest.param(D(2026, 10, 27), (2026, 10, 24), id="across-the-start-of-winter-time"),
        # cutoff Monday 29 Mar 12:00 CEST; summer time began on the 28th: 12:00 CET on the 27th
        pytest.param(D(2027, 3, 30), (2027, 3, 27), id="across-the-start-of-summer-time"),
    ],
)
def test_r22_reminder_at_the_cutoffs_wall_clock_time_across_dst(
    load_organisation, meeting_day, reminder
):
    stockholm = load_organisation("stockholm-district")
    deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=stockholm.units.get(code="bou"))
    meeting = meeting_on(series_create(stockholm, first_date=meeting_day), meeting_day)
    # given the task runs on Stockholm's clock (time-machine), a second before 12:00 local
    with time_machine.travel(local(*reminder, 11, 59, 59), tick=False):
        assert meeting_reminders_sweep_task() == 0
    # when it runs at 12:00 local, two calendar days before the cutoff
    with time_machine.travel(local(*reminder, 12, 0, 0), tick=False):
        assert meeting_reminders_sweep_task() == 1
    # then the deputy is reminded once, the item dated the cutoff day
    item = _items(DueKind.MEETING_SUBMISSION_CUTOFF, meeting).get()
    assert item.period == meeting_day - datetime.timedelta(days=1)
    assert _recipients(item) == {deputy.pk}
    with time_machine.travel(local(*reminder, 13, 0, 0), tick=False):
        assert meeting_reminders_sweep_task() == 0


def test_r22_no_reminder_once_the_cutoff_has_passed(world):
    # the sweep was down until the cutoff itself: too late to remind
    assert meeting_reminders_sweep(now=local(2026, 12, 9, 12, 0)) == 0
    assert not _items(DueKind.MEETING_SUBMISSION_CUTOFF).exists()


def test_r22_a_cancelled_meeting_sends_no_reminder(world):
    with time_machine.travel(local(2026, 12, 1, 9, 0), tick=False):
        meeting_cancel(actor=world["anna"], meeting=world["meeting"], reason="Utbildningsdag")
    assert meeting_reminders_sweep(now=local(2026, 12, 7, 12, 0)) == 0
    assert not _items(DueKind.MEETING_SUBMISSION_CUTOFF, world["meeting"]).exists()


def test_r22_a_moved_meeting_is_reminded_of_its_new_cutoff(world):
    meeting = world["meeting"]
    meeting_reminders_sweep(now=local(2026, 12, 7, 12, 0))
    # when the chair moves the meeting a day later, its cutoff moves to 10 December
    with time_machine.travel(local(2026, 12, 7, 13, 0), tick=False):
        meeting_move(actor=world["anna"], meeting=meeting, date=D(2026, 12, 11), reason="Lokal")
    assert meeting_reminders_sweep(now=local(2026, 12, 7, 14, 0)) == 0  # too early again
    assert meeting_reminders_sweep(now=local(2026, 12, 8, 12, 0)) == 1
    # then a second reminder, for the new cutoff day
    periods = sorted(_items(DueKind.MEETING_SUBMISSION_CUTOFF, meeting).values_list("period"))
    assert periods == [(D(2026, 12, 9),), (D(2026, 12, 10),)]
    assert Notification.objects.count() == 4


# The frozen agenda (R22)


def test_r22_agenda_frozen_at_the_cutoff_tells_every_participant_once(world):
    meeting = world["meeting"]
    # when the freeze sweep runs at the cutoff, and again
    assert meetings_freeze_due(now=local(2026, 12, 9, 12, 0)) == [meeting.pk]
    assert meetings_freeze_due(now=local(2026, 12, 9, 12, 1)) == []
    # then one item and one notification per participant (the deputies)
    item = _items(DueKind.MEETING_AGENDA_FROZEN).get()
    assert (item.meeting, item.period, item.due_on) == (meeting, D(2026, 12, 10), D(2026, 12, 10))
    assert _recipients(item) == {world["anna"].pk, world["bo"].pk}
    assert Notification.objects.filter(due_item=item).count() == 2


def test_r22_agenda_frozen_by_the_chair_tells_every_participant_once(client, world):
    meeting = world["meeting"]
    with time_machine.travel(local(2026, 12, 7, 9, 0), tick=False):
        client.force_login(world["anna"])
        response = client.post(f"/meetings/{meeting.pk}/freeze/")
        again = client.post(f"/meetings/{meeting.pk}/freeze/")
    assert response.status_code == again.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.AGENDA_FROZEN
    # the cutoff sweep later finds nothing to freeze and nothing to send
    assert meetings_freeze_due(now=local(2026, 12, 9, 12, 0)) == []
    item = _items(DueKind.MEETING_AGENDA_FROZEN).get()
    assert item.meeting == meeting
    assert _recipients(item) == {world["anna"].pk, world["bo"].pk}
    # and the inbox links the item to the meeting page, where the agenda PDF is
    client.force_login(world["bo"])
    inbox = client.get("/inbox/").content.decode()
    assert f'href="/meetings/{meeting.pk}/"' in inbox


def test_r22_freezing_one_meeting_sends_nothing_about_another(world):
    meetings_freeze_due(now=local(2026, 12, 9, 12, 0))
    assert not _items(DueKind.MEETING_AGENDA_FROZEN, world["later"]).exists()


# The published minutes (R23)


def test_r23_published_minutes_tell_every_participant_once(world):
    meeting = world["meeting"]
    with time_machine.travel(local(2026, 12, 1, 9, 0), tick=False):
        item = submission_create(
            actor=world["anna"], meeting=meeting, kind=SubmissionKind.ANONYMOUS, **TEXTS
        ).submission
    meetings_freeze_due(now=local(2026, 12, 9, 12, 0))
    with time_machine.travel(local(2026, 12, 10, 9, 0), tick=False):
        meeting_hold(
            actor=world["anna"], meeting=meeting, present=[world["bo"]], minute_taker=world["bo"]
        )
    with time_machine.travel(local(2026, 12, 10, 10, 0), tick=False):
        submission_outcome_record(
            actor=world["bo"], submission=item, notes="", outcome="decision", outcome_text="Beslut"
        )
        # before publishing there is no minutes item
        assert not _items(DueKind.MEETING_MINUTES_PUBLISHED).exists()
    with time_machine.travel(local(2026, 12, 11, 15, 0), tick=False):
        meeting_minutes_publish(actor=world["bo"], meeting=meeting)
    published = _items(DueKind.MEETING_MINUTES_PUBLISHED).get()
    assert (published.meeting, published.period, published.due_on) == (
        meeting,
        D(2026, 12, 10),
        D(2026, 12, 11),
    )
    # every participant, present (the minute-taker) or not (the chair)
    assert _recipients(published) == {world["anna"].pk, world["bo"].pk}
    assert not Notification.objects.filter(recipient=world["caseworker"]).exists()


# The e-mail carries no personal data and no PDF


def test_r22_r23_the_e_mail_names_no_one_and_attaches_no_pdf(world, settings):
    settings.SITE_URL = "https://samverkan.example.se"
    caseworker = world["caseworker"]
    bou = world["organisation"].units.get(code="bou")
    child = person(born="2012", first_name="Kim", last_name="Hemligsson")
    case = case_register(actor=caseworker, individual=child, unit=bou)
    meeting = world["meeting"]
    with time_machine.travel(local(2026, 12, 1, 9, 0), tick=False):
        submission_create(
            actor=world["anna"],
            meeting=meeting,
            kind=SubmissionKind.INDIVIDUAL,
            case=case,
            **TEXTS,
        )
    meeting_reminders_sweep(now=local(2026, 12, 7, 12, 0))
    meetings_freeze_due(now=local(2026, 12, 9, 12, 0))
    # when every notification's e-mail is sent
    sent = notification_email_send(
        notification_ids=Notification.objects.values_list("pk", flat=True)
    )
    # then four e-mails (two deputies, reminder and agenda), each only kind, date and link
    assert sent == 4
    assert len(mail.outbox) == 4
    number = child.identity_number
    forbidden = [
        "Kim",
        "Hemligsson",
        number,
        number[-4:],
        number[2:8],
        "Ankare",
        "Bergström",
        meeting.series.name,
        *TEXTS.values(),
    ]
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert message.attachments == []
        assert "https://samverkan.example.se/inbox/" in message.body
        for trace in forbidden:
            assert trace not in text, trace
    assert {m.to[0] for m in mail.outbox} == {world["anna"].email, world["bo"].email}


# Exactly once under concurrency (PostgreSQL: two real connections)


def _race(work, count: int = 3) -> list:
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
        thread.join(timeout=60)
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_r22_r24_concurrent_sweeps_raise_and_notify_once(world):
    reminded = _race(lambda: meeting_reminders_sweep(now=local(2026, 12, 7, 12, 0)))
    frozen = _race(lambda: meetings_freeze_due(now=local(2026, 12, 9, 12, 0)))
    reviews = _race(lambda: routine_reviews_sweep(today=D(2027, 9, 1)))

    assert not [o for o in (*reminded, *frozen, *reviews) if isinstance(o, Exception)]
    assert sorted(reminded) == [0, 0, 1]
    assert sorted(map(len, frozen)) == [0, 0, 1]
    assert sorted(reviews) == [0, 0, 2]  # Stockholm district and Östhammar
    for kind in (DueKind.MEETING_SUBMISSION_CUTOFF, DueKind.MEETING_AGENDA_FROZEN):
        assert _recipients(_items(kind).get()) == {world["anna"].pk, world["bo"].pk}
    assert _items(DueKind.ROUTINE_REVIEW).count() == 2
    # each recipient once per item: the two deputies twice; the review reaches both
    # organisations' managers (here the deputies, the unit manager and Östhammar's deputy)
    assert Notification.objects.filter(due_item__meeting__isnull=False).count() == 4
    assert Notification.objects.filter(due_item__kind=DueKind.ROUTINE_REVIEW).count() == 4
