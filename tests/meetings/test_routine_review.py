"""The yearly review of the routines (R24): the reminder to all managers once a year in the
organisation's month, the year's page with last year's figures (counts only, a fixed number of
queries), recording the review, and who may read and record it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import (
    AccessLogEntry,
    AccessOutcome,
    DueItem,
    DueKind,
    Escalation,
    EscalationState,
    EscalationStep,
    Handover,
    HandoverState,
    Notification,
    StepOutcome,
)
from coordination.services import case_register
from deviations.models import DeviationReport, DeviationState
from meetings.calendar import STOCKHOLM
from meetings.models import Meeting, MeetingState, RoutineReview, Submission, SubmissionKind
from meetings.selectors_routine_review import routine_review_statistics
from meetings.services.routine_review import routine_reviews_sweep
from meetings.tasks import routine_reviews_sweep_task
from tests.factories import member, person
from tests.meetings.factories_meetings import series_create
from units.models import EscalationLevel, Membership, Role

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2027, 9, 15, 10, 0, tzinfo=STOCKHOLM)
URL = "/meetings/routine-reviews/2027/?organisation=stockholm-district"


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """These page tests read the English UI, the second language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def world(load_organisation):
    """Stockholm district reviews its routines in September, Östhammar in January."""
    stockholm = load_organisation("stockholm-district")
    osthammar = load_organisation("osthammar")
    bou = stockholm.units.get(code="bou")
    inactive = member(Role.UNIT_MANAGER, unit=stockholm.units.get(code="beroende"))
    ended = Membership.objects.get(user=inactive)
    ended.is_active = False
    ended.save()
    return {
        "stockholm": stockholm,
        "osthammar": osthammar,
        "bou": bou,
        "deputy": member(Role.DEPUTY_UNIT_MANAGER, unit=bou),
        "manager": member(Role.UNIT_MANAGER, unit=stockholm.units.get(code="socialpsykiatri")),
        "head": member(Role.DEPARTMENT_HEAD, department=stockholm.departments.get(code="iof")),
        "caseworker": member(Role.CASEWORKER, unit=bou),
        "coordinator": member(Role.COORDINATOR, unit=bou),
        "controller": member(Role.CONTROLLER, organisation=stockholm),
        "inactive": inactive,
        "osthammar_manager": member(Role.UNIT_MANAGER, unit=osthammar.units.get(code="bou")),
    }


def _review_items(organisation=None):
    items = DueItem.objects.filter(kind=DueKind.ROUTINE_REVIEW)
    return items.filter(organisation=organisation) if organisation else items


# The yearly reminder


def test_r24_reminder_on_the_first_of_each_organisations_month_once(world):
    stockholm, osthammar = world["stockholm"], world["osthammar"]
    # 1 January: Östhammar's month (January), not Stockholm's (September)
    assert routine_reviews_sweep(today=D(2027, 1, 1)) == 1
    assert routine_reviews_sweep(today=D(2027, 1, 1)) == 0
    assert routine_reviews_sweep(today=D(2027, 8, 31)) == 0
    assert not _review_items(stockholm).exists()
    # 1 September: Stockholm's turn
    assert routine_reviews_sweep(today=D(2027, 9, 1)) == 1
    assert routine_reviews_sweep(today=D(2027, 12, 31)) == 0
    items = {item.organisation_id: item for item in _review_items()}
    assert (items[osthammar.pk].period, items[osthammar.pk].due_on) == (D(2027, 1, 1),) * 2
    assert (items[stockholm.pk].period, items[stockholm.pk].due_on) == (D(2027, 9, 1),) * 2
    assert {(i.case_id, i.meeting_id, i.escalation_id) for i in items.values()} == {
        (None, None, None)
    }
    # a new year, a new reminder
    assert routine_reviews_sweep(today=D(2028, 1, 1)) == 1
    assert _review_items(osthammar).count() == 2


def test_r24_reminder_raised_late_when_the_sweep_missed_the_first(world):
    assert routine_reviews_sweep(today=D(2027, 9, 20)) == 2
    assert _review_items(world["stockholm"]).get().period == D(2027, 9, 1)


