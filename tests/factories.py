"""Factories for tests; memberships go through the service so they get its side effects."""

import json
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path

import factory
from factory.django import DjangoModelFactory

from coordination.models import Individual
from coordination.services import individual_create
from units.models import Department, Organisation, Role, Unit, UnitKind, User
from units.services import membership_create

TEST_PASSWORD = "Test-Password-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = "Testsson"
    email = factory.LazyAttribute(lambda u: f"{u.username}@kommun.example")
    password = factory.django.Password(TEST_PASSWORD)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kommun-{n}")
    name = factory.Sequence(lambda n: f"Testkommun {n}")
    municipality = factory.LazyAttribute(lambda o: o.name)


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"avd-{n}")
    name = "Individ- och familjeomsorg"
    short_name = "IFO"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    department = factory.SubFactory(DepartmentFactory)
    organisation = factory.SelfAttribute("department.organisation")
    code = factory.Sequence(lambda n: f"enhet-{n}")
    name = factory.Sequence(lambda n: f"Enhet {n}")
    kind = UnitKind.BOU


def member(
    role: Role,
    *,
    unit: Unit | None = None,
    department: Department | None = None,
    organisation: Organisation | None = None,
    **user_fields,
) -> User:
    """A user holding one role, placed where the role is held (R1)."""
    user = UserFactory(**user_fields)
    organisation = organisation or (unit or department).organisation
    membership_create(
        user=user, role=role, organisation=organisation, unit=unit, department=department
    )
    return user


_ALL_TEST_NUMBERS = json.loads(
    (Path(__file__).parent / "data" / "personnummer" / "allPins.json").read_text()
)
# One stream per birth year; the demo files use other years, so tests never collide with them.
_TEST_NUMBERS: dict[str, Iterator[str]] = {}


def person(*, born: str = "1966", **fields) -> Individual:
    """A registered individual with an unused Skatteverket test number born in `born`."""
    if born not in _TEST_NUMBERS:
        # Cycling is safe: each test's database is rolled back, so numbers free up again.
        _TEST_NUMBERS[born] = cycle([n for n in _ALL_TEST_NUMBERS if n.startswith(born)])
    number = next(_TEST_NUMBERS[born])
    fields.setdefault("first_name", "Test")
    fields.setdefault("last_name", f"Person{number[-4:]}")
    return individual_create(identity_number=number, **fields)
