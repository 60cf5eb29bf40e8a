"""Individuals as demo data needs them: a valid number, or name and birth date only (R3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coordination.models import Individual
from coordination.services import individual_create

pytestmark = pytest.mark.django_db

# Skatteverket's test numbers (tests/data/personnummer/).
PIN = "197001239297"
COORDINATION_MONTH_00 = "191500722390"


def test_number_is_stored_in_canonical_form_with_its_birth_date():
    individual = individual_create(
        first_name="Test", last_name="Person", identity_number="700123-9297"
    )

    assert individual.identity_number == PIN
    assert individual.birth_date == datetime.date(1970, 1, 23)
    assert individual.is_verified


def test_wrong_check_digit_is_refused_and_nothing_is_saved():
    with pytest.raises(ValidationError) as error:
        individual_create(first_name="Test", last_name="Person", identity_number="197001239298")

    assert "Kontrollsiffran stämmer inte" in str(error.value.message_dict["identity_number"])
    assert not Individual.objects.exists()


def test_birth_date_that_contradicts_the_number_is_refused():
    with pytest.raises(ValidationError) as error:
        individual_create(
            first_name="Test",
            last_name="Person",
            identity_number=PIN,
            birth_date=datetime.date(1970, 1, 24),
        )

    assert "birth_date" in error.value.message_dict


def test_coordination_number_with_unknown_month_keeps_a_known_birth_date():
    individual = individual_create(
        first_name="Test",
        last_name="Person",
        identity_number=COORDINATION_MONTH_00,
        birth_date=datetime.date(1915, 6, 12),
    )

    assert individual.birth_date == datetime.date(1915, 6, 12)


def test_without_a_number_the_individual_is_unverified():
    individual = individual_create(
        first_name="Nyanländ", last_name="Person", birth_date=datetime.date(2010, 5, 1)
    )

    assert individual.identity_number is None
    assert not individual.is_verified


def test_the_same_number_cannot_be_registered_twice():
    individual_create(first_name="A", last_name="B", identity_number=PIN)

    with pytest.raises((ValidationError, IntegrityError)), transaction.atomic():
        individual_create(first_name="C", last_name="D", identity_number=PIN)

    assert Individual.objects.count() == 1


def test_several_individuals_without_number_may_coexist():
    for name in ("A", "B"):
        individual_create(first_name=name, last_name="X", birth_date=datetime.date(2001, 1, 1))

    assert Individual.objects.filter(identity_number__isnull=True).count() == 2
