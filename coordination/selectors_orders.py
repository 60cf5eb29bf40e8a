"""Reads about orders to in-house open care (R26-R29): who may do what, and the lists.

The provider unit sees the order (the assignment, its needs and goals, the plans and the
follow-ups), the individual's name and the ordering unit, never the rest of the case (R4):
every query here that serves the provider side selects only those.
"""

import calendar
import datetime

from django.db.models import Case as CaseWhen
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Value, When

from coordination.models import (
    Case,
    CaseStatus,
    CoCaseworker,
    Order,
    OrderFollowUp,
    OrderImplementationPlan,
    OrderNeed,
    OrderNeedAssessment,
    OrderState,
)
from coordination.permissions import case_visible_to
from coordination.selectors_age import stockholm_today
from units.models import UNIT_ROLES, Membership, Role, Unit, UnitKind, User

# The unit kinds an order may go to: the municipality's own open care (004: SRV).
PROVIDER_KINDS = frozenset({UnitKind.SRV})
# Who at the provider unit is told that an order has come (004: 1:e behandlingssekreterare,
# enhetschef); all its members when it has none of them.
PROVIDER_MANAGER_ROLES = frozenset({Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER})
# The states the provider side sees: once the order is sent.
PROVIDER_STATES = frozenset(
    {
        OrderState.SENT,
        OrderState.RECEIVED,
        OrderState.REFUSED,
        OrderState.EXECUTED,
        OrderState.CLOSED,
        OrderState.CANCELLED,
    }
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month, `months` later, clamped to the end of a shorter month
    (31 August + 6 months = 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _active(user: User) -> bool:
    return user.is_authenticated and user.is_active


def order_may_write(*, user: User, case: Case) -> bool:
    """The case's caseworker (with an active membership at its unit) or an active
    co-caseworker of the case (R26); one or two queries."""
    if not _active(user):
        return False
    if case.caseworker_id == user.pk:
        return Membership.objects.filter(
            user=user, unit_id=case.unit_id, role__in=UNIT_ROLES, is_active=True
        ).exists()
    today = stockholm_today()
    return CoCaseworker.objects.filter(
        case=case,
        caseworker=user,
        revoked_at__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
    ).exists()


def order_provider_member(*, user: User, unit_id: int) -> bool:
    """Someone working at the provider unit; one query."""
    if not _active(user):
        return False
    return Membership.objects.filter(
        user=user, unit_id=unit_id, role__in=UNIT_ROLES, is_active=True
    ).exists()


def order_checker(*, user: User, order: Order) -> bool:
    """The ordering unit's administrative coordinator: the role the organisation names
    (R26, default coordinator); one query."""
    if not _active(user):
        return False
    role = order.case.unit.organisation.order_execution_check_role
    return Membership.objects.filter(
        user=user, unit_id=order.case.unit_id, role=role, is_active=True
    ).exists()


def order_ordering_side(*, user: User, order: Order) -> bool:
    """Someone who may see the ordering case (R4); one query."""
    return case_visible_to(user).filter(pk=order.case_id).exists()


def order_provider_side(*, user: User, order: Order) -> bool:
    """A member of the provider unit, once the order is sent; one query at most."""
    if order.state not in PROVIDER_STATES or order.sent_at is None:
        return False
    return order_provider_member(user=user, unit_id=order.provider_unit_id)


def order_get(*, order_id: int) -> Order | None:
    """One order with what its page shows; the needs, plans and follow-ups prefetched."""
    return (
        Order.objects.select_related(
            "case",
            "case__unit",
            "case__unit__organisation",
            "case__individual",
            "case__caseworker",
            "provider_unit",
            "treater",
            "created_by",
            "sent_by",
            "received_by",
            "refused_by",
            "execution_checked_by",
            "kick_off_recorded_by",
            "closed_by",
            "documentation_done_by",
        )
        .prefetch_related(
            Prefetch("needs", queryset=OrderNeed.objects.order_by("position")),
            Prefetch(
                "plans",
                queryset=OrderImplementationPlan.objects.select_related("written_by").order_by(
                    "-version"
                ),
            ),
            Prefetch(
                "follow_ups",
                queryset=OrderFollowUp.objects.select_related("recorded_by")
                .prefetch_related(
                    Prefetch(
                        "assessments",
                        queryset=OrderNeedAssessment.objects.select_related("need").order_by(
                            "need__position"
                        ),
                    )
                )
                .order_by("-held_on", "-pk"),
            ),
        )
        .filter(pk=order_id)
        .first()
    )


def order_list_for_case(*, case: Case) -> list[Order]:
    """The case's orders, newest first; one query."""
    return list(
        Order.objects.filter(case=case)
        .select_related("provider_unit", "treater")
        .order_by("-created_at", "-pk")
    )


def order_provider_units(*, case: Case) -> QuerySet[Unit]:
    """The organisation's active provider units (R26: SRV), never the case's own."""
    return (
        Unit.objects.filter(
            organisation_id=case.unit.organisation_id, kind__in=PROVIDER_KINDS, is_active=True
        )
        .exclude(pk=case.unit_id)
        .order_by("name")
    )


def order_treater_candidates(*, unit_id: int) -> QuerySet[User]:
    """Active members of the provider unit: the responsible treater is one of them (R27)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__unit_id=unit_id,
            memberships__role__in=UNIT_ROLES,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def order_acute_allowed(*, case: Case) -> bool:
    """R29: an acute, simplified order only while the case is under investigation."""
    return case.status == CaseStatus.INVESTIGATION


def order_list_incoming(*, user: User) -> list[Order]:
    """Orders sent to the user's provider units, running ones first; two queries at most
    whatever their number (the order, the individual's name, the ordering unit)."""
    units = Membership.objects.filter(
        user=user, role__in=UNIT_ROLES, is_active=True, unit__kind__in=PROVIDER_KINDS
    ).values("unit_id")
    return list(
        Order.objects.filter(provider_unit_id__in=units, state__in=PROVIDER_STATES)
        .exclude(sent_at__isnull=True)
        .select_related("case__individual", "case__unit", "provider_unit", "treater")
        .only(
            "pk",
            "state",
            "acute",
            "sent_at",
            "received_on",
            "kick_off_on",
            "ends_on",
            "case__individual__first_name",
            "case__individual__last_name",
            "case__individual__protected_identity",
            "case__unit__name",
            "provider_unit__name",
            "treater__first_name",
            "treater__last_name",
            "treater__username",
        )
        .annotate(
            step=CaseWhen(
                When(state=OrderState.SENT, then=Value(0)),
                When(state=OrderState.RECEIVED, then=Value(1)),
                When(state=OrderState.EXECUTED, then=Value(2)),
                default=Value(3),
            )
        )
        .order_by("step", "-sent_at", "-pk")
    )


def order_list_to_check(*, user: User) -> list[Order]:
    """Received orders of the units where the user holds the role that checks execution
    (R26), not yet checked, oldest receipt first; one query."""
    checker = Membership.objects.filter(
        user=user,
        is_active=True,
        unit_id=OuterRef("case__unit_id"),
        role=OuterRef("case__unit__organisation__order_execution_check_role"),
    )
    return list(
        Order.objects.filter(state=OrderState.RECEIVED, execution_checked_at__isnull=True)
        .filter(Exists(checker))
        .select_related("case__individual", "case__unit__organisation", "provider_unit")
        .annotate(
            check_days=F("case__unit__organisation__order_execution_check_days"),
        )
        .order_by("received_on", "pk")
    )


def order_due_dates(*, order: Order) -> dict[str, datetime.date | None]:
    """When the order's next deadlines fall (R26, R27), for its page."""
    organisation = order.case.unit.organisation
    dates: dict[str, datetime.date | None] = {
        "execution_check": None,
        "follow_up": None,
        "documentation": None,
    }
    if order.state == OrderState.RECEIVED and order.received_on and not order.execution_checked_at:
        dates["execution_check"] = order.received_on + datetime.timedelta(
            days=organisation.order_execution_check_days
        )
    if order.state == OrderState.EXECUTED and order.kick_off_on:
        held = [f.held_on for f in order.follow_ups.all()]
        last = max(held) if held else order.kick_off_on
        dates["follow_up"] = add_months(last, organisation.order_follow_up_months)
    if order.state == OrderState.CLOSED and order.closed_on and not order.documentation_done_at:
        dates["documentation"] = order.closed_on + datetime.timedelta(
            days=organisation.order_closing_documentation_days
        )
    return dates
