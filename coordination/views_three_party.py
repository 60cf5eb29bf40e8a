"""Pages for three-party meetings (R13) and acute consultations between managers (R15).

One view per step. Who may open a page is declared once (a role mixin); a meeting or case
outside the user's scope answers 404 and writes a logged denial. A user who sees the
meeting but does not own the step gets 403 and the meeting page with the reason; nothing
changes. Every page that names an individual writes an access-log row for them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from coordination import services
from coordination.forms_three_party import (
    AcuteConsultationForm,
    ThreePartyAppointForm,
    ThreePartyDateForm,
    ThreePartyDeclineForm,
    ThreePartyOutcomeForm,
    ThreePartyRequestForm,
)
from coordination.models import AccessAction, Case, ThreePartyMeeting, ThreePartyState
from coordination.permissions import case_visible_to
from coordination.selectors_three_party import (
    MANAGER_ROLES,
    acute_case_choices,
    acute_consulted_manager_choices,
    acute_consulted_unit_choices,
    acute_list_for,
    acute_recorder_units,
    three_party_caseworker_choices,
    three_party_get,
    three_party_is_decider,
    three_party_may_request,
    three_party_of_user,
    three_party_requests_to_units_of,
    three_party_steps,
)
from coordination.services.three_party import (
    ThreePartyNotOwnerError,
    acute_consultation_record,
    three_party_appoint,
    three_party_decline,
    three_party_record_meeting,
    three_party_record_outcome,
    three_party_record_pre_meeting,
    three_party_request,
    three_party_require_owner,
)
from coordination.views import CaseworkerMixin, _case_or_404
from portal.forms import add_service_errors as _add_errors
from portal.permissions import RoleRequiredMixin
from units.models import UNIT_ROLES, Unit


def _log_meeting_denied(request: HttpRequest, pk: int) -> None:
    case_id = ThreePartyMeeting.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case_id)


def _meeting_or_404(request: HttpRequest, pk: int) -> ThreePartyMeeting:
    meeting = three_party_get(user=request.user, pk=pk)
    if meeting is None:
        _log_meeting_denied(request, pk)
        raise Http404
    return meeting


class ThreePartyMixin(RoleRequiredMixin):
    """Meeting pages: people who work at a unit; a refusal is logged against the meeting."""

    allowed_roles = frozenset(UNIT_ROLES)

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        _log_meeting_denied(request, kwargs["pk"])
        return False


class ManagerMixin(RoleRequiredMixin):
    """Pages for deputy unit managers and unit managers (R13, R15)."""

    allowed_roles = MANAGER_ROLES


class ThreePartyRequestView(CaseworkerMixin, View):
    """The case's caseworker (or a co-caseworker) asks another unit for a meeting (R13)."""

    logged_object = "case"
    template_name = "coordination/three_party/request_form.html"

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = _case_or_404(request, pk)
        if not three_party_may_request(user=request.user, case=case):
            raise PermissionDenied
        return case

    @staticmethod
    def _units(case: Case):
        return (
            Unit.objects.filter(organisation_id=case.unit.organisation_id, is_active=True)
            .exclude(pk=case.unit_id)
            .order_by("name")
        )

    def _render(self, request: HttpRequest, case: Case, form: Form, status: int = 200):
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {"case": case, "individual": case.individual, "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        return self._render(request, case, ThreePartyRequestForm(units=self._units(case)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = ThreePartyRequestForm(request.POST, units=self._units(case))
        if form.is_valid():
            try:
                meeting = three_party_request(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The request is sent to the deputy unit managers of %(unit)s.")
                    % {"unit": meeting.requested_unit},
                )
                return redirect("coordination:three_party_detail", pk=meeting.pk)
        return self._render(request, case, form, status=400)


def _render_meeting(
    request: HttpRequest,
    meeting: ThreePartyMeeting,
    *,
    status: int = 200,
    step_error: str = "",
    bound: dict[str, Form] | None = None,
) -> HttpResponse:
    """The meeting page: steps, and the form of the step the viewer owns, if any."""
    bound = bound or {}
    user = request.user
    is_caseworker = user.pk in {meeting.requested_by_id, meeting.appointed_caseworker_id}
    forms: dict[str, Form] = {}
    if meeting.state == ThreePartyState.REQUESTED and three_party_is_decider(
        user=user, meeting=meeting
    ):
        forms["appoint"] = bound.get("appoint") or ThreePartyAppointForm(
            caseworkers=three_party_caseworker_choices(unit=meeting.requested_unit)
        )
        forms["decline"] = bound.get("decline") or ThreePartyDeclineForm()
    elif meeting.state == ThreePartyState.APPOINTED and is_caseworker:
        forms["pre_meeting"] = bound.get("pre_meeting") or ThreePartyDateForm(
            label=_("Date of the pre-meeting")
        )
    elif meeting.state == ThreePartyState.PRE_MEETING_HELD and is_caseworker:
        forms["meeting"] = bound.get("meeting") or ThreePartyDateForm(
            label=_("Date of the three-party meeting")
        )
    elif meeting.state == ThreePartyState.MEETING_HELD and user.pk == meeting.requested_by_id:
        forms["outcome"] = bound.get("outcome") or ThreePartyOutcomeForm()
    individual = meeting.case.individual
    services.access_log_record(
        request=request, action=AccessAction.VIEW, individual_ids=[individual.pk]
    )
    context = {
        "meeting": meeting,
        "individual": individual,
        "steps": three_party_steps(meeting),
        # R4: a link to the case only for those who see it; the page shows no contents.
        "case_visible": case_visible_to(user).filter(pk=meeting.case_id).exists(),
        "forms": forms,
        "step_error": step_error,
    }
    return render(request, "coordination/three_party/detail.html", context, status=status)


class ThreePartyDetailView(ThreePartyMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _render_meeting(request, _meeting_or_404(request, pk))


class _ThreePartyStepView(ThreePartyMixin, View):
    """One step: validate the form, call the step's service, or show the page again."""

    step: str
    success_message: str

    def form(self, request: HttpRequest, meeting: ThreePartyMeeting) -> Form:
        raise NotImplementedError

    def perform(self, request: HttpRequest, meeting: ThreePartyMeeting, data: dict) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = _meeting_or_404(request, pk)
        try:
            three_party_require_owner(actor=request.user, meeting=meeting, step=self.step)
        except ThreePartyNotOwnerError as exc:
            return _render_meeting(request, meeting, status=403, step_error=str(exc))
        form = self.form(request, meeting)
        if form.is_valid():
            try:
                self.perform(request, meeting, form.cleaned_data)
            except ThreePartyNotOwnerError as exc:
                return _render_meeting(request, meeting, status=403, step_error=str(exc))
            except ValidationError as exc:
                if not exc.update_error_dict({}).keys() - {"__all__"}:
                    # The state moved on (or never got here): the message says why.
                    meeting = _meeting_or_404(request, pk)
                    return _render_meeting(
                        request, meeting, status=400, step_error=" ".join(exc.messages)
                    )
                _add_errors(form, exc)
            else:
                messages.success(request, self.success_message)
                return redirect("coordination:three_party_detail", pk=meeting.pk)
        return _render_meeting(request, meeting, status=400, bound={self.step: form})


class ThreePartyAppointView(_ThreePartyStepView):
    step = "appoint"
    success_message = gettext_lazy("The caseworker is appointed.")

    def form(self, request, meeting):
        return ThreePartyAppointForm(
            request.POST, caseworkers=three_party_caseworker_choices(unit=meeting.requested_unit)
        )

    def perform(self, request, meeting, data):
        three_party_appoint(actor=request.user, meeting=meeting, caseworker=data["caseworker"])


class ThreePartyDeclineView(_ThreePartyStepView):
    step = "decline"
    success_message = gettext_lazy("The request is declined.")

    def form(self, request, meeting):
        return ThreePartyDeclineForm(request.POST)

    def perform(self, request, meeting, data):
        three_party_decline(actor=request.user, meeting=meeting, reason=data["reason"])


class ThreePartyPreMeetingView(_ThreePartyStepView):
    step = "pre_meeting"
    success_message = gettext_lazy("The pre-meeting is recorded.")

    def form(self, request, meeting):
        return ThreePartyDateForm(request.POST, label=_("Date of the pre-meeting"))

    def perform(self, request, meeting, data):
        three_party_record_pre_meeting(actor=request.user, meeting=meeting, held_on=data["held_on"])


class ThreePartyMeetingView(_ThreePartyStepView):
    step = "meeting"
    success_message = gettext_lazy("The three-party meeting is recorded.")

    def form(self, request, meeting):
        return ThreePartyDateForm(request.POST, label=_("Date of the three-party meeting"))

    def perform(self, request, meeting, data):
        three_party_record_meeting(actor=request.user, meeting=meeting, held_on=data["held_on"])


class ThreePartyOutcomeView(_ThreePartyStepView):
    step = "outcome"
    success_message = gettext_lazy("The outcome is recorded and the meeting is closed.")

    def form(self, request, meeting):
        return ThreePartyOutcomeForm(request.POST)

    def perform(self, request, meeting, data):
        three_party_record_outcome(
            actor=request.user, meeting=meeting, outcome=data["outcome"], note=data["note"]
        )


class ThreePartyRequestListView(ManagerMixin, View):
    """Requests for three-party meetings to the units the user manages (R13)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        meetings = three_party_requests_to_units_of(user=request.user)
        services.access_log_record(
            request=request,
            action=AccessAction.LIST,
            individual_ids=[m.case.individual_id for m in meetings],
        )
        return render(request, "coordination/three_party/requests.html", {"meetings": meetings})


class ThreePartyMineView(CaseworkerMixin, View):
    """Meetings the user takes part in as the requesting or the appointed caseworker."""

    def get(self, request: HttpRequest) -> HttpResponse:
        meetings = three_party_of_user(user=request.user)
        services.access_log_record(
            request=request,
            action=AccessAction.LIST,
            individual_ids=[m.case.individual_id for m in meetings],
        )
        return render(request, "coordination/three_party/mine.html", {"meetings": meetings})


class AcuteConsultationListView(ManagerMixin, View):
    """Acute consultations concerning the user's units (R15); a linked case's person is
    named only to those who see the case (R4)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = acute_list_for(user=request.user)
        services.access_log_record(
            request=request,
            action=AccessAction.LIST,
            individual_ids=[row.individual_id for row in rows if row.individual_id],
        )
        return render(request, "coordination/acute/list.html", {"rows": rows})


class AcuteConsultationCreateView(ManagerMixin, View):
    """A manager records a direct consultation with another unit's manager (R15).

    A case is linked by opening the page from it (`?case=`); only a visible case is taken.
    """

    template_name = "coordination/acute/form.html"

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        # A refusal that names a case is logged against it, like every other case page.
        raw = request.POST.get("case") or request.GET.get("case")
        if raw and str(raw).isdigit():
            services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=int(raw))
        return False

    def _form(self, request: HttpRequest, data=None, initial=None) -> AcuteConsultationForm:
        user = request.user
        return AcuteConsultationForm(
            data,
            initial=initial,
            units=acute_recorder_units(user=user),
            to_units=acute_consulted_unit_choices(user=user),
            managers=acute_consulted_manager_choices(user=user),
            cases=acute_case_choices(user=user),
        )

    def _case(self, request: HttpRequest, raw) -> Case | None:
        if not raw:
            return None
        try:
            case_id = int(raw)
        except (TypeError, ValueError):
            raise Http404 from None
        return _case_or_404(request, case_id)

    def _render(self, request, form, case, status=200) -> HttpResponse:
        if case is not None:
            services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {"form": form, "case": case}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        case = self._case(request, request.GET.get("case"))
        form = self._form(request, initial={"case": case.pk if case else None})
        return self._render(request, form, case)

    def post(self, request: HttpRequest) -> HttpResponse:
        case = self._case(request, request.POST.get("case"))
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                acute_consultation_record(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The acute consultation is recorded."))
                return redirect("coordination:acute_list")
        return self._render(request, form, case, status=400)
