"""Forms for appointing and revoking co-caseworkers (R17, R20) with the consent override (R12)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.models import CoCaseworkerPurpose, OverrideLegalBasis
from coordination.selectors_co_caseworkers import stockholm_today
from coordination.services.consent import ConsentOverrideInput


class CandidateChoiceField(forms.ModelChoiceField):
    """A person, labelled with the units they may be appointed from."""

    def __init__(self, *args, units_by_user: dict[int, list[str]], **kwargs):
        self.units_by_user = units_by_user
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        units = self.units_by_user.get(obj.pk)
        return f"{obj} ({', '.join(units)})" if units else str(obj)


class CoCaseworkerAppointForm(forms.Form):
    caseworker = CandidateChoiceField(
        label=_("Co-caseworker"), queryset=None, units_by_user={}, empty_label=""
    )
    unit = forms.ModelChoiceField(
        label=_("The co-caseworker's unit"), queryset=None, empty_label=""
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=CoCaseworkerPurpose.choices, widget=forms.RadioSelect
    )
    purpose_text = forms.CharField(
        label=_("What the co-caseworker does"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = forms.DateField(
        label=_("From"),
        help_text=_("YYYY-MM-DD. Access opens on this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_on = forms.DateField(
        label=_("Until"),
        help_text=_("YYYY-MM-DD. Access ends when this day is over."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    override_legal_basis = forms.ChoiceField(
        label=_("Legal basis for going ahead without consent"),
        choices=[("", ""), *OverrideLegalBasis.choices],
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Why the appointment cannot wait for consent"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    OVERRIDE_FIELDS = ("override_legal_basis", "override_reason")

    def __init__(self, *args, candidates, units_by_user, units, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("starts_on", stockholm_today())
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = candidates
        self.fields["caseworker"].units_by_user = units_by_user
        self.fields["unit"].queryset = units
        # Shown once consent turns out to be missing, or when the user has filled them in.
        self.consent_missing = False

    @property
    def shows_override(self) -> bool:
        filled = self.is_bound and any(self.data.get(name) for name in self.OVERRIDE_FIELDS)
        return self.consent_missing or filled

    def override(self) -> ConsentOverrideInput | None:
        """The override the user asked for, if any field of it is filled in."""
        legal_basis = self.cleaned_data.get("override_legal_basis") or ""
        reason = self.cleaned_data.get("override_reason") or ""
        if not (legal_basis or reason.strip()):
            return None
        return ConsentOverrideInput(legal_basis=legal_basis, reason=reason)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "caseworker": data["caseworker"],
            "unit": data["unit"],
            "purpose": data["purpose"],
            "purpose_text": data["purpose_text"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "override": self.override(),
        }
