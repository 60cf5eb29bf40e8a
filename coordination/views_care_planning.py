"""Record a SIP or care-planning meeting on a case (R14); a SIP needs consent (R12).

The case's caseworker, a co-caseworker with a live grant and a manager of the case's unit
may record; everyone else gets 404 and a logged denial. The meetings are read on the case
page, by everyone who may see the case.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.forms_care_planning import CarePlanningForm
from coordination.models import AccessAction, Case
from coordination.services.care_planning import care_planning_can_record, care_planning_record
from coordination.services.consent import ConsentMissingError
from coordination.views import CaseworkerMixin, _case_or_404
from units.models import Department


class CarePlanningCreateView(CaseworkerMixin, View):
    logged_object = "case"
    template_name = "coordination/care_planning/meeting_form.html"

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = _case_or_404(request, pk)
        if not care_planning_can_record(user=request.user, case=case):
            services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case.pk)
            raise Http404
        return case

    @staticmethod
    def _form(case: Case, data=None) -> CarePlanningForm:
        organisation = case.unit.organisation
        return CarePlanningForm(
            data,
            departments=Department.objects.filter(organisation=organisation).order_by("name"),
            follow_up_days=organisation.care_planning_follow_up_days,
        )

    def _render(self, request, case, form, status=200, show_override=False) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {"case": case, "form": form, "show_override": show_override}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        return self._render(request, case, self._form(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = self._form(case, request.POST)
        show_override = form.has_override_input()
        if form.is_valid():
            try:
                care_planning_record(
                    actor=request.user, case=case, override=form.override(), **form.meeting_data()
                )
            except ConsentMissingError as exc:
                form.add_error(None, exc)
                show_override = True
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The meeting is recorded."))
                return redirect("coordination:case_detail", pk=case.pk)
        return self._render(request, case, form, status=400, show_override=show_override)
