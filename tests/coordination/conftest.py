"""A family active at two units of Östhammar: the routine situation of R3 and R4."""

from dataclasses import dataclass

import pytest

from coordination.models import Case, Individual, RelationKind
from coordination.services import case_register, relation_create
from tests.factories import member, person
from units.models import Organisation, Role, Unit, User


@dataclass
class Family:
    organisation: Organisation
    bou: Unit
    vuxen: Unit
    bou_caseworker: User
    vuxen_caseworker: User
    parent: Individual
    child: Individual
    child_case: Case


@pytest.fixture
def family(osthammar) -> Family:
    """A parent with no case yet, and the parent's child with an open case at BoU."""
    bou = osthammar.units.get(code="bou")
    vuxen = osthammar.units.get(kind="vuxen")
    bou_caseworker = member(
        Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou", phone="0173-111 11"
    )
    vuxen_caseworker = member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Vux")
    parent = person(born="1966", first_name="Petra", last_name="Förälder")
    child = person(born="2016", first_name="Kim", last_name="Förälder")
    relation_create(
        actor=bou_caseworker,
        from_individual=parent,
        to_individual=child,
        kind=RelationKind.GUARDIAN_OF,
    )
    child_case = case_register(
        actor=bou_caseworker,
        individual=child,
        unit=bou,
        legal_bases=["lvu"],
        external_system="procapita",
        external_reference="BOU-SECRET-4711",
    )
    child_case.summary = "Orosanmälan från skolan om hemsituationen."
    child_case.save()
    return Family(
        osthammar, bou, vuxen, bou_caseworker, vuxen_caseworker, parent, child, child_case
    )
