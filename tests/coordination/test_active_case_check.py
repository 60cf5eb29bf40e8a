"""The active-case check (R3): where else the person, the family and each child is active."""

import pytest

from coordination.models import CaseStatus, RelationKind
from coordination.selectors import active_case_check
from coordination.services import case_register, household_join, relation_create
from tests.factories import member, person
from units.models import Role

pytestmark = pytest.mark.django_db


def test_r3_a_parents_check_shows_the_childs_unit_and_caseworker(family):
    # given the parent is about to get a case at Vuxen, the child being active at BoU
    # when the Vuxen caseworker runs the check for the parent
    result = active_case_check(individual=family.parent, viewer=family.vuxen_caseworker)

    # then BoU and its caseworker are named, for the child
    [entry] = result.active_elsewhere
    assert entry.unit == family.bou
    assert entry.caseworker == family.bou_caseworker
    assert entry.member.individual == family.child
    assert entry.member.relation == "barn"
    assert entry.since == family.child_case.opened_on


def test_r3_the_check_follows_relations_both_ways(family):
    result = active_case_check(individual=family.child, viewer=family.vuxen_caseworker)

    assert [m.individual for m in result.family] == [family.parent]
    assert result.family[0].relation == "vårdnadshavare"


def test_r3_the_viewers_own_unit_is_not_listed_as_elsewhere(family):
    result = active_case_check(individual=family.parent, viewer=family.bou_caseworker)

    assert result.active_elsewhere == []


def test_r3_closed_cases_do_not_count(family):
    family.child_case.status = CaseStatus.CLOSED
    family.child_case.save()

    result = active_case_check(individual=family.parent, viewer=family.vuxen_caseworker)

    assert result.active_elsewhere == []


def test_r3_household_members_are_part_of_the_family(family):
    partner = person(born="1971", first_name="Pat")
    household_join(actor=family.vuxen_caseworker, individuals=[family.parent, partner])

    result = active_case_check(individual=family.parent, viewer=family.vuxen_caseworker)

    assert partner in [m.individual for m in result.family]


def test_r4_the_result_carries_no_case_contents(family):
    result = active_case_check(individual=family.parent, viewer=family.vuxen_caseworker)

    [entry] = result.active_elsewhere
    # The entry holds the unit, the caseworker and a date: no case object at all.
    assert not hasattr(entry, "case")
    assert "BOU-SECRET-4711" not in repr(entry)
    assert "Orosanmälan från skolan" not in repr(entry)


@pytest.mark.parametrize("children", [1, 10])
def test_r3_the_check_costs_at_most_six_queries_whatever_the_family_size(
    family, children, django_assert_max_num_queries
):
    # given a parent with many children, each active at BoU, and a partner in the household
    for _ in range(children):
        child = person(born="2016")
        relation_create(
            actor=family.bou_caseworker,
            from_individual=family.parent,
            to_individual=child,
            kind=RelationKind.GUARDIAN_OF,
        )
        case_register(actor=family.bou_caseworker, individual=child, unit=family.bou)
    household_join(actor=family.vuxen_caseworker, individuals=[family.parent, person(born="1961")])

    # when the check runs, then it stays within six queries
    with django_assert_max_num_queries(6):
        result = active_case_check(individual=family.parent, viewer=family.vuxen_caseworker)
        assert len(result.active_elsewhere) == children + 1


def test_r3_a_childs_own_number_finds_cases_registered_elsewhere(family):
    # given the child is also active at another unit, registered there by number
    other_unit = family.organisation.units.get(code="socialpsykiatri")
    caseworker = member(Role.CASEWORKER, unit=other_unit)
    case_register(actor=caseworker, individual=family.child, unit=other_unit)

    result = active_case_check(individual=family.parent, viewer=family.vuxen_caseworker)

    assert {e.unit for e in result.active_elsewhere} == {family.bou, other_unit}
