"""The handover sweep (R17): what it raises, when, for whom, and exactly once."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from coordination.models import Case, CaseStatus, DueItem, DueKind, Notification
from coordination.selectors_deadlines import date_shift
from coordination.services import case_register, case_transition, individual_create
from coordination.services.deadlines import deadlines_sweep, due_item_done
from coordination.tasks_deadlines import deadlines_sweep_task
from tests.factories import member
from units.models import Organisation, Role, Unit, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
D = datetime.date


@dataclass
class Handover:
    organisation: Organisation
    bou: Unit
    vuxen: Unit
    caseworker: User
    coordinator: User
    deputy: User
    bou_manager: User
    vuxen_caseworker: User


@pytest.fixture
def handover(osthammar) -> Handover:
    """Östhammar: BoU hands over at 20, six months' notice, first notice at 18 (001)."""
    bou = osthammar.units.get(code="bou")
    vuxen = osthammar.units.get(kind="vuxen")
    return Handover(
        organisation=osthammar,
        bou=bou,
        vuxen=vuxen,
        caseworker=member(Role.CASEWORKER, unit=bou),
        coordinator=member(Role.COORDINATOR, unit=vuxen),
        deputy=member(Role.DEPUTY_UNIT_MANAGER, unit=vuxen),
        bou_manager=member(Role.UNIT_MANAGER, unit=bou),
        vuxen_caseworker=member(Role.CASEWORKER, unit=vuxen),
    )


def _case(h: Handover, born: datetime.date, *, unit: Unit | None = None, **fields) -> Case:
    individual = individual_create(first_name="Ung", last_name="Person", birth_date=born)
    unit = unit or h.bou
    actor = h.caseworker if unit == h.bou else h.vuxen_caseworker
    return case_register(actor=actor, individual=individual, unit=unit, **fields)


def _kinds(case: Case) -> list[tuple[str, datetime.date]]:
    return sorted(case.due_items.values_list("kind", "period"))


def _recipients(case: Case, kind: str) -> set[int]:
    return set(
        Notification.objects.filter(due_item__case=case, due_item__kind=kind).values_list(
            "recipient_id", flat=True
        )
    )


@pytest.fixture
def no_first_notice(handover):
    handover.organisation.handover_first_notice_age = None
    handover.organisation.save()
    return handover


# R17: six months before the 20th birthday the handover is to be announced.
def test_r17_deadline_raised_six_months_before_the_20th_birthday(no_first_notice):
    h = no_first_notice
    case = _case(h, D(2007, 5, 8))  # turns 20 on 2027-05-08

    assert deadlines_sweep(today=D(2026, 11, 7)).total == 0
    result = deadlines_sweep(today=D(2026, 11, 8))

    assert result[DueKind.HANDOVER_DEADLINE] == 1
    item = case.due_items.get()
    assert (item.kind, item.period, item.due_on) == (
        DueKind.HANDOVER_DEADLINE,
        D(2027, 5, 8),
        D(2026, 11, 8),
    )
    assert item.unit == h.vuxen  # the receiving unit (R17)
    # The caseworker and the receiving side's coordinator and deputy hear of it; nobody else.
    assert _recipients(case, DueKind.HANDOVER_DEADLINE) == {
        h.caseworker.pk,
        h.coordinator.pk,
        h.deputy.pk,
    }
    assert item.history.filter(history_type="+").count() == 1


# R17: a sweep that runs again raises and notifies nothing more.
def test_r17_second_sweep_raises_nothing_more(handover):
    case = _case(handover, D(2007, 5, 8))
    first = deadlines_sweep(today=D(2026, 11, 10))
    items, notes = DueItem.objects.count(), Notification.objects.count()

    second = deadlines_sweep(today=D(2026, 11, 10))

    assert first.total == 2  # the first notice (at 18) and the deadline
    assert second.total == 0
    assert second.notified == 0
    assert (DueItem.objects.count(), Notification.objects.count()) == (items, notes)
    assert _kinds(case) == [
        (DueKind.HANDOVER_DEADLINE, D(2027, 5, 8)),
        (DueKind.HANDOVER_FIRST_NOTICE, D(2027, 5, 8)),
    ]


# R17 (001: preferably already at 18): the first notice on the 18th birthday.
def test_r17_first_notice_at_18(handover):
    case = _case(handover, D(2008, 3, 15))

    assert deadlines_sweep(today=D(2026, 3, 14)).total == 0
    result = deadlines_sweep(today=D(2026, 3, 15))

    assert result[DueKind.HANDOVER_FIRST_NOTICE] == 1
    item = case.due_items.get()
    assert (item.period, item.due_on) == (D(2028, 3, 15), D(2026, 3, 15))
    assert handover.coordinator.pk in _recipients(case, DueKind.HANDOVER_FIRST_NOTICE)


