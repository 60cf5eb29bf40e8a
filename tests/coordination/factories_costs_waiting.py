"""A scene for the other side of a cost split (R33, R4): the escalation ladder's Stockholm
district, plus a test rule that puts in-house open care decided anywhere on Beroendevården (a
unit of IoF), so that a split is proposed to another unit and another department.

Socialpsykiatri (AoF) decides; Beroende's managers and IoF's head answer for the other side.
Beroende's caseworker is a member of the bearing unit without a say; BoU's people are members
of another unit; the AoF head heads the deciding unit's own department.
"""

import datetime
from dataclasses import dataclass

import pytest

from coordination.models import (
    CostBearerKind,
    CostRule,
    CostRuleShare,
    Intervention,
    InterventionKind,
)
from coordination.services.costs import intervention_record
from tests.coordination.factories_escalations import LadderScene, ladder_scene
from tests.factories import UnitFactory, member
from units.models import Role, UnitKind, User

DAY = datetime.date(2026, 12, 1)


@dataclass
class CostScene:
    ladder: LadderScene
    beroende_manager: User
    beroende_deputy: User
    other_org: User  # a unit manager in another organisation

    def record(self, kind: str = InterventionKind.OPEN_CARE, **overrides) -> Intervention:
        """Recorded by Socialpsykiatri's caseworker on the young person's case there."""
        ladder = self.ladder
        fields = {
            "actor": ladder.psyk_caseworker,
            "case": ladder.psyk_case,
            "kind": kind,
            "decided_on": DAY,
            "period_from": DAY,
            "period_to": DAY + datetime.timedelta(days=30),
            "providing_unit": ladder.psykiatri,
            "monthly_cost_ore": 1_500_000,
            "description": "Samtal om missbruket hemma hos mamman",
        }
        fields.update(overrides)
        return intervention_record(**fields)


def open_care_rule(organisation, **fields) -> CostRule:
    """Test data: open care is borne by Beroendevården (not one of the seeds' rules)."""
    rule = CostRule.objects.create(
        organisation=organisation,
        code=fields.pop("code", "test-oppenvard-beroende"),
        priority=fields.pop("priority", 1),
        name=fields.pop("name", "Öppenvård bekostas av Beroendevården"),
        source="test",
        intervention_kinds=fields.pop("kinds", [InterventionKind.OPEN_CARE]),
        **fields,
    )
    CostRuleShare.objects.create(
        rule=rule, bearer=CostBearerKind.UNIT_OF_KIND, unit_kind=UnitKind.BEROENDE, percent=100
    )
    return rule


def cost_scene(load_organisation) -> CostScene:
    ladder = ladder_scene(load_organisation)
    open_care_rule(ladder.organisation)
    return CostScene(
        ladder=ladder,
        beroende_manager=member(
            Role.UNIT_MANAGER, unit=ladder.beroende, first_name="Bengt", last_name="Beroende"
        ),
        beroende_deputy=member(
            Role.DEPUTY_UNIT_MANAGER, unit=ladder.beroende, first_name="Berit", last_name="Bitr"
        ),
        other_org=member(Role.UNIT_MANAGER, unit=UnitFactory(kind=UnitKind.BEROENDE)),
    )


@pytest.fixture(name="costs")
def cost_scene_fixture(load_organisation) -> CostScene:
    return cost_scene(load_organisation)
