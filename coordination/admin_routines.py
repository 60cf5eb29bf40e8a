"""Administrators maintain their organisation's routine definitions and steps (R30).

Saving a changed definition never changes it: the services create version n + 1 with the
changes and keep version n as it was, read-only here, for routines that started on it.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from coordination.models import RoutineDefinition, RoutineStep
from coordination.services.routines import (
    DEFINITION_FIELDS,
    STEP_FIELDS,
    RoutineDefinitionNotCurrentError,
    routine_definition_create,
    routine_definition_revise,
)
from units.admin_scoping import OrganisationScopedAdmin


class RoutineStepFormSet(BaseInlineFormSet):
    """The steps as a whole: at least one, numbered 1 … n without gaps (R30)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        positions = [form.cleaned_data["position"] for form in _kept_forms(self)]
        if not positions:
            raise forms.ValidationError(_("A routine needs at least one step."))
        self.instance.steps_check(positions)


def _kept_forms(formset: BaseInlineFormSet) -> list[forms.ModelForm]:
    return [
        form
        for form in formset.forms
        if form.cleaned_data
        and not formset._should_delete_form(form)
        and (form.instance.pk is not None or form.has_changed())
    ]


class RoutineStepForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        # Renumbering swaps positions between rows; the formset checks them as a whole, and
        # the new version's rows are checked in full when the service saves them.
        return super()._get_validation_exclusions() | {"position"}


class RoutineStepInline(admin.StackedInline):
    model = RoutineStep
    form = RoutineStepForm
    formset = RoutineStepFormSet
    extra = 0
    ordering = ("position",)
    fields = (
        ("position", "title"),
        "instructions",
        "responsible_as_written",
        ("responsible_role", "responsible_party"),
        ("responsible_unit_kind", "second_unit_kind"),
        ("deadline_days", "deadline_from"),
        ("mandatory", "completed_by"),
    )

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_add_permission(request, obj) and (obj is None or obj.is_current)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.is_current)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_current)


@admin.register(RoutineDefinition)
class RoutineDefinitionAdmin(OrganisationScopedAdmin):
    """One routine per row and version; only the current version can be changed."""

    inlines = (RoutineStepInline,)
    list_display = ("name", "organisation", "code", "version", "is_current", "trigger", "source")
    list_filter = ("organisation", "is_current", "trigger")
    list_select_related = ("organisation",)
    search_fields = ("name", "code")
    fields = (
        "organisation",
        "code",
        "version",
        "is_current",
        "name",
        "source",
        "rules",
        "trigger",
        "description",
    )

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple[str, ...]:
        if obj is None:
            return ("version", "is_current")
        return ("organisation", "code", "version", "is_current")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Old versions stay as they were: routines started on them keep following them.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_current)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # versions are kept; a change makes a new one

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        """Saved in save_related together with the steps, through the services."""

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        """Saved in save_related together with the definition, through the services."""

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        steps = [
            {name: step_form.cleaned_data.get(name) for name in STEP_FIELDS}
            for formset in formsets
            for step_form in _kept_forms(formset)
        ]
        values: dict[str, Any] = {name: form.cleaned_data[name] for name in DEFINITION_FIELDS}
        if not change:
            saved = routine_definition_create(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                code=form.cleaned_data["code"],
                steps=steps,
                **values,
            )
        else:
            try:
                saved = routine_definition_revise(
                    actor=request.user,
                    definition=form.instance,
                    changes=values,
                    steps=steps,
                    reason=_("Changed in the admin"),
                )
            except RoutineDefinitionNotCurrentError as exc:
                request._routine_not_current = True
                self.message_user(request, exc.messages[0], messages.ERROR)
                return
        # The admin answers with the object it saved: the new version, not the old one.
        form.instance.pk = saved.pk
        form.instance.version = saved.version
        form.instance.is_current = saved.is_current

    def construct_change_message(self, request: HttpRequest, form, formsets, add: bool) -> str:
        # The formsets were not saved themselves; the service saved a whole version.
        return _("Saved as version %(version)s.") % {"version": form.instance.version}

    def response_change(self, request: HttpRequest, obj) -> HttpResponse:
        if getattr(request, "_routine_not_current", False):
            current = RoutineDefinition.objects.filter(
                organisation_id=obj.organisation_id, code=obj.code, is_current=True
            ).first()
            target = current or obj
            opts = self.opts
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
            )
        return super().response_change(request, obj)
