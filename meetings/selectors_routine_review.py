"""Reads for the yearly review of the routines (R24): who reads and records it, its years, and
the figures of the year before, aggregated in SQL: counts and shares, never an individual.

The review of year Y is held in Y and looks back at Y-1 (calendar year, Stockholm time). A
fixed number of queries whatever the amount of data: each figure is one aggregate query.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    RowNumber,
    TruncMonth,
)

from coordination.models import (
    DueItem,
    DueKind,
    Escalation,
    EscalationState,
    EscalationStep,
    Handover,
    HandoverState,
    StepOutcome,
)
from deviations.models import DeviationReport, DeviationState
from meetings.calendar import STOCKHOLM
from meetings.models import Meeting, MeetingState, RoutineReview, Submission
from units.models import EscalationLevel, Membership, Organisation, Role, User

# R24: "all managers" review the routines; the controller, who collects the deviation reports
# (R25), reads the review too.
MANAGER_ROLES = frozenset({Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER, Role.DEPARTMENT_HEAD})
READER_ROLES = MANAGER_ROLES | {Role.CONTROLLER}
FIRST_YEAR = 2000


@dataclass(frozen=True)
class RoutineReviewAccess:
    """One organisation whose routine review the user reads, and whether they may record it."""

    organisation: Organisation
    roles: frozenset[str]

    @property
    def may_record(self) -> bool:
        return bool(self.roles & MANAGER_ROLES)


def routine_review_access_for(*, user: User) -> list[RoutineReviewAccess]:
    """The organisations where the user is a manager or the controller, by name; one query."""
    if not user.is_authenticated or not user.is_active:
        return []
    roles: dict[int, set[str]] = defaultdict(set)
    organisations: dict[int, Organisation] = {}
    for membership in Membership.objects.filter(
        user=user, is_active=True, role__in=READER_ROLES
    ).select_related("organisation"):
        roles[membership.organisation_id].add(membership.role)
        organisations[membership.organisation_id] = membership.organisation
    return sorted(
        (RoutineReviewAccess(organisations[pk], frozenset(held)) for pk, held in roles.items()),
        key=lambda access: (access.organisation.name, access.organisation.pk),
    )


def routine_review_managers(*, organisation_ids: Iterable[int]) -> dict[int, set[int]]:
    """The active managers of each organisation (deputy unit managers, unit managers,
    department heads): who is reminded of the review (R24). One query."""
    managers: dict[int, set[int]] = defaultdict(set)
    for organisation_id, user_id in Membership.objects.filter(
        organisation_id__in=set(organisation_ids),
        role__in=MANAGER_ROLES,
        is_active=True,
        user__is_active=True,
    ).values_list("organisation_id", "user_id"):
        managers[organisation_id].add(user_id)
    return managers


def routine_review_items(*, year: int):
    """The organisations' own ROUTINE_REVIEW items of a year (no case, meeting or escalation)."""
    return DueItem.objects.filter(
        kind=DueKind.ROUTINE_REVIEW,
        case__isnull=True,
        meeting__isnull=True,
        escalation__isnull=True,
        period__year=year,
    )


def routine_review_organisations_due(*, today: datetime.date) -> list[tuple[int, int]]:
    """(organisation id, review month) of each organisation whose review month has begun this
    year and that has neither this year's reminder nor this year's review yet (R24)."""
    reminded = routine_review_items(year=today.year).filter(organisation=OuterRef("pk"))
    reviewed = RoutineReview.objects.filter(organisation=OuterRef("pk"), year=today.year)
    return list(
        Organisation.objects.filter(routine_review_month__lte=today.month)
        .exclude(Exists(reminded))
        .exclude(Exists(reviewed))
        .order_by("pk")
        .values_list("pk", "routine_review_month")
    )


@dataclass(frozen=True)
class RoutineReviewYear:
    """One year in the list: its review when recorded, the reminder when raised."""

    year: int
    review: RoutineReview | None = None
    reminded_on: datetime.date | None = None


def routine_review_years(
    *, organisation_ids: Iterable[int], current_year: int
) -> dict[int, list[RoutineReviewYear]]:
    """Per organisation, newest first: this year and every year with a review or a reminder.
    Two queries for any number of organisations."""
    organisation_ids = set(organisation_ids)
    reviews: dict[tuple[int, int], RoutineReview] = {
        (review.organisation_id, review.year): review
        for review in RoutineReview.objects.filter(organisation_id__in=organisation_ids)
    }
    reminded: dict[tuple[int, int], datetime.date] = {}
    for organisation_id, period in (
        DueItem.objects.filter(
            organisation_id__in=organisation_ids,
            kind=DueKind.ROUTINE_REVIEW,
            case__isnull=True,
            meeting__isnull=True,
            escalation__isnull=True,
        )
        .order_by("period")
        .values_list("organisation_id", "period")
    ):
        reminded.setdefault((organisation_id, period.year), period)
    years: dict[int, list[RoutineReviewYear]] = {}
    for organisation_id in organisation_ids:
        found = {year for pk, year in (*reviews, *reminded) if pk == organisation_id}
        found.add(current_year)
        years[organisation_id] = [
            RoutineReviewYear(
                year=year,
                review=reviews.get((organisation_id, year)),
                reminded_on=reminded.get((organisation_id, year)),
            )
            for year in sorted(found, reverse=True)
        ]
    return years


