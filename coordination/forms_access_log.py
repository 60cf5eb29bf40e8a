"""Forms of the log review: filter, sample to draw, review; each keeps what was typed."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.identity import IdentityNumberError, parse_identity_number
from coordination.models import ReviewResult
from coordination.selectors_access_log import AccessLogFilter, ReviewScope
from coordination.services.access_log_review import SAMPLE_SIZE_MAX

DATE_HELP = _("YYYY-MM-DD")


def _date_field(label: str, **kwargs) -> forms.DateField:
    kwargs.setdefault("required", False)
    kwargs.setdefault("help_text", DATE_HELP)
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"inputmode": "numeric"}),
        **kwargs,
    )


def _check_period(form: forms.Form, start_field: str, end_field: str) -> None:
    start = form.cleaned_data.get(start_field)
    end = form.cleaned_data.get(end_field)
    if start and end and end < start:
        form.add_error(end_field, _("The end date cannot be before the start date."))


class AccessLogFilterForm(forms.Form):
    """Filter the log by individual, user, unit and local calendar days (all optional)."""

    individual = forms.CharField(
        label=_("Individual"),
        max_length=40,
        required=False,
        help_text=_("Identity number in any common form, or the person's id in Samverkan."),
    )
    username = forms.CharField(
        label=_("User"), max_length=150, required=False, help_text=_("The username.")
    )
    unit = forms.ModelChoiceField(
        label=_("User's unit"),
        queryset=None,
        required=False,
        empty_label=_("All units"),
    )
    date_from = _date_field(_("From date"))
    date_to = _date_field(_("To date"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_individual(self) -> tuple[str | None, int | None]:
        """(canonical number, None) or (None, id); an id is digits that are no number's length."""
        value = self.cleaned_data["individual"].strip()
        if not value:
            return None, None
        try:
            return parse_identity_number(value).canonical, None
        except IdentityNumberError as exc:
            if value.isascii() and value.isdigit() and len(value) not in (10, 12):
                return None, int(value)
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def clean(self):
        data = super().clean()
        _check_period(self, "date_from", "date_to")
        return data

    def filters(self) -> AccessLogFilter:
        data = self.cleaned_data
        identity_number, individual_id = data.get("individual") or (None, None)
        return AccessLogFilter(
            identity_number=identity_number,
            individual_id=individual_id,
            username=data.get("username", "").strip(),
            unit=data.get("unit"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def _last_month() -> tuple[datetime.date, datetime.date]:
    first_of_this_month = timezone.localdate().replace(day=1)
    last_of_previous = first_of_this_month - datetime.timedelta(days=1)
    return last_of_previous.replace(day=1), last_of_previous


class _ScopeChoiceMixin:
    """The part of the log: one of the viewer's own scopes, cleaned to a ReviewScope."""

    def _set_scopes(self, scopes: list[ReviewScope]) -> None:
        self.scopes = {scope.key: scope for scope in scopes}
        self.fields["scope"].choices = [(scope.key, scope.label) for scope in scopes]
        if len(scopes) == 1:
            self.fields["scope"].initial = scopes[0].key

    def clean_scope(self) -> ReviewScope:
        return self.scopes[self.cleaned_data["scope"]]


class AccessLogSampleForm(_ScopeChoiceMixin, forms.Form):
    """Which part of the log, which period and how many rows to draw."""

    scope = forms.ChoiceField(label=_("Part of the log"))
    period_start = _date_field(_("Period from"), required=True)
    period_end = _date_field(_("Period to"), required=True)
    size = forms.IntegerField(
        label=_("Sample size"),
        min_value=1,
        max_value=SAMPLE_SIZE_MAX,
        initial=20,
        help_text=_("Number of entries, 1 to 200."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, scopes: list[ReviewScope], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_scopes(scopes)
        start, end = _last_month()
        self.fields["period_start"].initial = start
        self.fields["period_end"].initial = end

    def clean(self):
        data = super().clean()
        _check_period(self, "period_start", "period_end")
        return data


class SampleIdsField(forms.Field):
    """The drawn rows' ids, carried in hidden inputs; the service checks they are in scope."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Draw a sample before recording the review."),
        "invalid": _("The sample is not valid. Draw a new sample."),
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if isinstance(value, str | int):
            value = [value]
        try:
            return [int(item) for item in value]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class AccessLogReviewForm(_ScopeChoiceMixin, forms.Form):
    """The reviewer's result for a drawn sample; remarks need their findings."""

    scope = forms.ChoiceField(label=_("Part of the log"), widget=forms.HiddenInput)
    period_start = forms.DateField(
        label=_("Period from"), input_formats=["%Y-%m-%d"], widget=forms.HiddenInput
    )
    period_end = forms.DateField(
        label=_("Period to"), input_formats=["%Y-%m-%d"], widget=forms.HiddenInput
    )
    sample = SampleIdsField(label=_("Sample"))
    result = forms.ChoiceField(
        label=_("Result of the review"), choices=ReviewResult.choices, widget=forms.RadioSelect
    )
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the review has remarks: what was found in the sample."),
    )
    follow_up = forms.CharField(
        label=_("Follow-up"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is done about the findings, by whom and when."),
    )

    def __init__(self, *args, scopes: list[ReviewScope], **kwargs):
        # Shown below the sample form, whose scope and period fields would share these ids.
        kwargs.setdefault("auto_id", "id_review_%s")
        super().__init__(*args, **kwargs)
        self._set_scopes(scopes)

    def clean(self):
        data = super().clean()
        if data.get("result") == ReviewResult.REMARKS and not data.get("findings", "").strip():
            self.add_error("findings", _("Describe the findings when the review has remarks."))
        return data

    def posted_sample_ids(self) -> list[int]:
        """The ids as posted, leniently, to show the sample again next to the errors."""
        return [int(v) for v in self.data.getlist("sample") if v.isascii() and v.isdigit()][
            :SAMPLE_SIZE_MAX
        ]
