"""Writes about individuals, families and households (STYLE.md rule 3: one choke-point)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coordination.models import Household, Individual, ProtectedIdentity, Relation, RelationKind
from units.models import Unit, User


class DuplicateIndividualError(ValidationError):
    """The identity number is registered already; `existing` is the person (not for display)."""

    def __init__(self, existing: Individual):
        super().__init__(
            {"identity_number": _("A person with this identity number is already registered.")}
        )
        self.existing = existing


@transaction.atomic
def individual_create(
    *,
    first_name: str,
    last_name: str,
    identity_number: str | None = None,
    birth_date: datetime.date | None = None,
    protected_identity: ProtectedIdentity = ProtectedIdentity.NONE,
    address: str = "",
    phone: str = "",
    email: str = "",
    registered_by_unit: Unit | None = None,
) -> Individual:
    """Registers an individual; without an identity number the birth date is required.

    Two simultaneous registrations of one number cannot both succeed: the unique
    constraint decides, and the loser gets the same duplicate error as a late one.
    """
    individual = Individual(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        identity_number=identity_number or None,
        birth_date=birth_date,
        protected_identity=protected_identity,
        address=address,
        phone=phone,
        email=email,
        registered_by_unit=registered_by_unit,
    )
    individual.full_clean(validate_constraints=False)
    existing = _existing(individual)
    if existing is not None:
        raise DuplicateIndividualError(existing)
    try:
        with transaction.atomic():
            individual.save()
    except IntegrityError:
        existing = _existing(individual)
        if existing is None:
            raise
        raise DuplicateIndividualError(existing) from None
    return individual


def _existing(individual: Individual) -> Individual | None:
    if not individual.identity_number:
        return None
    return Individual.objects.filter(identity_number=individual.identity_number).first()


@transaction.atomic
def relation_create(
    *, actor: User, from_individual: Individual, to_individual: Individual, kind: RelationKind
) -> Relation:
    """Records a family relation; the active-case check follows it both ways (R3)."""
    relation = Relation(
        from_individual=from_individual, to_individual=to_individual, kind=kind, created_by=actor
    )
    relation.full_clean()
    relation.save()
    return relation


@transaction.atomic
def household_join(*, actor: User, individuals: list[Individual]) -> Household:
    """Puts the individuals in one household (the first one's, or a new one)."""
    household = next((i.household for i in individuals if i.household_id), None)
    if household is None:
        household = Household.objects.create(name=individuals[0].last_name)
    for individual in individuals:
        if individual.household_id != household.pk:
            individual.household = household
            individual.save(update_fields=["household"])
    return household
