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
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Window,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, RowNumber

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


@dataclass(frozen=True)
class Share:
    """`count` of `total`, and the share in whole per cent (none of none is no share)."""

    count: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.count / self.total) if self.total else None


@dataclass(frozen=True)
class LevelFigures:
    """Escalations decided at one level of the ladder (R2) and the median days it took there."""

    rank: int
    name: str
    target_days: int
    decided: int
    median_days: float | None


@dataclass(frozen=True)
class PairFigures:
    """Deviation reports from one unit about another (R25)."""

    reporting_unit: str
    concerned_unit: str
    reports: int


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


def _month_day_key(year, month, day):
    # A date as one comparable number in which "N months earlier" is subtracting 32 * N: the
    # same day N months earlier, and a day past the end of a shorter month still compares
    # as that month's end (R17's "six months before", as months_before() clamps it).
    return (year * 12 + month) * 32 + day


def _handovers(organisation: Organisation, first: datetime.date, last: datetime.date) -> Share:
    """Handovers whose responsibility passed (or passes) in the year, and how many of them were
    sent at least the organisation's notice months before (R17); one query."""
    months = organisation.handover_notice_months
    row = (
        Handover.objects.filter(
            case__unit__organisation=organisation, passes_on__gte=first, passes_on__lte=last
        )
        .exclude(state=HandoverState.CANCELLED)
        .annotate(
            sent_key=_month_day_key(
                ExtractYear("sent_at", tzinfo=STOCKHOLM),
                ExtractMonth("sent_at", tzinfo=STOCKHOLM),
                ExtractDay("sent_at", tzinfo=STOCKHOLM),
            ),
            passes_key=_month_day_key(
                ExtractYear("passes_on"), ExtractMonth("passes_on"), ExtractDay("passes_on")
            ),
        )
        .aggregate(
            total=Count("pk"),
            in_time=Count("pk", filter=Q(sent_key__lte=F("passes_key") - 32 * months)),
        )
    )
    return Share(row["in_time"], row["total"])


def _levels(organisation: Organisation, start, end) -> list[LevelFigures]:
    """Per level of the ladder: escalations decided there in the year and the median days
    from reaching the level to the decision (R2). Two queries: the window functions leave
    at most the two middle steps per level."""
    middle = (
        EscalationStep.objects.filter(
            escalation__organisation=organisation,
            outcome=StepOutcome.DECIDED,
            left_at__gte=start,
            left_at__lt=end,
        )
        .annotate(
            duration=ExpressionWrapper(F("left_at") - F("entered_at"), output_field=DurationField())
        )
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("level_id")], order_by=[F("duration"), F("pk")]
            ),
            decided=Window(Count("pk"), partition_by=[F("level_id")]),
        )
        .filter(position__gte=(F("decided") + 1) / 2, position__lte=(F("decided") + 2) / 2)
        .values_list("level_id", "decided", "duration")
    )
    durations: dict[int, list[datetime.timedelta]] = defaultdict(list)
    decided: dict[int, int] = {}
    for level_id, count, duration in middle:
        durations[level_id].append(duration)
        decided[level_id] = count
    figures = []
    for level in EscalationLevel.objects.filter(organisation=organisation).order_by("rank"):
        values = durations.get(level.pk)
        median = (
            round(sum(d.total_seconds() for d in values) / len(values) / 86400, 1)
            if values
            else None
        )
        figures.append(
            LevelFigures(
                level.rank, level.name, level.target_days, decided.get(level.pk, 0), median
            )
        )
    return figures


def routine_review_statistics(*, organisation: Organisation, year: int) -> RoutineReviewStatistics:
    """The year's figures for the organisation's routine review (R24); eight queries whatever
    the amount of data, and no individual in them."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = datetime.datetime(year, 1, 1, tzinfo=STOCKHOLM)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=STOCKHOLM)
    submissions = Submission.objects.filter(
        meeting__series__organisation=organisation,
        meeting__date__gte=first,
        meeting__date__lte=last,
    ).aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(late=False)))
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
    # Only reports that went the whole way to the controller: a draft is not yet a report.
    reports = DeviationReport.objects.filter(
        organisation=organisation,
        reported_on__gte=first,
        reported_on__lte=last,
        state__in=[DeviationState.SENT, DeviationState.FILED],
    )
    pairs = (
        reports.values(
            "reporting_unit__name",
            "reporting_unit__short_name",
            "concerned_units__name",
            "concerned_units__short_name",
        )
        .annotate(reports=Count("pk", distinct=True))
        .order_by("-reports", "reporting_unit__name", "concerned_units__name")
    )
    return RoutineReviewStatistics(
        year=year,
        handovers_in_time=_handovers(organisation, first, last),
        notice_months=organisation.handover_notice_months,
        submissions_on_time=Share(submissions["on_time"], submissions["total"]),
        meetings_held=meetings["held"],
        meetings_cancelled=meetings["cancelled"],
        meetings_total=meetings["total"],
        escalations_raised=escalations["raised"],
        escalations_decided=escalations["decided"],
        levels=_levels(organisation, start, end),
        deviations=reports.count(),
        deviation_pairs=[
            PairFigures(
                row["reporting_unit__short_name"] or row["reporting_unit__name"],
                row["concerned_units__short_name"] or row["concerned_units__name"] or "",
                row["reports"],
            )
            for row in pairs
        ],
    )
