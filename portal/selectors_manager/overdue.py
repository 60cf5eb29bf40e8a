"""Overdue items in the user's units (R17, R26-R29), for the managers' dashboards."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber

from coordination.models import DueItem, DueKind
from coordination.permissions import case_visible_to
from units.models import Unit, User

OVERDUE_SHOWN_PER_KIND = 3

# Whose an open item is: the unit of its case (the sending or ordering side), or the unit the
# item names (the receiving unit of a sent handover, the provider of an order). A follow-up
# of an order is both sides' (R27: the caseworker and the treater).
CASE_UNIT_KINDS = (
    DueKind.HANDOVER_FIRST_NOTICE,
    DueKind.HANDOVER_DEADLINE,
    DueKind.HANDOVER_REMINDER,
    DueKind.HANDOVER_OVERDUE,
    DueKind.RESPONSIBILITY_PASSES,
    DueKind.ORDER_REFUSED,
    DueKind.ORDER_EXECUTION_CHECK,
    DueKind.ORDER_PLAN_COPY,
    DueKind.ORDER_FOLLOW_UP,
)
ITEM_UNIT_KINDS = (
    DueKind.HANDOVER_SENT,
    DueKind.ORDER_SENT,
    DueKind.ORDER_PLAN_DUE,
    DueKind.ORDER_FOLLOW_UP,
    DueKind.ORDER_CLOSING_DOCUMENTATION,
)


@dataclass(frozen=True)
class OverdueRow:
    item: DueItem
    days_overdue: int
    unit_name: str
    # Empty where the user may not see who the item is about (R4).
    name: str
    individual_id: int | None
    case_id: int | None
    order_id: int | None


@dataclass
class OverdueKind:
    kind: str
    label: str
    count: int
    rows: list[OverdueRow] = field(default_factory=list)


@dataclass
class OverdueBlock:
    kinds: list[OverdueKind] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(kind.count for kind in self.kinds)


def manager_overdue(
    *, user: User, units: list[Unit], today: datetime.date, names: bool
) -> OverdueBlock:
    """Open case and order items past their due date in the user's units, per kind: how many,
    and the oldest few; one query (window functions count and rank within each kind)."""
    unit_ids = [unit.pk for unit in units]
    mine = Q(kind__in=CASE_UNIT_KINDS, case__unit_id__in=unit_ids) | Q(
        kind__in=ITEM_UNIT_KINDS, unit_id__in=unit_ids
    )
    items = (
        DueItem.objects.filter(done_at__isnull=True, due_on__lt=today, case__isnull=False)
        .filter(mine)
        .select_related("case__individual", "case__unit", "unit")
        .annotate(
            kind_count=Window(Count("pk"), partition_by=[F("kind")]),
            kind_rank=Window(
                RowNumber(), partition_by=[F("kind")], order_by=[F("due_on").asc(), F("pk").asc()]
            ),
            case_visible=Exists(case_visible_to(user).filter(pk=OuterRef("case_id"))),
        )
        .filter(kind_rank__lte=OVERDUE_SHOWN_PER_KIND)
        .order_by("kind", "kind_rank")
    )
    by_kind: dict[str, OverdueKind] = {}
    for item in items:
        group = by_kind.setdefault(
            item.kind,
            OverdueKind(kind=item.kind, label=str(item.get_kind_display()), count=item.kind_count),
        )
        # The receiving or providing side sees the person once the package or order is sent
        # to it (R18, R26), and the owning unit's managers always do.
        on_item_side = item.kind in ITEM_UNIT_KINDS and item.unit_id in unit_ids
        named = names and (item.case_visible or on_item_side)
        own_unit = item.case.unit if item.case.unit_id in unit_ids else item.unit
        group.rows.append(
            OverdueRow(
                item=item,
                days_overdue=(today - item.due_on).days,
                unit_name=own_unit.name if own_unit else "",
                name=item.case.individual.full_name if named else "",
                individual_id=item.case.individual_id if named else None,
                case_id=item.case_id if named and item.case_visible else None,
                order_id=item.order_id if named else None,
            )
        )
    # The kinds with the oldest item first.
    block = OverdueBlock(kinds=list(by_kind.values()))
    block.kinds.sort(key=lambda group: (group.rows[0].item.due_on, group.kind))
    return block