def routine_review_get(*, organisation_id: int, year: int) -> RoutineReview | None:
    return (
        RoutineReview.objects.filter(organisation_id=organisation_id, year=year)
        .select_related("recorded_by")
        .first()
    )


# The figures below are shared with the routine-compliance dashboard (portal.selectors_compliance),
# which reads them for any run of months and per unit: one definition of each measure, counted in
# SQL, a fixed number of queries whatever the amount of data.


@dataclass(frozen=True)
class Share:
    """`count` of `total`, and the share in whole per cent (none of none is no share)."""

    count: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.count / self.total) if self.total else None

    def __add__(self, other: "Share") -> "Share":
        return Share(self.count + other.count, self.total + other.total)


NO_SHARE = Share(0, 0)


@dataclass(frozen=True)
class ShareCounts:
    """A share counted per unit and month (the first day of the month); the organisation's
    figure, a unit's and a month's are sums of these cells."""

    cells: dict[tuple[int, datetime.date], Share]

    @property
    def total(self) -> Share:
        return sum(self.cells.values(), NO_SHARE)

    def by_unit(self) -> dict[int, Share]:
        units: dict[int, Share] = defaultdict(lambda: NO_SHARE)
        for (unit_id, _month), share in self.cells.items():
            units[unit_id] += share
        return dict(units)

    def by_month(self) -> dict[datetime.date, Share]:
        months: dict[datetime.date, Share] = defaultdict(lambda: NO_SHARE)
        for (_unit_id, month), share in self.cells.items():
            months[month] += share
        return dict(months)


def _share_counts(rows) -> ShareCounts:
    return ShareCounts(
        {(row["unit_id"], row["month"]): Share(row["count"], row["total"]) for row in rows}
    )


def _month_day_key(year, month, day):
    # A date as one comparable number in which "N months earlier" is subtracting 32 * N: the
    # same day N months earlier, and a day past the end of a shorter month still compares
    # as that month's end (R17's "six months before", as months_before() clamps it).
    return (year * 12 + month) * 32 + day


def handovers_in_time_counts(
    *, organisation: Organisation, first: datetime.date, last: datetime.date
) -> ShareCounts:
    """Handovers whose responsibility passes from `first` to `last` (cancelled ones left out),
    and how many were sent at least the organisation's notice months before the day it passes
    (R17); per sending unit (the case's) and month of passing. One query."""
    months = organisation.handover_notice_months
    rows = (
        Handover.objects.filter(
            case__unit__organisation=organisation, passes_on__gte=first, passes_on__lte=last
        )
        .exclude(state=HandoverState.CANCELLED)
        .alias(
            sent_key=_month_day_key(
                ExtractYear("sent_at", tzinfo=STOCKHOLM),
                ExtractMonth("sent_at", tzinfo=STOCKHOLM),
                ExtractDay("sent_at", tzinfo=STOCKHOLM),
            ),
            passes_key=_month_day_key(
                ExtractYear("passes_on"), ExtractMonth("passes_on"), ExtractDay("passes_on")
            ),
        )
        .values(unit_id=F("case__unit_id"), month=TruncMonth("passes_on"))
        .annotate(
            total=Count("pk"),
            count=Count("pk", filter=Q(sent_key__lte=F("passes_key") - 32 * months)),
        )
        .order_by()
    )
    return _share_counts(rows)


def submissions_on_time_counts(
    *, organisation: Organisation, first: datetime.date, last: datetime.date
) -> ShareCounts:
    """Submissions to the organisation's meetings held (or to be held) from `first` to `last`,
    and how many came before the cutoff (R22; `late` is set when submitted, against the
    organisation's cutoff); per submitting unit and month of the meeting. One query."""
    rows = (
        Submission.objects.filter(
            meeting__series__organisation=organisation,
            meeting__date__gte=first,
            meeting__date__lte=last,
        )
        .values("unit_id", month=TruncMonth("meeting__date"))
        .annotate(total=Count("pk"), count=Count("pk", filter=Q(late=False)))
        .order_by()
    )
    return _share_counts(rows)


