"""The export log of deviation reports in the admin: read-only, for the organisations the user
administers (docs/exports.md). Reports themselves are not in the admin: they are written
through their two-part flow only (R25)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from deviations.models import DeviationExport
from units.admin_scoping import administered_organisations


@admin.register(DeviationExport)
class DeviationExportAdmin(admin.ModelAdmin):
    """Who exported what, when, how many rows; nothing can be added, changed or deleted."""

    list_display = (
        "created_at",
        "requested_by",
        "format",
        "delivery",
        "state",
        "rows_total",
        "rows_written",
        "report",
    )
    list_filter = ("format", "delivery", "state")
    list_select_related = ("requested_by", "report")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    search_fields = ("requested_by__username", "requested_by__last_name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[DeviationExport]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        allowed = administered_organisations(request)
        return queryset.filter(
            pk__in=DeviationExport.organisations.through.objects.filter(
                organisation__in=allowed
            ).values("deviationexport_id")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
