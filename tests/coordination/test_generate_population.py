"""generate_population: synthetic families and cases for load tests (issue 3, item 9)."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from coordination.identity import parse_identity_number
from coordination.models import Case, CaseStatus, Household, Individual, Relation, RelationKind
from coordination.services.population import CAPACITY, DATE_COUNT, synthetic_identity_number
from units.models import Membership, Role

N = 200


def generate(organisation: str = "osthammar", **options) -> str:
    out = io.StringIO()
    call_command(
        "generate_population",
        individuals=options.pop("individuals", N),
        organisation=organisation,
        stdout=out,
        **options,
    )
    return out.getvalue()


@pytest.mark.parametrize("index", [0, 1, DATE_COUNT - 1, DATE_COUNT, 1_234_567, CAPACITY - 1])
def test_synthetic_numbers_are_valid_and_from_before_1830(index):
    # when
    number, birth_date = synthetic_identity_number(index)
    # then
    parsed = parse_identity_number(number)
    assert parsed.canonical == number
    assert parsed.birth_date == birth_date
    assert 1800 <= birth_date.year <= 1829


def test_synthetic_numbers_are_distinct_across_a_million():
    # when
    numbers = {synthetic_identity_number(index)[0] for index in range(0, 1_000_000, 97)}
    # then
    assert len(numbers) == len(range(0, 1_000_000, 97))


def test_r3_individuals_in_households_with_guardians_and_partners(osthammar):
    # when
    generate(seed=3)
    # then every number is valid, unique, and dates the person before 1830
    people = list(Individual.objects.all())
    assert len(people) == N
    assert len({person.identity_number for person in people}) == N
    for person in people:
        parsed = parse_identity_number(person.identity_number)
        assert parsed.birth_date == person.birth_date
        assert person.birth_date.year < 1830
        assert person.registered_by_unit.organisation == osthammar
    for person in people[:5]:
        person.full_clean()  # the model's own rules accept the generated rows
    # and households of 2-6 are tied together by partner_of and guardian_of
    sizes = Counter(person.household_id for person in people if person.household_id)
    assert sizes
    assert set(sizes.values()) <= {2, 3, 4, 5, 6}
    assert Household.objects.count() == len(sizes)
    relations = list(Relation.objects.select_related("from_individual", "to_individual"))
    kinds = Counter(relation.kind for relation in relations)
    assert kinds[RelationKind.GUARDIAN_OF] > 0
    assert kinds[RelationKind.PARTNER_OF] > 0
    assert set(kinds) == {RelationKind.GUARDIAN_OF, RelationKind.PARTNER_OF}
    for relation in relations:
        assert relation.from_individual.household_id == relation.to_individual.household_id
        if relation.kind == RelationKind.GUARDIAN_OF:
            assert relation.from_individual.birth_date <= relation.to_individual.birth_date
    in_households = sum(sizes.values())
    related = {r.from_individual_id for r in relations} | {r.to_individual_id for r in relations}
    assert len(related) == in_households


def test_r3_cases_one_open_per_unit_and_caseworkers_are_unit_members(osthammar):
    # when
    generate(seed=4, cases_per_individual=3)
    # then
    cases = list(Case.objects.all())
    assert 2 * N <= len(cases) <= 4 * N
    open_pairs = Counter(
        (case.individual_id, case.unit_id) for case in cases if case.status != CaseStatus.CLOSED
    )
    assert open_pairs
    assert max(open_pairs.values()) == 1
    members = set(
        Membership.objects.filter(role=Role.CASEWORKER, is_active=True).values_list(
            "user_id", "unit_id"
        )
    )
    assert all((case.caseworker_id, case.unit_id) in members for case in cases)
    assert all(case.unit.organisation_id == osthammar.pk for case in cases)
    closed = [case for case in cases if case.status == CaseStatus.CLOSED]
    assert closed
    assert all(case.closed_on and case.closed_on >= case.opened_on for case in closed)
    caseworker = cases[0].caseworker
    assert not caseworker.has_usable_password()


def test_generated_data_has_no_history_rows(osthammar):
    # when
    generate(seed=5)
    # then: synthetic load data was changed by nobody (docs/performance.md)
    assert Individual.history.count() == 0
    assert Case.history.count() == 0
    assert Relation.history.count() == 0


def test_second_run_refuses_without_append_and_appends_with_it(osthammar):
    # given
    generate(seed=6)
    # when / then
    with pytest.raises(CommandError, match="already has generated individuals"):
        generate(seed=6)
    assert Individual.objects.count() == N
    # when
    generate(seed=6, individuals=50, append=True)
    # then
    numbers = list(Individual.objects.values_list("identity_number", flat=True))
    assert len(numbers) == N + 50
    assert len(set(numbers)) == N + 50


def test_unknown_organisation_is_refused(db):
    with pytest.raises(CommandError, match="load_organisation"):
        generate(organisation="nowhere")
