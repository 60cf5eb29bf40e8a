"""Pages for co-caseworkers (R17, R20): appoint, revoke, and the appointee's own list.

Appointing and revoking need the case in scope and the right to manage it (the responsible
caseworker or a (deputy) unit manager of the case's unit); anything else answers 404 and
is logged as a denial (R4). The appointee reads the case itself on the ordinary case page,
which the grant opens for the period.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.forms_co_caseworkers import CoCaseworkerAppointForm
from coordination.models import AccessAction, Case
from coordination.selectors_co_caseworkers import (
    candidate_units,
    co_caseworker_appointments_for_user,
    co_caseworker_candidates,
    co_caseworker_for_case,
    co_caseworker_may_manage,
    co_caseworker_units,
)
from coordination.services.co_caseworkers import co_caseworker_appoint, co_caseworker_revoke
from coordination.services.consent import ConsentMissingError
from coordination.views import CaseworkerMixin, _case_or_404

# Where the consent override's errors (R12) go on the appointment form.
_OVERRIDE_FIELDS = {"legal_basis": "override_legal_basis", "reason": "override_reason"}


def _managed_case_or_404(request: HttpRequest, case_id: int) -> Case:
    """The case, if the user may see it and appoint to it; else 404 with a logged denial."""
    case = _case_or_404(request, case_id)
    if not co_caseworker_may_manage(user=request.user, case=case):
        services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case.pk)
        raise Http404
    return case


class CoCaseworkerAppointView(CaseworkerMixin, View):
    logged_object = "case"
    template_name = "coordination/co_caseworkers/appoint.html"

    def _form(self, case: Case, data=None) -> CoCaseworkerAppointForm:
        candidates = co_caseworker_candidates(case=case)
        return CoCaseworkerAppointForm(
            data,
            candidates=candidates,
            units_by_user=candidate_units(case=case, users=candidates),
            units=co_caseworker_units(case=case),
        )

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        return render(request, self.template_name, {"case": case, "form": form}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = _managed_case_or_404(request, pk)
        return self._render(request, case, self._form(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = _managed_case_or_404(request, pk)
        form = self._form(case, request.POST)
        if form.is_valid():
            try:
                co_caseworker_appoint(actor=request.user, case=case, **form.service_kwargs())
            except ConsentMissingError as exc:
                form.consent_missing = True
                form.add_error(None, exc.message)
            except ValidationError as exc:
                self._add_errors(form, exc)
            else:
                messages.success(request, _("The co-caseworker is appointed."))
                return redirect("coordination:case_detail", pk=case.pk)
        return self._render(request, case, form, status=400)

    @staticmethod
    def _add_errors(form: CoCaseworkerAppointForm, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc)
            return
        for field, errors in exc.message_dict.items():
            if field in _OVERRIDE_FIELDS:
                form.consent_missing = True
                field = _OVERRIDE_FIELDS[field]
            for error in errors:
                form.add_error(field if field in form.fields else None, error)


class CoCaseworkerRevokeView(CaseworkerMixin, View):
    logged_object = "case"

    def post(self, request: HttpRequest, pk: int, appointment_id: int) -> HttpResponse:
        case = _managed_case_or_404(request, pk)
        appointment = co_caseworker_for_case(case=case, appointment_id=appointment_id)
        if appointment is None:
            services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case.pk)
            raise Http404
        try:
            co_caseworker_revoke(actor=request.user, appointment=appointment)
        except PermissionDenied:
            services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case.pk)
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(person)s is no longer co-caseworker for the case.")
                % {"person": appointment.caseworker},
            )
        return redirect("coordination:case_detail", pk=case.pk)


class CoCaseworkerMineView(CaseworkerMixin, View):
    """Cases where the user is co-caseworker, coming or active; the case opens when active."""

    def get(self, request: HttpRequest) -> HttpResponse:
        appointments = co_caseworker_appointments_for_user(user=request.user)
        services.access_log_record(
            request=request,
            action=AccessAction.LIST,
            individual_ids=[a.case.individual_id for a in appointments],
        )
        return render(
            request, "coordination/co_caseworkers/mine.html", {"appointments": appointments}
        )
