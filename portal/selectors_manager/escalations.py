"""The escalations waiting at the user's level (R2, R9), for the managers' dashboards."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Window
from django.utils import timezone

from coordination.models import Escalation
from coordination.selectors_age import STOCKHOLM
from coordination.selectors_escalations import escalation_target_at, escalations_waiting_for
from units.models import Role, User

ESCALATIONS_SHOWN = 5


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, STOCKHOLM).date()


@dataclass(frozen=True)
class EscalationRow:
    escalation: Escalation
    days_at_level: int
    target_on: datetime.date
    is_overdue: bool


@dataclass
class EscalationBlock:
    count: int = 0
    rows: list[EscalationRow] = field(default_factory=list)


def manager_escalations(
    *, user: User, role: Role, now: datetime.datetime, decides: bool = True
) -> EscalationBlock:
    """The open escalations at a level the user decides at in this role: how many, and the
    oldest few (longest at the level first) with their target date (R9); one query, none when
    the role `decides` at no level of the user's ladders (R2)."""
    block = EscalationBlock()
    if not decides:
        return block
    today = now.astimezone(STOCKHOLM).date()
    queue = (
        escalations_waiting_for(user=user)
        .filter(level__deciding_role=role)
        .annotate(queue_total=Window(Count("pk")))[:ESCALATIONS_SHOWN]
    )
    for escalation in queue:
        block.count = escalation.queue_total
        target_at = escalation_target_at(escalation)
        block.rows.append(
            EscalationRow(
                escalation=escalation,
                days_at_level=(today - _local_date(escalation.level_entered_at)).days,
                target_on=_local_date(target_at),
                is_overdue=now > target_at,
            )
        )
    return block
