"""Reads for the deadline engine (R17): which cases the handover sweep looks at, and who hears.

Every function here costs a constant number of queries, whatever the number of cases, so
the sweep's cost grows with its batches, not with its rows.
"""

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from coordination.models import AgeException, AgeThreshold, Case, CaseStatus, DueItem, DueKind
from coordination.selectors_age import _NOT_AN_END
from units.models import Membership, Organisation, Role, Unit, UnitKind

# The kinds a handover sweep raises; RESPONSIBILITY_PASSES is not the sweep's.
HANDOVER_KINDS = (
    DueKind.HANDOVER_FIRST_NOTICE,
    DueKind.HANDOVER_DEADLINE,
    DueKind.HANDOVER_REMINDER,
    DueKind.HANDOVER_OVERDUE,
)
# R17: the receiving side hears of a coming handover through its coordinators or deputies.
RECEIVING_ROLES = (Role.COORDINATOR, Role.DEPUTY_UNIT_MANAGER)
# Days of slack on the birth-date bounds: a 29 February birthday moves by one day (R16), and
# the exact dates come from `responsibility_ends` anyway.
_BOUND_SLACK = datetime.timedelta(days=3)


def date_shift(day: datetime.date, *, years: int = 0, months: int = 0) -> datetime.date:
    """`day` moved by whole years and months, clamped to the month's last day."""
    month_index = day.year * 12 + (day.month - 1) + years * 12 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


@dataclass
class OrganisationReach:
    """What the sweep needs of one organisation's thresholds (R16, R17)."""

    organisation: Organisation
    from_kinds: set[str] = field(default_factory=set)
    # to_unit_kind per from_unit_kind; "" stands for "the adult unit" (vuxen).
    to_kinds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    min_age: int = 99
    max_age: int = 0

    def birth_bounds(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """Born after the first, on or before the second: the birth dates that may have
        something due today (a notice reached, the threshold birthday not yet)."""
        org = self.organisation
        youngest_reach = date_shift(today, years=-self.min_age, months=org.handover_notice_months)
        if org.handover_first_notice_age is not None:
            youngest_reach = max(
                youngest_reach, date_shift(today, years=-org.handover_first_notice_age)
            )
        oldest = date_shift(today, years=-self.max_age)
        return oldest - _BOUND_SLACK, youngest_reach + _BOUND_SLACK


def handover_reach() -> dict[int, OrganisationReach]:
    """The organisations with age thresholds, keyed by id (one query)."""
    reach: dict[int, OrganisationReach] = {}
    # Thresholds about where an application goes do not end a responsibility (R16).
    thresholds = AgeThreshold.objects.exclude(condition__in=_NOT_AN_END).select_related(
        "organisation"
    )
    for threshold in thresholds:
        entry = reach.setdefault(
            threshold.organisation_id, OrganisationReach(organisation=threshold.organisation)
        )
        entry.from_kinds.add(threshold.from_unit_kind)
        entry.to_kinds[threshold.from_unit_kind].add(threshold.to_unit_kind or UnitKind.VUXEN)
        entry.min_age = min(entry.min_age, threshold.age)
        entry.max_age = max(entry.max_age, threshold.age)
    return reach


# What the sweep reads of a candidate case (R16, R17): the rest of the row stays in the database.
_CANDIDATE_FIELDS = (
    "id",
    "unit_id",
    "caseworker_id",
    "status",
    "legal_bases",
    "individual__id",
    "individual__birth_date",
)


def handover_candidates(
    *, today: datetime.date, reach: dict[int, OrganisationReach], batch_size: int = 2000
) -> Iterator[list[Case]]:
    """Open cases at a youth unit whose individual is within a handover's reach, in batches
    (R17): one query for the units, one for the candidates' ids, one per batch.

    A case with an agreed age exception (R16) is always a candidate: its date is agreed,
    not a birthday, so birth-date bounds cannot find it.
    """
    if not reach:
        return
    active_exception = AgeException.objects.filter(case=OuterRef("pk"), withdrawn_at__isnull=True)
    scope = Q()
    for organisation_id, entry in reach.items():
        born_after, born_on_or_before = entry.birth_bounds(today)
        scope |= Q(unit__organisation_id=organisation_id, unit__kind__in=entry.from_kinds) & (
            Q(
                individual__birth_date__gt=born_after,
                individual__birth_date__lte=born_on_or_before,
            )
            | Q(Exists(active_exception))
        )
    # The few units and organisations are fetched once and shared by the batches' cases:
    # joining them into every case row built three objects per case instead of one.
    units = {unit.pk: unit for unit in Unit.objects.filter(organisation_id__in=reach)}
    for unit in units.values():
        Unit.organisation.field.set_cached_value(unit, reach[unit.organisation_id].organisation)
    # The candidates' ids first, in one query the database answers with a hash join over
    # the birth-date window; keyset batches over the whole case table walked every open case
    # in id order instead (docs/performance.md). Then the rows, a batch at a time, by id.
    ids = list(
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .filter(scope)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = Case.objects.select_related("individual").only(*_CANDIDATE_FIELDS).order_by("pk")
    for start in range(0, len(ids), batch_size):
        batch = list(rows.filter(pk__in=ids[start : start + batch_size]))
        for case in batch:
            Case.unit.field.set_cached_value(case, units[case.unit_id])
        if batch:
            yield batch


def receiving_units(organisation_ids: Iterable[int]) -> dict[tuple[int, str], list[Unit]]:
    """Active units per (organisation, kind), ordered by name (one query)."""
    units: dict[tuple[int, str], list[Unit]] = defaultdict(list)
    for unit in Unit.objects.filter(organisation_id__in=set(organisation_ids), is_active=True):
        units[(unit.organisation_id, unit.kind)].append(unit)
    return units


def members_by_unit(unit_ids: Iterable[int], roles: Iterable[str]) -> dict[int, dict[str, set]]:
    """Active members' user ids per unit and role (one query)."""
    found: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    rows = Membership.objects.filter(
        unit_id__in=set(unit_ids), role__in=list(roles), is_active=True, user__is_active=True
    ).values_list("unit_id", "role", "user_id")
    for unit_id, role, user_id in rows:
        found[unit_id][role].add(user_id)
    return found


def handover_items_of(case_ids: Iterable[int]) -> list[DueItem]:
    """The handover items already raised for these cases (one query)."""
    return list(DueItem.objects.filter(case_id__in=list(case_ids), kind__in=HANDOVER_KINDS))


def due_items_open_for_case(case: Case) -> list[DueItem]:
    """A case's open handover items, earliest due first."""
    return list(case.due_items.filter(kind__in=HANDOVER_KINDS, done_at__isnull=True))
