"""Coming handovers in the user's units (R17, R18), for the managers' dashboards."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from coordination.models import AgeException, Case, CaseStatus, Handover, HandoverState
from coordination.selectors_age import responsibility_ends
from coordination.selectors_deadlines import date_shift, handover_reach
from units.models import Unit

# How far ahead the coming handovers look; the semester inventory (R19) looks a year ahead.
HANDOVER_HORIZON_DAYS = 90
HANDOVERS_SHOWN = 15

# A handover the receiving unit has been told of (R17: announced) and that has not passed.
ANNOUNCED_STATES = frozenset({HandoverState.SENT, HandoverState.RECEIVED, HandoverState.APPOINTED})

# Slack on the birth-date pre-filter: 29 February birthdays move a day (R16); the exact dates
# come from `responsibility_ends`.
_BIRTH_SLACK = datetime.timedelta(days=3)


class HandoverSide:
    SENDING = "sending"
    RECEIVING = "receiving"


class HandoverDate:
    """Which date a row is due by: the announcement (R17: six months before the birthday) or
    the day responsibility passes."""

    ANNOUNCE = "announce"
    PASSES = "passes"


@dataclass(frozen=True)
class HandoverRow:
    side: str
    unit: Unit
    other_unit_name: str
    individual_id: int
    name: str
    on: datetime.date
    date_kind: str
    state: str
    is_overdue: bool
    # Where the row leads: the sending case (the user's own unit's) or the handover.
    case_id: int | None = None
    handover_id: int | None = None


@dataclass(frozen=True)
class UnitHandovers:
    """What a department head sees per unit: counts, no names (R4)."""

    unit: Unit
    sending: int
    receiving: int
    overdue: int
    first_on: datetime.date | None


@dataclass
class HandoverBlock:
    horizon: datetime.date
    total: int = 0
    rows: list[HandoverRow] = field(default_factory=list)
    by_unit: list[UnitHandovers] = field(default_factory=list)


def _sending_cases(units: list[Unit], today: datetime.date, horizon: datetime.date) -> list[Case]:
    """Open cases at the user's youth units whose responsibility may end after today and whose
    announcement or end falls by the horizon; birth dates pre-filter in SQL, per organisation
    (one query for the thresholds, one for the cases), as the deadline sweep does."""
    reach = handover_reach()
    scope = Q()
    for unit in units:
        entry = reach.get(unit.organisation_id)
        if entry is None or unit.kind not in entry.from_kinds:
            continue
        # The end is on or after today at the latest threshold, and its announcement (the
        # end less the notice months) by the horizon at the earliest.
        latest_end = date_shift(horizon, months=entry.organisation.handover_notice_months)
        born_after = date_shift(today, years=-entry.max_age) - _BIRTH_SLACK
        born_by = date_shift(latest_end, years=-entry.min_age) + _BIRTH_SLACK
        exception = AgeException.objects.filter(case=OuterRef("pk"), withdrawn_at__isnull=True)
        scope |= Q(unit=unit) & (
            Q(individual__birth_date__gt=born_after, individual__birth_date__lte=born_by)
            | Q(Exists(exception))
        )
    if not scope:
        return []
    live = Handover.objects.filter(case=OuterRef("pk")).exclude(state=HandoverState.CANCELLED)
    live = live.order_by("-created_at", "-pk")
    return list(
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .filter(scope)
        .select_related("unit", "individual")
        .annotate(
            handover_id=Subquery(live.values("pk")[:1]),
            handover_state=Subquery(live.values("state")[:1]),
            handover_passes_on=Subquery(live.values("passes_on")[:1]),
            handover_to=Subquery(live.values("receiving_unit__name")[:1]),
        )
        .order_by("pk")
    )


def _sending_rows(
    units: list[Unit], today: datetime.date, horizon: datetime.date
) -> list[HandoverRow]:
    """R17: for each young person at the user's youth units, the next date that matters: the
    announcement while the handover is not yet sent, then the day responsibility passes."""
    cases = _sending_cases(units, today, horizon)
    ends = responsibility_ends(cases, on=today)
    rows = []
    for case in cases:
        end = ends.get(case.pk)
        if end is None or end.ends_on < today or case.handover_state == HandoverState.PASSED:
            continue
        if case.handover_state in ANNOUNCED_STATES:
            on, date_kind = case.handover_passes_on or end.ends_on, HandoverDate.PASSES
        else:
            on, date_kind = end.notice_on, HandoverDate.ANNOUNCE
        if on > horizon:
            continue
        state = (
            HandoverState(case.handover_state).label
            if case.handover_state
            else _("Not yet announced")
        )
        rows.append(
            HandoverRow(
                side=HandoverSide.SENDING,
                unit=case.unit,
                other_unit_name=case.handover_to or "",
                individual_id=case.individual_id,
                name=case.individual.full_name,
                on=on,
                date_kind=date_kind,
                state=str(state),
                is_overdue=on < today,
                case_id=case.pk,
                handover_id=case.handover_id,
            )
        )
    return rows


def _receiving_rows(
    units: list[Unit], today: datetime.date, horizon: datetime.date
) -> list[HandoverRow]:
    """Handovers announced to the user's units whose day comes by the horizon (R18); one query,
    the handover's own fields, the individual's name and the sending unit only (R4)."""
    by_pk = {unit.pk: unit for unit in units}
    handovers = (
        Handover.objects.filter(
            receiving_unit_id__in=list(by_pk),
            state__in=ANNOUNCED_STATES,
            passes_on__lte=horizon,
        )
        .select_related("case__individual", "case__unit")
        .only(
            "pk",
            "state",
            "passes_on",
            "receiving_unit_id",
            "case__individual_id",
            "case__unit__name",
            "case__individual__first_name",
            "case__individual__last_name",
        )
        .order_by("passes_on", "pk")
    )
    return [
        HandoverRow(
            side=HandoverSide.RECEIVING,
            unit=by_pk[handover.receiving_unit_id],
            other_unit_name=handover.case.unit.name,
            individual_id=handover.case.individual_id,
            name=handover.case.individual.full_name,
            on=handover.passes_on,
            date_kind=HandoverDate.PASSES,
            state=handover.get_state_display(),
            is_overdue=handover.passes_on < today,
            handover_id=handover.pk,
        )
        for handover in handovers
    ]


def manager_handovers(*, units: list[Unit], today: datetime.date, names: bool) -> HandoverBlock:
    """The coming handovers of the user's units, both sides, soonest first; with names only for
    managers of the units (`names`), else counts per unit. At most five queries."""
    horizon = today + datetime.timedelta(days=HANDOVER_HORIZON_DAYS)
    block = HandoverBlock(horizon=horizon)
    rows = _sending_rows(units, today, horizon) + _receiving_rows(units, today, horizon)
    rows.sort(key=lambda row: (row.on, row.unit.name, row.name, row.individual_id))
    block.total = len(rows)
    for unit in units:
        mine = [row for row in rows if row.unit.pk == unit.pk]
        if mine:
            block.by_unit.append(
                UnitHandovers(
                    unit=unit,
                    sending=sum(row.side == HandoverSide.SENDING for row in mine),
                    receiving=sum(row.side == HandoverSide.RECEIVING for row in mine),
                    overdue=sum(row.is_overdue for row in mine),
                    first_on=mine[0].on,
                )
            )
    block.rows = rows[:HANDOVERS_SHOWN] if names else []
    return block
