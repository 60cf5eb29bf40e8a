"""Reads for the routine-compliance dashboard (issue 7 item 5): how well an organisation and
each of its units keep the routines over a run of months.

The dashboard is a list of measures, one section each (`MEASURES`): a measure names its
section, its partial template and the function that reads its figures for a scope (the
organisation, its units, the period). A new measure is one more entry, as issue 8's routine
steps done on time, late and skipped (R30) are. The first four are counted in SQL through the
definitions the yearly routine review uses (meetings.selectors_routine_review); the routine
steps are counted here (the review does not show them). Every measure takes a fixed number of
queries whatever the amount of data, and is an aggregate: no individual is named, so nothing
here is written to the access log. Only the chosen organisation's units are ever listed.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, DateField, F, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import (
    RoutineDefinition,
    RoutineRunState,
    RoutineRunStep,
    RoutineStepState,
)
from coordination.selectors_age import stockholm_today
from meetings.calendar import STOCKHOLM
from meetings.selectors_routine_review import (
    NO_SHARE,
    LevelFigures,
    Share,
    ShareCounts,
    deviation_pair_months,
    deviation_reports_sent,
    escalation_level_figures,
    escalation_level_figures_per_unit,
    escalation_levels,
    escalations_in_target_by_month,
    handovers_in_time_counts,
    submissions_on_time_counts,
)
from portal.charts import ChartRow
from units.models import Organisation, Unit

# A column per month stays legible on a page up to three years; longer runs are the yearly
# routine review's (R24).
MAX_MONTHS = 36
DEFAULT_MONTHS = 12


def month_add(month: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before) the month of `month`."""
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class CompliancePeriod:
    """Whole calendar months, Stockholm time, from `first_month` to `last_month` included (both
    the first day of their month)."""

    first_month: datetime.date
    last_month: datetime.date

    @property
    def first_day(self) -> datetime.date:
        return self.first_month

    @property
    def last_day(self) -> datetime.date:
        return month_add(self.last_month, 1) - datetime.timedelta(days=1)

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.first_month, datetime.time(), tzinfo=STOCKHOLM)

    @property
    def end(self) -> datetime.datetime:
        """The first moment after the period."""
        return datetime.datetime.combine(
            month_add(self.last_month, 1), datetime.time(), tzinfo=STOCKHOLM
        )

    @property
    def months(self) -> list[datetime.date]:
        count = (self.last_month.year - self.first_month.year) * 12
        count += self.last_month.month - self.first_month.month + 1
        return [month_add(self.first_month, n) for n in range(count)]


def compliance_period_default(*, today: datetime.date) -> CompliancePeriod:
    """The last twelve full months before today's month."""
    this_month = today.replace(day=1)
    return CompliancePeriod(month_add(this_month, -DEFAULT_MONTHS), month_add(this_month, -1))


@dataclass(frozen=True)
class ComplianceScope:
    """What every measure reads for: one organisation, its units by name, one period."""

    organisation: Organisation
    units: tuple[Unit, ...]
    period: CompliancePeriod

    def units_with(self, unit_ids) -> list[Unit]:
        """The organisation's units among `unit_ids`, by name: a unit of another organisation
        never appears, whatever the data says."""
        return [unit for unit in self.units if unit.pk in unit_ids]


def _percent_text(share: Share) -> str:
    # No share: an empty text, which the charts show as a dash, as the tables do.
    return "" if share.percent is None else _("%(percent)s %%") % {"percent": share.percent}


def _month_label(month: datetime.date) -> str:
    return date_format(month, "M")


def _share_row(label: str, share: Share) -> ChartRow:
    return ChartRow(label=label, value=share.percent, display=_percent_text(share))


@dataclass(frozen=True)
class UnitShare:
    unit: Unit
    share: Share


@dataclass(frozen=True)
class MonthShare:
    month: datetime.date
    share: Share


