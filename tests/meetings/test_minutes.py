"""The meeting itself (R23): attendance, the rotating minute-taker, outcomes, the minutes."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template

from coordination.models import AccessLogEntry
from coordination.services import case_register
from meetings.calendar import STOCKHOLM
from meetings.models import MeetingAttendance, MeetingState, Outcome, SubmissionKind
from meetings.selectors import meeting_minute_taker_rotation
from meetings.services.minutes import (
    meeting_hold,
    meeting_minutes_publish,
    submission_outcome_record,
)
from meetings.services.schedule import meetings_freeze_due
from meetings.services.submissions import submission_create
from tests.factories import member, person
from tests.meetings.factories_meetings import meeting_on, series_create
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """These page tests read the English UI, the second language (the language cookie, as
    the language switch sets it); tests/portal/test_translations.py keeps the Swedish whole."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


D = datetime.date
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=STOCKHOLM)
TEXTS = {
    "background": "Diagnos ADHD.",
    "current_situation": "Stödboende.",
    "problem": "Oklart ansvar.",
    "question": "Vem ansvarar?",
}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(load_organisation):
    stockholm = load_organisation("stockholm-district")
    # the chair is a unit manager here, so the deputies are participants but not chairs
    stockholm.late_submission_accepted_by = Role.UNIT_MANAGER
    stockholm.save()
    bou = stockholm.units.get(code="bou")
    caseworker = member(Role.CASEWORKER, unit=bou)
    anna = member(Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Anna", last_name="A")
    bertil = member(Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Bertil", last_name="B")
    cecilia = member(
        Role.DEPUTY_UNIT_MANAGER,
        unit=stockholm.units.get(code="beroende"),
        first_name="Cecilia",
        last_name="C",
    )
    chair = member(Role.UNIT_MANAGER, unit=bou, first_name="Chris", last_name="Chair")
    series = series_create(stockholm, first_date=D(2026, 10, 1), interval=1)
    meeting = meeting_on(series, D(2026, 12, 10))
    meeting_on(series, D(2026, 12, 17))
    child = person(born="2012", first_name="Kim", last_name="Protokollsson")
    case = case_register(actor=caseworker, individual=child, unit=bou)
    item = submission_create(
        actor=anna, meeting=meeting, kind=SubmissionKind.INDIVIDUAL, case=case, **TEXTS
    ).submission
    anonymous = submission_create(
        actor=bertil, meeting=meeting, kind=SubmissionKind.ANONYMOUS, **TEXTS
    ).submission
    meetings_freeze_due(now=datetime.datetime(2026, 12, 9, 12, 0, tzinfo=STOCKHOLM))
    meeting.refresh_from_db()
    return {
        "series": series,
        "meeting": meeting,
        "anna": anna,
        "bertil": bertil,
        "cecilia": cecilia,
        "chair": chair,
        "case": case,
        "item": item,
        "anonymous": anonymous,
        "caseworker": caseworker,
    }


def test_r23_the_minute_taker_rotates_least_recently_chosen_first(world):
    # given Anna took the minutes in October and Bertil in November; Cecilia never has
    october = meeting_on(world["series"], D(2026, 10, 1))
    november = meeting_on(world["series"], D(2026, 11, 5))
    october.minute_taker, november.minute_taker = world["anna"], world["bertil"]
    october.save()
    november.save()
    # then Cecilia is proposed, then Anna, then Bertil
    rotation = meeting_minute_taker_rotation(world["meeting"])
    assert rotation == [world["cecilia"], world["anna"], world["bertil"]]


def test_r23_hold_records_attendance_and_the_minute_taker(world):
    meeting = meeting_hold(
        actor=world["chair"],
        meeting=world["meeting"],
        present=[world["anna"], world["cecilia"]],
        minute_taker=world["cecilia"],
    )
    assert meeting.state == MeetingState.HELD
    assert dict(
        MeetingAttendance.objects.filter(meeting=meeting).values_list("user__first_name", "present")
    ) == {"Anna": True, "Bertil": False, "Cecilia": True}
    assert MeetingAttendance.history.count() == 3


def test_r23_hold_refuses_an_absent_minute_taker_and_non_chairs(world):
    with pytest.raises(ValidationError) as refused:
        meeting_hold(
            actor=world["chair"],
            meeting=world["meeting"],
            present=[world["anna"]],
            minute_taker=world["bertil"],
        )
    assert "minute_taker" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        meeting_hold(
            actor=world["anna"],
            meeting=world["meeting"],
            present=[world["anna"]],
            minute_taker=world["anna"],
        )
    assert not MeetingAttendance.objects.exists()


def test_r23_each_item_ends_with_a_decision_or_escalation_before_the_minutes_publish(world):
    meeting = meeting_hold(
        actor=world["chair"],
        meeting=world["meeting"],
        present=[world["anna"], world["bertil"]],
        minute_taker=world["bertil"],
    )
    # a participant who is not the minute-taker cannot write the minutes
    with pytest.raises(PermissionDenied):
        submission_outcome_record(
            actor=world["anna"],
            submission=world["item"],
            notes="",
            outcome="decision",
            outcome_text="x",
        )
    submission_outcome_record(
        actor=world["bertil"],
        submission=world["item"],
        notes="Diskuterades.",
        outcome=Outcome.ESCALATED,
        outcome_text="Lyfts till enhetschefsnivå.",
    )
    with pytest.raises(ValidationError):
        meeting_minutes_publish(actor=world["bertil"], meeting=meeting)
    with pytest.raises(ValidationError) as refused:
        submission_outcome_record(
            actor=world["bertil"],
            submission=world["anonymous"],
            notes="",
            outcome="",
            outcome_text="",
        )
    assert set(refused.value.message_dict) == {"outcome", "outcome_text"}
    submission_outcome_record(
        actor=world["bertil"],
        submission=world["anonymous"],
        notes="",
        outcome=Outcome.DECISION,
        outcome_text="Vuxenenheten tar ansvar.",
    )
    meeting = meeting_minutes_publish(actor=world["bertil"], meeting=meeting)
    assert meeting.state == MeetingState.MINUTES_PUBLISHED
    # and the outcome shows on the case page's snippet
    html = Template("{% load meetings_outcomes %}{% case_meeting_outcomes case %}").render(
        Context({"case": world["case"]})
    )
    assert "Lyfts till enhetschefsnivå." in html
    assert "Vuxenenheten tar ansvar." not in html


def test_r23_the_meeting_through_its_pages(client, world):
    meeting = world["meeting"]
    client.force_login(world["chair"])
    hold_page = client.get(f"/meetings/{meeting.pk}/hold/")
    # rotation proposes someone who never took the minutes: all three, first by name is Anna
    assert hold_page.context["form"].initial["minute_taker"] == world["anna"].pk
    bad = client.post(
        f"/meetings/{meeting.pk}/hold/",
        {"present": [world["anna"].pk], "minute_taker": world["bertil"].pk},
    )
    assert bad.status_code == 400
    assert "The minute-taker must be among those present." in bad.content.decode()
    response = client.post(
        f"/meetings/{meeting.pk}/hold/",
        {"present": [world["anna"].pk, world["bertil"].pk], "minute_taker": world["anna"].pk},
    )
    assert response.status_code == 302
    client.force_login(world["anna"])
    for submission in (world["item"], world["anonymous"]):
        url = f"/meetings/submissions/{submission.pk}/outcome/"
        assert client.get(url).status_code == 200
        bad = client.post(url, {"notes": "Anteckning", "outcome": "decision", "outcome_text": ""})
        assert bad.status_code == 400
        assert "Anteckning" in bad.content.decode()
        done = client.post(
            url, {"notes": "", "outcome": "decision", "outcome_text": "Beslut enligt förslag."}
        )
        assert done.status_code == 302
    published = client.post(f"/meetings/{meeting.pk}/minutes/publish/", follow=True)
    assert "The minutes are published to the participants." in published.content.decode()
    before = AccessLogEntry.objects.count()
    pdf = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.count() == before + 1
    # another participant (not minute-taker) reads the minutes
    client.force_login(world["cecilia"])
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Beslut enligt förslag." in page
    assert client.get(f"/meetings/{meeting.pk}/minutes.pdf").status_code == 200
