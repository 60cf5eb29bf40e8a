"""Reads about consent (R12): an individual's consents with their state, the overrides, and
the flagged overrides a reviewer goes through.

The individual's page is already scoped (coordination/permissions.py); overrides tied to a
case are shown only where the viewer may see that case (R4).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import Consent, ConsentOverride, Individual
from coordination.permissions import case_visible_to
from units.models import Membership, Role, User

# A consent that ends within this many days is shown as expiring, so it can be renewed.
EXPIRING_WITHIN_DAYS = 30
OVERRIDE_REVIEWER_ROLES = frozenset({Role.UNIT_MANAGER, Role.CONTROLLER})


class ConsentState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Valid, expiring soon")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_YET = "not_yet", _("Not yet in force")


@dataclass(frozen=True)
class ConsentRow:
    consent: Consent
    state: ConsentState

    @property
    def can_withdraw(self) -> bool:
        return self.consent.withdrawn_on is None


def consent_state(consent: Consent, *, on: datetime.date | None = None) -> ConsentState:
    """The consent's state on a day: withdrawn, expired, expiring within 30 days, or valid."""
    day = on or timezone.localdate()
    if consent.withdrawn_on is not None and consent.withdrawn_on <= day:
        return ConsentState.WITHDRAWN
    if consent.given_on > day:
        return ConsentState.NOT_YET
    if consent.valid_until is not None:
        if consent.valid_until < day:
            return ConsentState.EXPIRED
        if consent.valid_until <= day + datetime.timedelta(days=EXPIRING_WITHIN_DAYS):
            return ConsentState.EXPIRING
    return ConsentState.VALID


def consent_list_for_individual(
    *, individual: Individual, on: datetime.date | None = None
) -> list[ConsentRow]:
    """Every consent of the individual, withdrawn ones too, newest first; one query."""
    consents = Consent.objects.filter(individual=individual).select_related("unit", "recorded_by")
    return [ConsentRow(consent, consent_state(consent, on=on)) for consent in consents]


def consent_override_list_for_individual(
    *, user: User, individual: Individual
) -> QuerySet[ConsentOverride]:
    """The individual's overrides: those without a case, and those of cases the user sees."""
    return (
        ConsentOverride.objects.filter(individual=individual)
        .filter(Q(case__isnull=True) | Q(case__in=case_visible_to(user)))
        .select_related("case__unit", "overridden_by", "reviewed_by")
        .order_by("-overridden_at", "-pk")
    )


def consent_override_reviewable_by(user: User) -> QuerySet[ConsentOverride]:
    """Overrides a reviewer may mark: unit managers of the case's unit, controllers of the
    organisation; an override without a case belongs to the overriding user's units."""
    if not user.is_authenticated or not user.is_active:
        return ConsentOverride.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True)
    managed = memberships.filter(role=Role.UNIT_MANAGER, unit__isnull=False).values("unit_id")
    controlled = memberships.filter(role=Role.CONTROLLER, unit__isnull=True).values(
        "organisation_id"
    )
    by_user_at_managed = Membership.objects.filter(
        user_id=OuterRef("overridden_by_id"), is_active=True, unit_id__in=managed
    )
    by_user_in_controlled = Membership.objects.filter(
        user_id=OuterRef("overridden_by_id"),
        is_active=True,
        organisation_id__in=controlled,
    )
    with_case = Q(case__isnull=False) & (
        Q(case__unit_id__in=managed) | Q(case__unit__organisation_id__in=controlled)
    )
    without_case = Q(case__isnull=True) & (
        Q(Exists(by_user_at_managed)) | Q(Exists(by_user_in_controlled))
    )
    return ConsentOverride.objects.filter(with_case | without_case)


def consent_override_review_list(*, user: User) -> QuerySet[ConsentOverride]:
    """Overrides flagged for review that the user reviews (unit manager or controller)."""
    return (
        consent_override_reviewable_by(user)
        .filter(flagged_for_review=True)
        .select_related("individual", "case__unit", "overridden_by")
        .order_by("overridden_at", "pk")
    )
