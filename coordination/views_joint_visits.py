"""Pages of joint visits and assessments (R31, R32) and of "addiction or risky use noticed at
BoU" (R32), one view per step: record (from the case), read, correct; noticed (from the case).

A record is reached through its case's scope (R4), or by the other unit's caseworker who took
part, who reads that record and never the case. Missing and forbidden answer the same logged
404; every page naming the person logs the read.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.forms_joint_visits import (
    AddictionNoticedForm,
    JointVisitCorrectForm,
    JointVisitRecordForm,
)
from coordination.models import AUDIT_MAX, DUDIT_MAX, AccessAction, Case, JointVisit
from coordination.selectors import case_other_units
from coordination.selectors_joint_visits import (
    CORRECTABLE_FIELDS,
    addiction_noticed_definitions,
    addiction_noticed_may,
    addiction_noticed_units,
    joint_visit_case_id,
    joint_visit_caseworker_choices,
    joint_visit_get,
    joint_visit_history,
    joint_visit_may_correct,
    joint_visit_may_record,
    joint_visit_other_caseworker_choices,
    joint_visit_version,
)
from coordination.services.joint_visits import (
    JointVisitStaleError,
    addiction_noticed_record,
    joint_visit_correct,
    joint_visit_record,
)
from coordination.views import CaseworkerMixin, _case_or_404, deny_logged
from portal.forms import add_service_errors
from units.models import UNIT_ROLES

CASE_ANCHOR = "#joint-visits"


def _back_to_case(case_id: int) -> HttpResponse:
    response = redirect("coordination:case_detail", pk=case_id)
    response["Location"] += CASE_ANCHOR
    return response


class _JointVisitMixin(CaseworkerMixin):
    """A joint visit's page: its pk is the record's; a refusal is logged against its case."""

    allowed_roles = frozenset(UNIT_ROLES)

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        services.access_log_denied(
            request=request, action=AccessAction.VIEW, case_id=joint_visit_case_id(pk=kwargs["pk"])
        )
        return False

    def visit(self, request: HttpRequest, pk: int) -> JointVisit:
        visit = joint_visit_get(user=request.user, pk=pk)
        if visit is None:
            raise deny_logged(request, joint_visit_case_id(pk=pk))
        return visit


def _log_read(request: HttpRequest, visit: JointVisit) -> None:
    """A case reader reads the case's record; the other caseworker only the person's (R4)."""
    if visit.case_visible:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[visit.case])
    else:
        services.access_log_record(
            request=request, action=AccessAction.VIEW, individual_ids=[visit.case.individual_id]
        )


class JointVisitRecordView(CaseworkerMixin, View):
    """The case's caseworker, a co-caseworker, or the unit's coordinators and managers record
    a joint visit or assessment with another unit (R31, R32)."""

    logged_object = "case"
    template_name = "coordination/joint_visits/record.html"

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = _case_or_404(request, pk)
        if not joint_visit_may_record(user=request.user, case=case):
            raise deny_logged(request, case.pk)
        return case

    @staticmethod
    def _form(case: Case, data=None) -> JointVisitRecordForm:
        return JointVisitRecordForm(
            data,
            units=case_other_units(case=case),
            caseworkers=joint_visit_caseworker_choices(case=case),
            other_caseworkers=joint_visit_other_caseworker_choices(case=case),
            initial={"caseworker": case.caseworker_id},
        )

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {"case": case, "individual": case.individual, "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        return self._render(request, case, self._form(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = self._form(case, request.POST)
        if form.is_valid():
            try:
                visit = joint_visit_record(actor=request.user, case=case, **form.cleaned_data)
            except PermissionDenied:
                raise deny_logged(request, case.pk) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The joint visit is recorded."))
                return redirect("coordination:joint_visit_detail", pk=visit.pk)
        return self._render(request, case, form, status=400)


class JointVisitDetailView(_JointVisitMixin, View):
    """The record with its scores and history: the case's readers and the other unit's
    caseworker who took part (R4)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = self.visit(request, pk)
        _log_read(request, visit)
        context = {
            "visit": visit,
            "individual": visit.case.individual,
            "history": joint_visit_history(visit=visit),
            "may_correct": joint_visit_may_correct(user=request.user, visit=visit),
            "audit_max": AUDIT_MAX,
            "dudit_max": DUDIT_MAX,
        }
        return render(request, "coordination/joint_visits/detail.html", context)


