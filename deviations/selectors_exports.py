"""Reads for the exports of deviation reports (R25; docs/exports.md): the columns, the rows of
a filtered set of reports in a fixed number of queries, the controller's filter as JSON, and
a user's own exports.

The rows of any number of reports take three queries, each read in chunks: the reports, their
units concerned and their signatures, all in the same order (newest first), merged as they
stream. No query per report, and no more than a chunk of each in memory.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.selectors_age import STOCKHOLM
from deviations.models import (
    DeviationExport,
    DeviationReport,
    DeviationSignature,
    DeviationSource,
    DeviationState,
    ExportFormat,
    SignatureParty,
)
from deviations.selectors_controller import DeviationFilter, days_to_file
from units.models import Unit, User

# Rows fetched per round trip (a server-side cursor on PostgreSQL, fetchmany on SQLite).
EXPORT_CHUNK_SIZE = 2000

# (key, heading, width in an XLSX sheet), in the order of the columns.
EXPORT_COLUMNS: tuple[tuple[str, Promise, int], ...] = (
    ("id", gettext_lazy("Report no."), 9),
    ("reported_on", gettext_lazy("Date"), 11),
    ("reporting_unit", gettext_lazy("Reporting unit"), 24),
    ("concerned_units", gettext_lazy("Units concerned"), 28),
    ("source", gettext_lazy("Source"), 30),
    ("state", gettext_lazy("State"), 24),
    ("what_happened", gettext_lazy("What happened"), 60),
    ("perception", gettext_lazy("How the reporting unit perceived it"), 45),
    ("improvement_proposals", gettext_lazy("Improvement proposals"), 45),
    ("joint_summary", gettext_lazy("Joint summary with the solution"), 60),
    ("remaining_problems", gettext_lazy("Remaining problems"), 45),
    ("action", gettext_lazy("Action"), 45),
    ("action_follow_up_on", gettext_lazy("Follow-up of the action"), 12),
    ("submitted_at", gettext_lazy("Part 1 sent"), 17),
    ("signed_by", gettext_lazy("Signed by (name, title, date)"), 50),
    ("sent_at", gettext_lazy("Sent to the controller"), 17),
    ("filed_at", gettext_lazy("Filed"), 17),
    ("days_to_close", gettext_lazy("Days to close"), 9),
)

_REPORT_FIELDS = (
    "reported_on",
    "pk",
    "reporting_unit__name",
    "source",
    "state",
    "what_happened",
    "perception",
    "improvement_proposals",
    "joint_summary",
    "remaining_problems",
    "action",
    "action_follow_up_on",
    "submitted_at",
    "sent_at",
    "filed_at",
    "time_to_file",
)
# The signing parties in the order of the form: the reporting unit, then the other unit.
_PARTY_ORDER = {SignatureParty.REPORTING: 0, SignatureParty.OTHER: 1}


def deviation_export_header() -> list[str]:
    """The column headings in the active language."""
    return [str(heading) for _key, heading, _width in EXPORT_COLUMNS]


def deviation_export_widths() -> list[int]:
    return [width for _key, _heading, width in EXPORT_COLUMNS]


class _Follower:
    """Walks rows sorted like the reports (key first, descending) alongside them, handing
    out the rows of each report's key. Rows of a report missing from the main stream (sent
    or filed between the queries) are skipped."""

    def __init__(self, rows: Iterator[tuple]):
        self._rows = rows
        self._next = next(self._rows, None)

    def take(self, key: tuple) -> list[tuple]:
        while self._next is not None and self._next[0] > key:
            self._next = next(self._rows, None)
        found = []
        while self._next is not None and self._next[0] == key:
            found.append(self._next[1:])
            self._next = next(self._rows, None)
        return found


def _keyed(rows: Iterator[tuple]) -> Iterator[tuple]:
    """(reported_on, pk, *rest) rows as ((reported_on, pk), *rest)."""
    for reported_on, pk, *rest in rows:
        yield ((reported_on, pk), *rest)


def _person(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def deviation_export_rows(
    reports: QuerySet[DeviationReport], *, chunk_size: int = EXPORT_CHUNK_SIZE
) -> Iterator[tuple]:
    """The export's rows of the reports, newest first, as typed values (dates, datetimes,
    numbers, text) in the order of EXPORT_COLUMNS. Three queries whatever the number; the
    labels are translated now, in the caller's language, since the rows may be read after
    the request's language is reset (a streamed response)."""
    labels = {
        "state": {value: str(label) for value, label in DeviationState.choices},
        "source": {value: str(label) for value, label in DeviationSource.choices},
    }
    return _rows(reports, labels, chunk_size)


