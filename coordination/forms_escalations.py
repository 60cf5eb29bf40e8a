"""Forms for the escalation ladder (R2, R9): raise a disagreement, decide, raise further,
withdraw. The step forms share the escalation page, so each has its own prefix."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import Unit

_TEXT = {"rows": 5}
MAX_TEXT = 10000
RAISING, OTHER = "raising", "other"


class EscalationRaiseForm(forms.Form):
    other_unit = forms.ModelChoiceField(
        label=_("The unit you disagree with"), queryset=Unit.objects.none(), empty_label=""
    )
    question = forms.CharField(
        label=_("The disagreement, in writing"),
        help_text=_(
            "What the units disagree about, and what the caseworkers have tried to resolve it."
        ),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_TEXT),
    )
    positions = forms.CharField(
        label=_("What each unit proposes"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_TEXT),
    )
    responsible_unit = forms.ChoiceField(
        label=_("Responsible for the ongoing interventions while the question is open (R9)"),
        help_text=_("The unit that decided the ongoing interventions keeps them meanwhile."),
        widget=forms.RadioSelect,
        initial=RAISING,
    )

    def __init__(self, *args, raising_unit: Unit, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.raising_unit = raising_unit
        self.fields["other_unit"].queryset = units
        self.fields["responsible_unit"].choices = [
            (RAISING, _("The raising unit (%(unit)s)") % {"unit": raising_unit.name}),
            (OTHER, _("The other unit")),
        ]

    def service_data(self) -> dict:
        data = self.cleaned_data
        other_unit = data["other_unit"]
        responsible = other_unit if data["responsible_unit"] == OTHER else self.raising_unit
        return {
            "other_unit": other_unit,
            "question": data["question"],
            "positions": data["positions"],
            "responsible_unit": responsible,
        }


class _StepForm(forms.Form):
    # The level the page showed: a move made by someone else meanwhile is caught (stale page).
    level = forms.IntegerField(widget=forms.HiddenInput)


class EscalationDecideForm(_StepForm):
    prefix = "decide"
    decision = forms.CharField(
        label=_("Decision"),
        help_text=_(
            "Recorded and sent to every party. The unit holding the intervention and the "
            "delegation communicates it to the individual (R9)."
        ),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_TEXT),
    )


class EscalationRaiseFurtherForm(_StepForm):
    prefix = "further"
    reason = forms.CharField(
        label=_("Why it goes to the next level"),
        help_text=_("In writing, so that it is clear to everyone that the question is raised."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_TEXT),
    )


class EscalationWithdrawForm(forms.Form):
    prefix = "withdraw"
    reason = forms.CharField(
        label=_("Why it is withdrawn"),
        help_text=_("For example: the caseworkers resolved it themselves."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
