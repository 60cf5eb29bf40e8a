"""The yearly review of the routines (R24): its years, one year's page with the figures of the
year before, and recording the review.

Read by the organisation's managers (deputy unit managers, unit managers, department heads) and
its controller; recorded by the managers. Everyone else gets 404 and a logged denial (R4). The
pages show aggregated counts only, never an individual, so reading them writes no access-log
row. A user in several organisations chooses one with `?organisation=<code>`; without it the
first by name is shown.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from coordination.selectors_age import stockholm_today
from coordination.views import deny_logged
from meetings.forms import RoutineReviewRecordForm
from meetings.selectors_routine_review import (
    FIRST_YEAR,
    READER_ROLES,
    RoutineReviewAccess,
    routine_review_access_for,
    routine_review_get,
    routine_review_statistics,
    routine_review_years,
)
from meetings.services.routine_review import routine_review_record
from portal.forms import add_service_errors
from portal.permissions import RoleRequiredMixin


class RoutineReviewMixin(RoleRequiredMixin):
    """Managers and the controller; a refusal is logged like any other (R4)."""

    allowed_roles = frozenset(READER_ROLES)

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        deny_logged(request)
        return False

    def access_or_404(self, request: HttpRequest) -> RoutineReviewAccess:
        code = request.GET.get("organisation")
        for access in routine_review_access_for(user=request.user):
            if code is None or access.organisation.code == code:
                return access
        raise deny_logged(request)


def _detail_url(access: RoutineReviewAccess, year: int) -> str:
    query = urlencode({"organisation": access.organisation.code})
    return f"{reverse('meetings:routine_review_detail', args=[year])}?{query}"


class RoutineReviewListView(RoutineReviewMixin, View):
    """This year and every year with a review or a reminder, per organisation (R24)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        accesses = routine_review_access_for(user=request.user)
        years = routine_review_years(
            organisation_ids=[access.organisation.pk for access in accesses],
            current_year=stockholm_today().year,
        )
        rows = [
            {
                "access": access,
                "years": [
                    {"row": row, "url": _detail_url(access, row.year)}
                    for row in years[access.organisation.pk]
                ],
            }
            for access in accesses
        ]
        return render(request, "meetings/routine_review_list.html", {"organisations": rows})


class RoutineReviewDetailView(RoutineReviewMixin, View):
    """One year's review (R24): the record, or the form to record it, and last year's figures."""

    def _access_and_year(self, request: HttpRequest, year: int) -> RoutineReviewAccess:
        access = self.access_or_404(request)
        if not FIRST_YEAR <= year <= stockholm_today().year:
            raise deny_logged(request)
        return access

    def _render(self, request, access, year, form, status=200) -> HttpResponse:
        organisation = access.organisation
        review = routine_review_get(organisation_id=organisation.pk, year=year)
        statistics = (
            routine_review_statistics(organisation=organisation, year=year - 1)
            if year - 1 >= FIRST_YEAR
            else None
        )
        context = {
            "access": access,
            "organisation": organisation,
            "year": year,
            "review": review,
            "form": form if access.may_record and (review is None or form.is_bound) else None,
            "statistics": statistics,
            "action": _detail_url(access, year),
        }
        return render(request, "meetings/routine_review_detail.html", context, status=status)

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        access = self._access_and_year(request, year)
        return self._render(request, access, year, RoutineReviewRecordForm())

    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        access = self._access_and_year(request, year)
        if not access.may_record:
            raise deny_logged(request)
        form = RoutineReviewRecordForm(request.POST)
        if form.is_valid():
            try:
                routine_review_record(
                    actor=request.user,
                    organisation=access.organisation,
                    year=year,
                    **form.cleaned_data,
                )
            except PermissionDenied:
                raise deny_logged(request) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("The routine review of %(year)s is recorded.") % {"year": year}
                )
                return redirect(_detail_url(access, year))
        return self._render(request, access, year, form, status=400)
