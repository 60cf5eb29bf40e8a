"""Forms for three-party meetings (R13) and acute consultations (R15).

Each form keeps what the user typed; the services decide the rules, and their messages
are added to the form by the views.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import Case, ThreePartyOutcome
from units.models import Unit, User


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj}{', ' + obj.title if obj.title else ''}"


class _CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.individual.full_name}, {obj.unit}"


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ThreePartyRequestForm(forms.Form):
    requested_unit = forms.ModelChoiceField(
        label=_("Unit you want to meet"),
        queryset=Unit.objects.none(),
        help_text=_("The request goes to the unit's deputy unit managers."),
    )
    question = forms.CharField(
        label=_("What the meeting is about"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("The appointed caseworker sees this, not the contents of your case."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_unit"].queryset = units


class ThreePartyAppointForm(forms.Form):
    caseworker = _PersonChoiceField(label=_("Caseworker to appoint"), queryset=User.objects.none())

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers


class ThreePartyDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class ThreePartyDateForm(forms.Form):
    held_on = forms.DateField(label=_("Date held"), widget=_DateInput(), help_text=_("YYYY-MM-DD"))

    def __init__(self, *args, label=None, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        if label:
            self.fields["held_on"].label = label


class ThreePartyOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ThreePartyOutcome.choices)
    note = forms.CharField(
        label=_("Note on the outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Required when the outcome is 'Other'."),
    )


class AcuteConsultationForm(forms.Form):
    from_unit = forms.ModelChoiceField(label=_("Your unit"), queryset=Unit.objects.none())
    to_unit = forms.ModelChoiceField(label=_("Consulted unit"), queryset=Unit.objects.none())
    consulted_manager = _PersonChoiceField(
        label=_("Consulted manager"),
        queryset=User.objects.none(),
        help_text=_("A deputy unit manager or unit manager at the consulted unit."),
    )
    consulted_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("YYYY-MM-DD HH:MM, not in the future."),
    )
    question = forms.CharField(
        label=_("Question"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    agreed = forms.CharField(
        label=_("What was agreed"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    case = _CaseChoiceField(
        label=_("Case"),
        queryset=Case.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, units, to_units, managers, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_unit"].queryset = units
        self.fields["to_unit"].queryset = to_units
        self.fields["consulted_manager"].queryset = managers
        self.fields["case"].queryset = cases
        if not self.is_bound:
            self.initial.setdefault(
                "consulted_at", timezone.localtime().replace(second=0, microsecond=0)
            )
            only = list(units[:2])
            if len(only) == 1:
                self.initial.setdefault("from_unit", only[0].pk)
