"""Consent (R12): the check every action that needs consent goes through, and the override.

An action that needs consent calls `consent_require` inside its own transaction. Without a
valid consent it raises `ConsentMissingError`, whose message says which consent is
missing; with an override (a legal basis from `OverrideLegalBasis` and a reason) it
records a `ConsentOverride`, flagged for the log review, and lets the action go on.

Consents are recorded with `consent_record` (who may give it follows the age rule of R12
and R28), withdrawn with `consent_withdraw` (kept, never deleted), and a flagged override
is marked reviewed with `consent_override_review`.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import (
    Case,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentOverride,
    ConsentScope,
    Individual,
    OverrideLegalBasis,
)
from coordination.permissions import individual_visible_to
from coordination.selectors_age import age_on
from coordination.selectors_consent import consent_override_reviewable_by
from units.models import UNIT_ROLES, Membership, Organisation, Unit, User

ADULT_AGE = 18
# Consent for contact or a handover names the unit it concerns (R12).
SCOPES_WITH_UNIT = frozenset({ConsentScope.CONTACT_UNIT, ConsentScope.HANDOVER})


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


def consent_organisation_of(actor: User) -> Organisation | None:
    """The organisation whose routine settings apply: that of the actor's (first) unit."""
    membership = (
        Membership.objects.filter(
            user=actor, is_active=True, unit__isnull=False, role__in=UNIT_ROLES
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else None


def consent_given_by_error(
    *,
    individual: Individual,
    given_by: ConsentGivenBy | str,
    on: datetime.date,
    child_consent_age: int,
    note: str = "",
) -> str | None:
    """Why `given_by` cannot give this individual's consent on the day, or None (R12, R28).

    An adult consents alone. For a child under the organisation's consent age the
    guardians consent (the child may join them). From that age until 18 the child's own
    consent is needed too; the child alone is accepted only with the caseworker's
    assessment written in the note (R28: whether it can go on without the guardians).
    """
    age = age_on(individual.birth_date, on)
    values = {"age": child_consent_age}
    if age >= ADULT_AGE:
        if given_by != ConsentGivenBy.INDIVIDUAL:
            return _("%(person)s is an adult: only the individual gives consent.") % {
                "person": individual.full_name
            }
        return None
    if age < child_consent_age:
        if given_by == ConsentGivenBy.INDIVIDUAL:
            return _("The child is under %(age)s: the guardians give consent (R12, R28).") % values
        return None
    if given_by == ConsentGivenBy.GUARDIANS:
        return (
            _(
                "The child is %(age)s or older: the child's own consent is needed too "
                "(R12, R28). Record the consent as given by the individual and the guardians."
            )
            % values
        )
    if given_by == ConsentGivenBy.INDIVIDUAL and not note.strip():
        return _(
            "The child's consent without the guardians needs your assessment: write in the "
            "note why the child's own consent is enough (R28)."
        )
    return None


def _require_visible(actor: User, individual: Individual) -> None:
    """Missing and forbidden alike: the individual must be in the actor's scope (R4)."""
    if not individual_visible_to(actor).filter(pk=individual.pk).exists():
        raise Http404


@transaction.atomic
def consent_record(
    *,
    actor: User,
    individual: Individual,
    scope: ConsentScope | str,
    form: ConsentForm | str,
    given_by: ConsentGivenBy | str,
    given_on: datetime.date | None = None,
    unit: Unit | None = None,
    provider: str = "",
    valid_until: datetime.date | None = None,
    note: str = "",
) -> Consent:
    """Records a consent given by or for the individual (R12), by the age rule of R28."""
    _require_visible(actor, individual)
    organisation = consent_organisation_of(actor)
    if organisation is None:
        raise Http404
    today = timezone.localdate()
    given_on = given_on or today
    provider = provider.strip()
    errors: dict[str, str] = {}
    if scope in SCOPES_WITH_UNIT and unit is None:
        errors["unit"] = _("Name the unit the consent covers.")
    elif scope not in SCOPES_WITH_UNIT and unit is not None:
        errors["unit"] = _("Name a unit only for consent to contact or to a handover.")
    elif unit is not None and unit.organisation_id != organisation.pk:
        errors["unit"] = _("Choose a unit of your organisation.")
    if scope == ConsentScope.WRITTEN_MATERIAL and not provider:
        errors["provider"] = _("Name the provider the written material goes to.")
    elif scope != ConsentScope.WRITTEN_MATERIAL and provider:
        errors["provider"] = _("Name a provider only for consent to written material.")
    if given_on > today:
        errors["given_on"] = _("Consent cannot be recorded as given in the future.")
    if valid_until is not None and valid_until < given_on:
        errors["valid_until"] = _("The consent cannot end before it was given.")
    if "given_on" not in errors:
        problem = consent_given_by_error(
            individual=individual,
            given_by=given_by,
            on=given_on,
            child_consent_age=organisation.child_consent_age,
            note=note,
        )
        if problem:
            errors["given_by"] = problem
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        individual=individual,
        scope=scope,
        unit=unit,
        provider=provider,
        given_on=given_on,
        form=form,
        given_by=given_by,
        valid_until=valid_until,
        note=note.strip(),
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: Consent, withdrawn_on: datetime.date | None = None
) -> Consent:
    """Withdraws a consent from a day (R12); the consent is kept with what it covered."""
    _require_visible(actor, consent.individual)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    withdrawn_on = withdrawn_on or timezone.localdate()
    if consent.withdrawn_on is not None:
        raise ValidationError(
            _("The consent was already withdrawn on %(day)s.")
            % {"day": consent.withdrawn_on.isoformat()}
        )
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("A withdrawal cannot be in the future.")})
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("A consent cannot be withdrawn before it was given.")}
        )
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    return consent


@transaction.atomic
def consent_override_review(*, actor: User, override: ConsentOverride) -> ConsentOverride:
    """Marks a flagged override as reviewed (R12): who reviewed it and when."""
    if not consent_override_reviewable_by(actor).filter(pk=override.pk).exists():
        raise Http404
    override = ConsentOverride.objects.select_for_update().get(pk=override.pk)
    if not override.flagged_for_review:
        raise ValidationError(_("The override has already been reviewed."))
    override.flagged_for_review = False
    override.reviewed_by = actor
    override.reviewed_at = timezone.now()
    override.save(update_fields=["flagged_for_review", "reviewed_by", "reviewed_at"])
    return override
