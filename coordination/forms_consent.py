"""Forms for consent (R12): record one, withdraw one, and the override fields that an action
needing consent offers when the consent is missing."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import ConsentForm, ConsentGivenBy, ConsentScope, OverrideLegalBasis
from coordination.services.consent import ConsentOverrideInput
from units.models import Unit

OVERRIDE_FIELDS = ("override_legal_basis", "override_reason")


class ConsentRecordForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("The consent covers"), choices=ConsentScope.choices, widget=forms.RadioSelect
    )
    unit = forms.ModelChoiceField(
        label=_("Named unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("For contact with a unit or a handover to a unit."),
    )
    provider = forms.CharField(
        label=_("Provider"),
        max_length=200,
        required=False,
        help_text=_("For written material to a provider."),
    )
    given_on = forms.DateField(label=_("Given on"), help_text=_("YYYY-MM-DD"))
    form = forms.ChoiceField(
        label=_("How it was given"), choices=ConsentForm.choices, widget=forms.RadioSelect
    )
    given_by = forms.ChoiceField(
        label=_("Given by"),
        choices=ConsentGivenBy.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "An adult consents alone. For a child under %(age)s the guardians consent; from "
            "%(age)s the child's own consent is needed too."
        ),
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("YYYY-MM-DD. Leave empty when the consent has no end date."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)

    def __init__(self, *args, units, child_consent_age: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["given_on"].initial = timezone.localdate
        self.fields["given_by"].help_text = self.fields["given_by"].help_text % {
            "age": child_consent_age
        }


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), help_text=_("YYYY-MM-DD"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate


class OverrideFieldsMixin(forms.Form):
    """The legal basis and reason for going ahead without consent (R12, flagged for review).

    Shown once the consent is found missing; both are needed when either is given.
    """

    override_legal_basis = forms.ChoiceField(
        label=_("Legal basis for going ahead without consent"),
        choices=[("", "—"), *OverrideLegalBasis.choices],
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Why the action cannot wait for consent"),
        required=False,
        widget=forms.Textarea,
        help_text=_("The override is recorded and flagged for the managers' review."),
    )

    def main_fields(self) -> list:
        return [field for field in self if field.name not in OVERRIDE_FIELDS]

    def override_fields(self) -> list:
        return [self[name] for name in OVERRIDE_FIELDS]

    def has_override_input(self) -> bool:
        return any(self.data.get(self.add_prefix(name), "").strip() for name in OVERRIDE_FIELDS)

    def clean(self):
        data = super().clean()
        basis, reason = data.get("override_legal_basis"), (data.get("override_reason") or "")
        if basis and not reason.strip():
            self.add_error("override_reason", _("Write why the action cannot wait for consent."))
        if reason.strip() and not basis:
            self.add_error("override_legal_basis", _("Choose the legal basis from the list."))
        return data

    def override(self) -> ConsentOverrideInput | None:
        """The override typed in, if any (call after is_valid)."""
        basis = self.cleaned_data.get("override_legal_basis")
        reason = self.cleaned_data.get("override_reason", "")
        if not basis:
            return None
        return ConsentOverrideInput(legal_basis=basis, reason=reason)

    def add_service_errors(self, exc) -> None:
        """A service's ValidationError on the form; override keys go to the override fields."""
        renamed = {"legal_basis": "override_legal_basis", "reason": "override_reason"}
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.error_dict.items():
            name = renamed.get(field, field)
            for error in errors:
                self.add_error(name if name in self.fields else None, error)
