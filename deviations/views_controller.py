"""The controller's pages of deviation reports (R25: the controller collects the reports and
reports on them) and the yearly summary for the routine review (R24).

The list and the statistics are the organisation's controller's alone (a controller
membership without a unit, deviations/permissions.py) and show only reports sent to the
controller or filed; everyone else gets a plain 404. Both read the same GET filter
(deviations/forms_controller.py), which the exports read too. The yearly summary is read by
the controller and by the managers who read the routine review
(meetings/selectors_routine_review.py); a manager sees counts, units and dates, and a link
to a report only when the report's policy lets them read it. None of these pages writes:
a POST is refused (405 for those who may read, 404 for the rest). Nothing here names an
individual, so a refusal writes no access-log row (as on the other deviations pages).
"""

import datetime
from urllib.parse import parse_qsl, urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, formats
from django.utils.translation import gettext as _
from django.views import View

from coordination.selectors_age import stockholm_today
from deviations.forms_controller import DeviationFilterForm
from deviations.permissions import DeviationAccess, deviation_access_for, deviation_visible
from deviations.selectors_controller import (
    controller_report_list,
    controller_reports,
    controller_units,
)
from deviations.selectors_statistics import (
    DeviationStatistics,
    deviation_annual_reports,
    deviation_statistics,
)
from meetings.selectors_routine_review import (
    FIRST_YEAR,
    READER_ROLES,
    RoutineReviewAccess,
    routine_review_access_for,
)
from portal.charts import ChartRow
from portal.permissions import RoleRequiredMixin
from units.models import Role

PAGE_SIZE = 50
NOTHING = "\N{EN DASH}"  # what a figure shows when there is nothing to measure


class ControllerMixin(RoleRequiredMixin):
    """The organisation's controller; a controller role held anywhere but on the organisation
    itself gives no access, as in the report's policy."""

    allowed_roles = frozenset({Role.CONTROLLER})
    access: DeviationAccess

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if not super().has_role(request, *args, **kwargs):
            return False
        self.access = deviation_access_for(request.user)
        return bool(self.access.controlled_organisation_ids)

    def filter_form(self, request: HttpRequest) -> DeviationFilterForm:
        return DeviationFilterForm(request.GET or None, units=controller_units(access=self.access))


def _list_url(querystring: str, **overrides) -> str:
    """The controller's list with the filter in `querystring`, some fields replaced."""
    params = [(key, value) for key, value in parse_qsl(querystring) if key not in overrides]
    for key, value in overrides.items():
        values = value if isinstance(value, list | tuple) else [value]
        params += [(key, str(item)) for item in values if item not in (None, "")]
    query = urlencode(params)
    return reverse("deviations:controller_list") + (f"?{query}" if query else "")


def _last_of_month(month: datetime.date) -> datetime.date:
    following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _days_text(days: float | None) -> str:
    if days is None:
        return NOTHING
    if days == 1:
        return _("1 day")
    shown = int(days) if float(days).is_integer() else formats.number_format(days, 1)
    return _("%(days)s days") % {"days": shown}


def _figures(statistics: DeviationStatistics, querystring: str | None) -> dict:
    """Chart rows and table rows of the statistics. With a querystring (the controller),
    each row links to the list filtered to it; without (a manager), nothing links there."""

    def link(**overrides) -> str:
        return "" if querystring is None else _list_url(querystring, **overrides)

    # A month's link keeps within the period, which may begin or end inside the month.
    period = dict(parse_qsl(querystring or ""))
    first, last = period.get("date_from", ""), period.get("date_to", "9999-12-31")
    months = [
        {
            "month": row.month,
            "count": row.count,
            "url": link(
                date_from=max(row.month.isoformat(), first),
                date_to=min(_last_of_month(row.month).isoformat(), last),
            ),
        }
        for row in statistics.months
    ]
    pairs = [
        {
            "pair": row.pair,
            "count": row.count,
            "url": link(unit_a=row.pair.low_id, unit_b=row.pair.high_id),
        }
        for row in statistics.pairs
    ]
    sources = [
        {"source": row.source, "count": row.count, "url": link(source=row.source.value)}
        for row in statistics.sources
    ]
    pair_close = [
        {
            "pair": row.pair,
            "close": row.close,
            "median": _days_text(row.close.median_days),
            "longest": _days_text(row.close.max_days),
        }
        for row in statistics.pair_close
    ]
    recurring = [
        {
            "problem": problem,
            "url": link(
                unit_a=problem.pair.low_id,
                unit_b=problem.pair.high_id,
                source=problem.source.value,
            ),
        }
        for problem in statistics.recurring
    ]
    return {
        "month_chart": [
            ChartRow(dateformat.format(row["month"], "b"), row["count"], str(row["count"]))
            for row in months
        ],
        "pair_chart": [
            ChartRow(row["pair"].label, row["count"], str(row["count"])) for row in pairs
        ],
        "source_chart": [
            ChartRow(str(row["source"].label), row["count"], str(row["count"])) for row in sources
        ],
        "close_chart": [
            ChartRow(row["pair"].label, row["close"].median_days, row["median"])
            for row in pair_close
        ],
        "months": months,
        "pairs": pairs,
        "sources": sources,
        "pair_close": pair_close,
        "close_median": _days_text(statistics.close.median_days),
        "close_longest": _days_text(statistics.close.max_days),
        "recurring": recurring,
    }


