"""Reads about handovers (R17, R18): who may do what, the lists, and what blocks what.

The receiving side reads the package only, never the sending case's other contents (R4):
every query here that serves the receiving side selects the handover's own fields, the
individual's name and the sending unit, nothing else of the case.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from coordination.models import AgeThreshold, Case, Handover, HandoverState
from coordination.selectors_age import stockholm_today
from units.models import UNIT_ROLES, Membership, Role, Unit, UnitKind, User

# Who confirms receipt and appoints the receiving caseworker (R18).
RECEIVING_MANAGER_ROLES = frozenset({Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER})
# Who may be appointed receiving caseworker.
RECEIVING_CASEWORKER_ROLES = frozenset({Role.CASEWORKER, Role.COORDINATOR})
# A handover neither passed nor cancelled.
LIVE_STATES = frozenset(
    {HandoverState.DRAFT, HandoverState.SENT, HandoverState.RECEIVED, HandoverState.APPOINTED}
)
# States the receiving side sees.
RECEIVER_STATES = frozenset(
    {HandoverState.SENT, HandoverState.RECEIVED, HandoverState.APPOINTED, HandoverState.PASSED}
)


def handover_may_send(*, user: User, case: Case) -> bool:
    """The case's responsible caseworker, with an active membership at its unit; one query."""
    if not user.is_authenticated or not user.is_active or case.caseworker_id != user.pk:
        return False
    return Membership.objects.filter(
        user=user, unit_id=case.unit_id, role__in=UNIT_ROLES, is_active=True
    ).exists()


def handover_receiving_manager(*, user: User, unit_id: int) -> bool:
    """A deputy unit manager or unit manager of the receiving unit; one query."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user, unit_id=unit_id, role__in=RECEIVING_MANAGER_ROLES, is_active=True
    ).exists()


def handover_sending_side(*, user: User, handover: Handover) -> bool:
    """Someone working at the sending case's unit; one query."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user, unit_id=handover.case.unit_id, role__in=UNIT_ROLES, is_active=True
    ).exists()


def handover_receiving_side(*, user: User, handover: Handover) -> bool:
    """The receiving unit's managers, and the receiving caseworker, once the package is sent."""
    if handover.state not in RECEIVER_STATES:
        return False
    if handover.receiving_caseworker_id == user.pk and user.is_active:
        return True
    return handover_receiving_manager(user=user, unit_id=handover.receiving_unit_id)


def handover_get(*, handover_id: int) -> Handover | None:
    return (
        Handover.objects.select_related(
            "case",
            "case__unit",
            "case__individual",
            "case__caseworker",
            "receiving_unit",
            "receiving_caseworker",
            "received_by",
            "created_by",
            "receiving_case",
        )
        .filter(pk=handover_id)
        .first()
    )


def handover_live_for_case(*, case: Case) -> Handover | None:
    """The case's handover that is neither passed nor cancelled, else the latest; one query."""
    handovers = list(
        Handover.objects.filter(case=case)
        .exclude(state=HandoverState.CANCELLED)
        .select_related("receiving_unit", "receiving_caseworker")
        .order_by("-created_at", "-pk")[:1]
    )
    return handovers[0] if handovers else None


def handover_received_for_case(*, case: Case) -> Handover | None:
    """The passed handover this case at the receiving unit came from, if any; one query."""
    return (
        Handover.objects.filter(receiving_case=case, state=HandoverState.PASSED)
        .select_related("case__unit")
        .first()
    )


def handover_receiving_units(*, case: Case) -> QuerySet[Unit]:
    """The organisation's adult units that take over from the case's unit kind (R17): the
    kinds its age thresholds name, and Vuxen."""
    kinds = set(
        AgeThreshold.objects.filter(
            organisation_id=case.unit.organisation_id, from_unit_kind=case.unit.kind
        )
        .exclude(to_unit_kind="")
        .values_list("to_unit_kind", flat=True)
    ) | {UnitKind.VUXEN}
    return (
        Unit.objects.filter(organisation_id=case.unit.organisation_id, kind__in=kinds)
        .exclude(pk=case.unit_id)
        .order_by("name")
    )


def handover_caseworker_candidates(*, unit_id: int) -> QuerySet[User]:
    """Active caseworkers and coordinators of the receiving unit."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__unit_id=unit_id,
            memberships__role__in=RECEIVING_CASEWORKER_ROLES,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def handover_list_incoming(*, user: User) -> list[Handover]:
    """Handovers to the units the user manages, and those the user was appointed to receive;
    a constant number of queries (two)."""
    managed = Membership.objects.filter(
        user=user, role__in=RECEIVING_MANAGER_ROLES, is_active=True, unit__isnull=False
    ).values("unit_id")
    return list(
        Handover.objects.filter(state__in=RECEIVER_STATES)
        .filter(Q(receiving_unit_id__in=managed) | Q(receiving_caseworker=user))
        .select_related("case__individual", "case__unit", "receiving_unit", "receiving_caseworker")
        .order_by("passes_on", "pk")
    )


def handover_blocking(*, case: Case, on: datetime.date | None = None) -> Handover | None:
    """A live handover of this individual to this case's unit whose day has not come (R18)."""
    on = on or stockholm_today()
    return (
        Handover.objects.filter(
            case__individual_id=case.individual_id,
            receiving_unit_id=case.unit_id,
            state__in=LIVE_STATES,
            passes_on__gt=on,
        )
        .order_by("passes_on")
        .first()
    )


def handovers_due(*, on: datetime.date) -> list[int]:
    """Ids of the appointed handovers whose day has come (R17): set-based, one query."""
    return list(
        Handover.objects.filter(state=HandoverState.APPOINTED, passes_on__lte=on)
        .order_by("passes_on", "pk")
        .values_list("pk", flat=True)
    )


def handover_blocks_intervention(case: Case) -> str | None:
    """Why this case may not move to intervention yet, or None (R18: interventions start only
    once responsibility has passed). Call from `case_transition` when `to` is intervention."""
    handover = handover_blocking(case=case)
    if handover is None:
        return None
    return _(
        "Responsibility for %(person)s passes to %(unit)s on %(day)s. Interventions can be "
        "registered from that day (R18)."
    ) % {
        "person": case.individual.full_name,
        "unit": handover.receiving_unit.name,
        "day": f"{handover.passes_on:%Y-%m-%d}",
    }
