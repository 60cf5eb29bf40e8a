"""A new municipality's routine is added with a fixture and no code (R30, issue 8): the file
tests/data/routines/exempelby.json holds an organisation, its units, three people and a routine
with an event trigger; loaded, a case registration that is the event starts the routine with
every step held by a person. Nothing below is specific to Exempelby except the names read back
from its file."""

import datetime
import json
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from coordination.models import (
    AssignedBecause,
    RoutineDefinition,
    RoutineRun,
    RoutineRunStart,
    RoutineStep,
    RoutineTrigger,
)
from coordination.services import case_register, individual_create
from units.models import Membership, Organisation, Unit, User
from units.services import RoutineSettingsError, organisation_load

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "routines" / "exempelby.json"
START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def _register_the_event() -> RoutineRun:
    """A person active at the psychiatry unit is registered at the adult unit: the event
    "active at another unit" (R3)."""
    vuxen = Unit.objects.get(organisation__code="exempelby", code="vuxen")
    psykiatri = Unit.objects.get(organisation__code="exempelby", code="socialpsykiatri")
    individual = individual_create(
        first_name="Klient", last_name="Exempel", birth_date=datetime.date(1980, 4, 2)
    )
    with time_machine.travel(START, tick=False):
        case_register(
            actor=User.objects.get(username="exempelby.per"), individual=individual, unit=psykiatri
        )
        case = case_register(
            actor=User.objects.get(username="exempelby.anna"), individual=individual, unit=vuxen
        )
    return RoutineRun.objects.get(case=case)


def _assert_assigned(run: RoutineRun) -> None:
    anna, per, vera = (
        User.objects.get(username=f"exempelby.{name}") for name in ("anna", "per", "vera")
    )
    assert run.started_how == RoutineRunStart.EVENT
    assert run.trigger == RoutineTrigger.ACTIVE_AT_ANOTHER_UNIT
    assert run.other_unit.code == "socialpsykiatri"
    rows = list(run.steps.select_related("unit", "partner_unit").order_by("position"))
    assert [(r.assignee, r.partner) for r in rows] == [(anna, None), (anna, per), (vera, None)]
    assert [r.assigned_because for r in rows] == [
        AssignedBecause.CASE_CASEWORKER,
        AssignedBecause.CASE_CASEWORKER,
        AssignedBecause.ROLE_HOLDER,
    ]
    assert (rows[1].unit.code, rows[1].partner_unit.code) == ("vuxen", "socialpsykiatri")
    # five days from the trigger; the next counts from the previous step once it is done
    assert [r.due_on for r in rows] == [datetime.date(2026, 12, 6), None, None]


def test_r30_a_municipalitys_routine_loaded_with_loaddata_runs_on_its_trigger():
    # given the file, loaded as any Django fixture
    call_command("loaddata", str(FIXTURE), verbosity=0)
    organisation = Organisation.objects.get(code="exempelby")
    definition = RoutineDefinition.objects.get(organisation=organisation, is_current=True)
    assert definition.steps.count() == 3
    assert Membership.objects.filter(organisation=organisation).count() == 3
    # and every record it made is valid, as the admin and load_organisation would check
    for row in (definition, *definition.steps.all()):
        row.full_clean()

    # when a case registration is the routine's event, then the run starts, each step held
    _assert_assigned(_register_the_event())


def test_r30_the_same_file_loads_validated_with_history_through_load_organisation():
    result = organisation_load(path=FIXTURE)
    assert (result.created, result.organisation.code) == (True, "exempelby")
    assert RoutineStep.history.filter(definition__organisation=result.organisation).count() == 3
    _assert_assigned(_register_the_event())


def test_r30_a_wrong_value_in_the_file_is_refused_and_nothing_is_loaded(tmp_path):
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    definition = next(r for r in records if r["model"] == "coordination.routinedefinition")
    definition["fields"]["trigger"] = "when_it_rains"
    broken = tmp_path / "exempelby.json"
    broken.write_text(json.dumps(records), encoding="utf-8")

    with pytest.raises(RoutineSettingsError, match="when_it_rains"):
        organisation_load(path=broken)
    assert not Organisation.objects.filter(code="exempelby").exists()
