"""The log-review pages for unit managers (their units) and controllers (their organisation).

Every read starts from `access_log_visible_to`; everyone else gets 404. A page that shows
log rows writes one READ_LOG row of its own: reading the log is itself logged.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination.forms_access_log import (
    AccessLogFilterForm,
    AccessLogReviewForm,
    AccessLogSampleForm,
)
from coordination.models import AccessLogEntry
from coordination.selectors_access_log import (
    REVIEWER_ROLES,
    access_log_entries_by_id,
    access_log_list,
    access_log_review_list_visible_to,
    access_log_review_scopes_for,
    access_log_sample,
    access_log_unit_choices,
    flagged_reads_visible_to,
)
from coordination.services.access_log_review import (
    access_log_read_record,
    access_log_review_record,
)
from portal.permissions import RoleRequiredMixin
from units.models import Role

PAGE_SIZE = 50


class AccessLogReviewerMixin(RoleRequiredMixin):
    """Unit managers and controllers review the log; the selectors narrow what each sees."""

    allowed_roles = REVIEWER_ROLES


def _with_role_labels(entries) -> list[AccessLogEntry]:
    """The rows as a list, each with the acting role's label (the column keeps the raw value)."""
    labels = dict(Role.choices)
    rows = list(entries)
    for entry in rows:
        entry.user_role_label = labels.get(entry.user_role, entry.user_role)
    return rows


def _add_service_errors(form: Form, exc: ValidationError) -> None:
    for field, errors in exc.update_error_dict({}).items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


class AccessLogListView(AccessLogReviewerMixin, View):
    """The log, filtered and paginated; a fixed number of queries per page."""

    template_name = "coordination/access_log/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = AccessLogFilterForm(
            request.GET or None, units=access_log_unit_choices(user=request.user)
        )
        page = None
        if not form.is_bound or form.is_valid():
            filters = form.filters() if form.is_bound else None
            entries = access_log_list(user=request.user, filters=filters)
            page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
            page.object_list = _with_role_labels(page.object_list)
        access_log_read_record(request=request)
        status = 400 if form.is_bound and form.errors else 200
        return render(request, self.template_name, {"form": form, "page": page}, status=status)


class AccessLogSampleView(AccessLogReviewerMixin, View):
    """Draw a random sample for a period (GET), then record the review of it (POST)."""

    template_name = "coordination/access_log/sample.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        scopes = access_log_review_scopes_for(user=request.user)
        form = AccessLogSampleForm(request.GET or None, scopes=scopes)
        context = {"form": form, "sample": None, "review_form": None}
        if not form.is_bound:
            return render(request, self.template_name, context)
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        data = form.cleaned_data
        scope = data["scope"]
        sample = access_log_sample(
            user=request.user,
            organisation=scope.organisation,
            unit=scope.unit,
            period_start=data["period_start"],
            period_end=data["period_end"],
            size=data["size"],
        )
        access_log_read_record(request=request)
        context["sample"] = _with_role_labels(sample)
        context["review_form"] = AccessLogReviewForm(
            scopes=scopes,
            initial={
                "scope": scope.key,
                "period_start": data["period_start"],
                "period_end": data["period_end"],
                "sample": [entry.pk for entry in sample],
            },
        )
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        scopes = access_log_review_scopes_for(user=request.user)
        review_form = AccessLogReviewForm(request.POST, scopes=scopes)
        if review_form.is_valid():
            data = review_form.cleaned_data
            try:
                access_log_review_record(
                    actor=request.user,
                    organisation=data["scope"].organisation,
                    unit=data["scope"].unit,
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    sample_ids=data["sample"],
                    result=data["result"],
                    findings=data["findings"],
                    follow_up=data["follow_up"],
                )
            except ValidationError as exc:
                _add_service_errors(review_form, exc)
            else:
                messages.success(request, _("The review of the access log is recorded."))
                return redirect("access_log:review_list")
        # The posted sample is shown again, but only the rows the reviewer may read.
        sample = access_log_entries_by_id(user=request.user, ids=review_form.posted_sample_ids())
        if sample:
            access_log_read_record(request=request)
        draw_form = AccessLogSampleForm(
            scopes=scopes,
            initial={
                key: request.POST[key]
                for key in ("scope", "period_start", "period_end")
                if request.POST.get(key)
            },
        )
        context = {
            "form": draw_form,
            "sample": _with_role_labels(sample),
            "review_form": review_form,
        }
        return render(request, self.template_name, context, status=400)


class AccessLogReviewListView(AccessLogReviewerMixin, View):
    """Earlier reviews of the part of the log the user reviews."""

    template_name = "coordination/access_log/reviews.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        reviews = access_log_review_list_visible_to(request.user)
        page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
        flagged = list(flagged_reads_visible_to(request.user)[:PAGE_SIZE])
        return render(request, self.template_name, {"page": page, "flagged_reads": flagged})
