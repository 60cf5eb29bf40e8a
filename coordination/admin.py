"""Administrators maintain coordination rules and age thresholds (R8, R16) per organisation."""

from django.contrib import admin

from coordination.models import AgeThreshold, CoordinationRule
from units.admin_scoping import OrganisationScopedAdmin


@admin.register(CoordinationRule)
class CoordinationRuleAdmin(OrganisationScopedAdmin):
    list_display = (
        "organisation",
        "unit_kind_a",
        "unit_kind_b",
        "method",
        "coordinating_unit_kind",
    )
    list_filter = ("organisation", "method")
    list_select_related = ("organisation",)


@admin.register(AgeThreshold)
class AgeThresholdAdmin(OrganisationScopedAdmin):
    list_display = ("organisation", "from_unit_kind", "to_unit_kind", "condition", "age")
    list_filter = ("organisation", "from_unit_kind", "condition")
    list_select_related = ("organisation",)