@dataclass
class ShareFigures:
    """A share for the organisation, for each unit with anything counted, and per month."""

    organisation: Share
    units: list[UnitShare]
    months: list[MonthShare]

    @property
    def unit_chart(self) -> list[ChartRow]:
        """The organisation's figure first, then each unit's."""
        return [_share_row(_("Whole organisation"), self.organisation)] + [
            _share_row(str(row.unit), row.share) for row in self.units
        ]

    @property
    def month_chart(self) -> list[ChartRow]:
        return [_share_row(_month_label(row.month), row.share) for row in self.months]


def compliance_share_figures(scope: ComplianceScope, counts: ShareCounts) -> ShareFigures:
    """A share counted per unit and month, as the dashboard shows it: every month of the
    period, and the organisation's units that have anything counted."""
    by_unit, by_month = counts.by_unit(), counts.by_month()
    return ShareFigures(
        organisation=counts.total,
        units=[UnitShare(unit, by_unit[unit.pk]) for unit in scope.units_with(by_unit)],
        months=[MonthShare(month, by_month.get(month, NO_SHARE)) for month in scope.period.months],
    )


@dataclass
class HandoverFigures(ShareFigures):
    notice_months: int = 6


def compliance_handovers(scope: ComplianceScope) -> HandoverFigures:
    """R17: of the handovers whose responsibility passes in the period, the share sent at least
    the organisation's notice months ahead; per sending unit and month of passing. One query."""
    counts = handovers_in_time_counts(
        organisation=scope.organisation,
        first=scope.period.first_day,
        last=scope.period.last_day,
    )
    figures = compliance_share_figures(scope, counts)
    return HandoverFigures(
        figures.organisation,
        figures.units,
        figures.months,
        notice_months=scope.organisation.handover_notice_months,
    )


def compliance_submissions(scope: ComplianceScope) -> ShareFigures:
    """R22: of the submissions to the meetings held in the period, the share made before the
    cutoff; per submitting unit and month of the meeting. One query."""
    counts = submissions_on_time_counts(
        organisation=scope.organisation,
        first=scope.period.first_day,
        last=scope.period.last_day,
    )
    return compliance_share_figures(scope, counts)


def _days_text(days: float | None) -> str:
    if days is None:
        return ""
    return _("%(days)s days") % {"days": number_format(days, 1)}


@dataclass(frozen=True)
class UnitLevels:
    """One unit's decisions per level of the ladder, and all of them within target."""

    unit: Unit
    levels: list[LevelFigures]

    @property
    def in_target(self) -> Share:
        return sum((level.in_target for level in self.levels), NO_SHARE)


@dataclass
class EscalationFigures:
    """R2, R9: per level, the median days from reaching the level to its decision and the
    share decided within the level's target; for the organisation, each unit and month."""

    levels: list[LevelFigures]
    units: list[UnitLevels]
    months: list[MonthShare]

    @property
    def in_target(self) -> Share:
        return sum((level.in_target for level in self.levels), NO_SHARE)

    @property
    def median_chart(self) -> list[ChartRow]:
        """The organisation's median days per level, the level's target drawn as a mark."""
        return [
            ChartRow(
                label=f"{level.rank}. {level.name}",
                value=level.median_days,
                display=_days_text(level.median_days),
                target=level.target_days,
            )
            for level in self.levels
        ]

    @property
    def unit_chart(self) -> list[ChartRow]:
        return [_share_row(_("Whole organisation"), self.in_target)] + [
            _share_row(str(row.unit), row.in_target) for row in self.units
        ]

    @property
    def month_chart(self) -> list[ChartRow]:
        return [_share_row(_month_label(row.month), row.share) for row in self.months]


def compliance_escalations(scope: ComplianceScope) -> EscalationFigures:
    """Escalation lead times per level of the organisation's ladder (R2): steps decided in the
    period; a step counts for both units of its escalation. Four queries."""
    period, levels = scope.period, escalation_levels(organisation=scope.organisation)
    per_unit = escalation_level_figures_per_unit(levels=levels, start=period.start, end=period.end)
    by_month = escalations_in_target_by_month(levels=levels, start=period.start, end=period.end)
    return EscalationFigures(
        levels=escalation_level_figures(levels=levels, start=period.start, end=period.end),
        units=[UnitLevels(unit, per_unit[unit.pk]) for unit in scope.units_with(per_unit)],
        months=[MonthShare(month, by_month.get(month, NO_SHARE)) for month in period.months],
    )


