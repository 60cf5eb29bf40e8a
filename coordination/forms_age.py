"""The form for an agreed exception to the end of the youth unit's responsibility (R16)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.selectors_age import stockholm_today


class AgeExceptionRecordForm(forms.Form):
    responsibility_ends_on = forms.DateField(
        label=_("The youth unit is responsible until"),
        help_text=_("YYYY-MM-DD. A date after today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("Reason the managers agreed on"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_responsibility_ends_on(self):
        value = self.cleaned_data["responsibility_ends_on"]
        if value <= stockholm_today():
            raise forms.ValidationError(_("The date must be after today."))
        return value

    def clean_reason(self) -> str:
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("State the reason the managers agreed on."))
        return value