def test_r24_reminder_goes_to_all_active_managers_of_the_organisation(world):
    routine_reviews_sweep(today=D(2027, 9, 1))
    item = _review_items(world["stockholm"]).get()
    recipients = set(
        Notification.objects.filter(due_item=item).values_list("recipient_id", flat=True)
    )
    # deputy unit managers, unit managers, department heads; not caseworkers, coordinators,
    # the controller, an ended membership or another organisation's managers
    assert recipients == {world["deputy"].pk, world["manager"].pk, world["head"].pk}


def test_r24_the_task_uses_the_date_in_stockholm(world):
    # 22:30 UTC on 31 August is already 1 September in Stockholm
    with time_machine.travel(datetime.datetime(2027, 8, 31, 22, 30, tzinfo=datetime.UTC)):
        assert routine_reviews_sweep_task() == 2
    assert _review_items(world["stockholm"]).get().period == D(2027, 9, 1)


def test_r24_one_reminder_a_year_even_when_the_month_is_changed(world):
    stockholm = world["stockholm"]
    routine_reviews_sweep(today=D(2027, 9, 1))
    stockholm.routine_review_month = 3
    stockholm.save()
    assert routine_reviews_sweep(today=D(2027, 10, 1)) == 0
    assert _review_items(stockholm).count() == 1


def test_r24_no_reminder_when_the_years_review_is_already_recorded(world):
    RoutineReview.objects.create(
        organisation=world["stockholm"],
        year=2027,
        held_on=D(2027, 5, 4),
        participants="Ledningsgruppen",
        conclusions="Oförändrad.",
        recorded_by=world["deputy"],
    )
    routine_reviews_sweep(today=D(2027, 9, 1))
    assert not _review_items(world["stockholm"]).exists()


def test_r24_the_inbox_links_the_reminder_to_the_years_review(client, world):
    routine_reviews_sweep(today=D(2027, 9, 1))
    client.force_login(world["head"])
    inbox = client.get("/inbox/").content.decode()
    assert 'href="/meetings/routine-reviews/2027/"' in inbox
    # and without ?organisation= the page shows the manager's own organisation
    with time_machine.travel(NOW, tick=False):
        client.force_login(world["head"])
        page = client.get("/meetings/routine-reviews/2027/")
    assert page.status_code == 200
    assert world["stockholm"].name in page.content.decode()


# Last year's figures


