"""Forms for joint visits and assessments (R31, R32) and for "addiction or risky use noticed at
BoU" (R32).

Each form keeps what the user typed; the services decide the rules (a score only when the test
was used, its range, a date not in the future, the other caseworker a member of the other
unit), and the views put their messages at the fields.
"""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coordination.models import AUDIT_MAX, DUDIT_MAX, JointVisitKind
from coordination.selectors_joint_visits import NoticedWhose
from units.models import Unit, UnitKind, User

MAX_NOTE = 10000


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class _UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class _OtherPersonChoiceField(forms.ModelChoiceField):
    """A person with their units among the other units (joint_visit_other_caseworker_choices)."""

    def label_from_instance(self, obj: User) -> str:
        units = ", ".join(m.unit.name for m in getattr(obj, "other", []))
        name = obj.get_full_name() or obj.username
        return f"{name} ({units})" if units else name


def _score(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )


class _JointVisitFields(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=_DateInput(), help_text=_("YYYY-MM-DD"))
    caseworker = _PersonChoiceField(
        label=_("Caseworker who took part for the case's unit"), queryset=User.objects.none()
    )
    other_caseworker = _OtherPersonChoiceField(
        label=_("The other unit's caseworker who took part"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("They may read this record, never the case."),
    )
    audit_used = forms.BooleanField(label=_("AUDIT used"), required=False)
    audit_score = _score(_("AUDIT score"))
    dudit_used = forms.BooleanField(label=_("DUDIT used"), required=False)
    dudit_score = _score(_("DUDIT score"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, caseworkers, other_caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers
        self.fields["other_caseworker"].queryset = other_caseworkers
        for name, most in (("audit_score", AUDIT_MAX), ("dudit_score", DUDIT_MAX)):
            self.fields[name].help_text = gettext("Only when the test was used; 0 to %(most)s.") % {
                "most": most
            }


class JointVisitRecordForm(_JointVisitFields):
    """A joint preliminary assessment, visit or assessment with another unit."""

    field_order = ["other_unit", "kind", "held_on"]

    other_unit = _UnitChoiceField(label=_("Other unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(
        label=_("What was done together"), choices=[("", "---------"), *JointVisitKind.choices]
    )

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["other_unit"].queryset = units


class JointVisitCorrectForm(_JointVisitFields):
    """A correction; the version it was shown with refuses a stale page."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class AddictionNoticedForm(forms.Form):
    """Addiction or risky use noticed at BoU: whose, the adult unit to discuss with (R32)."""

    whose = forms.ChoiceField(
        label=_("Whose addiction or risky use"),
        choices=[(value, capfirst(label)) for value, label in NoticedWhose.choices],
        widget=forms.RadioSelect,
    )
    adult_unit = _UnitChoiceField(
        label=_("Adult unit to discuss with"), queryset=Unit.objects.none()
    )
    note = forms.CharField(
        label=_("What was noticed"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Kept as the reason the routine started; shown only to those who read the case."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adult_unit"].queryset = units
        adult_groups = [unit for unit in units if unit.kind == UnitKind.VUXEN]
        if len(adult_groups) == 1 and "adult_unit" not in self.initial:
            self.initial["adult_unit"] = adult_groups[0].pk
