"""Writing the exports of deviation reports and their log (R25; docs/exports.md).

Every export writes one DeviationExport row: who, when, the filter or the report, the format,
how many rows. The controller's CSV is streamed (its row is closed when the last line has
gone out); a small XLSX is written at once; a larger XLSX is a job a Celery worker runs,
writing the file under VAR_DIR/exports/ and its progress as it goes; the sweep deletes the
files after the retention period. The PDF of one report is rendered with WeasyPrint from an
HTML template laid out like the paper form of routine 003.
"""

import logging
import secrets
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from deviations.models import (
    DeviationExport,
    DeviationReport,
    ExportDelivery,
    ExportFormat,
    ExportState,
    SignatureParty,
)
from deviations.permissions import DeviationAccess, deviation_access_for
from deviations.selectors import DeviationPage
from deviations.selectors_controller import DeviationFilter, controller_reports
from deviations.selectors_exports import (
    deviation_export_header,
    deviation_export_rows,
    deviation_export_widths,
    filter_from_json,
    filter_to_json,
)
from portal.exports import xlsx_write
from units.models import User

logger = logging.getLogger(__name__)

# A job neither finished nor failed this long after it was asked for lost its worker: the
# sweep fails it, so the user is not left waiting. An export of 100,000 rows takes well
# under a minute (docs/performance.md).
STALE_AFTER = timedelta(hours=6)


def exports_dir() -> Path:
    """Where prepared export files lie; created on first use."""
    folder = Path(settings.VAR_DIR) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def export_file_name(export: DeviationExport) -> str:
    """The name the download is saved under."""
    day = timezone.localtime(export.created_at).date().isoformat()
    if export.format == ExportFormat.PDF:
        return f"avvikelserapport-{export.report_id}.pdf"
    return f"avvikelser-{day}-{export.pk}.{export.format}"


