"""Writes to the read-access log: one row per individual shown, denials included."""

from collections.abc import Iterable
from contextlib import nullcontext

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.http import HttpRequest
from django.utils import timezone

from coordination.models import AccessAction, AccessLogEntry, AccessOutcome, Case, Individual
from units.models import UNIT_ROLES, Membership

# What a row needs of the user's memberships, in the order of Membership's fields.
_MEMBERSHIP_FIELDS = ("id", "organisation_id", "unit_id", "role")
_MEMBERSHIPS_SQL = (
    "SELECT id, organisation_id, unit_id, role FROM units_membership "
    "WHERE user_id = %s AND is_active ORDER BY id"
)
# Every column but the id, in the order `_values` gives them.
_INSERT_FIELDS = [f for f in AccessLogEntry._meta.concrete_fields if not f.primary_key]
_INSERT_COLUMNS = (
    "at",
    "user_id",
    "organisation_id",
    "user_unit_id",
    "user_role",
    "individual_id",
    "case_id",
    "action",
    "outcome",
    "path",
    "request_id",
)
if tuple(f.column for f in _INSERT_FIELDS) != _INSERT_COLUMNS:
    raise ImproperlyConfigured("AccessLogEntry's columns changed: update _values.")
_INSERT_SQL = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608 - our own names, no input
    AccessLogEntry._meta.db_table, ", ".join(f'"{column}"' for column in _INSERT_COLUMNS)
)
_ROW_PLACEHOLDERS = "(" + ", ".join(["%s"] * len(_INSERT_FIELDS)) + ")"


def _memberships(request: HttpRequest) -> list[Membership]:
    """The user's active memberships, read once per request; one query."""
    cached = getattr(request, "_access_log_memberships", None)
    if cached is None:
        # Plain SQL: the ORM took longer to build this query than the database to answer it.
        alias = router.db_for_read(Membership)
        with connections[alias].cursor() as cursor:
            cursor.execute(_MEMBERSHIPS_SQL, [request.user.pk])
            cached = [Membership.from_db(alias, _MEMBERSHIP_FIELDS, row) for row in cursor]
        request._access_log_memberships = cached
    return cached


def _insert(rows: list[tuple]) -> None:
    """The rows (from `_values`) in one multi-row INSERT, in autocommit: one statement is
    atomic by itself, so the transaction bulk_create opens would only add a BEGIN and a
    COMMIT. Plain SQL: the ORM took longer to build the INSERT than the database to run it.
    More rows than one statement may carry (SQLite) are split, in one transaction."""
    if not rows:
        return
    alias = router.db_for_write(AccessLogEntry)
    db = connections[alias]
    per_statement = max(db.ops.bulk_batch_size(_INSERT_FIELDS, rows), 1)
    batches = [rows[i : i + per_statement] for i in range(0, len(rows), per_statement)]
    several = (
        transaction.atomic(using=alias, savepoint=False) if len(batches) > 1 else nullcontext()
    )
    with several, db.cursor() as cursor:
        for batch in batches:
            sql = _INSERT_SQL + ", ".join([_ROW_PLACEHOLDERS] * len(batch))
            cursor.execute(sql, [value for row in batch for value in row])


def _acting_membership(request: HttpRequest, unit_id: int | None) -> Membership | None:
    """The membership the user acts through: at the case's unit if any, else the first."""
    memberships = _memberships(request)
    for membership in memberships:
        if unit_id is not None and membership.unit_id == unit_id:
            return membership
    unit_roles = [m for m in memberships if m.role in UNIT_ROLES]
    return (unit_roles or memberships or [None])[0]


def _values(
    request: HttpRequest,
    *,
    at,
    action: AccessAction,
    individual_id: int | None,
    case_id: int | None = None,
    case_unit_id: int | None = None,
    outcome: AccessOutcome = AccessOutcome.GRANTED,
) -> tuple:
    """One row as `_entry` builds it, as the values of _INSERT_FIELDS."""
    membership = _acting_membership(request, case_unit_id)
    return (
        at,
        request.user.pk,
        membership.organisation_id if membership else None,
        membership.unit_id if membership else None,
        membership.role if membership else "",
        individual_id,
        case_id,
        str(action),
        str(outcome),
        request.path[:300],
        getattr(request, "request_id", ""),
    )


def _now(alias: str):
    """The time for auto_now_add, as the database takes it."""
    return connections[alias].ops.adapt_datetimefield_value(timezone.now())


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
    at = _now(router.db_for_write(AccessLogEntry))
    rows = [
        _values(request, at=at, action=action, individual_id=individual_id, outcome=outcome)
        for individual_id in dict.fromkeys(individual_ids)
    ]
    _insert(rows)
    return len(rows)


def access_log_cases(*, request: HttpRequest, action: AccessAction, cases: Iterable[Case]) -> int:
    """Logs that the request showed each case's contents; one query."""
    at = _now(router.db_for_write(AccessLogEntry))
    rows = [
        _values(
            request,
            at=at,
            action=action,
            individual_id=case.individual_id,
            case_id=case.pk,
            case_unit_id=case.unit_id,
        )
        for case in cases
    ]
    _insert(rows)
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
