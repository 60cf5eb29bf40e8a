"""The form for recording a SIP or care-planning meeting (R14)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.forms_consent import OverrideFieldsMixin
from coordination.models import CarePlanningKind
from units.models import Department


class CarePlanningForm(OverrideFieldsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), choices=CarePlanningKind.choices, widget=forms.RadioSelect
    )
    held_on = forms.DateField(label=_("Date of the meeting"), help_text=_("YYYY-MM-DD"))
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments taking part"),
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Both departments take part when both may be needed (R14)."),
    )
    other_participants = forms.CharField(
        label=_("Other participants"),
        required=False,
        widget=forms.Textarea,
        help_text=_("For example the region's health care."),
    )
    no_decisions_taken = forms.BooleanField(
        label=_("No decisions were taken at the meeting"),
        required=False,
        help_text=_("Required for care planning: no decisions are taken there (R14)."),
    )
    follow_up_on = forms.DateField(
        label=_("Follow-up meeting"),
        help_text=_("YYYY-MM-DD, within %(days)s days of the meeting."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    def __init__(self, *args, departments, follow_up_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = departments
        self.fields["follow_up_on"].help_text = self.fields["follow_up_on"].help_text % {
            "days": follow_up_days
        }

    def meeting_data(self) -> dict:
        """The meeting's own fields, without the override (call after is_valid)."""
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("override_legal_basis", "override_reason")
        }
