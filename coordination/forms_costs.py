"""Forms for cost responsibility (R33): record an intervention, the consultation (R20), the
other side's agreement, a dispute, the department heads' decision, and the report's period."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coordination.models import InterventionKind
from coordination.services.costs import ShareInput
from units.models import Department, Unit

MAX_TEXT = 10000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
BEARER_ROWS = 3


class InterventionRecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of intervention"), choices=InterventionKind.choices)
    description = forms.CharField(label=_("Description"), required=False, max_length=200)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    period_from = forms.DateField(label=_("From"), widget=DATE)
    period_to = forms.DateField(label=_("To, inclusive"), widget=DATE)
    providing_unit = forms.ModelChoiceField(
        label=_("Providing unit"), queryset=Unit.objects.none(), empty_label=""
    )
    monthly_cost = forms.DecimalField(
        label=_("Cost per month, kronor"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    in_homelessness = forms.BooleanField(
        label=_("The person lives in homelessness"), required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["providing_unit"].queryset = units

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["monthly_cost_ore"] = int(data.pop("monthly_cost") * 100)
        return data


class CostConsultationForm(forms.Form):
    consulted = forms.ModelChoiceField(
        label=_("Consulted"), queryset=Unit.objects.none(), empty_label=""
    )
    consulted_on = forms.DateField(label=_("Consulted on"), widget=DATE)
    note = forms.CharField(
        label=_("What was said"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, consultees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consulted"].queryset = consultees
        self.fields["consulted"].label_from_instance = lambda user: user.get_full_name()


class CostAgreeForm(forms.Form):
    """The other side's agreement: a button; the form carries the service's refusal."""


class CostDisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the split is disputed"),
        help_text=_("The department heads decide; write what each side proposes."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CostDecideForm(forms.Form):
    """The decision and up to three bearers with their shares."""

    decision = forms.CharField(
        label=_("Decision"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, bearer_choices, decision_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].required = decision_required
        choices = [("", ""), *bearer_choices]
        for row in range(1, BEARER_ROWS + 1):
            self.fields[f"bearer_{row}"] = forms.ChoiceField(
                label=_("Bearer %(number)s") % {"number": row},
                choices=choices,
                required=row == 1,
            )
            self.fields[f"percent_{row}"] = forms.IntegerField(
                label=_("Share %(number)s, percent") % {"number": row},
                min_value=1,
                max_value=100,
                required=row == 1,
            )

    def clean(self):
        data = super().clean()
        for row in range(2, BEARER_ROWS + 1):
            if bool(data.get(f"bearer_{row}")) != bool(data.get(f"percent_{row}")):
                raise ValidationError(_("Give each bearer a share, and each share a bearer."))
        return data

    def shares(self) -> list[ShareInput]:
        units, departments = {}, {}
        keys = [self.cleaned_data.get(f"bearer_{row}") for row in range(1, BEARER_ROWS + 1)]
        unit_ids = [int(k.split(":")[1]) for k in keys if k and k.startswith("unit:")]
        department_ids = [int(k.split(":")[1]) for k in keys if k and k.startswith("department:")]
        units = Unit.objects.in_bulk(unit_ids)
        departments = Department.objects.in_bulk(department_ids)
        shares = []
        for row in range(1, BEARER_ROWS + 1):
            key = self.cleaned_data.get(f"bearer_{row}")
            if not key:
                continue
            kind, pk = key.split(":")
            shares.append(
                ShareInput(
                    unit=units.get(int(pk)) if kind == "unit" else None,
                    department=departments.get(int(pk)) if kind == "department" else None,
                    percent=self.cleaned_data[f"percent_{row}"],
                )
            )
        return shares


class CostReportForm(forms.Form):
    month_from = forms.DateField(label=_("From month"), input_formats=["%Y-%m"], widget=MONTH)
    month_to = forms.DateField(label=_("To month"), input_formats=["%Y-%m"], widget=MONTH)

    def clean(self):
        data = super().clean()
        start, end = data.get("month_from"), data.get("month_to")
        if start and end and end < start:
            raise ValidationError(_("The last month is before the first."))
        return data

    @staticmethod
    def default_period(today: datetime.date) -> dict[str, datetime.date]:
        return {"month_from": today.replace(month=1, day=1), "month_to": today.replace(day=1)}
