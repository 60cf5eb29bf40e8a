"""Reads about deviation reports (R25) and the missed deadlines that propose one."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from coordination.models import Case, DueItem, DueKind
from coordination.selectors_age import STOCKHOLM, stockholm_today
from deviations.models import REPORTING_ROLES, DeviationReport, DeviationState
from units.models import Membership, User


def reporting_unit_ids(*, user: User) -> set[int]:
    """The units where the user may write a deviation report (one query)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(
            user=user, role__in=REPORTING_ROLES, is_active=True, unit__isnull=False
        ).values_list("unit_id", flat=True)
    )


def handover_deadline_missed(item: DueItem, *, today: datetime.date | None = None) -> bool:
    """R17: the handover was not announced six months ahead: its deadline passed undone, or
    was done only after it had passed."""
    if item.kind != DueKind.HANDOVER_DEADLINE:
        return False
    today = today or stockholm_today()
    if item.done_at is None:
        return item.due_on < today
    return timezone.localtime(item.done_at, STOCKHOLM).date() > item.due_on


def missed_handover_deadline_for_case(
    *, case: Case, today: datetime.date | None = None
) -> DueItem | None:
    """The case's latest missed handover deadline with its report, if any (one query)."""
    items = (
        DueItem.objects.filter(case=case, kind=DueKind.HANDOVER_DEADLINE)
        .select_related("deviation_report")
        .order_by("-period")
    )
    for item in items[:1]:
        if handover_deadline_missed(item, today=today):
            return item
    return None


def deviation_report_for_due_item(item: DueItem) -> DeviationReport | None:
    return DeviationReport.objects.filter(due_item=item).first()


def deviation_drafts_for_user(*, user: User) -> QuerySet[DeviationReport]:
    """Drafts of the units where the user reports, newest first; two queries with their
    concerned units."""
    return (
        DeviationReport.objects.filter(
            reporting_unit_id__in=reporting_unit_ids(user=user), state=DeviationState.DRAFT
        )
        .select_related("reporting_unit", "reporter", "due_item")
        .prefetch_related("concerned_units")
    )


def deviation_report_get_for_user(*, user: User, pk: int) -> DeviationReport | None:
    """The report, if the user reports for its unit; None otherwise."""
    return (
        DeviationReport.objects.filter(pk=pk, reporting_unit_id__in=reporting_unit_ids(user=user))
        .select_related("reporting_unit", "reporter", "due_item__case", "organisation")
        .prefetch_related("concerned_units")
        .first()
    )
