"""Pages of cost responsibility (R33), one view per step: record an intervention (its form is
on the case page's panel), consult (R20), agree, dispute, decide; and the report per period for
the department heads and the controller, as tables, a chart and CSV.

Interventions are reached through their case's scope (R4): missing and forbidden are the same
logged 404, and every page naming the person logs the read. The report names no one.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.forms_costs import (
    CostConsultationForm,
    CostDecideForm,
    CostDisputeForm,
    CostReportForm,
    InterventionRecordForm,
)
from coordination.models import AccessAction, Case, CostState, EscalationState, Intervention
from coordination.permissions import case_visible_to
from coordination.selectors_costs import (
    REPORT_ROLES,
    cost_bearer_choices,
    cost_consultees,
    cost_may_consult,
    cost_may_decide,
    cost_may_dispute,
    cost_may_record,
    cost_report,
    cost_report_organisation,
    intervention_get,
)
from coordination.services.costs import (
    intervention_consultation_record,
    intervention_cost_agree,
    intervention_cost_decide,
    intervention_cost_dispute,
    intervention_record,
)
from coordination.views import CaseworkerMixin, _case_or_404, deny_logged
from portal.charts import ChartRow
from portal.exports import csv_response
from portal.forms import add_service_errors
from portal.permissions import RoleRequiredMixin
from units.models import DEPARTMENT_ROLES, UNIT_ROLES, Unit

CASE_ANCHOR = "#costs"


def _back_to_case(intervention: Intervention) -> HttpResponse:
    response = redirect("coordination:case_detail", pk=intervention.case_id)
    response["Location"] += CASE_ANCHOR
    return response


class _InterventionMixin(CaseworkerMixin):
    """An intervention's step page; its pk is the intervention's, a refusal is logged."""

    allowed_roles = frozenset(UNIT_ROLES | DEPARTMENT_ROLES)

    def intervention(self, request: HttpRequest, pk: int, may) -> Intervention:
        intervention = intervention_get(
            intervention_id=pk, visible_cases=case_visible_to(request.user)
        )
        if intervention is None:
            raise deny_logged(request)
        if not may(user=request.user, intervention=intervention):
            raise deny_logged(request, intervention.case_id)
        return intervention

    def render_step(self, request, intervention, form, template, status=200) -> HttpResponse:
        services.access_log_cases(
            request=request, action=AccessAction.VIEW, cases=[intervention.case]
        )
        context = {
            "form": form,
            "intervention": intervention,
            "case": intervention.case,
            "individual": intervention.case.individual,
        }
        return render(request, f"coordination/costs/{template}", context, status=status)


class InterventionRecordView(CaseworkerMixin, View):
    """The deciding unit records an intervention; the rules propose who bears its cost."""

    logged_object = "case"

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = _case_or_404(request, pk)
        if not cost_may_record(user=request.user, case=case):
            raise deny_logged(request, case.pk)
        return case

    def _form(self, case: Case, data=None) -> InterventionRecordForm:
        units = Unit.objects.filter(
            organisation_id=case.unit.organisation_id, is_active=True
        ).order_by("name")
        return InterventionRecordForm(data, units=units, initial={"providing_unit": case.unit})

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {"form": form, "case": case, "individual": case.individual}
        return render(request, "coordination/costs/record.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        return self._render(request, case, self._form(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = self._form(case, request.POST)
        if form.is_valid():
            try:
                intervention = intervention_record(
                    actor=request.user, case=case, **form.service_data()
                )
            except PermissionDenied:
                raise deny_logged(request, case.pk) from None
            except ValidationError as exc:
                add_service_errors(form, exc, {"monthly_cost_ore": "monthly_cost"})
            else:
                messages.success(request, _recorded_message(intervention))
                return _back_to_case(intervention)
        return self._render(request, case, form, status=400)


def _recorded_message(intervention: Intervention) -> str:
    if intervention.state == CostState.AGREED:
        return _("The intervention is recorded; its cost is borne by your own unit.")
    if intervention.consultation_required:
        return _("The intervention is recorded. Record the consultation the routine requires.")
    return _("The intervention is recorded; the other side is asked to agree to the split.")


class CostConsultationView(_InterventionMixin, View):
    """Who was consulted about the cost decision, and when (R20)."""

    def _form(self, intervention, data=None) -> CostConsultationForm:
        return CostConsultationForm(data, consultees=cost_consultees(intervention=intervention))

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_may_consult)
        return self.render_step(request, intervention, self._form(intervention), "consult.html")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_may_consult)
        form = self._form(intervention, request.POST)
        if form.is_valid():
            try:
                intervention_consultation_record(
                    actor=request.user, intervention=intervention, **form.cleaned_data
                )
            except PermissionDenied:
                raise deny_logged(request, intervention.case_id) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The consultation is recorded."))
                return _back_to_case(intervention)
        return self.render_step(request, intervention, form, "consult.html", status=400)


class CostAgreeView(_InterventionMixin, View):
    """The other side agrees to the proposed split (a button on the case panel)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = intervention_get(
            intervention_id=pk, visible_cases=case_visible_to(request.user)
        )
        if intervention is None:
            raise deny_logged(request)
        try:
            intervention_cost_agree(actor=request.user, intervention=intervention)
        except PermissionDenied:
            raise deny_logged(request, intervention.case_id) from None
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("You agreed to the cost split."))
        return _back_to_case(intervention)