def _known_year(world, code: str = "testmote") -> None:
    """A known 2026 in Stockholm district, and rows around it that must not count; `code`
    names the meeting series, so that a test can add the year more than once."""
    stockholm, bou = world["stockholm"], world["bou"]
    beroende = stockholm.units.get(code="beroende")
    psykiatri = stockholm.units.get(code="socialpsykiatri")
    caseworker = world["caseworker"]

    # R17: handovers whose responsibility passes in 2026; notice is 6 months
    def handover(passes_on, sent_at=None, state=HandoverState.SENT):
        case = case_register(actor=caseworker, individual=person(born="2008"), unit=bou)
        Handover.objects.create(
            case=case,
            receiving_unit=beroende,
            passes_on=passes_on,
            sent_at=sent_at,
            state=state,
            created_by=caseworker,
        )

    handover(D(2026, 6, 10), local(2025, 11, 10, 9, 0))  # 7 months ahead: in time
    handover(D(2026, 6, 10), local(2026, 1, 10, 9, 0))  # 5 months: late
    handover(D(2026, 6, 10), None, HandoverState.DRAFT)  # never sent: late
    # 31 August: six months before is 28 February (clamped)
    handover(D(2026, 8, 31), local(2026, 2, 28, 23, 30))  # in time
    # 1 March 00:30 in Stockholm is still 28 February in UTC: late
    handover(D(2026, 8, 31), local(2026, 3, 1, 0, 30))
    handover(D(2026, 9, 1), local(2025, 1, 1, 9, 0), HandoverState.CANCELLED)  # not counted
    handover(D(2025, 12, 31), local(2025, 1, 1, 9, 0))  # another year

    # R21, R22: meetings and their submissions
    series = series_create(stockholm, first_date=D(2025, 12, 4), interval=1, code=code)
    states = {
        D(2025, 12, 4): MeetingState.HELD,  # another year
        D(2026, 1, 8): MeetingState.MINUTES_PUBLISHED,
        D(2026, 1, 15): MeetingState.HELD,
        D(2026, 1, 22): MeetingState.CANCELLED,
        D(2026, 12, 31): MeetingState.AGENDA_FROZEN,
    }
    meetings = {
        day: Meeting.objects.create(
            series=series, scheduled_date=day, date=day, start_time=series.start_time, state=state
        )
        for day, state in states.items()
    }

    def submission(day, *, late=False):
        meeting = meetings[day]
        Submission.objects.create(
            meeting=meeting,
            requested_meeting=meeting,
            kind=SubmissionKind.ANONYMOUS,
            unit=bou,
            submitted_by=world["deputy"],
            submitted_at=local(day.year, day.month, day.day, 8, 0),
            background="B",
            current_situation="C",
            problem="P",
            question="Q",
            late=late,
        )

    submission(D(2025, 12, 4))
    submission(D(2026, 1, 8))
    submission(D(2026, 1, 8))
    submission(D(2026, 1, 15), late=True)
    submission(D(2026, 12, 31))

    # R2, R9: escalations and the time each level took to decide
    levels = {level.rank: level for level in EscalationLevel.objects.filter(organisation=stockholm)}

    def escalation(raised_at, *, decided_at=None, steps=()):
        row = Escalation.objects.create(
            organisation=stockholm,
            raising_unit=bou,
            other_unit=psykiatri,
            responsible_unit=bou,
            question="Vem ansvarar?",
            level=levels[steps[-1][0]] if steps else levels[1],
            level_entered_at=raised_at,
            state=EscalationState.DECIDED if decided_at else EscalationState.OPEN,
            raised_by=caseworker,
            raised_at=raised_at,
            closed_at=decided_at,
        )
        for rank, entered, left, outcome in steps:
            EscalationStep.objects.create(
                escalation=row,
                level=levels[rank],
                entered_at=entered,
                entered_by=caseworker,
                reason="Oenighet",
                left_at=left,
                outcome=outcome,
            )

    day = datetime.timedelta(days=1)
    start = local(2026, 3, 2, 9, 0)
    # level 2 decides in 2, 4 and 10 days (median 4); level 3 in 3 and 20 (median 11.5)
    for days in (2, 4, 10):
        escalation(
            start,
            decided_at=start + days * day,
            steps=[(2, start, start + days * day, StepOutcome.DECIDED)],
        )
    escalation(
        start,
        decided_at=start + 9 * day,
        steps=[
            (2, start, start + 6 * day, StepOutcome.RAISED),
            (3, start + 6 * day, start + 9 * day, StepOutcome.DECIDED),
        ],
    )
    raised_2025 = local(2025, 12, 20, 9, 0)
    escalation(
        raised_2025,
        decided_at=raised_2025 + 20 * day,  # decided 9 January 2026, raised the year before
        steps=[(3, raised_2025, raised_2025 + 20 * day, StepOutcome.DECIDED)],
    )
    escalation(local(2026, 11, 30, 9, 0))  # raised, still open
    escalation(local(2025, 5, 5, 9, 0), decided_at=local(2025, 5, 9, 9, 0))  # another year

    # R25: deviation reports per pair of units
    def report(reported_on, *concerned, state=DeviationState.SENT):
        row = DeviationReport.objects.create(
            organisation=stockholm,
            reporting_unit=bou,
            reporter=world["deputy"],
            what_happened="Missat.",
            reported_on=reported_on,
            state=state,
        )
        row.concerned_units.set(concerned)

    report(D(2026, 2, 1), beroende)
    report(D(2026, 5, 1), beroende, psykiatri)
    report(D(2025, 12, 31), beroende)  # another year
    report(D(2026, 6, 1), beroende, state=DeviationState.FILED)
    report(D(2026, 7, 1), psykiatri, state=DeviationState.DRAFT)  # not sent: not counted


