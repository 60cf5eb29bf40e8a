"""Reads for the role dashboards: each gathers what one role needs, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count

from coordination.models import Case
from coordination.selectors_waiting import WaitingItem, waiting_for_me
from meetings.models import MeetingSeries
from meetings.selectors import meeting_series_for_user
from portal.selectors_manager import MANAGER_ROLES, ManagerDashboard, manager_dashboard_for
from units.models import EscalationLevel, Membership, Organisation, Role, Unit, User
from units.selectors import (
    escalation_levels_decided_by,
    membership_list_for_user,
    organisation_list_for_user,
    unit_contacts,
    unit_list_for_membership_role,
)


@dataclass
class Dashboard:
    role: Role
    memberships: list[Membership]
    units: list[Unit] = field(default_factory=list)
    escalation_levels: list[EscalationLevel] = field(default_factory=list)
    meeting_series: list[MeetingSeries] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    # Issue 4 item 11: the next steps the user owns (caseworker, coordinator, managers).
    waiting: list[WaitingItem] = field(default_factory=list)
    # Issue 6 item 5: escalations, the next meeting, handovers and overdue items (managers).
    manager: ManagerDashboard | None = None

    @property
    def waiting_individual_ids(self) -> list[int]:
        """Everyone the waiting list names, for the access log."""
        return list(dict.fromkeys(item.individual_id for item in self.waiting))

    @property
    def listed_individual_ids(self) -> list[int]:
        """Everyone the page lists by name (the agenda aside), for one access-log write."""
        ids = self.waiting_individual_ids
        if self.manager is not None:
            ids += self.manager.listed_individual_ids
        return list(dict.fromkeys(ids))

    @property
    def agenda_cases(self) -> list[Case]:
        """The cases the next meeting's agenda names, logged as the agenda page logs them."""
        return self.manager.agenda_cases if self.manager is not None else []


CONTACT_ROLES = {Role.COORDINATOR, Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER}
WAITING_ROLES = {Role.CASEWORKER, Role.COORDINATOR, Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER}


def dashboard_for(*, user: User, role: Role) -> Dashboard:
    """What the user sees on the dashboard of one of their roles."""
    dashboard = Dashboard(
        role=role,
        memberships=[m for m in membership_list_for_user(user=user) if m.role == role],
    )
    units = unit_list_for_membership_role(user=user, role=role)
    dashboard.units = list(units)
    if role in {Role.CASEWORKER, Role.COORDINATOR}:
        contacts = unit_contacts(units=units, roles=CONTACT_ROLES)
        for unit in dashboard.units:
            unit.contacts = contacts.get(unit.pk, [])
    if role in {
        Role.DEPUTY_UNIT_MANAGER,
        Role.UNIT_MANAGER,
        Role.DEPARTMENT_HEAD,
        Role.COORDINATOR,
    }:
        dashboard.escalation_levels = [
            level
            for level in escalation_levels_decided_by(user=user)
            if level.deciding_role == role
        ]
        dashboard.meeting_series = [
            series
            for series in meeting_series_for_user(user=user)
            if role in series.participant_roles
        ]
    if role in WAITING_ROLES:
        dashboard.waiting = waiting_for_me(user=user, role=role)
    if role in MANAGER_ROLES:
        dashboard.manager = manager_dashboard_for(
            user=user,
            role=role,
            units=dashboard.units,
            series=dashboard.meeting_series,
            levels=dashboard.escalation_levels,
        )
    if role in {Role.CONTROLLER, Role.ADMINISTRATOR}:
        dashboard.organisations = list(
            organisation_list_for_user(user=user, roles={role}).annotate(
                unit_count=Count("units", distinct=True),
                member_count=Count("memberships__user", distinct=True),
            )
        )
    return dashboard
