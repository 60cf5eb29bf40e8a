"""Reads of escalations (R2, R9): who decides at a level, and what waits for whom.

The deciders at a level are the members holding that level's deciding role at one of the two
units, or, for a department-level role, in one of the two units' departments. The same rule,
as a query, gives a manager's queue.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from coordination.models import Escalation, EscalationState
from units.models import DEPARTMENT_ROLES, EscalationLevel, Membership, Unit, User


def escalation_decider_ids(*, level: EscalationLevel, unit_ids: Iterable[int]) -> list[int]:
    """The users who decide at ``level`` for a disagreement between the given units."""
    unit_ids = list(unit_ids)
    members = Membership.objects.filter(is_active=True, role=level.deciding_role)
    if level.deciding_role in DEPARTMENT_ROLES:
        department_ids = Unit.objects.filter(pk__in=unit_ids).values("department_id")
        members = members.filter(department_id__in=department_ids, unit__isnull=True)
    else:
        members = members.filter(unit_id__in=unit_ids)
    return sorted(set(members.values_list("user_id", flat=True)))


def _decides_here(user: User) -> Exists:
    """True for an escalation whose current level ``user`` decides at (the queue's rule)."""
    at_unit = Q(unit_id=OuterRef("raising_unit_id")) | Q(unit_id=OuterRef("other_unit_id"))
    at_department = Q(
        unit__isnull=True,
        department_id=OuterRef("raising_unit__department_id"),
    ) | Q(unit__isnull=True, department_id=OuterRef("other_unit__department_id"))
    return Exists(
        Membership.objects.filter(
            user=user, is_active=True, role=OuterRef("level__deciding_role")
        ).filter(at_unit | at_department)
    )


def escalations_waiting_for(*, user: User) -> QuerySet[Escalation]:
    """Open escalations at a level ``user`` decides at: the manager's queue, oldest first."""
    if not user.is_authenticated or not user.is_active:
        return Escalation.objects.none()
    return (
        Escalation.objects.filter(state=EscalationState.OPEN)
        .filter(_decides_here(user))
        .select_related("level", "raising_unit", "other_unit", "responsible_unit")
        .order_by("level_entered_at", "pk")
    )


def escalation_may_decide(*, user: User, escalation: Escalation) -> bool:
    """Whether ``user`` decides the escalation at its current level now."""
    return (
        escalation.is_open and escalations_waiting_for(user=user).filter(pk=escalation.pk).exists()
    )
