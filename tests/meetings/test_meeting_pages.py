"""The meetings' pages (R21, R22) as their users meet them: list, agenda, submit, move, PDF."""

import datetime

import pytest
import time_machine
from django.db import connection

from coordination.models import AccessLogEntry, AccessOutcome
from coordination.services import case_register
from meetings.calendar import STOCKHOLM
from meetings.models import Meeting, MeetingState, Submission, SubmissionKind
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
TEXTS = {
    "background": "Diagnos ADHD, utredd 2024.",
    "current_situation": "Stödboende, planering inför flytt.",
    "problem": "Oklart vem som ansvarar för boendet.",
    "question": "Vilken enhet tar ansvar?",
}
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(load_organisation):
    stockholm = load_organisation("stockholm-district")
    bou = stockholm.units.get(code="bou")
    caseworker = member(Role.CASEWORKER, unit=bou)
    deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Dana", last_name="Deputy")
    other_deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=stockholm.units.get(code="beroende"))
    unit_manager = member(Role.UNIT_MANAGER, unit=bou)
    series = series_create(stockholm, first_date=D(2026, 12, 10), interval=1)
    meeting = meeting_on(series, D(2026, 12, 10))
    later = meeting_on(series, D(2026, 12, 17))
    return {
        "organisation": stockholm,
        "bou": bou,
        "caseworker": caseworker,
        "deputy": deputy,
        "other": other_deputy,
        "unit_manager": unit_manager,
        "meeting": meeting,
        "later": later,
    }


def _case(world, born="2012", **names):
    child = person(born=born, **names)
    return case_register(actor=world["caseworker"], individual=child, unit=world["bou"])


def _submit(world, case=None):
    return submission_create(
        actor=world["deputy"],
        meeting=world["meeting"],
        kind=SubmissionKind.INDIVIDUAL if case else SubmissionKind.ANONYMOUS,
        case=case,
        **TEXTS,
    ).submission


def test_r22_participants_see_name_and_age_on_the_agenda_and_the_view_is_logged(client, world):
    case = _case(world, born="2012", first_name="Kim", last_name="Anmäld")
    _submit(world, case)
    _submit(world)
    client.force_login(world["other"])
    before = AccessLogEntry.objects.count()
    response = client.get(f"/meetings/{world['meeting'].pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    # age on the meeting day, read from the individual
    born = case.individual.birth_date
    age = 2026 - born.year - ((born.month, born.day) > (12, 10))
    assert f"Kim Anmäld, {age} years" in page
    assert "Anonymous consultation" in page
    rows = AccessLogEntry.objects.filter(pk__gt=before) if before else AccessLogEntry.objects.all()
    assert [(r.case_id, r.outcome) for r in rows] == [(case.pk, AccessOutcome.GRANTED)]


def test_r22_a_unit_manager_who_is_no_participant_gets_404_and_a_logged_denial(client, world):
    _submit(world, _case(world))
    client.force_login(world["unit_manager"])
    response = client.get(f"/meetings/{world['meeting'].pk}/")
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=world["unit_manager"], outcome=AccessOutcome.DENIED
    ).exists()


def test_agenda_keeps_a_constant_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world["other"])
    _submit(world, _case(world))
    with django_assert_max_num_queries(16) as one:
        client.get(f"/meetings/{world['meeting'].pk}/")
    for _ in range(6):
        _submit(world, _case(world))
        _submit(world)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"/meetings/{world['meeting'].pk}/")
    assert len(response.context["items"]) == 13


def test_meeting_list_keeps_a_constant_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world["deputy"])
    with django_assert_max_num_queries(14) as few:
        client.get("/meetings/")
    series = world["meeting"].series
    for week in range(2, 10):
        meeting_on(series, D(2026, 12, 10) + datetime.timedelta(weeks=week))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/meetings/")
    assert len(response.context["rows"]) == 10


def test_my_submissions_keeps_a_constant_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world["deputy"])
    _submit(world, _case(world))
    with django_assert_max_num_queries(14) as few:
        client.get("/meetings/submissions/mine/")
    for _ in range(5):
        _submit(world, _case(world))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/meetings/submissions/mine/")
    assert len(response.context["rows"]) == 6


def test_r22_submit_through_the_page(client, world):
    case = _case(world, first_name="Kim", last_name="Anmäld")
    client.force_login(world["deputy"])
    page = client.get(f"/meetings/{world['meeting'].pk}/submit/")
    assert "Kim Anmäld" in page.content.decode()
    response = client.post(
        f"/meetings/{world['meeting'].pk}/submit/",
        {"kind": "individual", "case": case.pk, **TEXTS},
    )
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response.url == f"/meetings/submissions/{submission.pk}/"
    assert (submission.meeting, submission.case, submission.late) == (world["meeting"], case, False)


