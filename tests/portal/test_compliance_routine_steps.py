"""The routine-compliance dashboard's routine steps (R30, issue 8 item 5): steps closed in the
period done on time, done late and skipped (mandatory ones apart), and steps still open past
their due date, for the organisation, per unit of the step, per routine and per month; a step
kept within its unit (R31) counts only there; a fixed number of queries."""

import datetime

import pytest
import time_machine

from coordination.models import RoutineRun, RoutineRunStep
from coordination.services import case_register
from coordination.services.routine_runs import (
    routine_run_cancel,
    routine_run_start,
    routine_step_complete,
    routine_step_skip,
)
from coordination.services.routines import routine_definition_create
from meetings.calendar import STOCKHOLM
from portal.selectors_compliance import (
    CompliancePeriod,
    StepCounts,
    compliance_dashboard,
)
from tests.factories import member, person
from tests.portal.test_compliance import cell, page
from units.models import Organisation, Role, Unit, User

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2027, 1, 15, 10, 0, tzinfo=STOCKHOLM)
DASH = "\N{EN DASH}"


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _step(position, party, *, days=None, mandatory=True, **fields) -> dict:
    return {
        "position": position,
        "title": f"Steg {position}",
        "responsible_role": Role.CASEWORKER,
        "responsible_party": party,
        "deadline_days": days,
        "deadline_from": "trigger" if days is not None else "",
        "mandatory": mandatory,
        **fields,
    }


class Scene:
    """Östhammar: a routine started at the reception group, shared with Vuxen, with a BoU
    step kept within BoU."""

    def __init__(self, osthammar: Organisation):
        self.organisation = osthammar
        units = {unit.code: unit for unit in osthammar.units.all()}
        self.mott: Unit = units["bou-mottagning"]
        self.vuxen: Unit = units["vuxen"]
        self.bou: Unit = units["bou"]
        self.mott_worker = member(Role.CASEWORKER, unit=self.mott)
        self.vux_worker = member(Role.CASEWORKER, unit=self.vuxen)
        self.bou_manager = member(Role.UNIT_MANAGER, unit=self.bou)
        self.reader = member(Role.DEPUTY_UNIT_MANAGER, unit=self.vuxen)
        administrator = member(Role.ADMINISTRATOR, organisation=osthammar)
        self.definition = routine_definition_create(
            actor=administrator,
            organisation=osthammar,
            code="matt",
            name="Mätt rutin",
            steps=[
                _step(1, "registering_unit", days=2),
                _step(2, "registering_unit", days=2),
                _step(3, "registering_unit"),
                _step(
                    4,
                    "units_of_both_kinds",
                    days=10,
                    responsible_unit_kind="mottagning",
                    second_unit_kind="vuxen",
                ),
                _step(
                    5,
                    "units_of_both_kinds",
                    responsible_unit_kind="bou",
                    second_unit_kind="vuxen",
                ),
                _step(6, "registering_unit", mandatory=False),
                _step(7, "registering_unit", days=3),
            ],
        )
        kept = self.definition.steps.get(position=5)
        kept.kept_within_unit = True  # R31
        kept.save()

    def run(self, at: datetime.datetime) -> RoutineRun:
        with time_machine.travel(at, tick=False):
            case = case_register(
                actor=self.mott_worker, individual=person(born="1990"), unit=self.mott
            )
            return routine_run_start(
                actor=self.mott_worker, case=case, definition=self.definition, reason="x"
            )


def _act(at: datetime.datetime, service, actor: User, run: RoutineRun, position: int, **kw):
    row = RoutineRunStep.objects.get(run=run, position=position)
    with time_machine.travel(at, tick=False):
        return service(actor=actor, step_id=row.pk, seen_version=row.version, **kw)


def known_run(scene: Scene) -> RoutineRun:
    """Started 2026-03-02: steps 1 and 2 due 2026-03-04, 4 due 2026-03-12, 7 due 2026-03-05."""
    run = scene.run(local(2026, 3, 2, 9, 0))
    done, skipped = routine_step_complete, routine_step_skip
    # on its due date, late in the evening, Stockholm time: on time
    _act(local(2026, 3, 4, 23, 30), done, scene.mott_worker, run, 1, note="Klart.")
    # half an hour after midnight: a day late (the same UTC day)
    _act(local(2026, 3, 5, 0, 30), done, scene.mott_worker, run, 2, note="Sent.")
    # no due date: on time
    _act(local(2026, 3, 20, 9, 0), done, scene.mott_worker, run, 3, note="Klart.")
    # shared by the reception group and Vuxen, on time: counts for both
    _act(local(2026, 3, 10, 9, 0), done, scene.vux_worker, run, 4, note="Klart.")
    # BoU's step kept within BoU, mandatory, skipped by BoU's manager
    _act(local(2026, 3, 11, 9, 0), skipped, scene.bou_manager, run, 5, reason="Ej aktuellt.")
    # optional, skipped by its holder
    _act(local(2026, 3, 12, 9, 0), skipped, scene.mott_worker, run, 6, reason="Behövs inte.")
    # step 7 stays open past its due date
    return run


YEAR_2026 = (D(2026, 1, 1), D(2026, 12, 1))