@transaction.atomic
def _log(
    *,
    actor: User,
    format: ExportFormat,
    delivery: ExportDelivery,
    organisation_ids: set[int] | frozenset[int],
    state: ExportState,
    rows_total: int,
    filters: DeviationFilter | None = None,
    report: DeviationReport | None = None,
) -> DeviationExport:
    now = timezone.now()
    export = DeviationExport(
        requested_by=actor,
        format=format,
        delivery=delivery,
        report=report,
        filters=filter_to_json(filters) if filters is not None else {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
        state=state,
        rows_total=rows_total,
        rows_written=rows_total if state == ExportState.DONE else 0,
        started_at=None if state == ExportState.QUEUED else now,
        finished_at=now if state == ExportState.DONE else None,
    )
    export.full_clean(exclude=["organisations"])
    export.save()
    export.organisations.set(sorted(organisation_ids))
    return export


def _finish(export: DeviationExport, written: int) -> None:
    DeviationExport.objects.filter(pk=export.pk).update(
        state=ExportState.DONE, rows_written=written, finished_at=timezone.now()
    )


def _fail(queryset: QuerySet[DeviationExport], message: str, written: int | None = None) -> int:
    changes = {"state": ExportState.FAILED, "error": message, "finished_at": timezone.now()}
    if written is not None:
        changes["rows_written"] = written
    return queryset.update(**changes)


# The controller's CSV: streamed, any size.


def deviation_export_csv_start(
    *, actor: User, access: DeviationAccess, filters: DeviationFilter
) -> tuple[DeviationExport, Iterator[tuple]]:
    """Logs the CSV export of the filtered reports and returns the rows to stream. The log
    row is closed when the last row has gone out, or failed if the download breaks off."""
    reports = controller_reports(access=access, filters=filters)
    export = _log(
        actor=actor,
        format=ExportFormat.CSV,
        delivery=ExportDelivery.DIRECT,
        organisation_ids=access.controlled_organisation_ids,
        state=ExportState.RUNNING,
        rows_total=reports.count(),
        filters=filters,
    )
    # The messages in the user's language now: the stream runs after the request's language
    # is reset.
    messages = {
        "broken": _("The download was broken off before the end."),
        "failed": _("Reading the reports failed. Ask for the export again."),
    }
    return export, _logged_stream(export, deviation_export_rows(reports), messages)


def _logged_stream(
    export: DeviationExport, rows: Iterator[tuple], messages: dict[str, str]
) -> Iterator[tuple]:
    this = DeviationExport.objects.filter(pk=export.pk)
    written = 0
    try:
        for row in rows:
            written += 1  # handed to the writer
            yield row
    except GeneratorExit:
        # The client went away (or the server closed the response) before the end.
        _fail(this, messages["broken"], written)
        raise
    except Exception:
        _fail(this, messages["failed"], written)
        raise
    _finish(export, written)


# The controller's XLSX: at once when small, as a job when large.


def deviation_export_xlsx_direct(
    *, actor: User, access: DeviationAccess, filters: DeviationFilter, rows_total: int
) -> tuple[DeviationExport, BinaryIO]:
    """Writes the XLSX of the filtered reports to a temporary file (gone when closed),
    logged; for exports of at most DEVIATION_XLSX_INLINE_MAX_ROWS rows."""
    reports = controller_reports(access=access, filters=filters)
    export = _log(
        actor=actor,
        format=ExportFormat.XLSX,
        delivery=ExportDelivery.DIRECT,
        organisation_ids=access.controlled_organisation_ids,
        state=ExportState.RUNNING,
        rows_total=rows_total,
        filters=filters,
    )
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    try:
        written = xlsx_write(
            file,
            sheet_name=_("Deviation reports"),
            header=deviation_export_header(),
            rows=deviation_export_rows(reports),
            widths=deviation_export_widths(),
        )
    except Exception:
        file.close()
        _fail(
            DeviationExport.objects.filter(pk=export.pk),
            _("The file could not be written. Ask for the export again."),
        )
        raise
    _finish(export, written)
    file.seek(0)
    return export, file


def deviation_export_queue(
    *, actor: User, access: DeviationAccess, filters: DeviationFilter, rows_total: int
) -> DeviationExport:
    """Logs an XLSX job for the filtered reports and hands it to a worker once committed."""
    from deviations.tasks import deviation_export_run_task

    with transaction.atomic():
        export = _log(
            actor=actor,
            format=ExportFormat.XLSX,
            delivery=ExportDelivery.JOB,
            organisation_ids=access.controlled_organisation_ids,
            state=ExportState.QUEUED,
            rows_total=rows_total,
            filters=filters,
        )
        export_id = export.pk
        transaction.on_commit(lambda: deviation_export_run_task.delay(export_id))
    return export


def deviation_export_run(*, export_id: int) -> DeviationExport | None:
    """Runs an XLSX job: claims it, reads the reports the user may still export with the
    stored filter, writes the file with its progress, and marks it done or failed. Returns
    None when there is nothing to run (gone, done or failed: a redelivered message). A job
    found running is taken over (its worker was lost); the attempt that did not claim last
    writes nothing more."""
    started = timezone.now()
    claimed = DeviationExport.objects.filter(
        pk=export_id,
        delivery=ExportDelivery.JOB,
        state__in=[ExportState.QUEUED, ExportState.RUNNING],
    ).update(state=ExportState.RUNNING, started_at=started, rows_written=0, error="")
    if not claimed:
        return None
    export = DeviationExport.objects.select_related("requested_by").get(pk=export_id)
    mine = DeviationExport.objects.filter(
        pk=export_id, state=ExportState.RUNNING, started_at=started
    )
    with translation.override(export.language):
        # Deny by default: the user must still be controller of the organisations exported.
        organisation_ids = (
            frozenset(export.organisations.values_list("pk", flat=True))
            & deviation_access_for(export.requested_by).controlled_organisation_ids
        )
        if not organisation_ids:
            _fail(
                mine,
                _("You are no longer the controller of the organisation: nothing was exported."),
            )
            return _reloaded(export)
        reports = controller_reports(
            access=DeviationAccess(frozenset(), organisation_ids),
            filters=filter_from_json(export.filters),
        )
        total = reports.count()
        mine.update(rows_total=total)
        name = f"{export.pk}-{secrets.token_hex(8)}.xlsx"
        target = exports_dir() / name
        part = target.with_name(name + ".part")
        try:
            written = xlsx_write(
                part,
                sheet_name=_("Deviation reports"),
                header=deviation_export_header(),
                rows=deviation_export_rows(reports),
                widths=deviation_export_widths(),
                on_progress=lambda count: mine.update(rows_written=count),
                progress_every=max(500, total // 50),
            )
            part.rename(target)
        except Exception as exc:
            part.unlink(missing_ok=True)
            logger.exception("deviation export %s failed", export_id)
            _fail(
                mine,
                _("The file could not be written (%(error)s). Ask for the export again.")
                % {"error": type(exc).__name__},
            )
            return _reloaded(export)
        done = mine.update(
            state=ExportState.DONE,
            rows_written=written,
            file_name=name,
            finished_at=timezone.now(),
        )
        if not done:  # another attempt took the job over meanwhile
            target.unlink(missing_ok=True)
    return _reloaded(export)


def _reloaded(export: DeviationExport) -> DeviationExport:
    export.refresh_from_db()
    return export


def deviation_exports_sweep(*, now=None) -> int:
    """Deletes the files of jobs finished more than DEVIATION_EXPORT_RETENTION_DAYS ago, fails
    jobs whose worker was lost (STALE_AFTER) and removes their half-written files.
    Idempotent; returns the number of finished jobs' files deleted."""
    now = now or timezone.now()
    folder = exports_dir()
    expired = DeviationExport.objects.filter(
        state=ExportState.DONE,
        finished_at__lt=now - timedelta(days=settings.DEVIATION_EXPORT_RETENTION_DAYS),
    ).exclude(file_name="")
    deleted = 0
    for pk, name in expired.values_list("pk", "file_name"):
        (folder / Path(name).name).unlink(missing_ok=True)
        deleted += DeviationExport.objects.filter(pk=pk, file_name=name).update(
            file_name="", file_deleted_at=now
        )
    unfinished = [ExportState.QUEUED, ExportState.RUNNING]
    stale = DeviationExport.objects.filter(
        state__in=unfinished, created_at__lt=now - STALE_AFTER
    ).values_list("pk", "language")
    for pk, language in stale:
        with translation.override(language):
            _fail(
                DeviationExport.objects.filter(pk=pk, state__in=unfinished),
                _("The export did not finish. Ask for it again."),
            )
        for part in folder.glob(f"{pk}-*.part"):
            part.unlink(missing_ok=True)
    return deleted


# The PDF of one report, laid out like the paper form.


def _departments_line(report: DeviationReport) -> str:
    """The departments the form is between, as the paper form names them ("IoF och AoF")."""
    names = [
        short or name
        for short, name in report.organisation.departments.order_by("pk").values_list(
            "short_name", "name"
        )
    ]
    return str(get_text_list(names, _("and"))) if names else ""


def deviation_report_pdf(*, actor: User, page: DeviationPage) -> bytes:
    """The report as a PDF laid out like the form "Avvikelserapport samverkan IoF och AoF"
    of routine 003, logged as an export. `page` is the report as the user may read it."""
    report = page.report
    signatures = {signature.party: signature for signature in page.signatures}
    other_units = ", ".join(unit.name for unit in report.concerned_units.all())
    html = render_to_string(
        "deviations/report_pdf.html",
        {
            "report": report,
            "departments": _departments_line(report),
            # The form's two signature boxes: the reporting unit's, then the other unit's.
            "signature_cells": [
                (signatures.get(SignatureParty.REPORTING), report.reporting_unit.name),
                (signatures.get(SignatureParty.OTHER), other_units),
            ],
            "printed_at": timezone.localtime(),
        },
    )
    # Imported here: loading WeasyPrint (Pango, its default styles) takes a moment every
    # process would pay at start, while few print reports.
    import weasyprint
    from weasyprint.urls import URLFetcher

    # No resource is ever fetched: the template holds everything, and report text is
    # escaped, so nothing a user typed can make the renderer read a file or a URL.
    document = weasyprint.HTML(
        string=html, url_fetcher=URLFetcher(allowed_protocols=frozenset())
    ).write_pdf()
    _log(
        actor=actor,
        format=ExportFormat.PDF,
        delivery=ExportDelivery.DIRECT,
        organisation_ids={report.organisation_id},
        state=ExportState.DONE,
        rows_total=1,
        report=report,
    )
    return document