# R17: reminders every 14 days while not announced, each once; overdue to the manager at 30.
def test_r17_reminders_each_once_and_overdue_to_the_unit_manager(no_first_notice):
    h = no_first_notice
    case = _case(h, D(2007, 5, 8))  # deadline 2026-11-08
    raised: dict[datetime.date, dict] = {}
    day = D(2026, 11, 8)
    while day <= D(2026, 12, 31):
        raised[day] = {k: v for k, v in deadlines_sweep(today=day).raised.items() if v}
        day += datetime.timedelta(days=1)

    reminders = sorted(
        case.due_items.filter(kind=DueKind.HANDOVER_REMINDER).values_list("due_on", flat=True)
    )
    assert reminders == [D(2026, 11, 22), D(2026, 12, 6), D(2026, 12, 20)]
    assert raised[D(2026, 11, 22)] == {DueKind.HANDOVER_REMINDER: 1}
    assert raised[D(2026, 11, 23)] == {}
    overdue = case.due_items.get(kind=DueKind.HANDOVER_OVERDUE)
    assert overdue.due_on == D(2026, 12, 8)
    assert raised[D(2026, 12, 8)] == {DueKind.HANDOVER_OVERDUE: 1}
    assert _recipients(case, DueKind.HANDOVER_OVERDUE) == {h.bou_manager.pk}
    assert h.caseworker.pk in _recipients(case, DueKind.HANDOVER_REMINDER)
    # Each reminder notified each recipient once.
    assert Notification.objects.filter(
        due_item__kind=DueKind.HANDOVER_REMINDER, recipient=h.caseworker
    ).count() == len(reminders)


# R17: once the handover is announced (done), the reminders stop.
def test_r17_done_stops_reminders(no_first_notice):
    h = no_first_notice
    case = _case(h, D(2007, 5, 8))
    deadlines_sweep(today=D(2026, 11, 22))
    deadline = case.due_items.get(kind=DueKind.HANDOVER_DEADLINE)

    due_item_done(actor=h.caseworker, item=deadline)
    later = deadlines_sweep(today=D(2026, 12, 20))

    assert later.total == 0
    assert not case.due_items.filter(done_at__isnull=True).exists()
    deadline.refresh_from_db()
    assert deadline.done_by == h.caseworker


def test_r17_only_the_caseworker_or_unit_manager_marks_done(no_first_notice):
    h = no_first_notice
    case = _case(h, D(2007, 5, 8))
    deadlines_sweep(today=D(2026, 11, 8))
    deadline = case.due_items.get()

    with pytest.raises(PermissionDenied):
        due_item_done(actor=h.vuxen_caseworker, item=deadline)
    assert due_item_done(actor=h.bou_manager, item=deadline).done_at is not None


# R17 applies to open cases at the youth unit only.
def test_r17_closed_cases_and_other_unit_kinds_are_ignored(handover):
    closed = _case(handover, D(2007, 5, 8))
    case_transition(actor=handover.caseworker, case=closed, to=CaseStatus.CLOSED)
    at_vuxen = _case(handover, D(2007, 5, 8), unit=handover.vuxen)

    assert deadlines_sweep(today=D(2026, 12, 1)).total == 0
    assert not DueItem.objects.filter(case__in=[closed, at_vuxen]).exists()


# R16/R17: an LVU case hands over at 21.
def test_r17_lvu_case_uses_the_21st_birthday(no_first_notice):
    case = _case(no_first_notice, D(2006, 5, 8), legal_bases=["lvu"])

    deadlines_sweep(today=D(2026, 11, 8))

    assert _kinds(case) == [(DueKind.HANDOVER_DEADLINE, D(2027, 5, 8))]


