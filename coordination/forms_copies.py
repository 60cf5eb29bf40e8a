"""Forms for copies between units (R31, R32): a copy from a case, 001's debt message and its
concern for a child (on the case page's panel, each with its own prefix), and the receiving
unit's assessment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.models import DebtKind
from coordination.selectors_age import stockholm_today
from coordination.selectors_copies import GENERIC_KINDS

_TEXT = {"rows": 5}
MAX_TEXT = 10000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _unit_field(units, *, label, help_text="") -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=label, queryset=units, empty_label="", help_text=help_text)
    field.label_from_instance = lambda unit: unit.name
    return field


class CopySendForm(forms.Form):
    """A copy of an invitation, a decision or a message to another unit."""

    kind = forms.ChoiceField(
        label=_("What is copied"),
        choices=[("", "")] + [(kind.value, kind.label) for kind in GENERIC_KINDS],
    )
    text = forms.CharField(
        label=_("The message"),
        help_text=_("What the other unit receives. Write only what it needs to know (R4)."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_TEXT),
    )

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("prefix", "copy")
        super().__init__(*args, **kwargs)
        self.fields = {
            "to_unit": _unit_field(units, label=_("To the unit")),
            **self.fields,
        }


class _ToBouForm(forms.Form):
    """A copy that always goes to BoU: the unit is chosen only where there are several."""

    def __init__(self, *args, bou_units, **kwargs):
        super().__init__(*args, **kwargs)
        if len(bou_units) > 1:
            self.fields["to_unit"] = _unit_field(
                bou_units,
                label=_("To the BoU unit"),
                help_text=_("Your organisation has more than one BoU unit."),
            )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("to_unit", None)
        return data


class DebtNoticeForm(_ToBouForm):
    """R31: a message about electricity or rent debts, eviction or power cut."""

    debt_kind = forms.ChoiceField(
        label=_("The message is about"), choices=[("", ""), *DebtKind.choices]
    )
    message_received_on = forms.DateField(label=_("The message came on"), widget=DATE)
    text = forms.CharField(
        label=_("The message to BoU"),
        help_text=_(
            "Who sent the message (landlord, electricity company), the amount and any date of "
            "eviction or power cut. BoU receives it whether or not the family is known there."
        ),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_TEXT),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "debt")
        super().__init__(*args, **kwargs)

    def clean_message_received_on(self):
        day = self.cleaned_data["message_received_on"]
        if day > stockholm_today():
            raise forms.ValidationError(_("The day the message came cannot be in the future."))
        return day


class ChildConcernForm(_ToBouForm):
    """R32: concern for a child noticed at the adult unit."""

    text = forms.CharField(
        label=_("The concern"),
        help_text=_("What gives cause for concern, and how it came to the unit's knowledge."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_TEXT),
    )

    def __init__(self, *args, children, **kwargs):
        kwargs.setdefault("prefix", "concern")
        super().__init__(*args, **kwargs)
        child = forms.ModelChoiceField(label=_("The child"), queryset=children, empty_label="")
        child.label_from_instance = lambda person: (
            f"{person.full_name} ({person.birth_date:%Y-%m-%d})"
        )
        self.fields = {"child": child, **self.fields}


class CopyAssessForm(forms.Form):
    """The receiving unit's assessment of a copy (never shown to the sending unit, R31)."""

    assessment = forms.CharField(
        label=_("The unit's assessment"),
        help_text=_(
            "For example whether the family is known here and what the unit does. The sending "
            "unit never sees this (R31)."
        ),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=_TEXT),
    )
