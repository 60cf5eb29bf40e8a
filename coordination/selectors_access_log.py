"""Reads of the access log for its reviewers: unit managers their units, controllers all.

One scope rule (STYLE.md rule 4) decides which log rows a reviewer may read: a unit
manager reads the rows of users acting at the units they manage, a controller every row of
their organisation. The list, the filter's unit choices, the random sample, the review's
validation and the list of earlier reviews all start from it.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coordination.models import AccessLogEntry, AccessLogReview, CaseGrant, GrantReason
from units.models import Membership, Organisation, Role, Unit, User

# The log is reviewed by Swedish calendar days, whatever the server's time zone (rule 9).
STOCKHOLM = ZoneInfo("Europe/Stockholm")
REVIEWER_ROLES = frozenset({Role.UNIT_MANAGER, Role.CONTROLLER})


def _managed_unit_ids(user: User) -> QuerySet:
    return Membership.objects.filter(
        user=user, is_active=True, role=Role.UNIT_MANAGER, unit__isnull=False
    ).values("unit_id")


def _controlled_organisation_ids(user: User) -> QuerySet:
    return Membership.objects.filter(
        user=user, is_active=True, role=Role.CONTROLLER, unit__isnull=True
    ).values("organisation_id")


def _scope_filter(user: User, *, unit_field: str, organisation_field: str) -> Q | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return Q(**{f"{unit_field}__in": _managed_unit_ids(user)}) | Q(
        **{f"{organisation_field}__in": _controlled_organisation_ids(user)}
    )


def access_log_visible_to(user: User) -> QuerySet[AccessLogEntry]:
    """Log rows the user may review: their managed units' users, or their organisation's."""
    scope = _scope_filter(user, unit_field="user_unit_id", organisation_field="organisation_id")
    if scope is None:
        return AccessLogEntry.objects.none()
    return AccessLogEntry.objects.filter(scope)


def flagged_reads_visible_to(user: User) -> QuerySet[CaseGrant]:
    """Reads with a stated reason (R4) of cases in the reviewer's units or organisation."""
    scope = _scope_filter(
        user,
        unit_field="content_object__unit_id",
        organisation_field="content_object__unit__organisation_id",
    )
    if scope is None:
        return CaseGrant.objects.none()
    return (
        CaseGrant.objects.filter(scope, reason=GrantReason.ACTIVE_DECISION, flagged_for_review=True)
        .select_related("user", "content_object__unit")
        .order_by("-granted_at")
    )