@dataclass(frozen=True)
class LevelFigures:
    """Escalations decided at one level of the ladder (R2), the median days it took there and
    how many were decided within the level's target time."""

    rank: int
    name: str
    target_days: int
    decided: int
    median_days: float | None
    within_target: int = 0

    @property
    def in_target(self) -> Share:
        return Share(self.within_target, self.decided)


def escalation_levels(*, organisation: Organisation) -> list[EscalationLevel]:
    return list(EscalationLevel.objects.filter(organisation=organisation).order_by("rank"))


def _decided_steps(levels: list[EscalationLevel], start, end):
    """The steps decided at these levels from `start` (included) to `end`, with the time spent
    at the level and whether it was within the level's target (R2, R9)."""
    target = Case(
        *[
            When(level_id=level.pk, then=Value(datetime.timedelta(days=level.target_days)))
            for level in levels
        ],
        output_field=DurationField(),
    )
    return (
        EscalationStep.objects.filter(
            level__in=levels, outcome=StepOutcome.DECIDED, left_at__gte=start, left_at__lt=end
        )
        .alias(
            duration=ExpressionWrapper(F("left_at") - F("entered_at"), output_field=DurationField())
        )
        .alias(within=Case(When(duration__lte=target, then=Value(1)), default=Value(0)))
    )


def _middle_rows(steps, partition: list) -> list:
    """(partition..., decided, within target, duration) of the middle one or two steps of each
    partition by time at the level: enough for the median, whatever the number of steps."""
    return list(
        steps.annotate(
            duration_at=F("duration"),
            position=Window(RowNumber(), partition_by=partition, order_by=[F("duration"), F("pk")]),
            decided=Window(Count("pk"), partition_by=partition),
            within_count=Window(Sum("within"), partition_by=partition),
        )
        .filter(position__gte=(F("decided") + 1) / 2, position__lte=(F("decided") + 2) / 2)
        .order_by()
        .values_list(*[p.name for p in partition], "decided", "within_count", "duration_at")
    )


def _level_figures(levels, rows) -> list[LevelFigures]:
    """Per level, from the middle rows (level id, decided, within target, duration)."""
    durations: dict[int, list[datetime.timedelta]] = defaultdict(list)
    counts: dict[int, tuple[int, int]] = {}
    for level_id, decided, within, duration in rows:
        durations[level_id].append(duration)
        counts[level_id] = (decided, within)
    figures = []
    for level in levels:
        values = durations.get(level.pk)
        median = (
            round(sum(d.total_seconds() for d in values) / len(values) / 86400, 1)
            if values
            else None
        )
        decided, within = counts.get(level.pk, (0, 0))
        figures.append(
            LevelFigures(level.rank, level.name, level.target_days, decided, median, within)
        )
    return figures


def escalation_level_figures(
    *, levels: list[EscalationLevel], start: datetime.datetime, end: datetime.datetime
) -> list[LevelFigures]:
    """Per level of the ladder: escalations decided there from `start` to `end`, the median days
    from reaching the level to the decision and how many within its target (R2). One query:
    the window functions leave at most the two middle steps per level."""
    if not levels:
        return []
    rows = _middle_rows(_decided_steps(levels, start, end), [F("level_id")])
    return _level_figures(levels, rows)


def escalation_level_figures_per_unit(
    *, levels: list[EscalationLevel], start: datetime.datetime, end: datetime.datetime
) -> dict[int, list[LevelFigures]]:
    """As `escalation_level_figures`, for each of the organisation's units: a step counts for
    both units of the escalation, the raising one and the other (R9: a disagreement between
    two units). One query; only units with a decision in the period are keys."""
    if not levels:
        return {}
    # One row per step and involved unit: the organisation's units joined on either side.
    steps = _decided_steps(levels, start, end).filter(
        Q(escalation__organisation__units=F("escalation__raising_unit"))
        | Q(escalation__organisation__units=F("escalation__other_unit"))
    )
    steps = steps.annotate(unit=F("escalation__organisation__units"))
    per_unit: dict[int, list] = defaultdict(list)
    for level_id, unit_id, *rest in _middle_rows(steps, [F("level_id"), F("unit")]):
        per_unit[unit_id].append((level_id, *rest))
    return {unit_id: _level_figures(levels, rows) for unit_id, rows in per_unit.items()}


def escalations_in_target_by_month(
    *, levels: list[EscalationLevel], start: datetime.datetime, end: datetime.datetime
) -> dict[datetime.date, Share]:
    """Per month (Stockholm time) of the decision: escalation steps decided at any level, and
    how many within the level's target (R2). One query."""
    if not levels:
        return {}
    rows = (
        _decided_steps(levels, start, end)
        .values(month=TruncMonth("left_at", tzinfo=STOCKHOLM, output_field=DateField()))
        .annotate(decided=Count("pk"), within_count=Sum("within"))
        .order_by()
    )
    return {row["month"]: Share(row["within_count"], row["decided"]) for row in rows}


