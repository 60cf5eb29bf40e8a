"""Reads for the managers' dashboards (issue 6 item 5): escalations waiting at the user's level,
the next meeting with its agenda, coming handovers and overdue items in the user's units.

Each block costs a fixed number of queries, whatever the number of rows: counts and "the
oldest few" come from one query each (window functions), names are read in the same query as
the rows. Names follow the scope rule (R4): deputy unit managers and unit managers see the
people of their own units' cases, and those the rest of the portal already shows them (a
handover sent to their unit, an order sent to it, the agenda of a meeting they take part in);
a department head holds no unit role, so sees counts and unit names only.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from coordination.models import Case
from coordination.selectors_age import STOCKHOLM
from meetings.models import MeetingSeries
from portal.selectors_manager.escalations import EscalationBlock, manager_escalations
from portal.selectors_manager.handovers import HandoverBlock, manager_handovers
from portal.selectors_manager.meeting import NextMeeting, manager_next_meeting
from portal.selectors_manager.overdue import OverdueBlock, manager_overdue
from units.models import EscalationLevel, Role, Unit, User

__all__ = [
    "MANAGER_ROLES",
    "NAMING_ROLES",
    "ManagerDashboard",
    "manager_dashboard_for",
    "manager_escalations",
    "manager_handovers",
    "manager_next_meeting",
    "manager_overdue",
]

# The managers whose dashboards carry these blocks.
MANAGER_ROLES = frozenset({Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER, Role.DEPARTMENT_HEAD})
# Managers who hold a unit role and so see the people of their units' cases (R4).
NAMING_ROLES = frozenset({Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER})


@dataclass
class ManagerDashboard:
    names: bool
    escalations: EscalationBlock
    next_meeting: NextMeeting | None
    handovers: HandoverBlock
    overdue: OverdueBlock

    @property
    def listed_individual_ids(self) -> list[int]:
        """Everyone the handover and overdue blocks name, for the access log."""
        ids = [row.individual_id for row in self.handovers.rows]
        ids += [
            row.individual_id
            for kind in self.overdue.kinds
            for row in kind.rows
            if row.individual_id is not None
        ]
        return list(dict.fromkeys(ids))

    @property
    def agenda_cases(self) -> list[Case]:
        return self.next_meeting.cases if self.next_meeting else []


def manager_dashboard_for(
    *,
    user: User,
    role: Role,
    units: list[Unit],
    series: list[MeetingSeries],
    levels: list[EscalationLevel],
    now: datetime.datetime | None = None,
) -> ManagerDashboard:
    """The four manager blocks for one of the user's manager roles; `units` are the units the
    user serves in that role (a department head's: the department's), `series` the standing
    meetings the user takes part in and `levels` the rungs of the ladder the user decides at in
    that role."""
    now = now or timezone.now()
    today = now.astimezone(STOCKHOLM).date()
    names = role in NAMING_ROLES
    return ManagerDashboard(
        names=names,
        escalations=manager_escalations(user=user, role=role, now=now, decides=bool(levels)),
        next_meeting=manager_next_meeting(series=series, now=now),
        handovers=manager_handovers(units=units, today=today, names=names),
        overdue=manager_overdue(user=user, units=units, today=today, names=names),
    )
