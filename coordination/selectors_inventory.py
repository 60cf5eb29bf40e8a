"""The semester inventory (R19): per youth unit the user manages, the open cases whose
responsibility ends within twelve months, for the alignment meeting.

A constant number of queries however many cases: the cases with unit and individual, their
live handovers, and the two of `responsibility_ends`.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from coordination.models import Case, CaseStatus, Handover
from coordination.models.deadlines import HandoverState
from coordination.selectors_age import months_before, responsibility_ends, stockholm_today
from units.models import Membership, Role, Unit, User

# Who prepares the alignment meeting for a unit (R19).
INVENTORY_ROLES = frozenset({Role.UNIT_MANAGER, Role.DEPUTY_UNIT_MANAGER, Role.COORDINATOR})
HORIZON_MONTHS = 12


def inventory_units_for(*, user: User) -> QuerySet[Unit]:
    """The units the user manages or coordinates, by name; one query when evaluated."""
    managed = Membership.objects.filter(
        user=user, is_active=True, unit__isnull=False, role__in=INVENTORY_ROLES
    ).values("unit_id")
    return Unit.objects.filter(pk__in=managed).order_by("name")


def inventory_unit_for(*, user: User, unit_id: int) -> Unit:
    """One unit the user manages, else 404 (missing and forbidden alike, STYLE rule 4)."""
    unit = inventory_units_for(user=user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


@dataclass(frozen=True)
class InventoryRow:
    """One coming transfer: who, when, why, how far the handover has come, what is needed."""

    case: Case
    ends_on: datetime.date
    reason: str
    handover_state: str
    needs: str

    @property
    def individual(self):
        return self.case.individual


def inventory_horizon(on: datetime.date) -> datetime.date:
    """The last day the inventory looks at: twelve months ahead (R19)."""
    return months_before(on, -HORIZON_MONTHS)


def inventory_rows(*, unit: Unit, on: datetime.date | None = None) -> list[InventoryRow]:
    """The unit's open cases whose responsibility ends on or before twelve months from `on`
    (default today in Stockholm), earliest first; ends already passed but still open are
    included, since the transfer is still to be made. Four queries."""
    on = on or stockholm_today()
    horizon = inventory_horizon(on)
    live = Handover.objects.exclude(state=HandoverState.CANCELLED).order_by("-created_at", "-pk")
    cases = list(
        Case.objects.filter(unit=unit)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("unit", "individual")
        .prefetch_related(Prefetch("handovers", queryset=live, to_attr="live_handovers"))
    )
    ends = responsibility_ends(cases, on=on)
    rows = []
    for case in cases:
        end = ends.get(case.pk)
        if end is None or end.ends_on > horizon:
            continue
        handover = case.live_handovers[0] if case.live_handovers else None
        rows.append(
            InventoryRow(
                case=case,
                ends_on=end.ends_on,
                reason=end.reason,
                handover_state=handover.get_state_display() if handover else "",
                needs=handover.interventions_and_planning if handover else "",
            )
        )
    rows.sort(key=lambda row: (row.ends_on, row.individual.last_name, row.case.pk))
    return rows