# R16/R17: born on 29 February, a birthday falls on 1 March in a common year (Östhammar).
def test_r17_leap_day_birth(handover):
    born = D(2008, 2, 29)
    case = _case(handover, born)  # 18 on 2026-03-01 (common year), 20 on 2028-02-29
    lvu = _case(handover, D(2004, 2, 29), legal_bases=["lvu"])  # 21 on 2025-03-01

    assert deadlines_sweep(today=D(2024, 8, 31))[DueKind.HANDOVER_DEADLINE] == 0
    deadlines_sweep(today=D(2024, 9, 1))
    assert lvu.due_items.get(kind=DueKind.HANDOVER_DEADLINE).period == D(2025, 3, 1)
    assert lvu.due_items.get(kind=DueKind.HANDOVER_DEADLINE).due_on == D(2024, 9, 1)
    assert not case.due_items.exists()

    assert deadlines_sweep(today=D(2026, 2, 28)).total == 0
    deadlines_sweep(today=D(2026, 3, 1))
    assert [(i.kind, i.period, i.due_on) for i in case.due_items.all()] == [
        (DueKind.HANDOVER_FIRST_NOTICE, D(2028, 2, 29), D(2026, 3, 1))
    ]
    deadlines_sweep(today=D(2027, 8, 29))
    assert case.due_items.get(kind=DueKind.HANDOVER_DEADLINE).due_on == D(2027, 8, 29)


# R17 over a year end: the reminder period runs on into the new year.
def test_r17_across_a_year_end(no_first_notice):
    case = _case(no_first_notice, D(2007, 6, 20))  # deadline 2026-12-20
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 59, tzinfo=STOCKHOLM)):
        deadlines_sweep()
    assert _kinds(case) == [(DueKind.HANDOVER_DEADLINE, D(2027, 6, 20))]
    with time_machine.travel(datetime.datetime(2027, 1, 3, 0, 1, tzinfo=STOCKHOLM)):
        result = deadlines_sweep()
    assert result[DueKind.HANDOVER_REMINDER] == 1
    assert case.due_items.get(kind=DueKind.HANDOVER_REMINDER).due_on == D(2027, 1, 3)


# R17 and STYLE rule 9: "today" is Stockholm's date, also across the DST changes.
@pytest.mark.parametrize(
    ("utc_before", "utc_after"),
    [
        # Last Sunday of March 2027 (28th): 02:00 local becomes 03:00; 22:59 UTC the day
        # before is 23:59 CET, 23:00 UTC is 00:00 CET of the 28th.
        (
            datetime.datetime(2027, 3, 27, 22, 59, tzinfo=datetime.UTC),
            datetime.datetime(2027, 3, 27, 23, 0, tzinfo=datetime.UTC),
        ),
        # Last Sunday of October 2026 (25th): 03:00 local becomes 02:00 again.
        (
            datetime.datetime(2026, 10, 24, 21, 59, tzinfo=datetime.UTC),
            datetime.datetime(2026, 10, 24, 22, 0, tzinfo=datetime.UTC),
        ),
    ],
)
def test_r17_today_is_the_stockholm_date_across_dst(no_first_notice, utc_before, utc_after):
    local_day = utc_after.astimezone(STOCKHOLM).date()
    # Six months before the 20th birthday is exactly the local day after the change.
    born = date_shift(local_day, years=-20, months=6)
    case = _case(no_first_notice, born)

    with time_machine.travel(utc_before):
        assert deadlines_sweep().total == 0
    with time_machine.travel(utc_after):
        assert deadlines_sweep().total == 1
    # Through the DST hour itself the sweep runs every minute and raises nothing more.
    for minute in range(0, 180, 20):
        with time_machine.travel(utc_after + datetime.timedelta(hours=1, minutes=minute)):
            assert deadlines_sweep().total == 0
    assert case.due_items.get().due_on == local_day


def test_r17_task_runs_the_sweep_and_takes_no_arguments(no_first_notice):
    _case(no_first_notice, D(2007, 5, 8))
    with time_machine.travel(datetime.datetime(2026, 11, 8, 9, 0, tzinfo=STOCKHOLM)):
        assert deadlines_sweep_task.apply().get() == {DueKind.HANDOVER_DEADLINE: 1}
        assert deadlines_sweep_task.apply().get() == {}


# Ten of them start Östhammar's handover routine on the raised deadlines (R30,
# routine_runs_start_for_many).
QUERIES_PER_SWEEP = 29


def _sweep_queries(h: Handover, count: int, django_assert_max_num_queries) -> None:
    for _ in range(count):
        _case(h, D(2007, 5, 8))
    # Every query is per batch of 2000 cases (SQLite splits a bulk insert past 999
    # parameters, so the scenario keeps one item per case to compare like with like).
    with django_assert_max_num_queries(QUERIES_PER_SWEEP):
        result = deadlines_sweep(today=D(2026, 11, 10))
    assert result.total == count


# R17: the sweep is set-based: 5 or 50 candidate cases cost the same number of queries.
@pytest.mark.parametrize("count", [5, 50])
def test_r17_sweep_query_count_does_not_grow_with_cases(
    no_first_notice, count, django_assert_max_num_queries
):
    _sweep_queries(no_first_notice, count, django_assert_max_num_queries)
