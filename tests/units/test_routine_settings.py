"""Routine settings per organisation, loaded from fixtures/ (issue 2, item 5)."""

import datetime
import json

import pytest

from coordination.models import AgeCondition, AgeThreshold, CoordinationMethod, CoordinationRule
from meetings.models import MeetingSeries
from units.management.commands.load_organisation import organisation_fixture_dir
from units.models import EscalationLevel, Organisation, Role, Unit
from units.services import RoutineSettingsError, organisation_load

pytestmark = pytest.mark.django_db

ORGANISATIONS = ["osthammar", "stockholm-district", "motala", "ifo-000"]


@pytest.mark.parametrize("code", ORGANISATIONS)
def test_every_organisation_loads_with_departments_units_and_a_ladder(load_organisation, code):
    organisation = load_organisation(code)

    assert organisation.departments.exists()
    assert organisation.units.count() >= 2
    ranks = list(organisation.escalation_levels.values_list("rank", flat=True))
    assert ranks == list(range(1, len(ranks) + 1))
    assert len(ranks) >= 2


def test_r2_stockholm_ladder_has_four_levels_from_caseworkers_to_department_heads(
    load_organisation,
):
    organisation = load_organisation("stockholm-district")

    roles = [level.deciding_role for level in organisation.escalation_levels.order_by("rank")]

    assert roles == [
        Role.CASEWORKER,
        Role.DEPUTY_UNIT_MANAGER,
        Role.UNIT_MANAGER,
        Role.DEPARTMENT_HEAD,
    ]


def test_r2_ifo_000_escalates_from_caseworkers_to_coordinators(load_organisation):
    organisation = load_organisation("ifo-000")

    roles = [level.deciding_role for level in organisation.escalation_levels.order_by("rank")]

    assert roles[:2] == [Role.CASEWORKER, Role.COORDINATOR]


def test_r8_who_coordinates_per_unit_pair_in_ifo_000(load_organisation):
    organisation = load_organisation("ifo-000")
    rules = {
        (rule.unit_kind_a, rule.unit_kind_b): rule
        for rule in CoordinationRule.objects.filter(organisation=organisation)
    }

    assert rules[("bou", "vuxen")].coordinating_unit_kind == "bou"
    assert rules[("beroende", "mou")].coordinating_unit_kind == "mou"
    assert rules[("", "")].method == CoordinationMethod.LONGEST_CONTACT


def test_r16_osthammar_youth_unit_until_20_and_21_under_lvu(load_organisation):
    organisation = load_organisation("osthammar")
    ages = {
        t.condition: t.age
        for t in AgeThreshold.objects.filter(organisation=organisation, from_unit_kind="bou")
    }

    assert ages[AgeCondition.NONE] == 20
    assert ages[AgeCondition.LVU] == 21
    assert ages[AgeCondition.FAMILY_HOME_UPPER_SECONDARY] == 21


def test_r16_stockholm_youth_unit_until_19_and_21_when_placed_by_family_care(load_organisation):
    organisation = load_organisation("stockholm-district")
    ages = {
        t.condition: t.age
        for t in AgeThreshold.objects.filter(organisation=organisation, from_unit_kind="bou")
    }

    assert ages[AgeCondition.NONE] == 19
    assert ages[AgeCondition.PLACED_BY_FAMILY_CARE] == 21


def test_r17_osthammar_asks_for_a_first_notice_at_18(load_organisation):
    organisation = load_organisation("osthammar")

    assert organisation.handover_notice_months == 6
    assert organisation.handover_first_notice_age == 18


def test_r21_osthammar_managers_meet_every_14_days(load_organisation):
    organisation = load_organisation("osthammar")

    series = MeetingSeries.objects.get(organisation=organisation, kind="manager_meeting")

    assert (series.recurrence, series.interval) == ("weeks", 2)


def test_r21_stockholm_alternates_alignment_and_coordination_meetings_monthly(load_organisation):
    organisation = load_organisation("stockholm-district")
    alignment = MeetingSeries.objects.get(organisation=organisation, kind="alignment")
    coordination = MeetingSeries.objects.get(organisation=organisation, kind="coordination")

    assert (alignment.recurrence, alignment.interval) == ("months", 2)
    assert (coordination.recurrence, coordination.interval) == ("months", 2)
    assert alignment.attendance == "mandatory"
    assert coordination.attendance == "by_summons"
    months_apart = (coordination.first_date.year - alignment.first_date.year) * 12 + (
        coordination.first_date.month - alignment.first_date.month
    )
    assert abs(months_apart) == 1


def test_r22_stockholm_submission_cutoff_is_noon_the_day_before(load_organisation):
    organisation = load_organisation("stockholm-district")

    assert organisation.submission_cutoff_days_before == 1
    assert organisation.submission_cutoff_time == datetime.time(12, 0)


def test_loading_again_keeps_what_administrators_changed(osthammar):
    # given an administrator who renamed a unit after the first load
    unit = osthammar.units.first()
    unit.name = "Barn och unga, nytt namn"
    unit.save()

    # when the organisation is loaded again (as `make run` does on every start)
    result = organisation_load(path=organisation_fixture_dir() / "osthammar.json")

    # then nothing is overwritten
    assert result.created is False
    unit.refresh_from_db()
    assert unit.name == "Barn och unga, nytt namn"


def test_loaded_rows_have_a_first_history_entry(osthammar):
    unit = osthammar.units.first()

    first = unit.history.get()
    assert first.history_type == "+"
    assert first.history_change_reason == "Inläst från osthammar.json"


def test_a_broken_fixture_loads_nothing(tmp_path, db):
    records = json.loads((organisation_fixture_dir() / "motala.json").read_text())
    units = [r for r in records if r["model"] == "units.unit"]
    units[-1]["fields"]["kind"] = "no-such-kind"
    broken = tmp_path / "motala.json"
    broken.write_text(json.dumps(records))

    with pytest.raises(RoutineSettingsError, match="ogiltig post"):
        organisation_load(path=broken)

    assert not Organisation.objects.exists()
    assert not Unit.objects.exists()
    assert not EscalationLevel.objects.exists()


def test_a_fixture_without_exactly_one_organisation_is_refused(tmp_path, db):
    path = tmp_path / "empty.json"
    path.write_text("[]")

    with pytest.raises(RoutineSettingsError, match="exakt en organisation"):
        organisation_load(path=path)


def test_load_organisation_command_names_unknown_fixtures(db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No fixture for atlantis"):
        call_command("load_organisation", "atlantis")
