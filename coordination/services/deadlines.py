"""The deadline engine's handover sweep (R17) and marking a due item done.

The sweep raises, for each open case at a youth unit that nears its threshold birthday:
a first notice (when the organisation asks for one), the handover deadline, a reminder every
few days while the deadline is not done, and once the deadline is long past, an overdue item
for the unit manager. Each item exists once per case, kind and period: the unique constraint
``due_item_once_per_period`` is the guarantee, and every insert is ``bulk_create`` with
``ignore_conflicts``, so a sweep run twice, or twice at once, raises nothing more.
"""

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from coordination.db import history_created, insert_new
from coordination.models import Case, DueItem, DueKind, RoutineTrigger
from coordination.selectors import date_from_db
from coordination.selectors_age import ResponsibilityEnd, responsibility_ends, stockholm_today
from coordination.selectors_deadlines import (
    RECEIVING_ROLES,
    OrganisationReach,
    handover_candidates,
    handover_items_of,
    handover_reach,
    members_by_unit,
    receiving_units,
)
from coordination.services.notifications import notify
from coordination.services.routine_runs import EventStart, routine_runs_start_for_many
from units.models import Membership, Role, Unit, UnitKind, User

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
# Done on one of these closes the whole handover's open items: it has been announced.
_CLOSES_HANDOVER = frozenset({DueKind.HANDOVER_DEADLINE, DueKind.HANDOVER_OVERDUE})
_HANDOVER_OPEN_KINDS = (
    DueKind.HANDOVER_DEADLINE,
    DueKind.HANDOVER_REMINDER,
    DueKind.HANDOVER_OVERDUE,
)


@dataclass
class SweepResult:
    """What one sweep raised, per kind, and how many notifications it created."""

    raised: Counter = field(default_factory=Counter)
    notified: int = 0
    cases: int = 0

    def __getitem__(self, kind: str) -> int:
        return self.raised[kind]

    @property
    def total(self) -> int:
        return sum(self.raised.values())


def _receiving_unit_ids(
    case: Case,
    end: ResponsibilityEnd,
    reach: OrganisationReach,
    units: dict[tuple[int, str], list[Unit]],
) -> list[int]:
    """The adult unit(s) that take over (R17): the threshold's to_unit_kind, else vuxen."""
    organisation_id = case.unit.organisation_id
    if end.threshold is not None:
        kinds = {end.threshold.to_unit_kind or UnitKind.VUXEN}
    else:  # an agreed exception: the kinds the organisation hands over to from this unit kind
        kinds = reach.to_kinds.get(case.unit.kind) or {UnitKind.VUXEN}
    found = [unit.pk for kind in sorted(kinds) for unit in units.get((organisation_id, kind), [])]
    return found


