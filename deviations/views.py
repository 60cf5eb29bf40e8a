"""Pages for drafts of deviation reports (R25): only deputy unit managers and unit managers
write them, for their own units; anyone else gets 404 (portal/permissions.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination.models import DueItem
from deviations.forms import DeviationPartOneForm
from deviations.models import REPORTING_ROLES, DeviationReport
from deviations.selectors import (
    deviation_drafts_for_user,
    deviation_report_get_for_user,
    reporting_unit_ids,
)
from deviations.services import (
    deviation_draft_create,
    deviation_draft_update,
    deviation_propose_for_missed_handover,
)
from portal.forms import add_service_errors as _add_errors
from portal.permissions import RoleRequiredMixin
from units.models import Unit

_PART_ONE = ("what_happened", "perception", "improvement_proposals", "reporter_title")


class ReporterMixin(RoleRequiredMixin):
    allowed_roles = frozenset(REPORTING_ROLES)


def _form(request: HttpRequest, *, report: DeviationReport | None = None, data=None):
    unit_ids = reporting_unit_ids(user=request.user)
    units = Unit.objects.filter(pk__in=unit_ids).order_by("name")
    organisation_ids = (
        {report.organisation_id} if report else set(units.values_list("organisation_id", flat=True))
    )
    initial = None
    if report is not None:
        initial = {name: getattr(report, name) for name in _PART_ONE}
        initial["concerned_units"] = list(report.concerned_units.all())
    else:
        initial = {"reporter_title": request.user.title}
        if len(unit_ids) == 1:
            initial["reporting_unit"] = next(iter(unit_ids))
    return DeviationPartOneForm(
        data,
        initial=initial,
        reporting_units=units,
        organisation_ids=organisation_ids,
        fixed_unit=report.reporting_unit if report else None,
    )


class DeviationDraftListView(ReporterMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        drafts = list(deviation_drafts_for_user(user=request.user))
        return render(request, "deviations/draft_list.html", {"drafts": drafts})


class DeviationDraftCreateView(ReporterMixin, View):
    template_name = "deviations/draft_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": _form(request), "report": None})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = _form(request, data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = deviation_draft_create(
                    actor=request.user,
                    reporting_unit=data["reporting_unit"],
                    concerned_units=list(data["concerned_units"]),
                    **{name: data[name] for name in _PART_ONE},
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("deviations:draft_edit", report.pk)
        return render(request, self.template_name, {"form": form, "report": None}, status=400)


class DeviationDraftEditView(ReporterMixin, View):
    template_name = "deviations/draft_form.html"

    def _report(self, request: HttpRequest, pk: int) -> DeviationReport:
        report = deviation_report_get_for_user(user=request.user, pk=pk)
        if report is None:
            raise Http404
        return report

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(request, pk)
        context = {"form": _form(request, report=report), "report": report}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(request, pk)
        form = _form(request, report=report, data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                deviation_draft_update(
                    actor=request.user,
                    report=report,
                    concerned_units=list(data["concerned_units"]),
                    **{name: data[name] for name in _PART_ONE},
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("deviations:draft_edit", report.pk)
        context = {"form": form, "report": report}
        return render(request, self.template_name, context, status=400)


class DeviationFromMissedHandoverView(ReporterMixin, View):
    """POST only: opens the pre-filled draft for a missed handover deadline (R17, R25)."""

    def post(self, request: HttpRequest, due_item_id: int) -> HttpResponse:
        item = get_object_or_404(DueItem, pk=due_item_id)
        try:
            report = deviation_propose_for_missed_handover(actor=request.user, item=item)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("coordination:case_detail", item.case_id)
        return redirect("deviations:draft_edit", report.pk)
