"""Forms for the handover's steps (R17, R18) with the consent override (R12)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.models import OverrideLegalBasis
from coordination.services.consent import ConsentOverrideInput

_TEXT = {"rows": 4}


class HandoverPackageForm(forms.Form):
    receiving_unit = forms.ModelChoiceField(
        label=_("Receiving unit"), queryset=None, empty_label=""
    )
    passes_on = forms.DateField(
        label=_("Responsibility passes"),
        help_text=_("YYYY-MM-DD. From this day the receiving unit decides (R17)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    background = forms.CharField(
        label=_("Background and family situation"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs=_TEXT),
    )
    legal_guardian = forms.CharField(
        label=_("Legal guardian or trustee"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    current_situation = forms.CharField(
        label=_("Current situation"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs=_TEXT),
    )
    problems_and_investigations = forms.CharField(
        label=_("Disability or problems, earlier investigations and diagnoses"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs=_TEXT),
    )
    interventions_and_planning = forms.CharField(
        label=_("Ongoing interventions and planning"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs=_TEXT),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"].queryset = units


class HandoverSendForm(forms.Form):
    override_legal_basis = forms.ChoiceField(
        label=_("Legal basis for going ahead without consent"),
        choices=[("", ""), *OverrideLegalBasis.choices],
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Why the handover cannot wait for consent"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    OVERRIDE_FIELDS = ("override_legal_basis", "override_reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shown once consent turns out to be missing, or when the user has filled them in.
        self.consent_missing = False

    @property
    def shows_override(self) -> bool:
        filled = self.is_bound and any(self.data.get(name) for name in self.OVERRIDE_FIELDS)
        return self.consent_missing or filled

    def override(self) -> ConsentOverrideInput | None:
        legal_basis = self.cleaned_data.get("override_legal_basis") or ""
        reason = self.cleaned_data.get("override_reason") or ""
        if not (legal_basis or reason.strip()):
            return None
        return ConsentOverrideInput(legal_basis=legal_basis, reason=reason)


class HandoverAppointForm(forms.Form):
    caseworker = forms.ModelChoiceField(
        label=_("Receiving caseworker"), queryset=None, empty_label=""
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = candidates


class HandoverMeetingForm(forms.Form):
    joint_meeting_on = forms.DateField(
        label=_("Joint meeting"),
        help_text=_("YYYY-MM-DD. Both caseworkers, the young person, and trustees if any."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class HandoverCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
