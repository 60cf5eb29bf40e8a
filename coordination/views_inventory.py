"""The semester inventory (R19): on screen per unit the user manages, and as CSV.

Only unit managers, deputy unit managers and coordinators use it; a unit they do not manage
answers 404 with a logged denial. Every individual shown or exported is logged, one row each.
"""

import csv
from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.models import AccessAction
from coordination.selectors_age import stockholm_today
from coordination.selectors_inventory import (
    INVENTORY_ROLES,
    InventoryRow,
    inventory_horizon,
    inventory_rows,
    inventory_unit_for,
    inventory_units_for,
)
from portal.exports import safe_cell
from portal.permissions import RoleRequiredMixin


class InventoryMixin(RoleRequiredMixin):
    """Pages for those who prepare the alignment meeting of a unit (R19)."""

    allowed_roles = INVENTORY_ROLES


class InventoryView(InventoryMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        today = stockholm_today()
        reports = [
            (unit, inventory_rows(unit=unit, on=today))
            for unit in inventory_units_for(user=request.user)
        ]
        services.access_log_record(
            request=request,
            action=AccessAction.LIST,
            individual_ids=[row.case.individual_id for _unit, rows in reports for row in rows],
        )
        return render(
            request,
            "coordination/inventory/inventory.html",
            {"reports": reports, "today": today, "horizon": inventory_horizon(today)},
        )


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _header() -> list[str]:
    # Translated in the view: the stream runs after the request's language is deactivated.
    return [
        _("Name"),
        _("Birth date"),
        _("Responsibility ends"),
        _("Reason"),
        _("Handover"),
        _("Needs"),
    ]


def _csv_lines(header: list[str], rows: list[InventoryRow]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # the BOM: spreadsheets then read the file as UTF-8
    yield writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow(
            [
                safe_cell(value)
                for value in (
                    row.individual.full_name,
                    row.individual.birth_date.isoformat(),
                    row.ends_on.isoformat(),
                    row.reason,
                    row.handover_state,
                    row.needs,
                )
            ]
        )


class InventoryExportView(InventoryMixin, View):
    def get(self, request: HttpRequest, unit_pk: int) -> HttpResponse:
        try:
            unit = inventory_unit_for(user=request.user, unit_id=unit_pk)
        except Http404:
            services.access_log_denied(request=request, action=AccessAction.EXPORT)
            raise
        today = stockholm_today()
        rows = inventory_rows(unit=unit, on=today)
        services.access_log_record(
            request=request,
            action=AccessAction.EXPORT,
            individual_ids=[row.case.individual_id for row in rows],
        )
        response = StreamingHttpResponse(
            _csv_lines(_header(), rows), content_type="text/csv; charset=utf-8"
        )
        filename = f"inventory-{unit.code or unit.pk}-{today.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
