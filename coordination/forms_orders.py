"""Forms for the steps of an order to in-house open care (R26-R29), with the consent
override (R12)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.forms_handovers import HandoverSendForm
from coordination.models import ClosingReason, NeedResult
from coordination.services.orders import MAX_NEEDS

_TEXT = {"rows": 4}
_DATE = {"type": "date"}
_YES_NO = [("", ""), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class OrderAssignmentForm(forms.Form):
    provider_unit = forms.ModelChoiceField(label=_("Provider unit"), queryset=None, empty_label="")
    acute = forms.BooleanField(
        label=_("Acute order during the investigation (R29)"),
        required=False,
        help_text=_("Simplified: a short account and the most acute needs are enough."),
    )
    account = forms.CharField(
        label=_("Short account"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs=_TEXT),
    )
    needs = forms.CharField(
        label=_("Needs"),
        help_text=_("One need per line. Each follow-up assesses every need (R27)."),
        max_length=10000,
        widget=forms.Textarea(attrs=_TEXT),
    )
    goals = forms.CharField(
        label=_("Goals"), required=False, max_length=10000, widget=forms.Textarea(attrs=_TEXT)
    )
    intervention = forms.CharField(
        label=_("Intervention decided on"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    starts_on = forms.DateField(
        label=_("Intervention from"),
        required=False,
        help_text=_("YYYY-MM-DD"),
        widget=forms.DateInput(attrs=_DATE),
    )
    ends_on = forms.DateField(
        label=_("Intervention until"),
        required=False,
        help_text=_("YYYY-MM-DD. The intervention is time-limited (R26)."),
        widget=forms.DateInput(attrs=_DATE),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_unit"].queryset = units

    def clean_needs(self) -> list[str]:
        needs = [line.strip() for line in self.cleaned_data["needs"].splitlines() if line.strip()]
        if not needs:
            raise forms.ValidationError(_("Write at least one need of the assignment."))
        if len(needs) > MAX_NEEDS:
            raise forms.ValidationError(_("Write at most %(count)s needs.") % {"count": MAX_NEEDS})
        return needs


class OrderSendForm(HandoverSendForm):
    override_reason = forms.CharField(
        label=_("Why the order cannot wait for consent"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrderReceiveForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received"),
        help_text=_("YYYY-MM-DD. The execution check falls due from this day (R26)."),
        widget=forms.DateInput(attrs=_DATE),
    )
    treater = forms.ModelChoiceField(
        label=_("Responsible treater"), queryset=None, required=False, empty_label=""
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treater"].queryset = candidates


class OrderRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the order will not be executed"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrderExecutionCheckForm(forms.Form):
    answer = forms.CharField(
        label=_("The provider's answer about execution"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrderKickOffForm(forms.Form):
    kick_off_on = forms.DateField(
        label=_("Kick-off meeting held"),
        help_text=_("YYYY-MM-DD. The order is executed from this day (R26)."),
        widget=forms.DateInput(attrs=_DATE),
    )
    treater = forms.ModelChoiceField(label=_("Responsible treater"), queryset=None, empty_label="")
    plan_agreed_by = forms.DateField(
        label=_("Implementation plan agreed by"),
        required=False,
        help_text=_("YYYY-MM-DD. The day the provider's plan is to be ready (R27)."),
        widget=forms.DateInput(attrs=_DATE),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treater"].queryset = candidates


class OrderPlanForm(forms.Form):
    content = forms.CharField(
        label=_("Implementation plan"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    with_family = forms.BooleanField(
        label=_("Drawn up with the family"), required=False, initial=True
    )


class OrderFollowUpForm(forms.Form):
    """The follow-up, with one result and comment per need of the assignment (R27)."""

    held_on = forms.DateField(
        label=_("Follow-up held"), help_text=_("YYYY-MM-DD"), widget=forms.DateInput(attrs=_DATE)
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=10000, widget=forms.Textarea(attrs=_TEXT)
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = list(needs)
        for need in self.needs:
            self.fields[f"need_{need.pk}"] = forms.ChoiceField(
                label=need.text,
                choices=[("", ""), *NeedResult.choices],
                required=False,
            )
            self.fields[f"comment_{need.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def need_rows(self) -> list[tuple]:
        return [(need, self[f"need_{need.pk}"], self[f"comment_{need.pk}"]) for need in self.needs]

    def assessments(self) -> dict[int, tuple[str, str]]:
        return {
            need.pk: (
                self.cleaned_data.get(f"need_{need.pk}") or "",
                self.cleaned_data.get(f"comment_{need.pk}") or "",
            )
            for need in self.needs
        }


class OrderCloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[
            ("", ""),
            *[(v, label) for v, label in ClosingReason.choices if v != "guardians_ended"],
        ],
    )
    closed_on = forms.DateField(
        label=_("Closed"), help_text=_("YYYY-MM-DD"), widget=forms.DateInput(attrs=_DATE)
    )
    note = forms.CharField(
        label=_("About the closing"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrderGuardiansEndForm(forms.Form):
    requested_on = forms.DateField(
        label=_("The guardians asked to end it"),
        help_text=_("YYYY-MM-DD"),
        widget=forms.DateInput(attrs=_DATE),
    )
    continues_without_guardians = forms.ChoiceField(
        label=_("Can the intervention continue towards the child without the parents' consent?"),
        help_text=_("Only for a child of 15 or older (R28)."),
        choices=_YES_NO,
        required=False,
    )
    investigation_warranted = forms.ChoiceField(
        label=_("Does concern for the child's development warrant an investigation?"),
        help_text=_("Needed when the intervention ends (R28)."),
        choices=_YES_NO,
        required=False,
    )
    assessment = forms.CharField(
        label=_("Your assessment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["continues_without_guardians"] = _yes_no(data["continues_without_guardians"])
        data["investigation_warranted"] = _yes_no(data["investigation_warranted"])
        return data


class OrderInvestigationForm(forms.Form):
    started_on = forms.DateField(
        label=_("Investigation started"),
        help_text=_("YYYY-MM-DD"),
        widget=forms.DateInput(attrs=_DATE),
    )
    continues = forms.ChoiceField(
        label=_("Does the intervention continue during the investigation?"),
        choices=_YES_NO[1:],
    )
    agreement = forms.CharField(
        label=_("Agreement with the treater and the family"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["continues"] = data["continues"] == "yes"
        return data


class OrderCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
