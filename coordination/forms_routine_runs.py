"""Forms for routines running on cases (R30): start one, complete, skip or reassign a step,
cancel the run. The step forms share the run's page, so each has its own prefix and carries
the version of the step it was shown with (a stale page is refused, its text kept)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.selectors_routine_runs import RecordOption

_TEXT = {"rows": 4}
MAX_TEXT = 10000


class RoutineRunStartForm(forms.Form):
    definition = forms.ModelChoiceField(label=_("Routine"), queryset=None, empty_label="")
    other_unit = forms.ModelChoiceField(
        label=_("The other unit"),
        help_text=_("The receiving or other unit, for steps held by it."),
        queryset=None,
        required=False,
    )
    reason = forms.CharField(
        label=_("Why you start it"), max_length=MAX_TEXT, widget=forms.Textarea(attrs=_TEXT)
    )

    def __init__(self, *args, definitions, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["definition"].queryset = definitions
        self.fields["other_unit"].queryset = units


class _StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RoutineStepCompleteForm(_StepForm):
    record = forms.ChoiceField(label=_("The record that completes the step"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs=_TEXT)
    )

    def __init__(self, *args, options: list[RecordOption], **kwargs):
        kwargs.setdefault("prefix", "complete")
        super().__init__(*args, **kwargs)
        self.options = {option.key: option for option in options}
        self.fields["record"].choices = [("", "")] + [(o.key, o.label) for o in options]
        if not options:
            del self.fields["record"]

    def chosen_record(self):
        """The chosen record (the choices are the step's own options), or None."""
        option = self.options.get(self.cleaned_data.get("record") or "")
        return option.record if option else None


class RoutineStepSkipForm(_StepForm):
    reason = forms.CharField(
        label=_("Why the step is skipped"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_TEXT),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "skip")
        super().__init__(*args, **kwargs)


class RoutineStepReassignForm(_StepForm):
    assignee = forms.ModelChoiceField(label=_("Give the step to"), queryset=None, empty_label="")

    def __init__(self, *args, users, **kwargs):
        kwargs.setdefault("prefix", "reassign")
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class RoutineRunCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the routine is cancelled"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_TEXT),
    )
