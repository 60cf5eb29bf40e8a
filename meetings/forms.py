"""Forms for meetings: moving a meeting (R21), submitting a case to one (R22), the minutes (R23)
and the yearly routine review (R24)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Outcome, SubmissionKind
from meetings.validators import validate_no_identity_number
from units.models import Unit

_TEXT = {"rows": 4}


class MeetingMoveForm(forms.Form):
    date = forms.DateField(
        label=_("New date"),
        help_text=_("YYYY-MM-DD, a working day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("Reason for moving"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the meeting is cancelled"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The submissions move to the series' next meeting."),
    )


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.individual.full_name} ({obj.individual.birth_date:%Y-%m-%d}), {obj.unit}"


def _text(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=5000,
        widget=forms.Textarea(attrs=_TEXT),
        validators=[validate_no_identity_number],
    )


class SubmissionForm(forms.Form):
    """R22: the submission's content. Name and age come from the chosen case, never the text."""

    kind = forms.ChoiceField(
        label=_("What is submitted"), choices=SubmissionKind.choices, widget=forms.RadioSelect
    )
    case = CaseChoiceField(
        label=_("Case"),
        queryset=None,
        required=False,
        empty_label="",
        help_text=_("Open cases at your units. Name and age are shown from the case."),
    )
    background = _text(_("Short background"), _("Diagnoses, earlier investigations."))
    current_situation = _text(_("Current situation"), _("Ongoing interventions, planning."))
    problem = _text(_("Current problem"), "")
    question = _text(_("Question to the meeting"), "")

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases

    def clean(self):
        data = super().clean()
        kind, case = data.get("kind"), data.get("case")
        if kind == SubmissionKind.INDIVIDUAL and case is None and "case" not in self.errors:
            self.add_error("case", _("Choose the case the submission is about."))
        if kind == SubmissionKind.ANONYMOUS and case is not None:
            self.add_error(
                "case",
                _(
                    "An anonymous consultation links no case: leave the case empty or choose "
                    "“About an individual”."
                ),
            )
        return data


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class MeetingHoldForm(forms.Form):
    """R23: who is present, and who takes the minutes (proposed by rotation)."""

    present = UserMultipleChoiceField(
        label=_("Present"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    minute_taker = UserChoiceField(
        label=_("Minute-taker"),
        queryset=None,
        empty_label="",
        help_text=_("Proposed by rotation: the participant who took the minutes least recently."),
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = participants
        self.fields["minute_taker"].queryset = participants


class SubmissionOutcomeForm(forms.Form):
    """R23: the item's notes and its outcome, a decision or an escalation, as agreed."""

    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs=_TEXT),
        validators=[validate_no_identity_number],
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    outcome_text = forms.CharField(
        label=_("Decision or escalation, as agreed by those present"),
        max_length=5000,
        widget=forms.Textarea(attrs=_TEXT),
        validators=[validate_no_identity_number],
    )
    transfer_to = forms.ModelChoiceField(
        label=_("Transfer the case to"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Only for a decision to transfer the case (R18)."),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is None:
            del self.fields["transfer_to"]
            return
        self.fields["transfer_to"].queryset = (
            Unit.objects.filter(organisation_id=case.unit.organisation_id, is_active=True)
            .exclude(pk=case.unit_id)
            .order_by("name")
        )


class RoutineReviewRecordForm(forms.Form):
    """R24: the managers' yearly review of the routines, as held."""

    held_on = forms.DateField(
        label=_("Held on"),
        help_text=_("YYYY-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    participants = forms.CharField(
        label=_("Participants"),
        help_text=_("The managers who took part, with their titles."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conclusions = forms.CharField(
        label=_("Conclusions and changes to the routines"),
        help_text=_("About the routines only: no individual is named here."),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
