"""Administrators maintain each organisation's standing meeting series (R21)."""

from django.contrib import admin

from meetings.models import MeetingSeries
from units.admin_scoping import OrganisationScopedAdmin


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(OrganisationScopedAdmin):
    list_display = ("name", "organisation", "kind", "recurrence", "interval", "attendance")
    list_filter = ("organisation", "kind", "attendance", "is_active")
    list_select_related = ("organisation",)