def test_r22_bad_input_keeps_what_was_typed_and_stores_nothing(client, world):
    case = _case(world)
    client.force_login(world["deputy"])
    url = f"/meetings/{world['meeting'].pk}/submit/"
    # an individual submission without a case
    response = client.post(url, {"kind": "individual", **TEXTS})
    assert response.status_code == 400
    assert "Choose the case the submission is about." in response.content.decode()
    assert TEXTS["background"] in response.content.decode()
    # an anonymous consultation with a case chosen
    response = client.post(url, {"kind": "anonymous", "case": case.pk, **TEXTS})
    assert response.status_code == 400
    assert "An anonymous consultation links no case" in response.content.decode()
    # an identity number in the text
    typed = {**TEXTS, "problem": "Pojken, 20121212-1212, bor hos mamma."}
    response = client.post(url, {"kind": "anonymous", **typed})
    assert response.status_code == 400
    assert "Remove the personal identity number" in response.content.decode()
    assert "Pojken" in response.content.decode()
    assert not Submission.objects.exists()


def test_r22_late_submission_through_the_page_goes_to_the_next_meeting(client, world):
    with time_machine.travel(datetime.datetime(2026, 12, 9, 12, 0, tzinfo=STOCKHOLM)):
        client.force_login(world["deputy"])
        page = client.get(f"/meetings/{world['meeting'].pk}/submit/")
        assert "closed 2026-12-09 12:00" in page.content.decode()
        response = client.post(
            f"/meetings/{world['meeting'].pk}/submit/", {"kind": "anonymous", **TEXTS}, follow=True
        )
    assert "yours is on the meeting of 2026-12-17" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.meeting == world["later"]
    # the chair sees it waiting and accepts it onto the meeting it was made for
    client.force_login(world["other"])
    detail = client.get(f"/meetings/{world['meeting'].pk}/")
    assert "Late submissions for this meeting" in detail.content.decode()
    client.post(f"/meetings/submissions/{submission.pk}/accept/")
    submission.refresh_from_db()
    assert submission.meeting == world["meeting"]


def test_r22_the_chair_freezes_the_agenda_and_prints_it(client, world):
    _submit(world, _case(world))
    client.force_login(world["other"])
    response = client.post(f"/meetings/{world['meeting'].pk}/freeze/", follow=True)
    assert "The agenda is frozen." in response.content.decode()
    world["meeting"].refresh_from_db()
    assert world["meeting"].state == MeetingState.AGENDA_FROZEN
    pdf = client.get(f"/meetings/{world['meeting'].pk}/agenda.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(user=world["other"], action="export").count() == 1


def test_r22_a_caseworker_cannot_freeze(client, world):
    client.force_login(world["caseworker"])
    response = client.post(f"/meetings/{world['meeting'].pk}/freeze/")
    assert response.status_code == 404
    world["meeting"].refresh_from_db()
    assert world["meeting"].state == MeetingState.PLANNED


def test_r21_the_chair_moves_a_meeting_through_the_page(client, world):
    series = world["meeting"].series
    holiday = meeting_on(series, D(2026, 12, 24))
    holiday.needs_moving = True
    holiday.save()
    client.force_login(world["other"])
    listing = client.get("/meetings/").content.decode()
    assert "Falls on a holiday or weekend: to be moved" in listing
    url = f"/meetings/{holiday.pk}/move/"
    response = client.post(url, {"date": "2026-12-25", "reason": "Julafton"})
    assert response.status_code == 400
    assert "public holiday" in response.content.decode()
    assert "Julafton" in response.content.decode()
    response = client.post(url, {"date": "2026-12-23", "reason": "Julafton"})
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert (holiday.date, holiday.needs_moving) == (D(2026, 12, 23), False)


def _database_text() -> str:
    """Every row of every table, as text: the database, its history and the access log."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from Django
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def test_r22_an_anonymous_consultation_leaves_no_identity_anywhere(client, world, caplog):
    # given a person who is nowhere in the system, and a deputy who first types the number
    name, number = "Tolvan Tolvansson", "19121212-1212"
    client.force_login(world["deputy"])
    url = f"/meetings/{world['meeting'].pk}/submit/"
    refused = client.post(
        url, {"kind": "anonymous", **TEXTS, "background": f"{name}, {number}, utredd 2024."}
    )
    assert refused.status_code == 400
    # when the consultation is submitted without identity, frozen and read by the participants
    response = client.post(url, {"kind": "anonymous", **TEXTS})
    assert response.status_code == 302
    meetings_freeze_due(now=datetime.datetime(2026, 12, 9, 12, 0, tzinfo=STOCKHOLM))
    client.force_login(world["other"])
    assert client.get(f"/meetings/{world['meeting'].pk}/").status_code == 200
    assert client.get(f"/meetings/{world['meeting'].pk}/agenda.pdf").status_code == 200
    submission = Submission.objects.get()
    assert client.get(f"/meetings/submissions/{submission.pk}/").status_code == 200
    # then nothing links or names a person: not the row, its history, nor the access log
    assert submission.case_id is None
    assert submission.history.get().case_id is None
    assert not AccessLogEntry.objects.filter(individual__isnull=False).exists()
    everything = _database_text()
    for trace in ("Tolvan", "Tolvansson", "121212", "1212-1212"):
        assert trace not in everything
        assert trace not in caplog.text
    assert Meeting.objects.get(pk=world["meeting"].pk).state == MeetingState.AGENDA_FROZEN