def _figures(scene: Scene, first: D = YEAR_2026[0], last: D = YEAR_2026[1]):
    with time_machine.travel(NOW, tick=False):
        dashboard = compliance_dashboard(
            organisation=scene.organisation, period=CompliancePeriod(first, last)
        )
    return next(s.figures for s in dashboard.sections if s.measure.key == "routine-steps")


@pytest.fixture
def scene(osthammar) -> Scene:
    return Scene(osthammar)


def test_r30_steps_on_time_late_skipped_and_open_for_the_organisation_and_each_unit(scene):
    known_run(scene)
    figures = _figures(scene)

    assert figures.organisation == StepCounts(
        on_time=3, late=1, skipped=2, skipped_mandatory=1, open_overdue=1
    )
    by_unit = {row.unit: row.counts for row in figures.units}
    assert by_unit == {
        scene.bou: StepCounts(skipped=1, skipped_mandatory=1),
        scene.mott: StepCounts(on_time=3, late=1, skipped=1, open_overdue=1),
        # the shared step; never BoU's kept step, though Vuxen shares its kind (R31)
        scene.vuxen: StepCounts(on_time=1),
    }
    (routine,) = figures.routines
    assert (routine.code, routine.name, routine.counts) == (
        "matt",
        "Mätt rutin",
        figures.organisation,
    )
    assert {row.unit: row.counts for row in routine.units} == by_unit
    months = {row.month: row.counts for row in figures.months}
    assert months[D(2026, 3, 1)] == figures.organisation
    assert len(months) == 12
    assert sum(months.values(), StepCounts()) == figures.organisation
    assert figures.organisation.on_time_share.percent == 75


def test_r30_only_the_period_counts_and_a_cancelled_run_has_nothing_overdue(scene):
    run = known_run(scene)
    assert not _figures(scene, D(2026, 4, 1), D(2026, 12, 1)).organisation
    with time_machine.travel(NOW, tick=False):
        routine_run_cancel(actor=scene.mott_worker, run_id=run.pk, reason="Ärendet avslutat.")
    assert _figures(scene).organisation.open_overdue == 0
    # a step due later than today is not yet overdue
    scene.run(local(2027, 1, 14, 9, 0))
    assert _figures(scene, D(2027, 1, 1), D(2027, 1, 1)).organisation.open_overdue == 0


def test_r30_another_organisations_routines_are_not_counted(scene, load_organisation):
    known_run(scene)
    stockholm = load_organisation("stockholm-district")
    with time_machine.travel(NOW, tick=False):
        dashboard = compliance_dashboard(
            organisation=stockholm, period=CompliancePeriod(D(2026, 1, 1), D(2026, 12, 1))
        )
    figures = next(s.figures for s in dashboard.sections if s.measure.key == "routine-steps")
    assert not figures.organisation
    assert figures.units == figures.routines == []


def test_r30_the_page_shows_the_steps_per_unit_routine_and_month(client, scene):
    known_run(scene)
    status, html = page(client, scene.reader)
    assert status == 200
    columns = ["6", "3", "1", "2", "1", "1", "3 of 4 (75 %)"]
    assert cell(html, "routine-steps-organisation")[1:] == columns
    assert cell(html, f"routine-steps-unit-{scene.bou.pk}")[1:] == [
        "1",
        "0",
        "0",
        "1",
        "1",
        "0",
        DASH,
    ]
    assert cell(html, f"routine-steps-unit-{scene.vuxen.pk}")[1:] == [
        "1",
        "1",
        "0",
        "0",
        "0",
        "0",
        "1 of 1 (100 %)",
    ]
    assert cell(html, "routine-steps-routine-matt")[2:] == columns
    assert cell(html, f"routine-steps-routine-matt-unit-{scene.mott.pk}")[2:] == [
        "5",
        "3",
        "1",
        "1",
        "0",
        "1",
        "3 of 4 (75 %)",
    ]
    assert cell(html, "routine-steps-month-2026-03")[1:] == columns
    assert cell(html, "routine-steps-month-2026-04")[1:] == ["0", "0", "0", "0", "0", "0", DASH]
    for chart in ("routine-steps-units-chart", "routine-steps-months-chart"):
        assert f'id="{chart}"' in html
    # aggregates only: no individual
    for run in RoutineRun.objects.select_related("case__individual"):
        assert run.case.individual.last_name not in html


def test_r30_the_measure_takes_the_same_queries_for_one_routine_and_many(
    scene, django_assert_max_num_queries
):
    known_run(scene)
    # the units, the other measures' nine, and this measure's three (closed, overdue, names)
    with django_assert_max_num_queries(13) as one:
        _figures(scene)
    # more runs, another routine of the organisation's, more units
    for _ in range(3):
        known_run(scene)
    other = member(Role.ADMINISTRATOR, organisation=scene.organisation)
    definition = routine_definition_create(
        actor=other,
        organisation=scene.organisation,
        code="annan",
        name="Annan rutin",
        steps=[_step(1, "unit_of_kind", days=1, responsible_unit_kind="familjeratt")],
    )
    with time_machine.travel(local(2026, 5, 1, 9, 0), tick=False):
        case = case_register(
            actor=scene.mott_worker, individual=person(born="1991"), unit=scene.mott
        )
        routine_run_start(actor=scene.mott_worker, case=case, definition=definition, reason="x")
    with django_assert_max_num_queries(len(one.captured_queries)):
        figures = _figures(scene)
    assert len(figures.routines) == 2
    assert figures.organisation.open_overdue == 5