class CostDisputeView(_InterventionMixin, View):
    """Either side disputes the split: it goes to the department heads (R33)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_may_dispute)
        return self.render_step(request, intervention, CostDisputeForm(), "dispute.html")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_may_dispute)
        form = CostDisputeForm(request.POST)
        if form.is_valid():
            try:
                intervention = intervention_cost_dispute(
                    actor=request.user, intervention=intervention, **form.cleaned_data
                )
            except PermissionDenied:
                raise deny_logged(request, intervention.case_id) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The dispute is on the escalation ladder at level %(level)s.")
                    % {"level": intervention.escalation.level.rank},
                )
                return _back_to_case(intervention)
        return self.render_step(request, intervention, form, "dispute.html", status=400)


class CostDecideView(_InterventionMixin, View):
    """The department heads record the split they decided on a disputed cost."""

    def _form(self, intervention, data=None) -> CostDecideForm:
        escalation = intervention.escalation
        already = escalation.state == EscalationState.DECIDED
        initial = {"decision": escalation.decision} if already else {}
        for row, share in enumerate(intervention.shares.all(), start=1):
            kind = "unit" if share.unit_id else "department"
            initial[f"bearer_{row}"] = f"{kind}:{share.unit_id or share.department_id}"
            initial[f"percent_{row}"] = share.percent
        return CostDecideForm(
            data,
            bearer_choices=cost_bearer_choices(organisation=intervention.case.unit.organisation),
            decision_required=not already,
            initial=initial,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_may_decide)
        return self.render_step(request, intervention, self._form(intervention), "decide.html")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_may_decide)
        form = self._form(intervention, request.POST)
        if form.is_valid():
            try:
                intervention_cost_decide(
                    actor=request.user,
                    intervention=intervention,
                    shares=form.shares(),
                    decision=form.cleaned_data["decision"],
                )
            except PermissionDenied:
                raise deny_logged(request, intervention.case_id) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The decision on the cost is recorded."))
                return _back_to_case(intervention)
        return self.render_step(request, intervention, form, "decide.html", status=400)


class _ReportMixin(RoleRequiredMixin):
    """Department heads and the controller read their organisation's cost report."""

    allowed_roles = REPORT_ROLES

    def report(self, request: HttpRequest):
        organisation = cost_report_organisation(user=request.user)
        if organisation is None:
            raise Http404
        today = timezone.localdate()
        data = request.GET if "month_from" in request.GET else None
        form = CostReportForm(data, initial=CostReportForm.default_period(today))
        period = form.cleaned_data if form.is_valid() else CostReportForm.default_period(today)
        report = cost_report(
            organisation=organisation,
            month_from=period["month_from"].replace(day=1),
            month_to=period["month_to"].replace(day=1),
        )
        return form, report


class CostReportView(_ReportMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form, report = self.report(request)
        chart = [
            ChartRow(label=row.label, value=row.total_ore / 100, display=row.total)
            for row in report.by_department
        ]
        context = {
            "form": form,
            "report": report,
            "chart": chart,
            "query": request.GET.urlencode(),
            "status": 400 if form.is_bound and not form.is_valid() else 200,
        }
        return render(request, "coordination/costs/report.html", context, status=context["status"])


def _kronor(ore: int) -> str:
    """Öre as kronor with a decimal comma, which Swedish Excel reads as a number."""
    sign = "-" if ore < 0 else ""
    kronor, rest = divmod(abs(ore), 100)
    return f"{sign}{kronor},{rest:02d}"


class CostReportCsvView(_ReportMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        _form, report = self.report(request)
        header = [
            _("Table"),
            _("Department"),
            _("Unit"),
            _("Borne alone, kronor"),
            _("Share of joint costs, kronor"),
            _("Total, kronor"),
        ]
        by_department, by_unit = _("By department"), _("By unit")
        rows = [
            (
                by_department,
                row.label,
                "",
                _kronor(row.sole_ore),
                _kronor(row.joint_ore),
                _kronor(row.total_ore),
            )
            for row in report.by_department
        ] + [
            (
                by_unit,
                row.department,
                row.label,
                _kronor(row.sole_ore),
                _kronor(row.joint_ore),
                _kronor(row.total_ore),
            )
            for row in report.by_unit
        ]
        filename = f"kostnader-{report.month_from:%Y-%m}-{report.month_to:%Y-%m}.csv"
        return csv_response(header=header, rows=rows, filename=filename)


def report_period_label(month: datetime.date) -> str:
    return f"{month:%Y-%m}"
