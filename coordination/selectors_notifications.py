"""Reads of the notifications: the inbox page and the header's unread count."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from coordination.models import Notification
from coordination.permissions import case_visible_to
from units.models import DEPARTMENT_ROLES, UNIT_ROLES, Membership, User


def notification_inbox(*, user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first, with what the inbox shows of each item
    and `case_visible`: whether the user may open the case (R4). An order's (R26-R29), an
    escalation's (R9) and a meeting's (R21-R23) item links to its own page, which decides
    itself who may read it, as does a copy's (R31, R32) and a cost split's (R33); an
    organisation's item (R24) links to the routine review."""
    visible = case_visible_to(user).filter(pk=OuterRef("due_item__case_id"))
    return (
        Notification.objects.filter(recipient=user)
        .select_related(
            "due_item",
            "due_item__case",
            "due_item__case__unit",
            "due_item__case__individual",
            "due_item__meeting",
            "due_item__meeting__series",
        )
        .only(
            "pk",
            "created_at",
            "read_at",
            "acknowledged_at",
            "due_item__kind",
            "due_item__period",
            "due_item__due_on",
            "due_item__order_id",
            "due_item__escalation_id",
            "due_item__routine_step_id",
            "due_item__unit_copy_id",
            "due_item__intervention_id",
            "due_item__meeting__date",
            "due_item__meeting__series__name",
            "due_item__case__unit__name",
            "due_item__case__individual__first_name",
            "due_item__case__individual__last_name",
            "due_item__case__individual__protected_identity",
        )
        .annotate(case_visible=Exists(visible))
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class InboxStatus:
    show: bool
    unread: int


def notification_inbox_status(*, user: User) -> InboxStatus:
    """Whether the header shows the inbox (a unit or department role) and how many are
    unread; one query."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    unit_role = Membership.objects.filter(user=OuterRef("pk"), is_active=True).filter(
        Q(unit__isnull=False, role__in=UNIT_ROLES) | Q(role__in=DEPARTMENT_ROLES)
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(unread=Coalesce(Subquery(unread), 0), has_unit_role=Exists(unit_role))
        .values("unread", "has_unit_role")
        .first()
    )
    if row is None:
        return InboxStatus(show=False, unread=0)
    return InboxStatus(show=bool(row["has_unit_role"]), unread=row["unread"])
