"""Consent (R12): the check every action that needs consent goes through, and the override.

An action that needs consent calls `consent_require` inside its own transaction. Without a
valid consent it raises `ConsentMissingError`, whose message says which consent is
missing; with an override (a legal basis from `OverrideLegalBasis` and a reason) it
records a `ConsentOverride`, flagged for the log review, and lets the action go on.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import (
    Case,
    Consent,
    ConsentOverride,
    ConsentScope,
    Individual,
    OverrideLegalBasis,
)
from units.models import Unit, User


class ConsentMissingError(ValidationError):
    """No valid consent covers the action; the message names the consent that is missing."""

    def __init__(self, *, individual: Individual, scope: ConsentScope, unit: Unit | None):
        self.individual = individual
        self.scope = ConsentScope(scope)
        self.unit = unit
        super().__init__(consent_missing_message(individual=individual, scope=scope, unit=unit))


@dataclass(frozen=True)
class ConsentOverrideInput:
    legal_basis: OverrideLegalBasis | str
    reason: str


def consent_missing_message(*, individual: Individual, scope: ConsentScope, unit: Unit | None):
    values = {
        "scope": ConsentScope(scope).label,
        "person": individual.full_name,
        "unit": unit.name if unit else "",
    }
    if unit is not None:
        message = _(
            "Consent is missing: %(scope)s (%(unit)s) for %(person)s. Record the consent, "
            "or state the legal basis for going ahead without it."
        )
    else:
        message = _(
            "Consent is missing: %(scope)s for %(person)s. Record the consent, or state the "
            "legal basis for going ahead without it."
        )
    return message % values


def consent_find_valid(
    *,
    individual: Individual,
    scope: ConsentScope,
    unit: Unit | None = None,
    on: datetime.date | None = None,
) -> Consent | None:
    """The consent that covers the action on the day, if any; one query.

    A consent without a named unit covers every unit; one with a unit covers only that
    unit. Withdrawn consents and those past their end date cover nothing.
    """
    day = on or timezone.localdate()
    consents = Consent.objects.filter(
        individual=individual,
        scope=scope,
        given_on__lte=day,
    ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
    consents = consents.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    if unit is not None:
        consents = consents.filter(Q(unit__isnull=True) | Q(unit=unit))
    return consents.order_by("-given_on", "-pk").first()


def consent_require(
    *,
    actor: User,
    individual: Individual,
    scope: ConsentScope,
    action: str,
    unit: Unit | None = None,
    case: Case | None = None,
    override: ConsentOverrideInput | None = None,
    on: datetime.date | None = None,
) -> Consent | ConsentOverride:
    """The consent that allows `action`, or the recorded override; raises otherwise.

    Call inside the action's transaction, so that an override is recorded only when the
    action itself is saved.
    """
    consent = consent_find_valid(individual=individual, scope=scope, unit=unit, on=on)
    if consent is not None:
        return consent
    if override is None:
        raise ConsentMissingError(individual=individual, scope=scope, unit=unit)
    errors = {}
    if override.legal_basis not in OverrideLegalBasis.values:
        errors["legal_basis"] = _("Choose the legal basis from the list.")
    if not override.reason.strip():
        errors["reason"] = _("Write why the action cannot wait for consent.")
    if errors:
        raise ValidationError(errors)
    return ConsentOverride.objects.create(
        individual=individual,
        case=case,
        scope=scope,
        action=action[:200],
        legal_basis=override.legal_basis,
        reason=override.reason.strip(),
        overridden_by=actor,
    )
