"""Administrators maintain their organisation's cost rules (R33): which unit or department
bears the cost of an intervention, in which shares, and whom to consult first."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import CostRule, CostRuleShare, InterventionKind
from units.admin_scoping import OrganisationScopedAdmin


class CostRuleForm(forms.ModelForm):
    intervention_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("kinds of intervention"),
        choices=InterventionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every kind."),
    )

    class Meta:
        model = CostRule
        fields = (
            "organisation",
            "priority",
            "code",
            "name",
            "source",
            "intervention_kinds",
            "min_age",
            "max_age",
            "in_homelessness",
            "consult_role",
            "consult_unit_kind",
            "note",
        )


class CostRuleShareFormSet(BaseInlineFormSet):
    """The shares as a whole: at least one, together 100 percent (R33)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        percents = [
            form.cleaned_data["percent"]
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        if not percents:
            raise forms.ValidationError(_("A cost rule needs at least one bearer."))
        if sum(percents) != 100:
            raise forms.ValidationError(
                _("The shares add up to %(total)d percent, not 100.") % {"total": sum(percents)}
            )


class CostRuleShareInline(admin.TabularInline):
    model = CostRuleShare
    formset = CostRuleShareFormSet
    extra = 0
    ordering = ("position",)
    fields = ("position", "bearer", "department", "unit_kind", "percent")


@admin.register(CostRule)
class CostRuleAdmin(OrganisationScopedAdmin):
    form = CostRuleForm
    inlines = (CostRuleShareInline,)
    list_display = ("organisation", "priority", "name", "source")
    list_filter = ("organisation",)
    list_select_related = ("organisation",)
    ordering = ("organisation__name", "priority")
