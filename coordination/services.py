"""Writes about individuals; every change goes through here (STYLE.md rule 3)."""

import datetime

from django.db import transaction

from coordination.models import Individual, ProtectedIdentity


@transaction.atomic
def individual_create(
    *,
    first_name: str,
    last_name: str,
    identity_number: str | None = None,
    birth_date: datetime.date | None = None,
    protected_identity: ProtectedIdentity = ProtectedIdentity.NONE,
) -> Individual:
    """Registers an individual; without an identity number the birth date is required."""
    individual = Individual(
        first_name=first_name,
        last_name=last_name,
        identity_number=identity_number or None,
        birth_date=birth_date,
        protected_identity=protected_identity,
    )
    individual.full_clean()
    individual.save()
    return individual
