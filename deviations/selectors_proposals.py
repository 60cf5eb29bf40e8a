"""The routine events that warrant a deviation report and have none yet (R25), for the deputy
unit managers and unit managers of the units they happened at.

One query per source, whatever the number of events (set-based), so the proposals page costs
the same for a unit with one event as for one with a thousand:

- a handover not announced by its deadline, six months ahead (R17): the case's unit reports,
  about the receiving unit;
- an action taken without the consent it needs, on a legal basis (R12): the unit of the case,
  or of the person who acted when there is no case;
- an escalation past its level's target time (R2): either of its two units, about the other;
- an order whose execution was not checked with the provider by its day (R26): the ordering
  unit, about the provider;
- a review of a unit's access log with remarks: that unit;
- a mandatory step of a routine on a case skipped (R30): the step's unit, about the case's
  unit and the run's other unit when they differ (none for a step kept within its unit, R31).

Events older than PROPOSAL_WINDOW_DAYS are not proposed any more (a report can still be
written by hand): the routines are reviewed once a year (R24), and a list of every override or
finding since the portal started would hide this year's.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from coordination.models import (
    AccessLogReview,
    ConsentOverride,
    DueItem,
    DueKind,
    ReviewResult,
    RoutineRunStep,
    RoutineStepState,
)
from coordination.selectors_age import STOCKHOLM, stockholm_today
from deviations.models import DeviationSource
from deviations.selectors import due_item_missed, reporting_unit_ids
from units.models import UNIT_ROLES, Membership, Unit, User

PROPOSAL_WINDOW_DAYS = 365


@dataclass
class Proposal:
    """One event that warrants a report: where it happened, when, and what it was."""

    source: DeviationSource
    event_id: int
    day: datetime.date
    reporting_unit: Unit
    concerned_units: list[Unit] = field(default_factory=list)
    # A short description naming units and dates, never an individual.
    summary: str = ""
    # The event itself (a due item, consent override or log review), for the pre-filled text.
    event: object = None

    @property
    def key(self) -> str:
        return f"{self.source}-{self.event_id}"


def _window_start(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=PROPOSAL_WINDOW_DAYS)


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=STOCKHOLM)


def _only(event_id: int | None) -> Q:
    return Q() if event_id is None else Q(pk=event_id)


def _missed_items(
    kind: DueKind, unit_ids: set[int], today: datetime.date, event_id: int | None
) -> list[DueItem]:
    items = (
        DueItem.objects.filter(
            _only(event_id),
            kind=kind,
            case__unit_id__in=unit_ids,
            due_on__lt=today,
            due_on__gte=_window_start(today),
            deviation_report__isnull=True,
        )
        .select_related("case__unit", "unit", "order__provider_unit")
        .order_by("-due_on", "-pk")
    )
    # Done on the day or before is not a miss; the day is Stockholm's, read in Python.
    return [item for item in items if due_item_missed(item, today=today)]


def _handovers(unit_ids: set[int], today: datetime.date, event_id: int | None) -> list[Proposal]:
    return [
        Proposal(
            source=DeviationSource.HANDOVER_NOT_ANNOUNCED,
            event_id=item.pk,
            event=item,
            day=item.due_on,
            reporting_unit=item.case.unit,
            concerned_units=[item.unit] if item.unit is not None else [],
            summary=_("Handover deadline %(due)s passed without an announcement.")
            % {"due": f"{item.due_on:%Y-%m-%d}"},
        )
        for item in _missed_items(DueKind.HANDOVER_DEADLINE, unit_ids, today, event_id)
    ]


def _execution_checks(
    unit_ids: set[int], today: datetime.date, event_id: int | None
) -> list[Proposal]:
    return [
        Proposal(
            source=DeviationSource.ORDER_EXECUTION_CHECK_MISSED,
            event_id=item.pk,
            event=item,
            day=item.due_on,
            reporting_unit=item.case.unit,
            concerned_units=[item.unit] if item.unit is not None else [],
            summary=_("Execution of an order to %(provider)s not checked by %(due)s.")
            % {"provider": item.unit.name if item.unit else "", "due": f"{item.due_on:%Y-%m-%d}"},
        )
        for item in _missed_items(DueKind.ORDER_EXECUTION_CHECK, unit_ids, today, event_id)
    ]


def _escalations(unit_ids: set[int], today: datetime.date, event_id: int | None) -> list[Proposal]:
    items = (
        DueItem.objects.filter(
            _only(event_id),
            kind=DueKind.ESCALATION_OVERDUE,
            escalation__isnull=False,
            due_on__gte=_window_start(today),
            deviation_report__isnull=True,
        )
        .filter(
            Q(escalation__raising_unit_id__in=unit_ids) | Q(escalation__other_unit_id__in=unit_ids)
        )
        .select_related("escalation__raising_unit", "escalation__other_unit")
        .order_by("-due_on", "-pk")
    )
    proposals = []
    for item in items:
        escalation = item.escalation
        ours, theirs = escalation.raising_unit, escalation.other_unit
        if ours.pk not in unit_ids:
            ours, theirs = theirs, ours
        proposals.append(
            Proposal(
                source=DeviationSource.ESCALATION_OVERDUE,
                event_id=item.pk,
                event=item,
                day=item.due_on,
                reporting_unit=ours,
                concerned_units=[theirs],
                summary=_(
                    "Escalation between %(first)s and %(second)s past its target time %(due)s."
                )
                % {
                    "first": escalation.raising_unit.name,
                    "second": escalation.other_unit.name,
                    "due": f"{item.due_on:%Y-%m-%d}",
                },
            )
        )
    return proposals


def _consent_overrides(
    unit_ids: set[int], today: datetime.date, event_id: int | None
) -> list[Proposal]:
    # An override without a case belongs to the units of the person who acted (as in
    # coordination.selectors_consent): the first of them, by name, among the user's units.
    overrider_unit = Membership.objects.filter(
        user_id=OuterRef("overridden_by_id"),
        is_active=True,
        role__in=UNIT_ROLES,
        unit_id__in=unit_ids,
    ).order_by("unit__name", "pk")
    rows = list(
        ConsentOverride.objects.filter(
            _only(event_id),
            overridden_at__gte=_aware(_window_start(today)),
            deviation_report__isnull=True,
        )
        .annotate(overrider_unit_id=Subquery(overrider_unit.values("unit_id")[:1]))
        .filter(
            Q(case__unit_id__in=unit_ids) | Q(case__isnull=True, overrider_unit_id__isnull=False)
        )
        .select_related("case__unit")
        .order_by("-overridden_at", "-pk")
    )
    # No query when every override has a case.
    units = Unit.objects.in_bulk({row.overrider_unit_id for row in rows if row.case_id is None})
    proposals = []
    for row in rows:
        unit = row.case.unit if row.case_id else units[row.overrider_unit_id]
        day = row.overridden_at.astimezone(STOCKHOLM).date()
        proposals.append(
            Proposal(
                source=DeviationSource.CONSENT_OVERRIDE,
                event_id=row.pk,
                event=row,
                day=day,
                reporting_unit=unit,
                summary=_("Action without consent (%(scope)s) on %(day)s.")
                % {"scope": row.get_scope_display(), "day": f"{day:%Y-%m-%d}"},
            )
        )
    return proposals


def _log_findings(unit_ids: set[int], today: datetime.date, event_id: int | None) -> list[Proposal]:
    reviews = (
        AccessLogReview.objects.filter(
            _only(event_id),
            unit_id__in=unit_ids,
            result=ReviewResult.REMARKS,
            reviewed_at__gte=_aware(_window_start(today)),
            deviation_report__isnull=True,
        )
        .select_related("unit")
        .order_by("-reviewed_at", "-pk")
    )
    return [
        Proposal(
            source=DeviationSource.ACCESS_LOG_FINDING,
            event_id=review.pk,
            event=review,
            day=review.reviewed_at.astimezone(STOCKHOLM).date(),
            reporting_unit=review.unit,
            summary=_("Review of the access log for %(start)s to %(end)s with remarks.")
            % {"start": f"{review.period_start:%Y-%m-%d}", "end": f"{review.period_end:%Y-%m-%d}"},
        )
        for review in reviews
    ]


def _skipped_steps(
    unit_ids: set[int], today: datetime.date, event_id: int | None
) -> list[Proposal]:
    steps = (
        RoutineRunStep.objects.filter(
            _only(event_id),
            state=RoutineStepState.SKIPPED,
            step__mandatory=True,
            unit_id__in=unit_ids,
            completed_at__gte=_aware(_window_start(today)),
            deviation_report__isnull=True,
        )
        .select_related("step", "unit", "run__definition", "run__case__unit", "run__other_unit")
        .order_by("-completed_at", "-pk")
    )
    proposals = []
    for step in steps:
        run = step.run
        concerned: list[Unit] = []
        # R31: a step kept within its unit names no other unit; the report would tell them.
        if not step.step.kept_within_unit:
            for unit in (run.case.unit, run.other_unit):
                if unit is not None and unit.pk != step.unit_id and unit not in concerned:
                    concerned.append(unit)
        day = step.completed_at.astimezone(STOCKHOLM).date()
        proposals.append(
            Proposal(
                source=DeviationSource.ROUTINE_STEP_SKIPPED,
                event_id=step.pk,
                event=step,
                day=day,
                reporting_unit=step.unit,
                concerned_units=concerned,
                summary=_("Mandatory step %(position)s of %(routine)s skipped on %(day)s.")
                % {
                    "position": step.position,
                    "routine": run.definition.name,
                    "day": f"{day:%Y-%m-%d}",
                },
            )
        )
    return proposals


_SOURCES = {
    DeviationSource.HANDOVER_NOT_ANNOUNCED: _handovers,
    DeviationSource.CONSENT_OVERRIDE: _consent_overrides,
    DeviationSource.ESCALATION_OVERDUE: _escalations,
    DeviationSource.ORDER_EXECUTION_CHECK_MISSED: _execution_checks,
    DeviationSource.ACCESS_LOG_FINDING: _log_findings,
    DeviationSource.ROUTINE_STEP_SKIPPED: _skipped_steps,
}
PROPOSED_SOURCES = tuple(_SOURCES)


def deviation_proposals_for(*, user: User, today: datetime.date | None = None) -> list[Proposal]:
    """The events of the user's units that warrant a report and have none yet, newest
    first; one query for the user's units, one per source, and one for the units of
    overrides made without a case when there are any."""
    unit_ids = reporting_unit_ids(user=user)
    if not unit_ids:
        return []
    today = today or stockholm_today()
    proposals = [
        proposal for source in _SOURCES.values() for proposal in source(unit_ids, today, None)
    ]
    proposals.sort(key=lambda proposal: (proposal.day, proposal.event_id), reverse=True)
    return proposals


def deviation_proposal_for(
    *, user: User, source: str, event_id: int, today: datetime.date | None = None
) -> Proposal | None:
    """The proposal for one event if it is the user's units' and still warrants a report
    (the list's reads narrowed to the event); None otherwise."""
    unit_ids = reporting_unit_ids(user=user)
    if source not in _SOURCES or not unit_ids:
        return None
    found = _SOURCES[source](unit_ids, today or stockholm_today(), event_id)
    return found[0] if found else None