def _wanted_items(
    *,
    case: Case,
    end: ResponsibilityEnd,
    receiving_unit_id: int | None,
    existing: dict[tuple[str, datetime.date], DueItem],
    today: datetime.date,
) -> list[DueItem]:
    """The handover items this case should have today and does not have yet (R17)."""
    if not end.notice_on <= today < end.ends_on and not (
        end.first_notice_on is not None and end.first_notice_on <= today < end.ends_on
    ):
        return []
    organisation = case.unit.organisation
    common = {"organisation_id": organisation.pk, "case": case, "unit_id": receiving_unit_id}
    wanted: list[DueItem] = []

    def want(kind: str, period: datetime.date, due_on: datetime.date) -> None:
        if (kind, period) not in existing:
            wanted.append(DueItem(kind=kind, period=period, due_on=due_on, **common))

    if end.first_notice_on is not None and end.first_notice_on <= today:
        want(DueKind.HANDOVER_FIRST_NOTICE, end.ends_on, end.first_notice_on)
    if end.notice_on > today:
        return wanted
    deadline = existing.get((DueKind.HANDOVER_DEADLINE, end.ends_on))
    if deadline is None:
        want(DueKind.HANDOVER_DEADLINE, end.ends_on, end.notice_on)
    elif deadline.done_at is not None:
        return wanted  # announced: reminders and the overdue item stop
    due_on = deadline.due_on if deadline else end.notice_on
    late_days = (today - due_on).days
    every = organisation.handover_reminder_days
    if late_days >= every:
        # Only the latest reminder day: a sweep that was down for a while does not send a
        # burst of reminders for the days it missed.
        reminder_on = due_on + datetime.timedelta(days=late_days // every * every)
        want(DueKind.HANDOVER_REMINDER, reminder_on, reminder_on)
    if late_days >= organisation.handover_overdue_days:
        overdue_on = due_on + datetime.timedelta(days=organisation.handover_overdue_days)
        want(DueKind.HANDOVER_OVERDUE, end.ends_on, overdue_on)
    return wanted


_ITEM_COLUMNS = (
    "organisation_id",
    "kind",
    "case_id",
    "order_id",
    "period",
    "due_on",
    "unit_id",
    "raised_at",
)


def insert_new_due_items(items: list[DueItem]) -> list[DueItem]:
    """Inserts the items that do not exist yet and returns exactly those, with their ids and
    their history rows written (coordination.db: one statement per 500 rows, on PostgreSQL
    and SQLite alike)."""
    now = timezone.now()
    by_key = {(item.case_id, item.order_id, item.kind, item.period): item for item in items}
    rows = [
        (
            item.organisation_id,
            item.kind,
            item.case_id,
            item.order_id,
            item.period,
            item.due_on,
            item.unit_id,
            now,
        )
        for item in items
    ]
    inserted: list[DueItem] = []
    for pk, case_id, order_id, kind, period in insert_new(
        DueItem, _ITEM_COLUMNS, rows, returning=("id", "case_id", "order_id", "kind", "period")
    ):
        item = by_key[case_id, order_id, kind, date_from_db(period)]
        item.pk, item.raised_at = pk, now
        inserted.append(item)
    history_created(DueItem, [item.pk for item in inserted], when=now)
    return inserted


def _sweep_batch(
    *,
    cases: list[Case],
    reach: dict[int, OrganisationReach],
    units: dict[tuple[int, str], list[Unit]],
    today: datetime.date,
    result: SweepResult,
) -> None:
    """One batch in one transaction: the items and their notifications commit together."""
    ends = responsibility_ends(cases, on=today)
    by_case: dict[int, dict[tuple[str, datetime.date], DueItem]] = defaultdict(dict)
    for item in handover_items_of(ends):
        by_case[item.case_id][item.kind, item.period] = item
    wanted: list[DueItem] = []
    receiving: dict[int, list[int]] = {}
    cases_by_pk = {case.pk: case for case in cases}
    for case_id, end in ends.items():
        case = cases_by_pk[case_id]
        receiving[case_id] = _receiving_unit_ids(case, end, reach[case.unit.organisation_id], units)
        wanted += _wanted_items(
            case=case,
            end=end,
            receiving_unit_id=receiving[case_id][0] if receiving[case_id] else None,
            existing=by_case[case_id],
            today=today,
        )
    if not wanted:
        return
    # Only the rows this run inserted come back; a concurrent sweep's rows are its own to
    # notify, and the unique constraint, not a check beforehand, is the guarantee.
    raised = insert_new_due_items(wanted)
    if not raised:
        return
    all_receiving = {unit_id for case_id in receiving for unit_id in receiving[case_id]}
    own_units = {cases_by_pk[item.case_id].unit_id for item in raised}
    members = members_by_unit(all_receiving | own_units, (*RECEIVING_ROLES, Role.UNIT_MANAGER))
    recipients: dict[int, set[int]] = {}
    for item in raised:
        case = cases_by_pk[item.case_id]
        result.raised[str(item.kind)] += 1
        if item.kind == DueKind.HANDOVER_OVERDUE:
            # R17: an unannounced handover goes to the unit manager of the sending unit.
            recipients[item.pk] = set(members[case.unit_id][Role.UNIT_MANAGER])
            continue
        people = {case.caseworker_id}
        for unit_id in receiving[case.pk]:
            for role in RECEIVING_ROLES:
                people |= members[unit_id][role]
        recipients[item.pk] = people
    result.notified += notify(recipient_ids_by_item=recipients)
    # R17, R30: a raised handover deadline starts the organisation's handover routine (001),
    # set-based, with the receiving unit as the run's other unit. The sweep has no user: the
    # case's caseworker, who is to announce the handover, is recorded as having started it.
    routine_runs_start_for_many(
        event=RoutineTrigger.HANDOVER_DUE,
        starts=[
            EventStart(
                cases_by_pk[item.case_id], cases_by_pk[item.case_id].caseworker_id, item.unit_id
            )
            for item in raised
            if item.kind == DueKind.HANDOVER_DEADLINE
        ],
    )


def deadlines_sweep(*, today: datetime.date | None = None) -> SweepResult:
    """Raises the handover items due by today (Stockholm) and notifies their recipients,
    exactly once per item and recipient (R17). Set-based, in batches of BATCH_SIZE cases;
    safe to run again or concurrently."""
    today = today or stockholm_today()
    result = SweepResult()
    reach = handover_reach()
    units = receiving_units(reach)
    for cases in handover_candidates(today=today, reach=reach, batch_size=BATCH_SIZE):
        result.cases += len(cases)
        with transaction.atomic():
            _sweep_batch(cases=cases, reach=reach, units=units, today=today, result=result)
    if result.total:
        logger.info("Deadline sweep raised %s", dict(result.raised))
    return result


def due_item_may_complete(*, user: User, item: DueItem) -> bool:
    """The case's caseworker or a unit manager of the case's unit (R17)."""
    if not user.is_authenticated or not user.is_active or item.case_id is None:
        return False
    if item.case.caseworker_id == user.pk:
        return True
    return Membership.objects.filter(
        user=user, unit_id=item.case.unit_id, role=Role.UNIT_MANAGER, is_active=True
    ).exists()


@transaction.atomic
def due_item_done(*, actor: User, item: DueItem) -> DueItem:
    """Marks a due item done; done on the handover deadline (or its overdue item) closes the
    handover's open reminders and overdue item too, so the reminders stop (R17).

    Raises PermissionDenied for anyone but the case's caseworker or its unit's manager.
    """
    if not due_item_may_complete(user=actor, item=item):
        raise PermissionDenied
    now = timezone.now()
    if item.kind in _CLOSES_HANDOVER:
        rows = list(
            DueItem.objects.select_for_update().filter(
                case_id=item.case_id, kind__in=_HANDOVER_OPEN_KINDS, done_at__isnull=True
            )
        )
    else:
        rows = list(DueItem.objects.select_for_update().filter(pk=item.pk, done_at__isnull=True))
    for row in rows:
        row.done_at, row.done_by = now, actor
    if rows:
        bulk_update_with_history(rows, DueItem, ["done_at", "done_by"], default_user=actor)
    item.refresh_from_db()
    return item
