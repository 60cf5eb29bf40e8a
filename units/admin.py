"""Administrators maintain the organisation here (R1, R2), limited to their organisations."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from units.admin_scoping import OrganisationScopedAdmin, administered_organisations
from units.models import Department, EscalationLevel, Membership, Organisation, Unit, User
from units.services import membership_apply_role_access


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Work"), {"fields": ("title", "phone")}),
    )
    list_display = ("username", "first_name", "last_name", "title", "email", "is_active")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # People in the organisations I administer, and people not yet placed anywhere.
        return queryset.filter(
            Q(memberships__organisation__in=administered_organisations(request))
            | Q(memberships__isnull=True)
        ).distinct()

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        # Only a superuser may hand out superuser or staff status, or raw permissions.
        return ("is_superuser", "is_staff", "groups", "user_permissions", "last_login")


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    fields = ("code", "name", "short_name")


class EscalationLevelInline(admin.TabularInline):
    model = EscalationLevel
    extra = 0
    fields = ("rank", "name", "deciding_role", "forum", "target_days")


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    organisation_path = "pk"
    list_display = ("name", "code", "municipality", "source_routines")
    search_fields = ("name", "code", "municipality")
    inlines = [DepartmentInline, EscalationLevelInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "municipality", "source_routines")}),
        (
            _("Meeting submissions (R22)"),
            {
                "fields": (
                    "submission_cutoff_days_before",
                    "submission_cutoff_time",
                    "caseworkers_may_submit",
                    "late_submission_accepted_by",
                    "meeting_reminder_days",
                )
            },
        ),
        (
            _("Handovers (R17)"),
            {
                "fields": (
                    "handover_notice_months",
                    "handover_first_notice_age",
                    "handover_reminder_days",
                    "handover_overdue_days",
                    "leap_day_birthday",
                )
            },
        ),
        (
            _("Access, consent and care planning (R4, R12, R14)"),
            {
                "fields": (
                    "cross_unit_read_allowed",
                    "cross_unit_read_hours",
                    "child_consent_age",
                    "care_planning_follow_up_days",
                )
            },
        ),
        (
            _("Orders to open care (R26-R28)"),
            {
                "fields": (
                    "order_execution_check_days",
                    "order_execution_check_role",
                    "order_follow_up_months",
                    "order_closing_documentation_days",
                )
            },
        ),
        (
            _("Annual routine review (R24)"),
            {"fields": ("routine_review_month",)},
        ),
        (
            _("Routines on cases (R30)"),
            {"fields": ("routine_step_escalation_days",)},
        ),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A new organisation is a new tenant: only a superuser creates one.
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Department)
class DepartmentAdmin(OrganisationScopedAdmin):
    list_display = ("name", "short_name", "organisation")
    list_filter = ("organisation",)
    search_fields = ("name", "short_name")
    list_select_related = ("organisation",)


@admin.register(Unit)
class UnitAdmin(OrganisationScopedAdmin):
    list_display = ("name", "short_name", "kind", "department", "organisation", "is_active")
    list_filter = ("organisation", "kind", "is_active")
    search_fields = ("name", "short_name", "code")
    list_select_related = ("organisation", "department")


@admin.register(Membership)
class MembershipAdmin(OrganisationScopedAdmin):
    list_display = ("user", "role", "unit", "department", "organisation", "is_active")
    list_filter = ("organisation", "role", "is_active")
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    list_select_related = ("user", "unit", "department", "organisation")
    autocomplete_fields = ("user",)

    def save_model(self, request: HttpRequest, obj: Membership, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        membership_apply_role_access(membership=obj)


@admin.register(EscalationLevel)
class EscalationLevelAdmin(OrganisationScopedAdmin):
    list_display = ("organisation", "rank", "name", "deciding_role", "forum", "target_days")
    list_filter = ("organisation",)
    list_select_related = ("organisation",)
