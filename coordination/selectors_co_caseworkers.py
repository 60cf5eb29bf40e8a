"""Reads for co-caseworkers (R17, R20) and for contacts seen from the other unit (R6).

Who may appoint and revoke is decided here once (`co_caseworker_may_manage`); lists start
from the viewer's own memberships and never load another unit's case contents (R4).
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coordination.models import Case, CaseStatus, CoCaseworker, Contact
from coordination.permissions import unit_ids_of
from coordination.selectors_age import stockholm_today
from units.models import Membership, Role, Unit, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Who may be appointed: those who handle cases at their unit.
APPOINTABLE_ROLES = frozenset({Role.CASEWORKER, Role.COORDINATOR})
# Besides the responsible caseworker, the case unit's managers appoint and revoke.
MANAGING_ROLES = frozenset({Role.UNIT_MANAGER, Role.DEPUTY_UNIT_MANAGER})


class CoCaseworkerState(models.TextChoices):
    """Where an appointment stands on a given day; derived, never stored."""

    COMING = "coming", _("Coming")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    REVOKED = "revoked", _("Revoked")


def co_caseworker_state(appointment: CoCaseworker, today: datetime.date) -> CoCaseworkerState:
    if appointment.revoked_at is not None:
        return CoCaseworkerState.REVOKED
    if appointment.ends_on < today:
        return CoCaseworkerState.ENDED
    if appointment.starts_on > today:
        return CoCaseworkerState.COMING
    return CoCaseworkerState.ACTIVE


def co_caseworker_may_manage(*, user: User, case: Case) -> bool:
    """The responsible caseworker, or a (deputy) unit manager of the case's unit (R17, R20);
    an active membership at the case's unit either way. One query."""
    if not user.is_authenticated or not user.is_active:
        return False
    memberships = Membership.objects.filter(user=user, unit_id=case.unit_id, is_active=True)
    if case.caseworker_id != user.pk:
        memberships = memberships.filter(role__in=MANAGING_ROLES)
    return memberships.exists()


def co_caseworker_list_for_case(*, case: Case) -> list[CoCaseworker]:
    """The case's appointments, newest period first, each with its `state`; one query."""
    today = stockholm_today()
    appointments = list(
        CoCaseworker.objects.filter(case=case)
        .select_related("caseworker", "unit")
        .order_by("-starts_on", "-pk")
    )
    for appointment in appointments:
        appointment.state = co_caseworker_state(appointment, today)
    return appointments


def co_caseworker_for_case(*, case: Case, appointment_id: int) -> CoCaseworker | None:
    return (
        CoCaseworker.objects.filter(case=case, pk=appointment_id)
        .select_related("caseworker", "unit")
        .first()
    )


def co_caseworker_appointments_for_user(*, user: User) -> list[CoCaseworker]:
    """The user's coming and active appointments; the case only by person, unit, caseworker.

    One query; the case's contents are not loaded (R4: before the period they are closed).
    """
    today = stockholm_today()
    appointments = list(
        CoCaseworker.objects.filter(caseworker=user, revoked_at__isnull=True, ends_on__gte=today)
        .select_related("case__individual", "case__unit", "case__caseworker", "unit")
        .only(
            "purpose",
            "purpose_text",
            "starts_on",
            "ends_on",
            "revoked_at",
            "unit__name",
            "case__individual__first_name",
            "case__individual__last_name",
            "case__individual__protected_identity",
            "case__unit__name",
            "case__caseworker__first_name",
            "case__caseworker__last_name",
            "case__caseworker__username",
        )
        .order_by("starts_on", "pk")
    )
    for appointment in appointments:
        appointment.state = co_caseworker_state(appointment, today)
    return appointments


def co_caseworker_units(*, case: Case) -> QuerySet[Unit]:
    """The units of the case's organisation; the service refuses the case's own with a reason."""
    return Unit.objects.filter(organisation_id=case.unit.organisation_id, is_active=True).order_by(
        "name"
    )


def co_caseworker_candidates(*, case: Case) -> QuerySet[User]:
    """Caseworkers and coordinators of the organisation's other units."""
    memberships = Membership.objects.filter(
        organisation_id=case.unit.organisation_id,
        unit__isnull=False,
        role__in=APPOINTABLE_ROLES,
        is_active=True,
    ).exclude(unit_id=case.unit_id)
    return (
        User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def candidate_units(*, case: Case, users) -> dict[int, list[str]]:
    """Each candidate's units where they may be appointed, for the choice labels; one query."""
    rows = (
        Membership.objects.filter(
            user__in=users, unit__isnull=False, role__in=APPOINTABLE_ROLES, is_active=True
        )
        .filter(organisation_id=case.unit.organisation_id)
        .exclude(unit_id=case.unit_id)
        .values_list("user_id", "unit__name")
        .order_by("unit__name")
    )
    result: dict[int, list[str]] = {}
    for user_id, unit_name in rows:
        names = result.setdefault(user_id, [])
        if unit_name not in names:
            names.append(unit_name)
    return result


# Contacts seen from the other unit (R6) ------------------------------------------------


# What the other unit may read of a contact: the record, and of the recording case only the
# unit and the person's name (R4). Summary, status and legal bases are never loaded.
CONTACT_FIELDS = (
    "contacted_on",
    "channel",
    "participants",
    "information_transfer_needed",
    "joint_work_plan_needed",
    "for_handover",
    "note",
    "other_unit__name",
    "other_caseworker__first_name",
    "other_caseworker__last_name",
    "other_caseworker__username",
    "recorded_by__first_name",
    "recorded_by__last_name",
    "recorded_by__username",
    "case__unit__name",
    "case__individual__first_name",
    "case__individual__last_name",
    "case__individual__protected_identity",
)


def contact_list_with_user(*, user: User) -> QuerySet[Contact]:
    """Contacts recorded towards one of the user's units or naming the user (R6)."""
    return (
        Contact.objects.filter(Q(other_unit_id__in=unit_ids_of(user)) | Q(other_caseworker=user))
        .select_related(
            "case__unit", "case__individual", "other_unit", "other_caseworker", "recorded_by"
        )
        .only(*CONTACT_FIELDS)
        .order_by("-contacted_on", "-pk")
    )


def own_case_by_individual(*, user: User, individual_ids) -> dict[int, int]:
    """The user's own case (at one of the user's units) per individual, open ones first;
    one query, ids only."""
    rows = (
        Case.objects.filter(individual_id__in=set(individual_ids), unit_id__in=unit_ids_of(user))
        .values_list("individual_id", "pk", "status")
        .order_by("-opened_on", "-pk")
    )
    result: dict[int, int] = {}
    open_found: set[int] = set()
    for individual_id, case_id, status in rows:
        is_open = status != CaseStatus.CLOSED
        if individual_id not in result or (is_open and individual_id not in open_found):
            result[individual_id] = case_id
        if is_open:
            open_found.add(individual_id)
    return result
