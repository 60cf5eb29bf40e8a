"""Administrators maintain coordination rules and age thresholds (R8, R16) per organisation,
and import open cases from the case-management system's CSV export."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination import (
    admin_costs,  # noqa: F401  registers cost rules (R33)
    admin_routines,  # noqa: F401  registers routine definitions (R30)
)
from coordination.models import AgeThreshold, Case, CaseMatter, CoordinationRule, RoutingRule
from coordination.services.case_import import COLUMNS, ImportResult, case_import_csv
from units.admin_scoping import OrganisationScopedAdmin, administered_organisations
from units.models import Organisation


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


class RoutingRuleForm(forms.ModelForm):
    matters = forms.MultipleChoiceField(
        label=gettext_lazy("matters"),
        choices=CaseMatter.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every matter."),
    )
    excluded_matters = forms.MultipleChoiceField(
        label=gettext_lazy("except matters"),
        choices=CaseMatter.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RoutingRule
        fields = (
            "organisation",
            "priority",
            "name",
            "source",
            "min_age",
            "max_age",
            "matters",
            "excluded_matters",
            "known_condition",
            "known_at_unit_kind",
            "known_within_years",
            "target_unit_kind",
        )


@admin.register(RoutingRule)
class RoutingRuleAdmin(OrganisationScopedAdmin):
    """Routing of new cases by age group and matter (R16, R20), tried in priority order."""

    form = RoutingRuleForm
    list_display = ("organisation", "priority", "name", "target_unit_kind", "source")
    list_filter = ("organisation", "target_unit_kind")
    list_select_related = ("organisation",)
    ordering = ("organisation__name", "priority")


class CaseImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8, with a header row, separated by ; or ,."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


@admin.register(Case)
class CaseImportAdmin(admin.ModelAdmin):
    """Only the CSV import of open cases: case contents are never shown in the admin (R4).

    The "add" page of cases is the upload form. Open to staff with `coordination.add_case`,
    for the organisations they administer; nothing is kept when a row is invalid.
    """

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "add/", self.admin_site.admin_view(self.import_view), name="{}_{}_add".format(*info)
            ),
        ]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and request.user.has_perm("coordination.add_case")
            and administered_organisations(request).exists()
        )

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        organisations = administered_organisations(request).order_by("name")
        form = CaseImportForm(
            request.POST or None, request.FILES or None, organisations=organisations
        )
        result: ImportResult | None = None
        if request.method == "POST" and form.is_valid():
            result = case_import_csv(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                file=form.cleaned_data["file"],
            )
            if result.ok:
                self.message_user(request, _summary(result), messages.SUCCESS)
                for skipped in result.skipped:
                    self.message_user(request, str(skipped), messages.INFO)
                return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import open cases"),
            "form": form,
            "result": result,
            "columns": COLUMNS,
        }
        return TemplateResponse(request, "admin/coordination/case_import.html", context)


def _summary(result: ImportResult) -> str:
    return _(
        "Import done. Cases opened: %(cases)d; people registered: %(created)d; "
        "people already known: %(reused)d; rows skipped as already imported: %(skipped)d."
    ) % {
        "cases": result.cases_created,
        "created": result.individuals_created,
        "reused": result.individuals_reused,
        "skipped": len(result.skipped),
    }