@dataclass(frozen=True)
class PairRow:
    """Deviation reports from one unit about another, per month of the period (R25)."""

    reporting_unit: Unit
    concerned_unit: Unit | None
    per_month: list[int]

    @property
    def total(self) -> int:
        return sum(self.per_month)

    @property
    def label(self) -> str:
        concerned = str(self.concerned_unit) if self.concerned_unit else _("no unit named")
        return f"{self.reporting_unit} → {concerned}"


@dataclass
class DeviationFigures:
    """R25: deviation reports sent to the controller (or filed), dated in the period."""

    months: list[datetime.date]
    reports_per_month: list[int]
    pairs: list[PairRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.reports_per_month)

    @property
    def month_chart(self) -> list[ChartRow]:
        return [
            ChartRow(label=_month_label(month), value=count, display=str(count))
            for month, count in zip(self.months, self.reports_per_month, strict=True)
        ]

    @property
    def pair_chart(self) -> list[ChartRow]:
        return [
            ChartRow(label=row.label, value=row.total, display=str(row.total)) for row in self.pairs
        ]

    @property
    def month_rows(self) -> list[tuple[datetime.date, int]]:
        return list(zip(self.months, self.reports_per_month, strict=True))


def compliance_deviations(scope: ComplianceScope) -> DeviationFigures:
    """Deviation reports per unit pair (reporting unit → unit concerned) and month, and the
    organisation's reports per month (a report about two units counts once there). Two
    queries."""
    period, organisation = scope.period, scope.organisation
    window = {"organisation": organisation, "first": period.first_day, "last": period.last_day}
    per_month = dict(
        deviation_reports_sent(**window)
        .values(month=TruncMonth("reported_on"))
        .annotate(reports=Count("pk"))
        .order_by()
        .values_list("month", "reports")
    )
    units = {unit.pk: unit for unit in scope.units}
    counts: dict[tuple[int, int | None], dict[datetime.date, int]] = defaultdict(dict)
    for row in deviation_pair_months(**window):
        if row.reporting_unit_id in units and (
            row.concerned_unit_id is None or row.concerned_unit_id in units
        ):
            counts[row.reporting_unit_id, row.concerned_unit_id][row.month] = row.reports
    pairs = [
        PairRow(
            units[reporting],
            units.get(concerned) if concerned else None,
            [by_month.get(month, 0) for month in period.months],
        )
        for (reporting, concerned), by_month in counts.items()
    ]
    pairs.sort(key=lambda row: (-row.total, row.label))
    return DeviationFigures(
        months=period.months,
        reports_per_month=[per_month.get(month, 0) for month in period.months],
        pairs=pairs,
    )


@dataclass(frozen=True)
class StepCounts:
    """Routine steps (R30): closed in the period done on time (on or before the due date, or
    with none), done late, skipped (and of those, mandatory ones), and still open past their
    due date."""

    on_time: int = 0
    late: int = 0
    skipped: int = 0
    skipped_mandatory: int = 0
    open_overdue: int = 0

    def __add__(self, other: "StepCounts") -> "StepCounts":
        return StepCounts(
            self.on_time + other.on_time,
            self.late + other.late,
            self.skipped + other.skipped,
            self.skipped_mandatory + other.skipped_mandatory,
            self.open_overdue + other.open_overdue,
        )

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def closed(self) -> int:
        return self.done + self.skipped

    @property
    def on_time_share(self) -> Share:
        """Of the steps done, those done on time; a skipped step is counted apart."""
        return Share(self.on_time, self.done)

    def __bool__(self) -> bool:
        return bool(self.closed or self.open_overdue)


NO_STEPS = StepCounts()


@dataclass(frozen=True)
class UnitSteps:
    unit: Unit
    counts: StepCounts


