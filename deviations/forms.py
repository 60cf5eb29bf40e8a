"""The forms of a deviation report (R25): part 1, the dialogue, part 2 and a signature."""

from django import forms
from django.utils.translation import gettext_lazy as _

from deviations.models import DialogueChannel
from units.models import Membership, Unit


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


class _MembershipChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.user}, {obj.get_role_display().lower()}, {obj.unit.name}"


class DeviationDialogueForm(forms.Form):
    """R25: the reporter contacts the same level at the other unit; when, with whom, how."""

    held_on = forms.DateField(
        label=_("Date of the dialogue"), widget=forms.DateInput(attrs={"type": "date"})
    )
    counterpart = _MembershipChoice(
        label=_("With whom"),
        queryset=Membership.objects.none(),
        empty_label="",
        help_text=_("A deputy unit manager or unit manager of a unit the report concerns."),
    )
    channel = forms.ChoiceField(
        label=_("How"), choices=DialogueChannel.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes from the dialogue"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, counterparts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].queryset = counterparts


class DeviationPartTwoForm(forms.Form):
    """R25 part 2, written together after the dialogue."""

    joint_summary = forms.CharField(
        label=_("Joint summary with the solution"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the joint summary with the solution.")},
    )
    remaining_problems = forms.CharField(
        label=_("Remaining problems"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    action = forms.CharField(
        label=_("Action"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action_follow_up_on = forms.DateField(
        label=_("Follow-up of the action"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DeviationSignForm(forms.Form):
    """A signature of part 2 with name, title and the password re-entered (R25)."""

    party = forms.ChoiceField(label=_("Sign for"), widget=forms.RadioSelect)
    title = forms.CharField(label=_("Your title"), max_length=120)
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Enter your password again to sign."),
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(party.value, party.label) for party in parties]
        if len(parties) == 1:
            self.fields["party"].initial = parties[0].value
            self.fields["party"].widget = forms.HiddenInput()