def local_day_bounds(
    date_from: datetime.date | None, date_to: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """Aware bounds [start of `date_from`, start of the day after `date_to`) in Stockholm."""
    start = (
        datetime.datetime.combine(date_from, datetime.time.min, tzinfo=STOCKHOLM)
        if date_from
        else None
    )
    end = (
        datetime.datetime.combine(
            date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=STOCKHOLM
        )
        if date_to
        else None
    )
    return start, end


def _within_days(
    entries: QuerySet[AccessLogEntry],
    date_from: datetime.date | None,
    date_to: datetime.date | None,
) -> QuerySet[AccessLogEntry]:
    start, end = local_day_bounds(date_from, date_to)
    if start is not None:
        entries = entries.filter(at__gte=start)
    if end is not None:
        entries = entries.filter(at__lt=end)
    return entries


@dataclass(frozen=True)
class AccessLogFilter:
    """What the reviewer asked for; empty values filter nothing."""

    identity_number: str | None = None
    individual_id: int | None = None
    username: str = ""
    unit: Unit | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def access_log_list(
    *, user: User, filters: AccessLogFilter | None = None
) -> QuerySet[AccessLogEntry]:
    """The rows the user may review, filtered, newest first, with everything a row shows."""
    filters = filters or AccessLogFilter()
    entries = access_log_visible_to(user)
    if filters.identity_number:
        entries = entries.filter(individual__identity_number=filters.identity_number)
    if filters.individual_id is not None:
        entries = entries.filter(individual_id=filters.individual_id)
    if filters.username:
        entries = entries.filter(user__username__iexact=filters.username)
    if filters.unit is not None:
        entries = entries.filter(user_unit=filters.unit)
    entries = _within_days(entries, filters.date_from, filters.date_to)
    return entries.select_related("user", "user_unit", "individual", "case__unit").order_by(
        "-at", "-pk"
    )


def access_log_unit_choices(*, user: User) -> QuerySet[Unit]:
    """Units whose users' rows the user may review, for the filter (inactive ones too)."""
    scope = _scope_filter(user, unit_field="pk", organisation_field="organisation_id")
    if scope is None:
        return Unit.objects.none()
    return Unit.objects.filter(scope).order_by("name", "pk")


@dataclass(frozen=True)
class ReviewScope:
    """The part of the log one review covers: a managed unit, or a whole organisation."""

    key: str
    organisation: Organisation
    unit: Unit | None

    @property
    def label(self) -> str:
        if self.unit is not None:
            return str(_("Unit: %(unit)s") % {"unit": self.unit.name})
        return str(
            _("Organisation: %(organisation)s, all units") % {"organisation": self.organisation}
        )


def access_log_review_scopes_for(*, user: User) -> list[ReviewScope]:
    """The parts of the log the user reviews: one per managed unit and controlled organisation."""
    if not user.is_authenticated or not user.is_active:
        return []
    memberships = (
        Membership.objects.filter(user=user, is_active=True, role__in=REVIEWER_ROLES)
        .select_related("organisation", "unit")
        .order_by("role", "organisation__name", "unit__name", "pk")
    )
    scopes: dict[str, ReviewScope] = {}
    for membership in memberships:
        if membership.role == Role.CONTROLLER and membership.unit_id is None:
            key = f"organisation-{membership.organisation_id}"
            scopes.setdefault(key, ReviewScope(key, membership.organisation, None))
        elif membership.role == Role.UNIT_MANAGER and membership.unit_id is not None:
            key = f"unit-{membership.unit_id}"
            scopes.setdefault(key, ReviewScope(key, membership.unit.organisation, membership.unit))
    return list(scopes.values())


def access_log_in_review_scope(
    *,
    user: User,
    organisation: Organisation,
    unit: Unit | None,
    period_start: datetime.date,
    period_end: datetime.date,
) -> QuerySet[AccessLogEntry]:
    """The rows one review covers: visible to the user, in its unit or organisation and period."""
    entries = access_log_visible_to(user).filter(organisation=organisation)
    if unit is not None:
        entries = entries.filter(user_unit=unit)
    return _within_days(entries, period_start, period_end)


def access_log_sample(
    *,
    user: User,
    organisation: Organisation,
    unit: Unit | None,
    period_start: datetime.date,
    period_end: datetime.date,
    size: int,
) -> list[AccessLogEntry]:
    """A random sample of the rows one review covers, shown oldest first; one query."""
    # ORDER BY RANDOM() reads the whole period; fine for a municipality's monthly volume.
    sample = list(
        access_log_in_review_scope(
            user=user,
            organisation=organisation,
            unit=unit,
            period_start=period_start,
            period_end=period_end,
        )
        .select_related("user", "user_unit", "individual", "case__unit")
        .order_by("?")[:size]
    )
    return sorted(sample, key=lambda entry: (entry.at, entry.pk))


def access_log_entries_by_id(*, user: User, ids: list[int]) -> list[AccessLogEntry]:
    """The given rows the user may review, oldest first (a posted sample shown again)."""
    return list(
        access_log_visible_to(user)
        .filter(pk__in=ids)
        .select_related("user", "user_unit", "individual", "case__unit")
        .order_by("at", "pk")
    )


def access_log_review_list_visible_to(user: User) -> QuerySet[AccessLogReview]:
    """Earlier reviews the user may read: their units' reviews, or all of their organisation's."""
    scope = _scope_filter(user, unit_field="unit_id", organisation_field="organisation_id")
    if scope is None:
        return AccessLogReview.objects.none()
    return (
        AccessLogReview.objects.filter(scope)
        .select_related("reviewer", "organisation", "unit")
        .annotate(sample_size=Count("sample"))
        .order_by("-reviewed_at", "-pk")
    )