@dataclass(frozen=True)
class MonthSteps:
    month: datetime.date
    counts: StepCounts


@dataclass(frozen=True)
class RoutineSteps:
    """One routine (all its versions): the organisation's steps, and each unit's."""

    code: str
    name: str
    counts: StepCounts
    units: list[UnitSteps]


@dataclass
class RoutineStepFigures:
    """R30: the steps of the routines run on cases, for the organisation, each unit, each
    routine and each month."""

    organisation: StepCounts
    units: list[UnitSteps]
    routines: list[RoutineSteps]
    months: list[MonthSteps]

    @property
    def unit_chart(self) -> list[ChartRow]:
        return [_share_row(_("Whole organisation"), self.organisation.on_time_share)] + [
            _share_row(str(row.unit), row.counts.on_time_share) for row in self.units
        ]

    @property
    def month_chart(self) -> list[ChartRow]:
        return [
            _share_row(_month_label(row.month), row.counts.on_time_share) for row in self.months
        ]


def _closed_step_rows(scope: ComplianceScope):
    """Steps closed (done or skipped) in the period, per routine, unit, partner unit and month
    of closing (Stockholm). One query."""
    period = scope.period
    done = Q(state=RoutineStepState.DONE)
    return (
        RoutineRunStep.objects.filter(
            run__definition__organisation=scope.organisation,
            state__in=[RoutineStepState.DONE, RoutineStepState.SKIPPED],
            completed_at__gte=period.start,
            completed_at__lt=period.end,
        )
        .alias(done_on=TruncDate("completed_at", tzinfo=STOCKHOLM))
        .values(
            "unit_id",
            "partner_unit_id",
            code=F("run__definition__code"),
            kept=F("step__kept_within_unit"),
            month=TruncMonth("completed_at", tzinfo=STOCKHOLM, output_field=DateField()),
        )
        .annotate(
            on_time=Count(
                "pk", filter=done & (Q(due_on__isnull=True) | Q(done_on__lte=F("due_on")))
            ),
            late=Count("pk", filter=done & Q(done_on__gt=F("due_on"))),
            skipped=Count("pk", filter=Q(state=RoutineStepState.SKIPPED)),
            skipped_mandatory=Count(
                "pk", filter=Q(state=RoutineStepState.SKIPPED, step__mandatory=True)
            ),
        )
        .order_by()
    )


def _open_overdue_rows(scope: ComplianceScope, today: datetime.date):
    """Steps of running routines due in the period, past their due date today and still open,
    per routine, unit, partner unit and month of the due date. One query."""
    period = scope.period
    return (
        RoutineRunStep.objects.filter(
            run__definition__organisation=scope.organisation,
            run__state=RoutineRunState.RUNNING,
            state=RoutineStepState.OPEN,
            due_on__gte=period.first_day,
            due_on__lte=period.last_day,
            due_on__lt=today,
        )
        .values(
            "unit_id",
            "partner_unit_id",
            code=F("run__definition__code"),
            kept=F("step__kept_within_unit"),
            month=TruncMonth("due_on"),
        )
        .annotate(open_overdue=Count("pk"))
        .order_by()
    )


def _counts(row: dict) -> StepCounts:
    return StepCounts(
        row.get("on_time", 0),
        row.get("late", 0),
        row.get("skipped", 0),
        row.get("skipped_mandatory", 0),
        row.get("open_overdue", 0),
    )