class ControllerListView(ControllerMixin, View):
    """The reports sent to the controller, filtered, newest first, 50 a page (R25)."""

    template_name = "deviations/controller/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.filter_form(request)
        valid = not form.is_bound or form.is_valid()
        context = {
            "form": form,
            "page": None,
            "export_querystring": None,
            "last_year": stockholm_today().year - 1,
        }
        if valid:
            reports = controller_report_list(access=self.access, filters=form.to_filter())
            context["page"] = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
            context["export_querystring"] = form.to_querystring()
        return render(request, self.template_name, context, status=200 if valid else 400)


class ControllerStatisticsView(ControllerMixin, View):
    """Per month, unit pair and source, time to close and recurring problems, for the same
    filter as the list (R25)."""

    template_name = "deviations/controller/statistics.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.filter_form(request)
        valid = not form.is_bound or form.is_valid()
        today = stockholm_today()
        context = {
            "form": form,
            "statistics": None,
            "export_querystring": None,
            "last_year": today.year - 1,
        }
        if valid:
            filters = form.to_filter()
            statistics = deviation_statistics(
                reports=controller_reports(access=self.access, filters=filters),
                today=today,
                date_from=filters.date_from,
                date_to=filters.date_to,
            )
            querystring = form.to_querystring()
            context.update(
                statistics=statistics,
                export_querystring=querystring,
                list_url=_list_url(querystring),
                **_figures(statistics, querystring),
            )
        return render(request, self.template_name, context, status=200 if valid else 400)


class DeviationAnnualSummaryView(RoleRequiredMixin, View):
    """One calendar year of deviation reports for the routine review (R24): the controller and
    the managers who read the review. A user in several organisations chooses one with
    `?organisation=<code>`, as on the review's page."""

    allowed_roles = frozenset(READER_ROLES)
    template_name = "deviations/controller/annual_summary.html"

    review_access: RoutineReviewAccess

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        """A reader of the chosen organisation's review, for a year from 2000 to this one;
        decided before the method, so a refused reader's POST is a 404 too."""
        if not super().has_role(request, *args, **kwargs):
            return False
        if not FIRST_YEAR <= kwargs["year"] <= stockholm_today().year:
            return False
        code = request.GET.get("organisation")
        for access in routine_review_access_for(user=request.user):
            if code is None or access.organisation.code == code:
                self.review_access = access
                return True
        return False

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        today = stockholm_today()
        organisation = self.review_access.organisation
        statistics = deviation_statistics(
            reports=deviation_annual_reports(organisation_id=organisation.pk, year=year),
            today=today,
            date_from=datetime.date(year, 1, 1),
            date_to=datetime.date(year, 12, 31),
        )
        access = deviation_access_for(request.user)
        controller = organisation.pk in access.controlled_organisation_ids
        # A link to a report only where the report's own policy lets the reader open it.
        readable = (
            set(
                deviation_visible(access)
                .filter(pk__in=statistics.report_ids)
                .values_list("pk", flat=True)
            )
            if statistics.report_ids
            else set()
        )
        querystring = (
            urlencode({"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"})
            if controller
            else None
        )
        organisation_query = urlencode({"organisation": organisation.code})
        context = {
            "organisation": organisation,
            "year": year,
            "today": today,
            "statistics": statistics,
            "readable": readable,
            "controller": controller,
            "list_url": _list_url(querystring) if controller else "",
            "previous_url": (
                f"{reverse('deviations:annual_summary', args=[year - 1])}?{organisation_query}"
                if year - 1 >= FIRST_YEAR
                else ""
            ),
            "next_url": (
                f"{reverse('deviations:annual_summary', args=[year + 1])}?{organisation_query}"
                if year + 1 <= today.year
                else ""
            ),
            # The review of year Y looks back at Y-1 (meetings/views_routine_review.py).
            "review_url": (
                f"{reverse('meetings:routine_review_detail', args=[year + 1])}?{organisation_query}"
                if year + 1 <= today.year
                else ""
            ),
            **_figures(statistics, querystring),
        }
        return render(request, self.template_name, context)