def _rows(reports: QuerySet[DeviationReport], labels: dict, chunk_size: int) -> Iterator[tuple]:
    # Days to close: the list's and the statistics' definition (part 1 sent to filed, in
    # Stockholm calendar days).
    ordered = reports.annotate(time_to_file=days_to_file()).order_by("-reported_on", "-pk")
    ids = reports.values("pk")
    main = _keyed(ordered.values_list(*_REPORT_FIELDS).iterator(chunk_size=chunk_size))
    units = _Follower(
        _keyed(
            DeviationReport.concerned_units.through.objects.filter(deviationreport_id__in=ids)
            .order_by("-deviationreport__reported_on", "-deviationreport_id", "unit__name")
            .values_list("deviationreport__reported_on", "deviationreport_id", "unit__name")
            .iterator(chunk_size=chunk_size)
        )
    )
    signatures = _Follower(
        _keyed(
            DeviationSignature.objects.filter(report_id__in=ids, voided_at__isnull=True)
            .order_by("-report__reported_on", "-report_id", "signed_at", "pk")
            .values_list(
                "report__reported_on",
                "report_id",
                "party",
                "user__first_name",
                "user__last_name",
                "user__username",
                "title",
                "signed_at",
            )
            .iterator(chunk_size=chunk_size)
        )
    )
    for row in main:
        (
            key,
            reporting_unit,
            source,
            state,
            what_happened,
            perception,
            proposals,
            summary,
            remaining,
            action,
            follow_up_on,
            submitted_at,
            sent_at,
            filed_at,
            time_to_file,
        ) = row
        reported_on, pk = key
        signed = sorted(signatures.take(key), key=lambda s: _PARTY_ORDER.get(s[0], 9))
        yield (
            pk,
            reported_on,
            reporting_unit,
            ", ".join(name for (name,) in units.take(key)),
            labels["source"].get(source, source),
            labels["state"].get(state, state),
            what_happened,
            perception,
            proposals,
            summary,
            remaining,
            action,
            follow_up_on,
            submitted_at,
            "; ".join(
                f"{_person(first, last, username)}, {title}, {at.astimezone(STOCKHOLM):%Y-%m-%d}"
                for _party, first, last, username, title, at in signed
            ),
            sent_at,
            filed_at,
            time_to_file.days if time_to_file is not None else None,
        )


# The controller's filter, stored with an export as JSON (dates as ISO text).


def filter_to_json(filters: DeviationFilter) -> dict:
    data: dict = {}
    if filters.date_from:
        data["date_from"] = filters.date_from.isoformat()
    if filters.date_to:
        data["date_to"] = filters.date_to.isoformat()
    if filters.unit_a:
        data["unit_a"] = filters.unit_a
    if filters.unit_b:
        data["unit_b"] = filters.unit_b
    if filters.states:
        data["states"] = list(filters.states)
    if filters.sources:
        data["sources"] = list(filters.sources)
    return data


def filter_from_json(data: dict) -> DeviationFilter:
    def day(key: str) -> datetime.date | None:
        return datetime.date.fromisoformat(data[key]) if data.get(key) else None

    return DeviationFilter(
        date_from=day("date_from"),
        date_to=day("date_to"),
        unit_a=data.get("unit_a"),
        unit_b=data.get("unit_b"),
        states=tuple(data.get("states", ())),
        sources=tuple(data.get("sources", ())),
    )


def _filter_description(data: dict, unit_names: dict[int, str]) -> list[str]:
    """The filter in words, one part per criterion; ["All reports sent to you"] when empty."""
    parts = []
    if data.get("date_from") or data.get("date_to"):
        parts.append(
            _("Period %(first)s to %(last)s")
            % {"first": data.get("date_from", "…"), "last": data.get("date_to", "…")}
        )
    units = [unit_names.get(data[key], "?") for key in ("unit_a", "unit_b") if data.get(key)]
    if len(units) == 2:
        parts.append(_("Between %(a)s and %(b)s") % {"a": units[0], "b": units[1]})
    elif units:
        parts.append(_("Involving %(unit)s") % {"unit": units[0]})
    states = dict(DeviationState.choices)
    if data.get("states"):
        parts.append(", ".join(str(states.get(s, s)) for s in data["states"]))
    sources = dict(DeviationSource.choices)
    if data.get("sources"):
        parts.append(", ".join(str(sources.get(s, s)) for s in data["sources"]))
    return parts or [_("All reports sent to you")]


@dataclass(frozen=True)
class ExportEntry:
    """One of the user's exports as their list and job page show it."""

    export: DeviationExport
    description: list[str]

    @property
    def available_until(self) -> datetime.datetime | None:
        """Until when the sweep keeps the file of a finished job."""
        if not self.export.can_download or self.export.finished_at is None:
            return None
        retention = datetime.timedelta(days=settings.DEVIATION_EXPORT_RETENTION_DAYS)
        return self.export.finished_at + retention


def _describe(exports: list[DeviationExport]) -> list[ExportEntry]:
    unit_ids = {
        export.filters[key]
        for export in exports
        for key in ("unit_a", "unit_b")
        if export.filters.get(key)
    }
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    entries = []
    for export in exports:
        if export.format == ExportFormat.PDF:
            report = export.report
            description = [
                _("Report no. %(id)s, %(day)s, %(unit)s")
                % {
                    "id": report.pk,
                    "day": f"{report.reported_on:%Y-%m-%d}",
                    "unit": report.reporting_unit.name,
                }
            ]
        else:
            description = _filter_description(export.filters, names)
        entries.append(ExportEntry(export, description))
    return entries


def deviation_exports_for(*, user: User, limit: int = 50) -> list[ExportEntry]:
    """The user's latest exports, newest first (two queries: the exports, the units their
    filters name)."""
    exports = list(
        DeviationExport.objects.filter(requested_by=user)
        .select_related("report__reporting_unit")
        .order_by("-created_at", "-pk")[:limit]
    )
    return _describe(exports)


def deviation_export_get_for(*, user: User, pk: int) -> ExportEntry | None:
    """The export if the user asked for it; None otherwise (404 for anyone else)."""
    export = (
        DeviationExport.objects.filter(pk=pk, requested_by=user)
        .select_related("report__reporting_unit")
        .first()
    )
    return _describe([export])[0] if export else None
