"""The routine-compliance dashboard (issue 7 item 5): per organisation and unit, handovers
announced in time (R17), submissions before the cutoff (R22), escalation lead times per level
(R2, R9), deviation reports per unit pair (R25) and routine steps done on time, late and
skipped (R30, issue 8 item 5), over a run of whole months.

Read by the organisation's deputy unit managers, unit managers, department heads and its
controller (meetings.selectors_routine_review.READER_ROLES, as the yearly routine review);
everyone else, and anyone asking for an organisation they do not read, gets 404. The page shows
aggregates only, never an individual, so neither reading it nor a refusal writes an access-log
row. A user of several organisations chooses one with `?organisation=<code>` (without it, the
first by name); the period is `?from_month=YYYY-MM&to_month=YYYY-MM`, by default the last
twelve full months.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from coordination.selectors_age import stockholm_today
from meetings.selectors_routine_review import (
    FIRST_YEAR,
    READER_ROLES,
    RoutineReviewAccess,
    routine_review_access_for,
)
from portal.permissions import RoleRequiredMixin
from portal.selectors_compliance import (
    DEFAULT_MONTHS,
    MAX_MONTHS,
    CompliancePeriod,
    compliance_dashboard,
    compliance_period_default,
    month_add,
)

MONTH = re.compile(r"(\d{4})-(\d{1,2})")


class MonthField(forms.CharField):
    """A calendar month typed as YYYY-MM, cleaned to its first day. A text input, not
    type="month": a browser empties a month input it cannot parse, and what was typed is kept."""

    default_error_messages = {
        "invalid": _("Enter the month as YYYY-MM, for example 2026-09."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "7"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH.fullmatch(value)
        if not match or int(match[1]) < 1 or not 1 <= int(match[2]) <= 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(int(match[1]), int(match[2]), 1)


class CompliancePeriodForm(forms.Form):
    """The period of the dashboard: whole months, at most MAX_MONTHS, none after this month.
    One month given alone gives a year from it (or up to it), cut at this month."""

    from_month = MonthField(label=_("From month"), help_text=_("YYYY-MM"))
    to_month = MonthField(label=_("To month"), help_text=_("YYYY-MM, included"))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.this_month = today.replace(day=1)
        self.period = compliance_period_default(today=today)
        if not self.is_bound:
            self.initial = {
                "from_month": f"{self.period.first_month:%Y-%m}",
                "to_month": f"{self.period.last_month:%Y-%m}",
            }

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        first, last = cleaned.get("from_month"), cleaned.get("to_month")
        if first is None and last is None:
            return cleaned
        if first is None:
            first = month_add(last, 1 - DEFAULT_MONTHS)
        if last is None:
            last = min(month_add(first, DEFAULT_MONTHS - 1), self.this_month)
        this_month = f"{self.this_month:%Y-%m}"
        if first.year < FIRST_YEAR:
            self.add_error(
                "from_month",
                _("Samverkan holds figures from %(year)s on: choose a later month.")
                % {"year": FIRST_YEAR},
            )
        elif first > self.this_month:
            self.add_error(
                "from_month",
                _("The period cannot start after this month (%(month)s).") % {"month": this_month},
            )
        elif last > self.this_month:
            self.add_error(
                "to_month",
                _("The period cannot end after this month (%(month)s).") % {"month": this_month},
            )
        elif last < first:
            self.add_error("to_month", _("The last month comes before the first month."))
        else:
            period = CompliancePeriod(first, last)
            if len(period.months) > MAX_MONTHS:
                self.add_error(
                    "to_month",
                    _("Choose at most %(max)s months; this period has %(months)s.")
                    % {"max": MAX_MONTHS, "months": len(period.months)},
                )
            else:
                self.period = period
        return cleaned


def _access_or_404(request: HttpRequest) -> tuple[RoutineReviewAccess, list]:
    accesses = routine_review_access_for(user=request.user)
    code = request.GET.get("organisation")
    for access in accesses:
        if code is None or access.organisation.code == code:
            return access, accesses
    raise Http404


class ComplianceView(RoleRequiredMixin, View):
    """The dashboard of one organisation over one period; bad input shows what is wrong next to
    what was typed, and no figures (status 400)."""

    allowed_roles = frozenset(READER_ROLES)

    def get(self, request: HttpRequest) -> HttpResponse:
        access, accesses = _access_or_404(request)
        bound = "from_month" in request.GET or "to_month" in request.GET
        form = CompliancePeriodForm(request.GET if bound else None, today=stockholm_today())
        valid = not bound or form.is_valid()
        dashboard = (
            compliance_dashboard(organisation=access.organisation, period=form.period)
            if valid
            else None
        )
        context = {
            "organisation": access.organisation,
            "accesses": accesses,
            "form": form,
            "dashboard": dashboard,
        }
        return render(request, "portal/compliance.html", context, status=200 if valid else 400)
