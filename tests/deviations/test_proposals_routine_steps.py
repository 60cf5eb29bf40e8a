"""A mandatory routine step skipped proposes a deviation report (R25, R30): to the managers of
the step's unit, about the case's unit and the run's other unit, pre-filled with the routine,
the step and the reason and never the individual, linked to the step so that it is proposed
no more. An optional step skipped proposes nothing; a step kept within its unit (R31) names
no other unit."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from coordination.models import RoutineDefinition, RoutineRun, RoutineRunStep
from coordination.services import case_register
from coordination.services.routine_runs import routine_run_start, routine_step_skip
from coordination.services.routines import routine_definition_create
from deviations.models import DeviationReport, DeviationSource, DeviationState
from deviations.selectors_proposals import PROPOSAL_WINDOW_DAYS, deviation_proposals_for
from deviations.services_proposals import deviation_propose
from tests.factories import member, person
from units.models import Organisation, Role, Unit, User

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
PROPOSALS = reverse("deviations:proposals")
SOURCE = DeviationSource.ROUTINE_STEP_SKIPPED


def _step(position: int, party: str, *, mandatory: bool = True, **fields) -> dict:
    return {
        "position": position,
        "title": f"Steg {position}",
        "responsible_role": Role.CASEWORKER,
        "responsible_party": party,
        "mandatory": mandatory,
        **fields,
    }


@dataclass
class Scene:
    organisation: Organisation
    mott: Unit
    vuxen: Unit
    bou: Unit
    mott_worker: User
    mott_manager: User
    vux_worker: User
    vux_deputy: User
    vux_manager: User
    bou_manager: User

    definition: RoutineDefinition | None = None

    def run(self) -> RoutineRun:
        """A routine on a new case at the reception group, with Vuxen as its other unit: step 1
        at the reception, 2 (mandatory) and 3 (optional) at Vuxen, 4 at BoU kept within it."""
        if self.definition is None:
            self.definition = self._definition()
        young = person(born="1990", first_name="Kim", last_name="Ungsson")
        case = case_register(actor=self.mott_worker, individual=young, unit=self.mott)
        return routine_run_start(
            actor=self.mott_worker,
            case=case,
            definition=self.definition,
            reason="Enligt rutin.",
            other_unit=self.vuxen,
        )

    def _definition(self) -> RoutineDefinition:
        administrator = member(Role.ADMINISTRATOR, organisation=self.organisation)
        definition = routine_definition_create(
            actor=administrator,
            organisation=self.organisation,
            code="hoppa-over",
            name="Rutin med steg som hoppas över",
            steps=[
                _step(1, "registering_unit"),
                _step(2, "receiving_unit"),
                _step(3, "receiving_unit", mandatory=False),
                _step(4, "unit_of_kind", responsible_unit_kind="bou"),
            ],
        )
        kept = definition.steps.get(position=4)
        kept.kept_within_unit = True  # R31: as 001's BoU step in the debts routine
        kept.save()
        return definition


def skip(actor: User, run: RoutineRun, position: int, reason: str) -> RoutineRunStep:
    row = run.steps.get(position=position)
    return routine_step_skip(actor=actor, step_id=row.pk, seen_version=row.version, reason=reason)


@pytest.fixture
def scene(osthammar) -> Scene:
    with time_machine.travel(START, tick=False):
        units = {unit.code: unit for unit in osthammar.units.all()}
        return Scene(
            organisation=osthammar,
            mott=units["bou-mottagning"],
            vuxen=units["vuxen"],
            bou=units["bou"],
            mott_worker=member(Role.CASEWORKER, unit=units["bou-mottagning"]),
            mott_manager=member(Role.UNIT_MANAGER, unit=units["bou-mottagning"]),
            vux_worker=member(Role.CASEWORKER, unit=units["vuxen"]),
            vux_deputy=member(
                Role.DEPUTY_UNIT_MANAGER, unit=units["vuxen"], title="Biträdande enhetschef"
            ),
            vux_manager=member(Role.UNIT_MANAGER, unit=units["vuxen"]),
            bou_manager=member(Role.UNIT_MANAGER, unit=units["bou"]),
        )


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(START, tick=False):
        yield


def keys(user: User) -> list[tuple[str, int]]:
    return [(p.source, p.event_id) for p in deviation_proposals_for(user=user)]


def test_r25_r30_a_skipped_mandatory_step_is_proposed_to_the_managers_of_its_unit(scene):
    run = scene.run()
    # when Vuxen's manager skips its mandatory step, and its caseworker the optional one
    mandatory = skip(scene.vux_manager, run, 2, "Personen flyttade från kommunen.")
    skip(scene.vux_worker, run, 3, "Behövdes inte.")

    # then Vuxen's deputy and manager are offered a report, about the reception group
    for user in (scene.vux_deputy, scene.vux_manager):
        assert keys(user) == [(SOURCE, mandatory.pk)]
    (proposal,) = deviation_proposals_for(user=scene.vux_deputy)
    assert (proposal.reporting_unit, proposal.concerned_units) == (scene.vuxen, [scene.mott])
    assert proposal.day == datetime.date(2026, 12, 1)
    assert "Rutin med steg som hoppas över" in proposal.summary
    # and nobody else: not the case's unit, not another unit
    assert keys(scene.mott_manager) == []
    assert keys(scene.bou_manager) == []


def test_r25_writing_the_report_links_the_step_and_it_is_proposed_no_more(client, scene):
    run = scene.run()
    skipped = skip(scene.vux_manager, run, 2, "Personen flyttade från kommunen.")
    client.force_login(scene.vux_deputy)
    page = client.get(PROPOSALS).content.decode()
    url = reverse("deviations:propose", args=[SOURCE.value, skipped.pk])
    assert url in page
    assert "Ungsson" not in page

    # when the deputy writes the report, twice
    first = client.post(url)
    second = client.post(url)

    # then one draft, linked to the step, pre-filled with the routine, step and reason
    report = DeviationReport.objects.get(routine_step=skipped)
    assert first.url == second.url == reverse("deviations:draft_edit", args=[report.pk])
    assert (report.source, report.state) == (SOURCE, DeviationState.DRAFT)
    assert (report.reporting_unit, list(report.concerned_units.all())) == (
        scene.vuxen,
        [scene.mott],
    )
    assert report.reporter_title == "Biträdande enhetschef"
    for text in ("Rutin med steg som hoppas över", "Steg 2", "Personen flyttade", "2026-12-01"):
        assert text in report.what_happened
    assert "Ungsson" not in report.what_happened
    assert "Kim" not in report.what_happened
    # and it is proposed no more, to anyone
    assert keys(scene.vux_deputy) == []
    assert keys(scene.vux_manager) == []


def test_r25_a_manager_of_another_unit_cannot_write_the_steps_report(scene):
    run = scene.run()
    skipped = skip(scene.vux_manager, run, 2, "Flyttat.")
    with pytest.raises(PermissionDenied):
        deviation_propose(actor=scene.mott_manager, source=SOURCE, event_id=skipped.pk)
    assert not DeviationReport.objects.exists()


def test_r31_a_skipped_step_kept_within_its_unit_names_no_other_unit(scene):
    run = scene.run()
    skipped = skip(scene.bou_manager, run, 4, "Familjen är inte aktuell för insatser.")
    (proposal,) = deviation_proposals_for(user=scene.bou_manager)
    assert (proposal.event_id, proposal.reporting_unit, proposal.concerned_units) == (
        skipped.pk,
        scene.bou,
        [],
    )
    report = deviation_propose(actor=scene.bou_manager, source=SOURCE, event_id=skipped.pk)
    assert list(report.concerned_units.all()) == []


def test_r25_the_case_units_own_skipped_step_concerns_the_other_unit(scene):
    run = scene.run()
    skipped = skip(scene.mott_manager, run, 1, "Anmälan återkallades.")
    (proposal,) = deviation_proposals_for(user=scene.mott_manager)
    assert (proposal.event_id, proposal.concerned_units) == (skipped.pk, [scene.vuxen])


def test_r25_a_step_skipped_more_than_a_year_ago_is_not_proposed(scene):
    run = scene.run()
    skip(scene.vux_manager, run, 2, "Flyttat.")
    later = START + datetime.timedelta(days=PROPOSAL_WINDOW_DAYS + 1)
    with time_machine.travel(later, tick=False):
        assert keys(scene.vux_manager) == []


def test_r25_the_source_costs_one_query_whatever_the_number_of_steps(
    scene, django_assert_max_num_queries
):
    skip(scene.vux_manager, scene.run(), 2, "Flyttat.")
    with django_assert_max_num_queries(20) as one:
        assert len(deviation_proposals_for(user=scene.vux_manager)) == 1
    for _ in range(3):
        skip(scene.vux_manager, scene.run(), 2, "Flyttat.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(deviation_proposals_for(user=scene.vux_manager)) == 4