class JointVisitCorrectView(_JointVisitMixin, View):
    """Its recorder or the case's caseworker corrects the record; history keeps the old one."""

    template_name = "coordination/joint_visits/correct.html"

    def _visit(self, request: HttpRequest, pk: int) -> JointVisit:
        visit = self.visit(request, pk)
        if not joint_visit_may_correct(user=request.user, visit=visit):
            raise deny_logged(request, visit.case_id)
        return visit

    @staticmethod
    def _form(visit: JointVisit, data=None) -> JointVisitCorrectForm:
        initial = {name: getattr(visit, name) for name in CORRECTABLE_FIELDS}
        initial["version"] = joint_visit_version(visit=visit)
        return JointVisitCorrectForm(
            data,
            caseworkers=joint_visit_caseworker_choices(case=visit.case, keep=[visit.caseworker_id]),
            other_caseworkers=joint_visit_other_caseworker_choices(
                case=visit.case, unit=visit.other_unit, keep=[visit.other_caseworker_id]
            ),
            initial=initial,
        )

    def _render(self, request, visit, form, status=200, stale="") -> HttpResponse:
        _log_read(request, visit)
        context = {"visit": visit, "individual": visit.case.individual, "form": form}
        context["stale"] = stale
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = self._visit(request, pk)
        return self._render(request, visit, self._form(visit))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = self._visit(request, pk)
        form = self._form(visit, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            seen_version = data.pop("version")
            try:
                joint_visit_correct(
                    actor=request.user, visit=visit, seen_version=seen_version, **data
                )
            except PermissionDenied:
                raise deny_logged(request, visit.case_id) from None
            except JointVisitStaleError as exc:
                return self._render(request, visit, form, status=409, stale=" ".join(exc.messages))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The record is corrected."))
                return redirect("coordination:joint_visit_detail", pk=visit.pk)
        return self._render(request, visit, form, status=400)


class AddictionNoticedView(CaseworkerMixin, View):
    """Addiction or risky use noticed in a case at BoU (R32): starts the organisation's
    routine for discussing it with the adult unit."""

    logged_object = "case"
    template_name = "coordination/joint_visits/addiction_noticed.html"

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = _case_or_404(request, pk)
        if not addiction_noticed_may(user=request.user, case=case):
            raise deny_logged(request, case.pk)
        return case

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {
            "case": case,
            "individual": case.individual,
            "form": form,
            "routines": addiction_noticed_definitions(case=case),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = AddictionNoticedForm(units=addiction_noticed_units(case=case))
        return self._render(request, case, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = AddictionNoticedForm(request.POST, units=addiction_noticed_units(case=case))
        if form.is_valid():
            try:
                result = addiction_noticed_record(
                    actor=request.user, case=case, **form.cleaned_data
                )
            except PermissionDenied:
                raise deny_logged(request, case.pk) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                names = ", ".join(run.definition.name for run in result.started)
                messages.success(
                    request,
                    _("Started: %(names)s. Discuss it with %(unit)s.")
                    % {"names": names, "unit": form.cleaned_data["adult_unit"].name},
                )
                if result.already_running:
                    messages.info(
                        request,
                        _("Already running on the case, not started again: %(names)s.")
                        % {"names": ", ".join(r.definition.name for r in result.already_running)},
                    )
                return redirect("coordination:routine_run_detail", pk=result.started[0].pk)
        return self._render(request, case, form, status=400)