def test_r24_figures_of_a_known_year(world):
    _known_year(world)
    figures = routine_review_statistics(organisation=world["stockholm"], year=2026)
    # handovers: 5 pass in 2026 (the cancelled one left out), 2 announced six months ahead
    assert (figures.handovers_in_time.count, figures.handovers_in_time.total) == (2, 5)
    assert figures.handovers_in_time.percent == 40
    # submissions to 2026's meetings: 4, of which 3 before the cutoff
    assert (figures.submissions_on_time.count, figures.submissions_on_time.total) == (3, 4)
    assert (figures.meetings_held, figures.meetings_cancelled, figures.meetings_total) == (2, 1, 4)
    # escalations: 5 raised in 2026; 5 decided in 2026 (one raised in 2025)
    assert (figures.escalations_raised, figures.escalations_decided) == (5, 5)
    by_rank = {level.rank: level for level in figures.levels}
    assert sorted(by_rank) == [1, 2, 3, 4]
    assert (by_rank[1].decided, by_rank[1].median_days) == (0, None)
    assert (by_rank[2].decided, by_rank[2].median_days) == (3, 4.0)
    assert (by_rank[3].decided, by_rank[3].median_days) == (2, 11.5)
    assert (
        by_rank[2].target_days
        == EscalationLevel.objects.get(organisation=world["stockholm"], rank=2).target_days
    )
    # deviation reports sent or filed: 3 in 2026, BoU about Beroende three times, about
    # Socialpsykiatri once (the draft is left out)
    assert figures.deviations == 3
    assert [(p.reporting_unit, p.concerned_unit, p.reports) for p in figures.deviation_pairs] == [
        ("BoU", "Beroende", 3),
        ("BoU", "Socialpsykiatri", 1),
    ]


def test_r24_a_year_without_data_has_no_shares(world):
    figures = routine_review_statistics(organisation=world["stockholm"], year=2026)
    assert not figures.has_data
    assert figures.handovers_in_time.percent is None
    assert figures.levels[0].median_days is None


def test_r24_page_shows_last_years_figures_and_no_individual(client, world):
    _known_year(world)
    with time_machine.travel(NOW, tick=False):
        client.force_login(world["controller"])
        response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Figures for 2026" in page
    for element, text in {
        "handovers-total": "5",
        "handovers-in-time": "2 of 5 (40 %)",
        "meetings-held": "2",
        "meetings-cancelled": "1",
        "submissions-on-time": "3 of 4 (75 %)",
        "escalations-raised": "5",
        "deviations-total": "3",
    }.items():
        start = page.index(f'id="{element}"')
        assert text in page[start : page.index("</dd>", start)], element
    assert "Socialpsykiatri" in page
    # counts only: no individual, and nothing about a person read
    for individual in Handover.objects.select_related("case__individual"):
        assert individual.case.individual.last_name not in page
        assert individual.case.individual.identity_number not in page
    assert not AccessLogEntry.objects.filter(individual__isnull=False, user=world["controller"])


def _queries(client, user) -> int:
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
    return len(queries)


def test_r24_the_page_takes_the_same_few_queries_whatever_the_data(client, world):
    _queries(client, world["deputy"])  # the first request of a session also writes the session
    empty = _queries(client, world["deputy"])
    _known_year(world)
    known = _queries(client, world["deputy"])
    _known_year(world, code="andra")
    _known_year(world, code="tredje")
    triple = _queries(client, world["deputy"])
    assert empty == known == triple
    assert triple <= 15