def compliance_routine_steps(scope: ComplianceScope) -> RoutineStepFigures:
    """R30: the steps of the organisation's routines closed in the period, done on time, late
    or skipped (mandatory ones apart), and those due in the period still open past their due
    date; per routine, per unit of the step and per month. A step two units share counts for
    both units (once for the organisation), except a step kept within its unit (R31), which
    counts for its own unit only. Three queries."""
    today = stockholm_today()
    by_code: dict[tuple[str, datetime.date], StepCounts] = defaultdict(lambda: NO_STEPS)
    by_unit: dict[tuple[str, int], StepCounts] = defaultdict(lambda: NO_STEPS)
    for row in [*_closed_step_rows(scope), *_open_overdue_rows(scope, today)]:
        counts = _counts(row)
        by_code[row["code"], row["month"]] += counts
        units = {row["unit_id"]}
        # R31: a kept step's partner unit is never told how it ended.
        if row["partner_unit_id"] and not row["kept"]:
            units.add(row["partner_unit_id"])
        for unit_id in units:
            by_unit[row["code"], unit_id] += counts
    names = dict(
        RoutineDefinition.objects.filter(
            organisation=scope.organisation, is_current=True
        ).values_list("code", "name")
    )
    unit_totals: dict[int, StepCounts] = defaultdict(lambda: NO_STEPS)
    for (_code, unit_id), counts in by_unit.items():
        unit_totals[unit_id] += counts
    month_totals: dict[datetime.date, StepCounts] = defaultdict(lambda: NO_STEPS)
    code_totals: dict[str, StepCounts] = defaultdict(lambda: NO_STEPS)
    for (code, month), counts in by_code.items():
        month_totals[month] += counts
        code_totals[code] += counts
    routines = [
        RoutineSteps(
            code=code,
            name=names.get(code, code),
            counts=counts,
            units=[
                UnitSteps(unit, by_unit[code, unit.pk])
                for unit in scope.units_with({u for c, u in by_unit if c == code})
            ],
        )
        for code, counts in code_totals.items()
    ]
    routines.sort(key=lambda row: (row.name, row.code))
    return RoutineStepFigures(
        organisation=sum(code_totals.values(), NO_STEPS),
        units=[UnitSteps(unit, unit_totals[unit.pk]) for unit in scope.units_with(unit_totals)],
        routines=routines,
        months=[
            MonthSteps(month, month_totals.get(month, NO_STEPS)) for month in scope.period.months
        ],
    )


@dataclass(frozen=True)
class ComplianceMeasure:
    """One section of the dashboard: `key` names it (its id on the page), `title` heads it,
    `template` shows it (given `figures` and `scope`), `read` reads its figures in a fixed
    number of queries."""

    key: str
    title: str
    template: str
    read: Callable[[ComplianceScope], object]


MEASURES: tuple[ComplianceMeasure, ...] = (
    ComplianceMeasure(
        "handovers",
        gettext_lazy("Handovers announced in time (R17)"),
        "portal/compliance/_handovers.html",
        compliance_handovers,
    ),
    ComplianceMeasure(
        "submissions",
        gettext_lazy("Submissions before the cutoff (R22)"),
        "portal/compliance/_submissions.html",
        compliance_submissions,
    ),
    ComplianceMeasure(
        "escalations",
        gettext_lazy("Escalation lead times per level (R2, R9)"),
        "portal/compliance/_escalations.html",
        compliance_escalations,
    ),
    ComplianceMeasure(
        "deviations",
        gettext_lazy("Deviation reports per unit pair (R25)"),
        "portal/compliance/_deviations.html",
        compliance_deviations,
    ),
    ComplianceMeasure(
        "routine-steps",
        gettext_lazy("Routine steps done on time, late and skipped (R30)"),
        "portal/compliance/_routine_steps.html",
        compliance_routine_steps,
    ),
)


@dataclass(frozen=True)
class ComplianceSection:
    measure: ComplianceMeasure
    figures: object


@dataclass(frozen=True)
class ComplianceDashboard:
    scope: ComplianceScope
    sections: list[ComplianceSection]


def compliance_dashboard(
    *,
    organisation: Organisation,
    period: CompliancePeriod,
    measures: tuple[ComplianceMeasure, ...] = MEASURES,
) -> ComplianceDashboard:
    """Every measure's figures for the organisation and its units over the period; one query
    for the units, then each measure's own fixed few."""
    scope = ComplianceScope(
        organisation=organisation,
        units=tuple(Unit.objects.filter(organisation=organisation).order_by("name", "pk")),
        period=period,
    )
    return ComplianceDashboard(
        scope=scope,
        sections=[ComplianceSection(measure, measure.read(scope)) for measure in measures],
    )
