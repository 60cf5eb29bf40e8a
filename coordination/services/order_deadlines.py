"""The deadline engine's order sweep (R26, R27): what falls due for orders to open care.

For each order it raises, once:
- the execution check, `order_execution_check_days` after receipt while the order is
  received but neither checked nor kicked off, for the ordering unit's administrative
  coordinator (the organisation's `order_execution_check_role`);
- the implementation plan, on the day agreed at the kick-off while the provider has written
  none, for the responsible treater;
- the follow-up, `order_follow_up_months` after the kick-off or the latest follow-up (raised
  FOLLOW_UP_NOTICE_DAYS ahead), for the caseworker and the treater;
- the closing documentation, from the day the order closed until it is recorded, due
  `order_closing_documentation_days` later, for the treater.

Each item is unique per order, kind and period (`due_item_once_per_order_period`); every
insert is `INSERT ... ON CONFLICT DO NOTHING RETURNING` (`insert_new_due_items`) and
`notify()` is idempotent, so a sweep run twice, or twice at once, raises and notifies nothing
more.
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce

from coordination.models import DueItem, DueKind, Order, OrderState
from coordination.selectors_age import months_before, stockholm_today
from coordination.selectors_orders import add_months
from coordination.services.deadlines import insert_new_due_items
from coordination.services.notifications import notify
from units.models import Membership, Organisation

logger = logging.getLogger(__name__)

# R27 "at least every six months": the follow-up is raised this many days before it is due,
# so that the meeting can be booked in time.
FOLLOW_UP_NOTICE_DAYS = 14
# Slack for the SQL pre-filter of follow-ups: month ends clamp (31 August + 6 months is
# 28 February), so the exact date is computed in Python after a slightly wider filter.
_MONTH_END_SLACK = 4
ORDER_SWEPT_KINDS = (
    DueKind.ORDER_EXECUTION_CHECK,
    DueKind.ORDER_PLAN_DUE,
    DueKind.ORDER_FOLLOW_UP,
    DueKind.ORDER_CLOSING_DOCUMENTATION,
)


@dataclass
class OrderSweepResult:
    """What one order sweep raised, per kind, and how many notifications it created."""

    raised: Counter = field(default_factory=Counter)
    notified: int = 0

    def __getitem__(self, kind: str) -> int:
        return self.raised[kind]

    @property
    def total(self) -> int:
        return sum(self.raised.values())


@dataclass(frozen=True)
class _Wanted:
    order: Order
    kind: str
    period: datetime.date
    due_on: datetime.date

    @property
    def key(self) -> tuple[int, str, datetime.date]:
        return (self.order.pk, self.kind, self.period)


def _orders():
    return Order.objects.select_related("case", "case__unit").only(
        "pk",
        "state",
        "treater_id",
        "received_on",
        "kick_off_on",
        "plan_agreed_by",
        "closed_on",
        "provider_unit_id",
        "case__caseworker_id",
        "case__unit_id",
        "case__unit__organisation_id",
    )


def _execution_checks(organisation: Organisation, today: datetime.date) -> list[_Wanted]:
    days = datetime.timedelta(days=organisation.order_execution_check_days)
    orders = _orders().filter(
        case__unit__organisation=organisation,
        state=OrderState.RECEIVED,
        execution_checked_at__isnull=True,
        received_on__lte=today - days,
    )
    return [
        _Wanted(order, DueKind.ORDER_EXECUTION_CHECK, order.received_on, order.received_on + days)
        for order in orders
    ]


def _plans_due(organisation: Organisation, today: datetime.date) -> list[_Wanted]:
    orders = _orders().filter(
        case__unit__organisation=organisation,
        state=OrderState.EXECUTED,
        plan_agreed_by__lte=today,
        plans__isnull=True,
    )
    return [
        _Wanted(order, DueKind.ORDER_PLAN_DUE, order.plan_agreed_by, order.plan_agreed_by)
        for order in orders
    ]


def _follow_ups(organisation: Organisation, today: datetime.date) -> list[_Wanted]:
    months = organisation.order_follow_up_months
    horizon = today + datetime.timedelta(days=FOLLOW_UP_NOTICE_DAYS)
    latest_by = months_before(horizon, months) + datetime.timedelta(days=_MONTH_END_SLACK)
    orders = (
        _orders()
        .filter(
            case__unit__organisation=organisation,
            state=OrderState.EXECUTED,
            kick_off_on__isnull=False,
        )
        .annotate(last=Coalesce(Max("follow_ups__held_on"), "kick_off_on"))
        .filter(last__lte=latest_by)
    )
    wanted = []
    for order in orders:
        due_on = add_months(order.last, months)
        if due_on <= horizon:
            wanted.append(_Wanted(order, DueKind.ORDER_FOLLOW_UP, due_on, due_on))
    return wanted


def _closing_documentation(organisation: Organisation, today: datetime.date) -> list[_Wanted]:
    days = datetime.timedelta(days=organisation.order_closing_documentation_days)
    orders = _orders().filter(
        case__unit__organisation=organisation,
        state=OrderState.CLOSED,
        documentation_done_at__isnull=True,
        closed_on__lte=today,
    )
    return [
        _Wanted(order, DueKind.ORDER_CLOSING_DOCUMENTATION, order.closed_on, order.closed_on + days)
        for order in orders
    ]


def _checkers(wanted: list[_Wanted]) -> dict[int, set[int]]:
    """The execution-check role's holders per ordering unit (one query)."""
    unit_ids = {w.order.case.unit_id for w in wanted if w.kind == DueKind.ORDER_EXECUTION_CHECK}
    if not unit_ids:
        return {}
    found: dict[int, set[int]] = {}
    rows = Membership.objects.filter(
        unit_id__in=unit_ids,
        is_active=True,
        user__is_active=True,
        role=F("unit__organisation__order_execution_check_role"),
    ).values_list("unit_id", "user_id")
    for unit_id, user_id in rows:
        found.setdefault(unit_id, set()).add(user_id)
    return found