def deviation_reports_sent(
    *, organisation: Organisation, first: datetime.date, last: datetime.date
):
    """The organisation's deviation reports dated from `first` to `last` that went the whole way
    to the controller (sent or filed, R25): a draft is not yet a report."""
    return DeviationReport.objects.filter(
        organisation=organisation,
        reported_on__gte=first,
        reported_on__lte=last,
        state__in=[DeviationState.SENT, DeviationState.FILED],
    )


@dataclass(frozen=True)
class PairMonth:
    """Deviation reports from one unit about another (R25) dated in one month; a report about
    two units counts once for each."""

    reporting_unit_id: int
    reporting_unit: str
    concerned_unit_id: int | None
    concerned_unit: str
    month: datetime.date
    reports: int


def deviation_pair_months(
    *, organisation: Organisation, first: datetime.date, last: datetime.date
) -> list[PairMonth]:
    """Sent or filed deviation reports per reporting unit, unit concerned and month. One query."""
    rows = (
        deviation_reports_sent(organisation=organisation, first=first, last=last)
        .values(
            "reporting_unit_id",
            "reporting_unit__name",
            "reporting_unit__short_name",
            "concerned_units__id",
            "concerned_units__name",
            "concerned_units__short_name",
            month=TruncMonth("reported_on"),
        )
        .annotate(reports=Count("pk", distinct=True))
        .order_by()
    )
    return [
        PairMonth(
            row["reporting_unit_id"],
            row["reporting_unit__short_name"] or row["reporting_unit__name"],
            row["concerned_units__id"],
            row["concerned_units__short_name"] or row["concerned_units__name"] or "",
            row["month"],
            row["reports"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class PairFigures:
    """Deviation reports from one unit about another (R25)."""

    reporting_unit: str
    concerned_unit: str
    reports: int


def _pair_figures(pair_months: list[PairMonth]) -> list[PairFigures]:
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for row in pair_months:
        totals[row.reporting_unit, row.concerned_unit] += row.reports
    return [
        PairFigures(reporting, concerned, reports)
        for (reporting, concerned), reports in sorted(
            totals.items(), key=lambda item: (-item[1], *item[0])
        )
    ]


@dataclass
class RoutineReviewStatistics:
    """The figures of one calendar year for the review (R24): counts only."""

    year: int
    handovers_in_time: Share
    notice_months: int
    submissions_on_time: Share
    meetings_held: int = 0
    meetings_cancelled: int = 0
    meetings_total: int = 0
    escalations_raised: int = 0
    escalations_decided: int = 0
    levels: list[LevelFigures] = field(default_factory=list)
    deviations: int = 0
    deviation_pairs: list[PairFigures] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(
            self.handovers_in_time.total
            or self.submissions_on_time.total
            or self.meetings_total
            or self.escalations_raised
            or self.escalations_decided
            or self.deviations
        )


def routine_review_statistics(*, organisation: Organisation, year: int) -> RoutineReviewStatistics:
    """The year's figures for the organisation's routine review (R24); eight queries whatever
    the amount of data, and no individual in them."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = datetime.datetime(year, 1, 1, tzinfo=STOCKHOLM)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=STOCKHOLM)
    meetings = Meeting.objects.filter(
        series__organisation=organisation, date__gte=first, date__lte=last
    ).aggregate(
        total=Count("pk"),
        held=Count("pk", filter=Q(state__in=[MeetingState.HELD, MeetingState.MINUTES_PUBLISHED])),
        cancelled=Count("pk", filter=Q(state=MeetingState.CANCELLED)),
    )
    escalations = (
        Escalation.objects.filter(organisation=organisation)
        .filter(
            Q(raised_at__gte=start, raised_at__lt=end) | Q(closed_at__gte=start, closed_at__lt=end)
        )
        .aggregate(
            raised=Count("pk", filter=Q(raised_at__gte=start, raised_at__lt=end)),
            decided=Count(
                "pk",
                filter=Q(state=EscalationState.DECIDED, closed_at__gte=start, closed_at__lt=end),
            ),
        )
    )
    period = {"organisation": organisation, "first": first, "last": last}
    return RoutineReviewStatistics(
        year=year,
        handovers_in_time=handovers_in_time_counts(**period).total,
        notice_months=organisation.handover_notice_months,
        submissions_on_time=submissions_on_time_counts(**period).total,
        meetings_held=meetings["held"],
        meetings_cancelled=meetings["cancelled"],
        meetings_total=meetings["total"],
        escalations_raised=escalations["raised"],
        escalations_decided=escalations["decided"],
        levels=escalation_level_figures(
            levels=escalation_levels(organisation=organisation), start=start, end=end
        ),
        deviations=deviation_reports_sent(**period).count(),
        deviation_pairs=_pair_figures(deviation_pair_months(**period)),
    )
