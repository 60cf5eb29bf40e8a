"""Pages of cost responsibility (R33), one view per step: record an intervention (its form is
on the case page's panel), consult (R20), agree, dispute, decide; the intervention's own page,
where the other side answers without reading the case; "costs waiting for your agreement"; and
the report per period for the department heads and the controller, as tables, a chart and CSV.

Who may read an intervention is the rule of `selectors_costs.intervention_visible_to`; anyone
else gets 404 and a logged denial (R4). Only the case's readers see who the person is and what
the case holds; their reads are logged like the case page's. For everyone else the page names
no one and, like the report, writes no access-log row: a row names the person to the reader's
own log reviewers, who may well be the reader.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.forms_costs import (
    CostAgreeForm,
    CostConsultationForm,
    CostDecideForm,
    CostDisputeForm,
    CostReportForm,
    InterventionRecordForm,
)
from coordination.models import AccessAction, Case, CostState, EscalationState, Intervention
from coordination.selectors_costs import (
    MANAGER_ROLES,
    REPORT_ROLES,
    cost_answers_for_other_side,
    cost_bearer_choices,
    cost_consultees,
    cost_has_say,
    cost_may_agree,
    cost_may_consult,
    cost_may_decide,
    cost_may_dispute,
    cost_may_record,
    cost_report,
    cost_report_organisation,
    intervention_answers,
    intervention_case_id,
    intervention_get,
    interventions_waiting_for,
)
from coordination.selectors_escalations import escalation_is_party
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
from units.models import DEPARTMENT_ROLES, Role, Unit

CASE_ANCHOR = "#costs"
PAGE_SIZE = 20


def _back_to_case(intervention: Intervention) -> HttpResponse:
    response = redirect("coordination:case_detail", pk=intervention.case_id)
    response["Location"] += CASE_ANCHOR
    return response


def _to_intervention(intervention: Intervention) -> HttpResponse:
    # The intervention's page, not the case's: the other side cannot read the case, and a
    # department head's grant to it ends with the decision (R4).
    return redirect("coordination:intervention_detail", pk=intervention.pk)


def _decide_form(intervention: Intervention, data=None) -> CostDecideForm:
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


class _InterventionMixin(RoleRequiredMixin):
    """An intervention's pages; the pk is the intervention's. Anyone with a role reaches them
    and the reading rule then decides; a refusal, for lack of a role or of the right to read,
    is logged against the intervention's case (R4)."""

    allowed_roles = frozenset(Role)

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        services.access_log_denied(
            request=request,
            action=AccessAction.VIEW,
            case_id=intervention_case_id(intervention_id=kwargs["pk"]),
        )
        return False

    def readable(self, request: HttpRequest, pk: int) -> Intervention:
        intervention = intervention_get(intervention_id=pk, user=request.user)
        if intervention is None:
            raise deny_logged(request, intervention_case_id(intervention_id=pk))
        return intervention

    def intervention(self, request: HttpRequest, pk: int, may) -> Intervention:
        """A readable intervention on which the user may take the step, else a logged 404."""
        intervention = self.readable(request, pk)
        if not may(user=request.user, intervention=intervention):
            raise deny_logged(request, intervention.case_id)
        return intervention

    def log_read(self, request: HttpRequest, intervention: Intervention) -> None:
        if intervention.case_readable:
            services.access_log_cases(
                request=request, action=AccessAction.VIEW, cases=[intervention.case]
            )

    def base_context(self, intervention: Intervention) -> dict:
        case = intervention.case
        readable = intervention.case_readable
        return {
            "intervention": intervention,
            "case": case,
            "case_readable": readable,
            # R4: the person is named only to those who may read the case.
            "individual": case.individual if readable else None,
        }

    def render_step(self, request, intervention, form, template, status=200) -> HttpResponse:
        self.log_read(request, intervention)
        context = self.base_context(intervention) | {"form": form}
        return render(request, f"coordination/costs/{template}", context, status=status)

    def render_detail(
        self, request: HttpRequest, intervention: Intervention, status: int = 200, **forms
    ) -> HttpResponse:
        user = request.user
        allowed = {
            "may_agree": cost_may_agree(user=user, intervention=intervention),
            "may_dispute": cost_may_dispute(user=user, intervention=intervention),
            "may_consult": cost_may_consult(user=user, intervention=intervention),
            "may_decide": cost_may_decide(user=user, intervention=intervention),
        }
        builders = {
            "may_agree": ("agree_form", CostAgreeForm),
            "may_dispute": ("dispute_form", CostDisputeForm),
            "may_decide": ("decide_form", lambda: _decide_form(intervention)),
        }
        context = self.base_context(intervention) | allowed
        for flag, (name, build) in builders.items():
            if allowed[flag]:
                sent = forms.get(name)
                context[name] = sent if sent is not None else build()
        # A form sent for a step no longer open to the user (someone answered first): its
        # errors, and what was typed, are shown at the top.
        failed = [form for name, form in forms.items() if name not in context and form is not None]
        context["failed_form"] = failed[0] if failed else None
        context["answers"] = intervention_answers(intervention=intervention)
        context["lists_waiting"] = bool(CostWaitingView.allowed_roles & set(request.user_roles))
        context["escalation_readable"] = intervention.escalation_id is not None and (
            escalation_is_party(user=user, escalation=intervention.escalation)
        )
        self.log_read(request, intervention)
        return render(request, "coordination/costs/detail.html", context, status=status)


class InterventionDetailView(_InterventionMixin, View):
    """What a party to the split may see without the case's contents, and the answers open to
    the user (R33, R4)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_detail(request, self.readable(request, pk))


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
    """Who was consulted about the cost decision, and when (R20); the deciding unit's step."""

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
    """The other side agrees to the proposed split (a button on the intervention's page and
    on the case panel)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_answers_for_other_side)
        form = CostAgreeForm(request.POST)
        try:
            intervention_cost_agree(actor=request.user, intervention=intervention)
        except PermissionDenied:
            raise deny_logged(request, intervention.case_id) from None
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("You agreed to the cost split."))
            return _to_intervention(intervention)
        intervention = self.readable(request, pk)
        return self.render_detail(request, intervention, status=400, agree_form=form)


class CostDisputeView(_InterventionMixin, View):
    """Either side disputes the split: it goes to the department heads (R33)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_may_dispute)
        return self.render_step(request, intervention, CostDisputeForm(), "dispute.html")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_has_say)
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
                return _to_intervention(intervention)
        intervention = self.readable(request, pk)
        return self.render_detail(request, intervention, status=400, dispute_form=form)


class CostDecideView(_InterventionMixin, View):
    """The department heads record the split they decided on a disputed cost."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_may_decide)
        return self.render_step(request, intervention, _decide_form(intervention), "decide.html")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        intervention = self.intervention(request, pk, cost_may_decide)
        form = _decide_form(intervention, request.POST)
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
                return _to_intervention(intervention)
        intervention = self.readable(request, pk)
        return self.render_detail(request, intervention, status=400, decide_form=form)


class CostWaitingView(RoleRequiredMixin, View):
    """Costs waiting for your agreement (R33): the proposed splits the user's side must
    answer, oldest first. For the managers and department heads who answer for a side; the
    list names no one (R4), so it writes no access-log row."""

    allowed_roles = frozenset(MANAGER_ROLES | DEPARTMENT_ROLES)

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        services.access_log_denied(request=request, action=AccessAction.LIST)
        return False

    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(interventions_waiting_for(user=request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {"page": page, "interventions": list(page.object_list)}
        return render(request, "coordination/costs/waiting.html", context)


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
