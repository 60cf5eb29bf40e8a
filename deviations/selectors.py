"""Reads about deviation reports (R25): a user's reports by state, one report's page with the
actions open to the user, and the missed deadlines that propose a report."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from coordination.models import Case, DueItem, DueKind
from coordination.selectors_age import STOCKHOLM, stockholm_today
from deviations.models import (
    REPORTING_ROLES,
    DeviationReport,
    DeviationSignature,
    DeviationState,
    SignatureParty,
)
from deviations.permissions import (
    OTHER,
    REPORTING,
    DeviationAccess,
    deviation_access_for,
    deviation_actions,
    deviation_sides,
    deviation_visible,
)
from units.models import Membership, User

# The deadlines whose miss proposes a report, and are missed when done after their day.
MISSABLE_KINDS = frozenset({DueKind.HANDOVER_DEADLINE, DueKind.ORDER_EXECUTION_CHECK})


def reporting_unit_ids(*, user: User) -> set[int]:
    """The units where the user may write a deviation report (one query)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(
            user=user, role__in=REPORTING_ROLES, is_active=True, unit__isnull=False
        ).values_list("unit_id", flat=True)
    )


def due_item_missed(item: DueItem, *, today: datetime.date | None = None) -> bool:
    """A routine deadline was missed: it passed undone, or was done only after its day
    (Stockholm). R17 for the handover deadline, R26 for the execution check of an order."""
    if item.kind not in MISSABLE_KINDS:
        return False
    today = today or stockholm_today()
    if item.done_at is None:
        return item.due_on < today
    return timezone.localtime(item.done_at, STOCKHOLM).date() > item.due_on


def handover_deadline_missed(item: DueItem, *, today: datetime.date | None = None) -> bool:
    """R17: the handover was not announced six months ahead: its deadline passed undone, or
    was done only after it had passed."""
    return item.kind == DueKind.HANDOVER_DEADLINE and due_item_missed(item, today=today)


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


def _with_parts(reports: QuerySet[DeviationReport]) -> QuerySet[DeviationReport]:
    return reports.select_related("reporting_unit", "reporter").prefetch_related("concerned_units")


@dataclass
class StateGroup:
    state: DeviationState
    reports: list[DeviationReport] = field(default_factory=list)


def deviation_report_list_for(*, user: User) -> list[StateGroup]:
    """The reports the user may read, grouped by state in the order of the flow, newest first
    within a state; three queries whatever the number (access, reports, their units)."""
    access = deviation_access_for(user)
    groups = {state: StateGroup(DeviationState(state)) for state in DeviationState.values}
    for report in _with_parts(deviation_visible(access)).order_by("-reported_on", "-pk"):
        groups[report.state].reports.append(report)
    return [group for group in groups.values() if group.reports]


def deviation_report_get_for_user(*, user: User, pk: int) -> DeviationReport | None:
    """The report, if the user reports for its unit; None otherwise."""
    return (
        DeviationReport.objects.filter(pk=pk, reporting_unit_id__in=reporting_unit_ids(user=user))
        .select_related("reporting_unit", "reporter", "due_item__case", "organisation")
        .prefetch_related("concerned_units")
        .first()
    )


@dataclass(frozen=True)
class HistoryRow:
    at: datetime.datetime
    state: str
    state_label: str
    by: User | None


@dataclass
class DeviationPage:
    """One report as the user may see it, with what they may do now."""

    report: DeviationReport
    access: DeviationAccess
    sides: frozenset[str]
    actions: frozenset[str]
    signatures: list[DeviationSignature]
    history: list[HistoryRow]

    @property
    def signed_parties(self) -> set[str]:
        return {signature.party for signature in self.signatures}

    @property
    def sign_parties(self) -> list[SignatureParty]:
        """The parties the user may still sign for (R25: one signature per party)."""
        if "sign" not in self.actions:
            return []
        own = {REPORTING: SignatureParty.REPORTING, OTHER: SignatureParty.OTHER}
        return [
            own[side]
            for side in (REPORTING, OTHER)
            if side in self.sides and own[side] not in self.signed_parties
        ]


def deviation_history(report: DeviationReport) -> list[HistoryRow]:
    """The report's moves from state to state, oldest first, each with who made it (one
    query: simple-history's rows, read where the state changed)."""
    rows = report.history.select_related("history_user").order_by("history_date", "history_id")
    history: list[HistoryRow] = []
    previous = None
    for row in rows:
        if row.state != previous:
            label = DeviationState(row.state).label if row.state in DeviationState.values else ""
            history.append(HistoryRow(row.history_date, row.state, label, row.history_user))
            previous = row.state
    return history


def deviation_page_for(*, user: User, pk: int) -> DeviationPage | None:
    """The report if the user may read it, with their actions; None otherwise (404)."""
    access = deviation_access_for(user)
    report = (
        _with_parts(deviation_visible(access).filter(pk=pk))
        .select_related(
            "organisation",
            "submitted_by",
            "dialogue_with",
            "dialogue_unit",
            "sent_by",
            "filed_by",
            "due_item__escalation__raising_unit",
            "due_item__escalation__other_unit",
            "due_item__order__provider_unit",
            "due_item__case",
            "consent_override",
            "access_log_review__unit",
        )
        .prefetch_related(
            Prefetch(
                "signatures",
                queryset=DeviationSignature.objects.filter(voided_at__isnull=True).select_related(
                    "user", "unit"
                ),
                to_attr="active_signatures",
            )
        )
        .first()
    )
    if report is None:
        return None
    return DeviationPage(
        report=report,
        access=access,
        sides=deviation_sides(access, report),
        actions=deviation_actions(access, report),
        signatures=report.active_signatures,
        history=deviation_history(report),
    )


def deviation_counterpart_choices(report: DeviationReport) -> QuerySet[Membership]:
    """R25 "the same level at the other unit": the deputy unit managers and unit managers of
    the units the report concerns, who may then sign part 2 for them."""
    return (
        Membership.objects.filter(
            unit__in=report.concerned_units.all(),
            role__in=REPORTING_ROLES,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user", "unit")
        .order_by("unit__name", "user__last_name", "user__first_name", "role")
    )


def deviation_other_unit_for(*, user: User, report: DeviationReport):
    """The concerned unit the user signs for: the first, by name, where they manage (one
    query), or None."""
    membership = (
        Membership.objects.filter(
            user=user,
            is_active=True,
            role__in=REPORTING_ROLES,
            unit__in=report.concerned_units.all(),
        )
        .select_related("unit")
        .order_by("unit__name", "pk")
        .first()
    )
    return membership.unit if membership else None
