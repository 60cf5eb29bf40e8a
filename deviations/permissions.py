"""Who may read and act on a deviation report, in which state (R25): one policy for the
pages, the lists and the services.

- The reporting side: deputy unit managers and unit managers of the reporting unit. They write
  and send part 1, record the dialogue, write part 2, sign for their unit and send it on.
- The other side: the same roles at a unit the report concerns, once part 1 is sent to them.
  They write part 2 together with the reporting side and sign for their unit.
- The organisation's controller reads the reports sent to them (and filed), and files them;
  nothing else (R25: the controller collects and stores the reports).
Everyone else: 404, missing and forbidden alike.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from deviations.models import REPORTING_ROLES, DeviationReport, DeviationState
from units.models import Membership, Role, User

REPORTING, OTHER, CONTROLLER = "reporting", "other", "controller"

# States the controller sees: the report has been sent to them.
CONTROLLER_STATES = frozenset({DeviationState.SENT, DeviationState.FILED})
PART2_STATES = frozenset(
    {
        DeviationState.DIALOGUE_RECORDED,
        DeviationState.PART2_DRAFTED,
        DeviationState.SIGNED_REPORTING,
        DeviationState.SIGNED_OTHER,
        DeviationState.SIGNED,
    }
)
SIGNING_STATES = frozenset(
    {DeviationState.PART2_DRAFTED, DeviationState.SIGNED_REPORTING, DeviationState.SIGNED_OTHER}
)

# action -> (the sides that may take it, the states it may be taken in)
ACTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "edit_part1": (frozenset({REPORTING}), frozenset({DeviationState.DRAFT})),
    "submit_part1": (frozenset({REPORTING}), frozenset({DeviationState.DRAFT})),
    "record_dialogue": (
        frozenset({REPORTING}),
        frozenset({DeviationState.PART1_SUBMITTED, DeviationState.DIALOGUE_RECORDED}),
    ),
    "write_part2": (frozenset({REPORTING, OTHER}), PART2_STATES),
    "sign": (frozenset({REPORTING, OTHER}), SIGNING_STATES),
    "send": (frozenset({REPORTING, OTHER}), frozenset({DeviationState.SIGNED})),
    "file": (frozenset({CONTROLLER}), frozenset({DeviationState.SENT})),
}


@dataclass(frozen=True)
class DeviationAccess:
    """The user's places in the policy: the units they manage (deputy or unit manager) and
    the organisations they are controller of. Read once per request."""

    managed_unit_ids: frozenset[int]
    controlled_organisation_ids: frozenset[int]

    @property
    def is_anyone(self) -> bool:
        return bool(self.managed_unit_ids or self.controlled_organisation_ids)


def deviation_access_for(user: User) -> DeviationAccess:
    """The user's deviation roles (one query; none for anonymous or inactive users)."""
    if not user.is_authenticated or not user.is_active:
        return DeviationAccess(frozenset(), frozenset())
    managed: set[int] = set()
    controlled: set[int] = set()
    rows = Membership.objects.filter(
        user=user, is_active=True, role__in=[*REPORTING_ROLES, Role.CONTROLLER]
    ).values_list("role", "unit_id", "organisation_id")
    for role, unit_id, organisation_id in rows:
        if role == Role.CONTROLLER and unit_id is None:
            controlled.add(organisation_id)
        elif role in REPORTING_ROLES and unit_id is not None:
            managed.add(unit_id)
    return DeviationAccess(frozenset(managed), frozenset(controlled))


def deviation_visible(access: DeviationAccess) -> QuerySet[DeviationReport]:
    """Every report the user may read: their units' reports (drafts too), reports that
    concern their units once part 1 is sent, and, for a controller, the organisation's reports
    sent to the controller."""
    if not access.is_anyone:
        return DeviationReport.objects.none()
    concerning = DeviationReport.concerned_units.through.objects.filter(
        deviationreport_id=OuterRef("pk"), unit_id__in=access.managed_unit_ids
    )
    return DeviationReport.objects.filter(
        Q(reporting_unit_id__in=access.managed_unit_ids)
        | (Exists(concerning) & ~Q(state=DeviationState.DRAFT))
        | Q(
            organisation_id__in=access.controlled_organisation_ids,
            state__in=CONTROLLER_STATES,
        )
    )


def deviation_sides(access: DeviationAccess, report: DeviationReport) -> frozenset[str]:
    """The sides the user holds on this report; uses the report's concerned units, so prefetch
    them on lists."""
    sides: set[str] = set()
    if report.reporting_unit_id in access.managed_unit_ids:
        sides.add(REPORTING)
    if report.state != DeviationState.DRAFT and (
        access.managed_unit_ids & {unit.pk for unit in report.concerned_units.all()}
    ):
        sides.add(OTHER)
    if (
        report.organisation_id in access.controlled_organisation_ids
        and report.state in CONTROLLER_STATES
    ):
        sides.add(CONTROLLER)
    return frozenset(sides)


def deviation_can(access: DeviationAccess, action: str, report: DeviationReport) -> bool:
    """Whether the user may take `action` on the report in its present state."""
    sides, states = ACTIONS[action]
    return report.state in states and bool(sides & deviation_sides(access, report))


def deviation_actions(access: DeviationAccess, report: DeviationReport) -> frozenset[str]:
    """Every action the user may take on the report now (for the page's buttons)."""
    return frozenset(action for action in ACTIONS if deviation_can(access, action, report))
