"""Writes to the read-access log: one row per individual shown, denials included."""

from collections.abc import Iterable

from django.http import HttpRequest

from coordination.models import AccessAction, AccessLogEntry, AccessOutcome, Case, Individual
from units.models import UNIT_ROLES, Membership


def _memberships(request: HttpRequest) -> list[Membership]:
    cached = getattr(request, "_access_log_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=request.user, is_active=True).order_by("pk"))
        request._access_log_memberships = cached
    return cached


def _acting_membership(request: HttpRequest, unit_id: int | None) -> Membership | None:
    """The membership the user acts through: at the case's unit if any, else the first."""
    memberships = _memberships(request)
    for membership in memberships:
        if unit_id is not None and membership.unit_id == unit_id:
            return membership
    unit_roles = [m for m in memberships if m.role in UNIT_ROLES]
    return (unit_roles or memberships or [None])[0]


def _entry(
    request: HttpRequest,
    *,
    action: AccessAction,
    individual_id: int | None,
    case_id: int | None = None,
    case_unit_id: int | None = None,
    outcome: AccessOutcome = AccessOutcome.GRANTED,
) -> AccessLogEntry:
    membership = _acting_membership(request, case_unit_id)
    return AccessLogEntry(
        user=request.user,
        organisation_id=membership.organisation_id if membership else None,
        user_unit_id=membership.unit_id if membership else None,
        user_role=membership.role if membership else "",
        individual_id=individual_id,
        case_id=case_id,
        action=action,
        outcome=outcome,
        path=request.path[:300],
        request_id=getattr(request, "request_id", ""),
    )


def access_log_record(
    *,
    request: HttpRequest,
    action: AccessAction,
    individual_ids: Iterable[int],
    outcome: AccessOutcome = AccessOutcome.GRANTED,
) -> int:
    """Logs that the request showed each individual (once each); one query."""
    rows = [
        _entry(request, action=action, individual_id=individual_id, outcome=outcome)
        for individual_id in dict.fromkeys(individual_ids)
    ]
    AccessLogEntry.objects.bulk_create(rows)
    return len(rows)


def access_log_cases(*, request: HttpRequest, action: AccessAction, cases: Iterable[Case]) -> int:
    """Logs that the request showed each case's contents; one query."""
    rows = [
        _entry(
            request,
            action=action,
            individual_id=case.individual_id,
            case_id=case.pk,
            case_unit_id=case.unit_id,
        )
        for case in cases
    ]
    AccessLogEntry.objects.bulk_create(rows)
    return len(rows)


def access_log_denied(
    *,
    request: HttpRequest,
    action: AccessAction,
    individual_id: int | None = None,
    case_id: int | None = None,
) -> None:
    """Logs a refused read; ids that do not exist are kept out of the foreign keys."""
    if case_id is not None:
        case = Case.objects.filter(pk=case_id).values("individual_id").first()
        individual_id = case["individual_id"] if case else individual_id
        case_id = case_id if case else None
    if individual_id is not None and not Individual.objects.filter(pk=individual_id).exists():
        individual_id = None
    _entry(
        request,
        action=action,
        individual_id=individual_id,
        case_id=case_id,
        outcome=AccessOutcome.DENIED,
    ).save()
