"""Statistics of deviation reports (R25) for the controller, and the yearly summary for the
routine review (R24): reports per month, per unit pair and per source, the time from part 1
sent to filed, recurring problems, remaining problems and actions whose follow-up day has
passed.

Every figure is aggregated in SQL and the whole set costs a fixed number of queries whatever
the number of reports (window functions leave at most the two middle rows for a median and
at most RECURRING_LINKS rows per recurring problem). The reports counted are given by the
caller: the controller's filter (`controller_reports`) or one organisation's year
(`deviation_annual_reports`).

A unit pair has no direction: BoU reporting about Beroende and Beroende reporting about BoU
are the same pair, as in the controller's unit-pair filter, so a pair's figure and the list
filtered by that pair show the same reports. A report with several units concerned counts
once for each pair it makes with the reporting unit.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, Q, QuerySet, Window
from django.db.models.functions import Greatest, Least, RowNumber, TruncMonth

from deviations.models import DeviationReport, DeviationSource, DeviationState
from deviations.permissions import CONTROLLER_STATES
from deviations.selectors_controller import days_to_file
from units.models import Unit

# A (unit pair, source) with this many reports in the period is a recurring problem.
RECURRING_MIN = 2
# Links to the newest reports of a recurring problem; the list filtered by it shows them all.
RECURRING_LINKS = 10
# Rows of the lists of remaining problems and of passed follow-up days; the count is whole.
LIST_LIMIT = 100
# Months drawn when the period is open or long: beyond this, the months of the reports only.
MAX_MONTHS = 60

_THROUGH = DeviationReport.concerned_units.through
PAIR_SEPARATOR = " \N{EN DASH} "


@dataclass(frozen=True)
class UnitPair:
    """Two units, the lower id first; the names are the units' short names."""

    low_id: int
    high_id: int
    low: str
    high: str

    @property
    def label(self) -> str:
        return f"{self.low}{PAIR_SEPARATOR}{self.high}"


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date
    count: int


@dataclass(frozen=True)
class PairCount:
    pair: UnitPair
    count: int


@dataclass(frozen=True)
class SourceCount:
    source: DeviationSource
    count: int


@dataclass(frozen=True)
class CloseTime:
    """Days from part 1 sent to filed over the filed reports (whole Stockholm days)."""

    filed: int
    median_days: float | None
    max_days: int | None


@dataclass(frozen=True)
class PairCloseTime:
    pair: UnitPair
    close: CloseTime


@dataclass(frozen=True)
class ReportRef:
    pk: int
    reported_on: datetime.date


@dataclass(frozen=True)
class RecurringProblem:
    """A unit pair and source with RECURRING_MIN or more reports; `reports` are the newest
    RECURRING_LINKS of them."""

    pair: UnitPair
    source: DeviationSource
    count: int
    first: datetime.date
    last: datetime.date
    reports: tuple[ReportRef, ...]


@dataclass(frozen=True)
class FollowUpRow:
    """A report in the lists of remaining problems and passed follow-up days."""

    pk: int
    reported_on: datetime.date
    reporting_unit: str
    concerned_units: tuple[str, ...]
    action_follow_up_on: datetime.date | None
    remaining_problems: str


@dataclass(frozen=True)
class Totals:
    reports: int
    filed: int
    with_remaining_problems: int
    actions: int
    actions_passed: int

    @property
    def sent(self) -> int:
        """Sent to the controller and not yet filed."""
        return self.reports - self.filed

    @property
    def actions_ahead(self) -> int:
        return self.actions - self.actions_passed


@dataclass
class DeviationStatistics:
    today: datetime.date
    totals: Totals
    months: list[MonthCount] = field(default_factory=list)
    pairs: list[PairCount] = field(default_factory=list)
    sources: list[SourceCount] = field(default_factory=list)
    close: CloseTime = CloseTime(0, None, None)
    pair_close: list[PairCloseTime] = field(default_factory=list)
    recurring: list[RecurringProblem] = field(default_factory=list)
    remaining: list[FollowUpRow] = field(default_factory=list)
    actions_passed: list[FollowUpRow] = field(default_factory=list)

    @property
    def report_ids(self) -> set[int]:
        """Every report the figures link to (to ask once which of them the reader may open)."""
        ids = {ref.pk for problem in self.recurring for ref in problem.reports}
        ids |= {row.pk for row in self.remaining}
        ids |= {row.pk for row in self.actions_passed}
        return ids


def deviation_annual_reports(*, organisation_id: int, year: int) -> QuerySet[DeviationReport]:
    """The organisation's reports of a calendar year (by the report's date) that went the whole
    way to the controller: sent or filed. The same reports the routine review counts (R24)."""
    return DeviationReport.objects.filter(
        organisation_id=organisation_id,
        state__in=CONTROLLER_STATES,
        reported_on__gte=datetime.date(year, 1, 1),
        reported_on__lte=datetime.date(year, 12, 31),
    )


