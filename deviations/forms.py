"""The form of part 1 of a deviation report (R25)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import Unit


class DeviationPartOneForm(forms.Form):
    reporting_unit = forms.ModelChoiceField(
        label=_("Reporting unit"), queryset=Unit.objects.none(), required=True
    )
    concerned_units = forms.ModelMultipleChoiceField(
        label=_("Units concerned"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the unit or units the deviation concerns.")},
    )
    what_happened = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe what happened.")},
    )
    perception = forms.CharField(
        label=_("How the reporting unit perceived it"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    improvement_proposals = forms.CharField(
        label=_("Improvement proposals"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reporter_title = forms.CharField(label=_("Your title"), max_length=120, required=False)

    def __init__(self, *args, reporting_units, organisation_ids, fixed_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_unit is not None:
            # The reporting unit of an existing report does not change.
            del self.fields["reporting_unit"]
        else:
            self.fields["reporting_unit"].queryset = reporting_units
        self.fields["concerned_units"].queryset = Unit.objects.filter(
            organisation_id__in=organisation_ids, is_active=True
        ).order_by("name")
