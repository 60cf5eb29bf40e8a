"""Forms for the caseworker's pages; each keeps what the user typed on a validation error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.forms_consent import OVERRIDE_FIELDS, OverrideFieldsMixin
from coordination.identity import IdentityNumberError, parse_identity_number
from coordination.models import (
    CaseMatter,
    CaseStatus,
    ContactChannel,
    ExternalSystem,
    LegalBasis,
    ProtectedIdentity,
    RelationKind,
)
from units.models import Unit


class IdentityNumberField(forms.CharField):
    """Accepts every common form and cleans to the canonical 12 digits (R3)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", _("Personal identity or coordination number"))
        kwargs.setdefault("help_text", _("For example 19121212-1212 or 121212-1212."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_identity_number(value).canonical
        except IdentityNumberError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None


class IndividualSearchForm(forms.Form):
    q = forms.CharField(label=_("Identity number or name"), max_length=120)


class CaseRegisterForm(forms.Form):
    """Register a case: identify the person, see the check (R3), then register."""

    identity_number = IdentityNumberField(required=False)
    no_identity_number = forms.BooleanField(
        label=_("The person has no identity number (newly arrived, reserve number)"),
        required=False,
    )
    first_name = forms.CharField(label=_("First name"), max_length=120, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=120, required=False)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        help_text=_("Only without an identity number: YYYY-MM-DD."),
    )
    protected_identity = forms.ChoiceField(
        label=_("Protected identity"), choices=ProtectedIdentity.choices, required=False
    )
    matter = forms.ChoiceField(
        label=_("Matter"),
        choices=CaseMatter.choices,
        initial=CaseMatter.GENERAL,
        required=False,
        help_text=_("What the case is about: the routine proposes a unit from it (R16, R20)."),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    legal_bases = forms.MultipleChoiceField(
        label=_("Legal bases"),
        choices=LegalBasis.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    external_system = forms.ChoiceField(
        label=_("Case-management system"),
        choices=[("", "—"), *ExternalSystem.choices],
        required=False,
    )
    external_reference = forms.CharField(label=_("External case id"), max_length=80, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()

    def clean(self):
        data = super().clean()
        if data.get("no_identity_number"):
            for name in ("first_name", "last_name", "birth_date"):
                if not data.get(name):
                    self.add_error(name, _("Required when the person has no identity number."))
            if data.get("identity_number"):
                self.add_error("identity_number", _("Leave empty, or untick 'no identity number'."))
        elif not data.get("identity_number") and "identity_number" not in self.errors:
            self.add_error("identity_number", _("Enter the number, or tick 'no identity number'."))
        if data.get("external_reference") and not data.get("external_system"):
            self.add_error("external_system", _("Name the system the external case id belongs to."))
        return data

    def clean_matter(self) -> str:
        # Optional so that integrations and older forms register a general case, as before.
        return self.cleaned_data.get("matter") or CaseMatter.GENERAL


class ContactNeedForm(forms.Form):
    contact_needed = forms.TypedChoiceField(
        label=_("Is contact with the other units needed before deciding to investigate? (R5)"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)


class ContactForm(OverrideFieldsMixin, forms.Form):
    """A contact with another unit (R6); one that starts a handover needs consent (R12)."""

    other_unit = forms.ModelChoiceField(label=_("Other unit"), queryset=Unit.objects.none())
    contacted_on = forms.DateField(label=_("Date"), help_text=_("YYYY-MM-DD"))
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices)
    participants = forms.CharField(label=_("Participants"), required=False, widget=forms.Textarea)
    information_transfer_needed = forms.BooleanField(
        label=_("Information transfer is needed"), required=False
    )
    joint_work_plan_needed = forms.BooleanField(
        label=_("A joint work plan is needed"), required=False
    )
    for_handover = forms.BooleanField(
        label=_("This contact starts a handover"),
        required=False,
        help_text=_("The individual's consent to the handover is needed first (R12)."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_unit"].queryset = units

    def contact_data(self) -> dict:
        """The contact's own fields, without the override (call after is_valid)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in OVERRIDE_FIELDS}


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("The person is"), choices=RelationKind.choices)
    identity_number = IdentityNumberField(label=_("The other person's identity number"))
    first_name = forms.CharField(
        label=_("First name"),
        max_length=120,
        required=False,
        help_text=_("Only if the other person is not registered yet."),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=120, required=False)


class ReadWithReasonForm(forms.Form):
    reason_text = forms.CharField(
        label=_("Why do you need to read the case?"),
        help_text=_(
            "The read is allowed for a few hours, logged, and flagged for the managers' review."
        ),
        widget=forms.Textarea,
        max_length=2000,
    )
