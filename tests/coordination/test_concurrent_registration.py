"""Two simultaneous registrations of one person cannot create two (issue 3, bad input)."""

import threading

import pytest
from django.db import connection, connections

from coordination.models import Case, Individual
from coordination.services import case_register, individual_create
from coordination.services.individuals import DuplicateIndividualError
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two real connections; SQLite's test database is one shared in-memory file",
)

NUMBER = "196612312394"  # Skatteverket test number


def _race(work, count: int = 2) -> list:
    barrier = threading.Barrier(count)
    outcomes: list = []

    def run():
        try:
            barrier.wait()
            outcomes.append(work())
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_registrations_of_one_number_create_one_person():
    outcomes = _race(
        lambda: individual_create(first_name="A", last_name="B", identity_number=NUMBER)
    )

    assert Individual.objects.filter(identity_number=NUMBER).count() == 1
    assert sum(isinstance(o, Individual) for o in outcomes) == 1
    assert sum(isinstance(o, DuplicateIndividualError) for o in outcomes) == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_cases_at_one_unit_open_one(load_organisation):
    unit = load_organisation("osthammar").units.get(code="bou")
    caseworker = member(Role.CASEWORKER, unit=unit)
    individual = individual_create(first_name="A", last_name="B", identity_number=NUMBER)

    outcomes = _race(lambda: case_register(actor=caseworker, individual=individual, unit=unit))

    assert Case.objects.filter(individual=individual, unit=unit).count() == 1
    assert sum(isinstance(o, Case) for o in outcomes) == 1
