"""Pages for an agreed exception to the end of the youth unit's responsibility (R16).

Only a unit manager or deputy unit manager of the case's unit may record or withdraw one;
anyone else, and anything out of scope, answers 404 with a logged denial (R4).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.forms_age import AgeExceptionRecordForm
from coordination.models import AccessAction, AgeException, Case
from coordination.selectors_age import (
    age_exception_list_for_case,
    age_exception_may_decide,
    responsibility_end_for_case,
)
from coordination.services.age import age_exception_record, age_exception_withdraw
from coordination.views import CaseworkerMixin, _case_or_404


def _decided_case_or_404(request: HttpRequest, case_id: int) -> Case:
    """The case, if the user may see it and decide on it; else 404 with a logged denial."""
    case = _case_or_404(request, case_id)
    if not age_exception_may_decide(user=request.user, case=case):
        services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case.pk)
        raise Http404
    return case


class AgeExceptionRecordView(CaseworkerMixin, View):
    logged_object = "case"
    template_name = "coordination/responsibility/exception_form.html"

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {
            "case": case,
            "form": form,
            "end": responsibility_end_for_case(case),
            "exceptions": age_exception_list_for_case(case=case),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = _decided_case_or_404(request, pk)
        return self._render(request, case, AgeExceptionRecordForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = _decided_case_or_404(request, pk)
        form = AgeExceptionRecordForm(request.POST)
        if form.is_valid():
            try:
                age_exception_record(actor=request.user, case=case, **form.cleaned_data)
            except PermissionDenied:
                services.access_log_denied(
                    request=request, action=AccessAction.VIEW, case_id=case.pk
                )
                raise Http404 from None
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The agreed exception is recorded."))
                return redirect("coordination:case_detail", pk=case.pk)
        return self._render(request, case, form, status=400)


class AgeExceptionWithdrawView(CaseworkerMixin, View):
    logged_object = "case"

    def post(self, request: HttpRequest, pk: int, exception_id: int) -> HttpResponse:
        case = _decided_case_or_404(request, pk)
        exception = AgeException.objects.filter(case=case, pk=exception_id).first()
        if exception is None:
            services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case.pk)
            raise Http404
        try:
            age_exception_withdraw(actor=request.user, exception=exception)
        except PermissionDenied:
            services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case.pk)
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The agreed exception is withdrawn; the organisation's age rule applies."),
            )
        return redirect("coordination:case_detail", pk=case.pk)