def _pair_rows(reports: QuerySet[DeviationReport]):
    """One row per report and unit concerned, with the pair's lower and higher unit id."""
    return _THROUGH.objects.filter(deviationreport__in=reports.values("pk")).annotate(
        low=Least("deviationreport__reporting_unit_id", "unit_id"),
        high=Greatest("deviationreport__reporting_unit_id", "unit_id"),
    )


def _middle(count_field: str = "n"):
    """Keeps the one or two middle rows of each partition (position counted from 1)."""
    return Q(position__gte=(F(count_field) + 1) / 2, position__lte=(F(count_field) + 2) / 2)


def _days(value: datetime.timedelta | None) -> int | None:
    return None if value is None else value.days


def _median(values: list[datetime.timedelta]) -> float | None:
    if not values:
        return None
    return sum(value.days for value in values) / len(values)


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_span(
    counts: dict[datetime.date, int],
    date_from: datetime.date | None,
    date_to: datetime.date | None,
) -> list[MonthCount]:
    """Every month of the period, months without reports as 0. An open end is the first or
    last report's month; a span of more than MAX_MONTHS narrows to the reports' months."""
    data_first = min(counts, default=None)
    data_last = max(counts, default=None)
    first = _first_of_month(date_from) if date_from else data_first
    last = _first_of_month(date_to) if date_to else data_last
    if first is None or last is None:
        return []
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months > MAX_MONTHS and data_first is not None:
        first, last = max(first, data_first), min(last, data_last)
    rows = []
    month = first
    while month <= last:
        rows.append(MonthCount(month, counts.get(month, 0)))
        month = _next_month(month)
    return rows


def _totals(reports: QuerySet[DeviationReport], today: datetime.date) -> Totals:
    row = reports.aggregate(
        reports=Count("pk"),
        filed=Count("pk", filter=Q(state=DeviationState.FILED)),
        with_remaining_problems=Count("pk", filter=~Q(remaining_problems="")),
        actions=Count("pk", filter=Q(action_follow_up_on__isnull=False)),
        actions_passed=Count("pk", filter=Q(action_follow_up_on__lt=today)),
    )
    return Totals(**row)