def _recipients(item: DueItem, order: Order, checkers: dict[int, set[int]]) -> set[int]:
    if item.kind == DueKind.ORDER_EXECUTION_CHECK:
        return checkers.get(order.case.unit_id, set())
    if item.kind == DueKind.ORDER_FOLLOW_UP:
        return {order.case.caseworker_id, order.treater_id} - {None}
    return {order.treater_id} - {None}


def orders_sweep(*, today: datetime.date | None = None) -> OrderSweepResult:
    """Raises the order items due by today (Stockholm) and notifies their recipients,
    exactly once per item and recipient (R26, R27). Set-based: a few queries per
    organisation and kind, whatever the number of orders; safe to run again or concurrently."""
    today = today or stockholm_today()
    result = OrderSweepResult()
    wanted: list[_Wanted] = []
    for organisation in Organisation.objects.all():
        wanted += _execution_checks(organisation, today)
        wanted += _plans_due(organisation, today)
        wanted += _follow_ups(organisation, today)
        wanted += _closing_documentation(organisation, today)
    if not wanted:
        return result
    with transaction.atomic():
        order_ids = {w.order.pk for w in wanted}
        existing = set(
            DueItem.objects.filter(order_id__in=order_ids, kind__in=ORDER_SWEPT_KINDS).values_list(
                "order_id", "kind", "period"
            )
        )
        missing = [w for w in wanted if w.key not in existing]
        if not missing:
            return result
        # Exactly the rows this run inserted come back, with their history rows written; a
        # concurrent run's rows are its own to notify.
        raised = insert_new_due_items(
            [
                DueItem(
                    organisation_id=w.order.case.unit.organisation_id,
                    kind=w.kind,
                    case_id=w.order.case_id,
                    order_id=w.order.pk,
                    period=w.period,
                    due_on=w.due_on,
                    unit_id=w.order.provider_unit_id,
                )
                for w in missing
            ]
        )
        if not raised:
            return result
        by_key = {w.key: w for w in missing}
        checkers = _checkers(missing)
        recipients: dict[int, set[int]] = {}
        for item in raised:
            order = by_key[item.order_id, item.kind, item.period].order
            result.raised[str(item.kind)] += 1
            recipients[item.pk] = _recipients(item, order, checkers)
        result.notified += notify(recipient_ids_by_item=recipients)
    if result.total:
        logger.info("Order sweep raised %s", dict(result.raised))
    return result
