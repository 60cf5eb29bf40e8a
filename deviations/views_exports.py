"""Exports of deviation reports (R25; docs/exports.md): the controller's filtered reports as
CSV (streamed) or XLSX (at once when small, a job when large), the controller's own exports
and jobs, and the PDF of one report for whoever may read it.

The list exports are the organisation's controller's alone (a controller membership without
a unit) and read the filter of the controller's list from the query string; a job and its
file are only for the user who asked. Everyone else gets a plain 404, not written to the
access log: a report names units, dates and staff, never an individual.
"""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from deviations.forms_controller import DeviationFilterForm
from deviations.models import ExportFormat
from deviations.permissions import DeviationAccess, deviation_access_for
from deviations.selectors_controller import DeviationFilter, controller_reports, controller_units
from deviations.selectors_exports import (
    ExportEntry,
    deviation_export_get_for,
    deviation_export_header,
    deviation_exports_for,
)
from deviations.services_exports import (
    deviation_export_csv_start,
    deviation_export_queue,
    deviation_export_xlsx_direct,
    deviation_report_pdf,
    export_file_name,
    exports_dir,
)
from deviations.views import DeviationReaderMixin
from portal.exports import csv_response
from portal.permissions import RoleRequiredMixin
from units.models import Role

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ControllerExportMixin(RoleRequiredMixin):
    """The organisation's controller (a controller membership without a unit, as in the
    report's policy); everyone else, whatever the method, gets 404."""

    allowed_roles = frozenset({Role.CONTROLLER})
    access: DeviationAccess

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if not super().has_role(request, *args, **kwargs):
            return False
        self.access = deviation_access_for(request.user)
        return bool(self.access.controlled_organisation_ids)

    def filter_form(self, request: HttpRequest) -> DeviationFilterForm:
        return DeviationFilterForm(request.GET or None, units=controller_units(access=self.access))

    def filters(self, form: DeviationFilterForm) -> DeviationFilter | None:
        """The filter of the list's query string; None when it does not validate."""
        if form.is_bound and not form.is_valid():
            return None
        return form.to_filter()

    def filter_page(
        self, request: HttpRequest, form: DeviationFilterForm, export_format: str, **context
    ) -> HttpResponse:
        """The filter with what the user typed and why it is refused (400), or, for an XLSX,
        how many rows it holds and how it will be delivered."""
        valid = not form.errors
        return render(
            request,
            "deviations/exports/export_form.html",
            {"form": form, "export_format": export_format, **context},
            status=200 if valid else 400,
        )


class DeviationExportCsvView(ControllerExportMixin, View):
    """The filtered reports as CSV, streamed as it is read: any number of rows."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.filter_form(request)
        filters = self.filters(form)
        if filters is None:
            return self.filter_page(request, form, ExportFormat.CSV)
        export, rows = deviation_export_csv_start(
            actor=request.user, access=self.access, filters=filters
        )
        return csv_response(
            header=deviation_export_header(), rows=rows, filename=export_file_name(export)
        )


class DeviationExportXlsxView(ControllerExportMixin, View):
    """The filtered reports as XLSX. GET shows how many rows and how they come; POST exports:
    a small one is the answer itself, a larger one becomes a job the user follows."""

    def _rows_total(self, filters: DeviationFilter) -> int:
        return controller_reports(access=self.access, filters=filters).count()

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.filter_form(request)
        filters = self.filters(form)
        if filters is None:
            return self.filter_page(request, form, ExportFormat.XLSX)
        rows_total = self._rows_total(filters)
        return self.filter_page(
            request,
            form,
            ExportFormat.XLSX,
            rows_total=rows_total,
            as_job=rows_total > settings.DEVIATION_XLSX_INLINE_MAX_ROWS,
            querystring=form.to_querystring(),
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.filter_form(request)
        filters = self.filters(form)
        if filters is None:
            return self.filter_page(request, form, ExportFormat.XLSX)
        rows_total = self._rows_total(filters)
        if rows_total <= settings.DEVIATION_XLSX_INLINE_MAX_ROWS:
            export, file = deviation_export_xlsx_direct(
                actor=request.user, access=self.access, filters=filters, rows_total=rows_total
            )
            return FileResponse(
                file,
                as_attachment=True,
                filename=export_file_name(export),
                content_type=XLSX_CONTENT_TYPE,
            )
        export = deviation_export_queue(
            actor=request.user, access=self.access, filters=filters, rows_total=rows_total
        )
        messages.info(
            request,
            _(
                "The export has %(rows)s rows, so it is prepared in the background. "
                "You can leave this page; the file waits under your exports."
            )
            % {"rows": rows_total},
        )
        return redirect("deviations:export_detail", export.pk)


class DeviationExportListView(ControllerExportMixin, View):
    """The controller's latest exports: the log of what they exported, and their jobs."""

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "entries": deviation_exports_for(user=request.user),
            "retention_days": settings.DEVIATION_EXPORT_RETENTION_DAYS,
        }
        return render(request, "deviations/exports/export_list.html", context)


class _OwnExportMixin(ControllerExportMixin):
    def entry(self, request: HttpRequest, pk: int) -> ExportEntry:
        entry = deviation_export_get_for(user=request.user, pk=pk)
        if entry is None:
            raise Http404
        return entry


class DeviationExportDetailView(_OwnExportMixin, View):
    """One export: a job's progress (polled by htmx while it runs) and, when done, the file."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = self.entry(request, pk)
        template = (
            "deviations/exports/_export_progress.html"
            if request.htmx
            else "deviations/exports/export_detail.html"
        )
        return render(request, template, {"entry": entry, "export": entry.export})


class DeviationExportDownloadView(_OwnExportMixin, View):
    """The file of a finished job, for the user who asked, until the sweep deletes it."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        export = self.entry(request, pk).export
        if not export.can_download:
            raise Http404
        path = exports_dir() / Path(export.file_name).name
        if not path.is_file():
            raise Http404
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=export_file_name(export),
            content_type=XLSX_CONTENT_TYPE,
        )


class DeviationReportPdfView(DeviationReaderMixin, View):
    """The report as a PDF laid out like the paper form, for whoever may read the report:
    both sides and, once it is sent, the controller."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = self.page(request, pk)
        document = deviation_report_pdf(actor=request.user, page=page)
        response = HttpResponse(document, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="avvikelserapport-{page.report.pk}.pdf"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
