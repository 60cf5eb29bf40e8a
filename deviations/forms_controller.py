"""The controller's filter of the deviation reports (R25): period, unit pair, state, source.

A GET form: the same query string drives the list, the statistics and the exports, so an
export holds exactly the rows the controller is looking at.
"""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from deviations.models import DeviationSource, DeviationState
from deviations.permissions import CONTROLLER_STATES
from deviations.selectors_controller import DeviationFilter


class _UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class DeviationFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the first day as YYYY-MM-DD.")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the last day as YYYY-MM-DD.")},
    )
    unit_a = _UnitChoice(
        label=_("Unit"),
        queryset=None,
        required=False,
        empty_label=_("All units"),
        error_messages={"invalid_choice": _("Choose one of the organisation's units.")},
    )
    unit_b = _UnitChoice(
        label=_("and unit"),
        queryset=None,
        required=False,
        empty_label=_("Any unit"),
        error_messages={"invalid_choice": _("Choose one of the organisation's units.")},
    )
    state = forms.MultipleChoiceField(
        label=_("State"),
        required=False,
        choices=[(s.value, s.label) for s in DeviationState if s in CONTROLLER_STATES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose sent or filed.")},
    )
    source = forms.MultipleChoiceField(
        label=_("Source"),
        required=False,
        choices=DeviationSource.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose one of the listed sources.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_a"].queryset = units
        self.fields["unit_b"].queryset = units

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", _("The last day comes before the first day."))
        a, b = cleaned.get("unit_a"), cleaned.get("unit_b")
        if a and b and a == b:
            self.add_error("unit_b", _("Choose two different units for a pair."))
        return cleaned

    def to_filter(self) -> DeviationFilter:
        """The filter the valid form describes (an empty filter for an unbound form)."""
        if not self.is_bound:
            return DeviationFilter()
        data = self.cleaned_data
        return DeviationFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            unit_a=data["unit_a"].pk if data.get("unit_a") else None,
            unit_b=data["unit_b"].pk if data.get("unit_b") else None,
            states=tuple(data.get("state") or ()),
            sources=tuple(data.get("source") or ()),
        )

    def to_querystring(self) -> str:
        """The valid filter as a URL-encoded query string ("" for no filter), without the
        page: what the exports and the links between the list and the statistics carry."""
        if not self.is_bound:
            return ""
        data = self.cleaned_data
        pairs: list[tuple[str, str]] = []
        for name in ("date_from", "date_to"):
            if data.get(name):
                pairs.append((name, data[name].isoformat()))
        for name in ("unit_a", "unit_b"):
            if data.get(name):
                pairs.append((name, str(data[name].pk)))
        pairs += [("state", value) for value in data.get("state") or ()]
        pairs += [("source", value) for value in data.get("source") or ()]
        return urlencode(pairs)