def _month_counts(reports: QuerySet[DeviationReport]) -> dict[datetime.date, int]:
    rows = (
        reports.annotate(month=TruncMonth("reported_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return {row["month"]: row["count"] for row in rows}


def _pair_counts(reports: QuerySet[DeviationReport]) -> dict[tuple[int, int], int]:
    rows = (
        _pair_rows(reports)
        .values("low", "high")
        .annotate(count=Count("deviationreport_id", distinct=True))
        .order_by()
    )
    return {(row["low"], row["high"]): row["count"] for row in rows}


def _source_counts(reports: QuerySet[DeviationReport]) -> list[SourceCount]:
    rows = reports.values("source").annotate(count=Count("pk")).order_by("-count", "source")
    return [
        SourceCount(DeviationSource(row["source"]), row["count"])
        for row in rows
        if row["source"] in DeviationSource.values
    ]


def _close_time(reports: QuerySet[DeviationReport]) -> CloseTime:
    """The median and the longest over every filed report: one query returning at most the
    two middle rows, each carrying the count and the maximum."""
    rows = list(
        reports.filter(filed_at__isnull=False, submitted_at__isnull=False)
        .annotate(days=days_to_file())
        .annotate(
            position=Window(RowNumber(), order_by=[F("days").asc(), F("pk").asc()]),
            n=Window(Count("pk")),
            longest=Window(Max("days")),
        )
        .filter(_middle())
        .values_list("n", "longest", "days")
    )
    if not rows:
        return CloseTime(0, None, None)
    return CloseTime(rows[0][0], _median([row[2] for row in rows]), _days(rows[0][1]))


def _pair_close_times(reports: QuerySet[DeviationReport]) -> dict[tuple[int, int], CloseTime]:
    """The same per unit pair: one query, at most two rows per pair."""
    partition = [F("low"), F("high")]
    rows = (
        _pair_rows(reports)
        .filter(
            deviationreport__filed_at__isnull=False, deviationreport__submitted_at__isnull=False
        )
        .annotate(days=days_to_file("deviationreport__"))
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=partition,
                order_by=[F("days").asc(), F("deviationreport_id").asc()],
            ),
            n=Window(Count("pk"), partition_by=partition),
            longest=Window(Max("days"), partition_by=partition),
        )
        .filter(_middle())
        .values_list("low", "high", "n", "longest", "days")
    )
    middles: dict[tuple[int, int], list[datetime.timedelta]] = defaultdict(list)
    figures: dict[tuple[int, int], tuple[int, int | None]] = {}
    for low, high, count, longest, days in rows:
        middles[(low, high)].append(days)
        figures[(low, high)] = (count, _days(longest))
    return {
        key: CloseTime(count, _median(middles[key]), longest)
        for key, (count, longest) in figures.items()
    }


def _recurring_rows(reports: QuerySet[DeviationReport]) -> list[tuple]:
    """(low, high, source, count, first, last, report id, report date) for the newest
    RECURRING_LINKS reports of every (pair, source) with RECURRING_MIN reports or more."""
    partition = [F("low"), F("high"), F("report_source")]
    return list(
        _pair_rows(reports)
        .annotate(report_source=F("deviationreport__source"), day=F("deviationreport__reported_on"))
        .annotate(
            n=Window(Count("pk"), partition_by=partition),
            first_day=Window(Min("day"), partition_by=partition),
            last_day=Window(Max("day"), partition_by=partition),
            position=Window(
                RowNumber(),
                partition_by=partition,
                order_by=[F("day").desc(), F("deviationreport_id").desc()],
            ),
        )
        .filter(n__gte=RECURRING_MIN, position__lte=RECURRING_LINKS)
        .values_list(
            "low",
            "high",
            "report_source",
            "n",
            "first_day",
            "last_day",
            "deviationreport_id",
            "day",
        )
    )


def _follow_up_rows(reports: QuerySet[DeviationReport]) -> list[FollowUpRow]:
    return [
        FollowUpRow(
            pk=report.pk,
            reported_on=report.reported_on,
            reporting_unit=str(report.reporting_unit),
            concerned_units=tuple(str(unit) for unit in report.concerned_units.all()),
            action_follow_up_on=report.action_follow_up_on,
            remaining_problems=report.remaining_problems,
        )
        for report in reports.select_related("reporting_unit").prefetch_related("concerned_units")[
            :LIST_LIMIT
        ]
    ]


def deviation_statistics(
    *,
    reports: QuerySet[DeviationReport],
    today: datetime.date,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> DeviationStatistics:
    """Every figure of the given reports (the period bounds only shape the months drawn):
    twelve queries at most, whatever the number of reports."""
    reports = reports.order_by()
    pair_counts = _pair_counts(reports)
    pair_close = _pair_close_times(reports)
    recurring = _recurring_rows(reports)
    unit_ids = {unit_id for pair in (*pair_counts, *pair_close) for unit_id in pair}
    unit_ids |= {row[0] for row in recurring} | {row[1] for row in recurring}
    names = (
        {
            pk: short or name
            for pk, short, name in Unit.objects.filter(pk__in=unit_ids).values_list(
                "pk", "short_name", "name"
            )
        }
        if unit_ids
        else {}
    )

    def pair(key: tuple[int, int]) -> UnitPair:
        return UnitPair(key[0], key[1], names.get(key[0], ""), names.get(key[1], ""))

    problems: dict[tuple[int, int, str], dict] = {}
    for low, high, source, count, first, last, report_id, day in recurring:
        problem = problems.setdefault(
            (low, high, source), {"count": count, "first": first, "last": last, "reports": []}
        )
        problem["reports"].append(ReportRef(report_id, day))
    return DeviationStatistics(
        today=today,
        totals=_totals(reports, today),
        months=_month_span(_month_counts(reports), date_from, date_to),
        pairs=sorted(
            (PairCount(pair(key), count) for key, count in pair_counts.items()),
            key=lambda row: (-row.count, row.pair.label),
        ),
        sources=_source_counts(reports),
        close=_close_time(reports),
        pair_close=sorted(
            (PairCloseTime(pair(key), close) for key, close in pair_close.items()),
            key=lambda row: (-(row.close.median_days or 0), row.pair.label),
        ),
        recurring=sorted(
            (
                RecurringProblem(
                    pair=pair((low, high)),
                    source=DeviationSource(source),
                    count=value["count"],
                    first=value["first"],
                    last=value["last"],
                    reports=tuple(
                        sorted(value["reports"], key=lambda r: (r.reported_on, r.pk), reverse=True)
                    ),
                )
                for (low, high, source), value in problems.items()
            ),
            key=lambda row: (-row.count, row.pair.label, str(row.source.label)),
        ),
        remaining=_follow_up_rows(
            reports.exclude(remaining_problems="").order_by("-reported_on", "-pk")
        ),
        actions_passed=_follow_up_rows(
            reports.filter(action_follow_up_on__lt=today).order_by("action_follow_up_on", "pk")
        ),
    )