def test_r24_the_list_takes_the_same_few_queries_for_many_years(
    client, world, django_assert_max_num_queries
):
    with time_machine.travel(NOW, tick=False):
        client.force_login(world["deputy"])
        for year in range(2015, 2027):
            routine_reviews_sweep(today=D(year, 9, 1))
        with django_assert_max_num_queries(12):
            response = client.get("/meetings/routine-reviews/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "routine-review-stockholm-district-2015" in page
    assert "routine-review-stockholm-district-2027" in page


# Recording the review


def _post(client, user, data, url=URL):
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        return client.post(url, data)


VALID = {
    "held_on": "2027-09-10",
    "participants": "Biträdande enhetschefer IoF och AoF",
    "conclusions": "Rutinen för överlämning förtydligas: anmälan sex månader före.",
}


def test_r24_a_manager_records_the_review_and_the_reminder_is_done(client, world):
    routine_reviews_sweep(today=D(2027, 9, 1))
    response = _post(client, world["deputy"], VALID)
    assert response.status_code == 302
    assert response.url == URL
    review = RoutineReview.objects.get()
    assert (review.organisation, review.year, review.held_on) == (
        world["stockholm"],
        2027,
        D(2027, 9, 10),
    )
    assert review.recorded_by == world["deputy"]
    assert review.history.count() == 1
    item = _review_items(world["stockholm"]).get()
    assert item.done_by == world["deputy"]
    assert item.done_at is not None
    assert item.history.latest().done_by == world["deputy"]
    # and the page shows it instead of the form
    with time_machine.travel(NOW, tick=False):
        page = client.get(URL).content.decode()
    assert "Biträdande enhetschefer IoF och AoF" in page
    assert 'id="routine-review-form"' not in page


@pytest.mark.parametrize("who", ["manager", "head"])
def test_r24_unit_managers_and_department_heads_record_too(client, world, who):
    assert _post(client, world[who], VALID).status_code == 302
    assert RoutineReview.objects.get().recorded_by == world[who]


def test_r24_a_second_review_of_the_year_is_refused_clearly(client, world):
    _post(client, world["deputy"], VALID)
    response = _post(client, world["manager"], {**VALID, "conclusions": "Andra slutsatser."})
    page = response.content.decode()
    assert response.status_code == 400
    assert "already recorded" in page
    assert "Andra slutsatser." in page  # what was typed is kept
    assert RoutineReview.objects.get().recorded_by == world["deputy"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"held_on": "2027-13-45"}, "held_on", "Enter a valid date"),
        ({"held_on": "2027-09-20"}, "held_on", "before it is held"),
        ({"held_on": "2026-12-01"}, "held_on", "is held in 2027"),
        ({"participants": "   "}, "participants", "took part"),
        (
            {"conclusions": "Gäller 19121212-1212 särskilt."},
            "conclusions",
            "personal identity number",
        ),
    ],
)
def test_r24_bad_input_is_refused_and_keeps_the_text(client, world, data, field, message):
    response = _post(client, world["deputy"], {**VALID, **data})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert f'id="id_{field}_error"' in page
    for value in {**VALID, **data}.values():
        if value.strip():
            assert value in page
    assert not RoutineReview.objects.exists()


# Who may read and record


def test_r24_the_controller_reads_but_does_not_record(client, world):
    with time_machine.travel(NOW, tick=False):
        client.force_login(world["controller"])
        page = client.get(URL).content.decode()
    assert 'id="routine-review-form"' not in page
    assert 'id="routine-review-missing"' in page
    assert _post(client, world["controller"], VALID).status_code == 404
    assert not RoutineReview.objects.exists()
    assert AccessLogEntry.objects.filter(
        user=world["controller"], outcome=AccessOutcome.DENIED
    ).exists()


@pytest.mark.parametrize("who", ["caseworker", "coordinator", "osthammar_manager"])
def test_r24_others_get_a_logged_404(client, world, who):
    user = world[who]
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        read = client.get(URL)
    assert read.status_code == 404
    assert _post(client, user, VALID).status_code == 404
    assert not RoutineReview.objects.exists()
    assert AccessLogEntry.objects.filter(user=user, outcome=AccessOutcome.DENIED).count() == 2


@pytest.mark.parametrize("year", [1999, 2028, 99999])
def test_r24_a_year_outside_the_range_is_404(client, world, year):
    with time_machine.travel(NOW, tick=False):
        client.force_login(world["deputy"])
        response = client.get(f"/meetings/routine-reviews/{year}/")
    assert response.status_code == 404


def test_r24_an_earlier_years_review_may_be_recorded_late(client, world):
    url = "/meetings/routine-reviews/2026/?organisation=stockholm-district"
    response = _post(client, world["head"], {**VALID, "held_on": "2026-09-14"}, url=url)
    assert response.status_code == 302
    assert RoutineReview.objects.get().year == 2026
