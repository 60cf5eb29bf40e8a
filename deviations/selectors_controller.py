"""The controller's reads of deviation reports (R25): the organisation's reports sent to the
controller, narrowed by the filters of the controller's list. The list, the statistics and
every export read through `controller_reports`, so a filter means the same everywhere.
"""

import datetime
from dataclasses import dataclass

from django.db.models import DurationField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from coordination.selectors_age import STOCKHOLM
from deviations.models import DeviationReport
from deviations.permissions import CONTROLLER_STATES, DeviationAccess
from units.models import Unit


@dataclass(frozen=True)
class DeviationFilter:
    """What the controller narrows the reports to. The period is the report's date (the day
    part 1 was sent); a unit pair matches a report when one unit reports and the other is
    concerned, in either direction; one unit alone matches every report it is part of."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    unit_a: int | None = None
    unit_b: int | None = None
    states: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


def _concerns(unit_id: int):
    return Exists(
        DeviationReport.concerned_units.through.objects.filter(
            deviationreport_id=OuterRef("pk"), unit_id=unit_id
        )
    )


def _involves(unit_id: int) -> Q:
    return Q(reporting_unit_id=unit_id) | Q(_concerns(unit_id))


def days_to_file(prefix: str = "") -> ExpressionWrapper:
    """The time from part 1 sent to filed, in whole Stockholm calendar days (sent on a Monday
    and filed on the Wednesday is two days), as a duration; null until the report is filed.
    One definition for the list, the statistics and the yearly summary. `prefix` reaches the
    report from another model ("deviationreport__" from the units-concerned rows)."""
    return ExpressionWrapper(
        TruncDate(f"{prefix}filed_at", tzinfo=STOCKHOLM)
        - TruncDate(f"{prefix}submitted_at", tzinfo=STOCKHOLM),
        output_field=DurationField(),
    )


def controller_reports(
    *, access: DeviationAccess, filters: DeviationFilter | None = None
) -> QuerySet[DeviationReport]:
    """The reports of the controller's organisations sent to the controller (or filed), with
    the filters applied; unordered, so each reader orders and selects what it needs."""
    filters = filters or DeviationFilter()
    reports = DeviationReport.objects.filter(
        organisation_id__in=access.controlled_organisation_ids, state__in=CONTROLLER_STATES
    )
    if filters.date_from:
        reports = reports.filter(reported_on__gte=filters.date_from)
    if filters.date_to:
        reports = reports.filter(reported_on__lte=filters.date_to)
    a, b = filters.unit_a, filters.unit_b
    if a and b:
        reports = reports.filter(
            (Q(reporting_unit_id=a) & Q(_concerns(b))) | (Q(reporting_unit_id=b) & Q(_concerns(a)))
        )
    elif a or b:
        reports = reports.filter(_involves(a or b))
    if filters.states:
        reports = reports.filter(state__in=filters.states)
    if filters.sources:
        reports = reports.filter(source__in=filters.sources)
    return reports


def controller_report_list(
    *, access: DeviationAccess, filters: DeviationFilter | None = None
) -> QuerySet[DeviationReport]:
    """The controller's list: the filtered reports, newest first, with their units and the
    days from part 1 sent to filed (`time_to_file`, a duration, None until filed). A page
    of it costs two queries (the reports, their units concerned) beside the paginator's count."""
    return (
        controller_reports(access=access, filters=filters)
        .select_related("reporting_unit")
        .prefetch_related("concerned_units")
        .annotate(time_to_file=days_to_file())
        .order_by("-reported_on", "-pk")
    )


def controller_units(*, access: DeviationAccess) -> QuerySet[Unit]:
    """The units of the controller's organisations, for the unit-pair filter."""
    return (
        Unit.objects.filter(organisation_id__in=access.controlled_organisation_ids)
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )
