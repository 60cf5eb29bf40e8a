"""Pages for the handover (R17, R18), one view per step.

The sending side (people at the youth case's unit) writes, sends and cancels; the receiving
side (the receiving unit's (deputy) unit managers and the appointed caseworker) reads the
package only, never the youth case's other contents (R4), confirms receipt, appoints and
records the joint meeting. Anyone else gets 404 and a logged denial.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.forms_handovers import (
    HandoverAppointForm,
    HandoverCancelForm,
    HandoverMeetingForm,
    HandoverPackageForm,
    HandoverSendForm,
)
from coordination.models import AccessAction, Case, Handover, HandoverState
from coordination.selectors_age import responsibility_end_for_case
from coordination.selectors_handovers import (
    LIVE_STATES,
    handover_caseworker_candidates,
    handover_get,
    handover_list_incoming,
    handover_live_for_case,
    handover_may_send,
    handover_receiving_manager,
    handover_receiving_side,
    handover_receiving_units,
    handover_sending_side,
)
from coordination.services.consent import ConsentMissingError
from coordination.services.handovers import (
    PACKAGE_FIELDS,
    handover_appoint,
    handover_cancel,
    handover_meeting_record,
    handover_receive,
    handover_send,
    handover_start,
    handover_update,
)
from coordination.views import CaseRecordMixin, CaseworkerMixin, _case_or_404
from coordination.views import deny_logged as _deny
from portal.forms import add_service_errors as _add_errors

_OVERRIDE_FIELDS = {"legal_basis": "override_legal_basis", "reason": "override_reason"}


def _package_error(form, exc: ValidationError) -> None:
    """Send refusals about package fields go to the top of the send form, by their label."""
    if not hasattr(exc, "error_dict"):
        _add_errors(form, exc, _OVERRIDE_FIELDS)
        return
    labels = {name: Handover._meta.get_field(name).verbose_name for name in PACKAGE_FIELDS}
    for field, errors in exc.message_dict.items():
        if field in labels:
            for error in errors:
                form.add_error(None, f"{str(labels[field]).capitalize()}: {error}")
        else:
            _add_errors(form, ValidationError({field: errors}), _OVERRIDE_FIELDS)


class HandoverStartView(CaseworkerMixin, View):
    """The youth case's caseworker starts writing the package (R17, R18)."""

    logged_object = "case"
    template_name = "coordination/handovers/package.html"

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = _case_or_404(request, pk)
        if not handover_may_send(user=request.user, case=case):
            raise _deny(request, case.pk)
        live = handover_live_for_case(case=case)
        if live is not None and live.state in LIVE_STATES | {HandoverState.PASSED}:
            raise _deny(request, case.pk)
        return case

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {"case": case, "form": form, "handover": None}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        end = responsibility_end_for_case(case)
        form = HandoverPackageForm(
            units=handover_receiving_units(case=case),
            initial={"passes_on": end.ends_on if end else None},
        )
        return self._render(request, case, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = HandoverPackageForm(request.POST, units=handover_receiving_units(case=case))
        if form.is_valid():
            try:
                handover = handover_start(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The handover package is saved as a draft."))
                return redirect("coordination:handover_detail", pk=handover.pk)
        return self._render(request, case, form, status=400)


class _HandoverMixin(CaseRecordMixin):
    """Fetches the handover and decides the viewer's side; 404 and a logged denial otherwise."""

    record_model = Handover

    def handover_or_404(self, request: HttpRequest, pk: int) -> Handover:
        handover = handover_get(handover_id=pk)
        if handover is None:
            raise _deny(request)
        self.sending = handover_sending_side(user=request.user, handover=handover)
        self.receiving = handover_receiving_side(user=request.user, handover=handover)
        if not (self.sending or self.receiving):
            raise _deny(request, handover.case_id)
        return handover

    def render_detail(self, request, handover, status=200, **forms) -> HttpResponse:
        user = request.user
        may_send = self.sending and handover_may_send(user=user, case=handover.case)
        manager = self.receiving and handover_receiving_manager(
            user=user, unit_id=handover.receiving_unit_id
        )
        state = handover.state
        context = {
            "handover": handover,
            "individual": handover.case.individual,
            "sending": self.sending,
            "may_edit": may_send and state == HandoverState.DRAFT,
            "may_cancel": may_send and state in LIVE_STATES,
            "may_receive": manager and state == HandoverState.SENT,
            "may_appoint": manager and state == HandoverState.RECEIVED,
            "may_record_meeting": state == HandoverState.APPOINTED
            and (manager or (self.receiving and handover.receiving_caseworker_id == user.pk)),
        }
        if context["may_edit"]:
            context["send_form"] = forms.get("send_form") or HandoverSendForm()
        if context["may_cancel"]:
            context["cancel_form"] = forms.get("cancel_form") or HandoverCancelForm()
        if context["may_appoint"]:
            context["appoint_form"] = forms.get("appoint_form") or HandoverAppointForm(
                candidates=handover_caseworker_candidates(unit_id=handover.receiving_unit_id)
            )
        if context["may_record_meeting"]:
            context["meeting_form"] = forms.get("meeting_form") or HandoverMeetingForm(
                initial={"joint_meeting_on": handover.joint_meeting_on}
            )
        services.access_log_record(
            request=request, action=AccessAction.VIEW, individual_ids=[handover.case.individual_id]
        )
        return render(request, "coordination/handovers/detail.html", context, status=status)

    def require(self, request: HttpRequest, handover: Handover, allowed: bool) -> None:
        if not allowed:
            raise _deny(request, handover.case_id)


class HandoverDetailView(_HandoverMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        handover = self.handover_or_404(request, pk)
        return self.render_detail(request, handover)


class HandoverEditView(_HandoverMixin, View):
    template_name = "coordination/handovers/package.html"

    def _get(self, request, pk) -> Handover:
        handover = self.handover_or_404(request, pk)
        allowed = self.sending and handover_may_send(user=request.user, case=handover.case)
        self.require(request, handover, allowed and handover.state == HandoverState.DRAFT)
        return handover

    def _render(self, request, handover, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[handover.case])
        context = {"case": handover.case, "form": form, "handover": handover}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        handover = self._get(request, pk)
        initial = {name: getattr(handover, name) for name in PACKAGE_FIELDS}
        initial.update(receiving_unit=handover.receiving_unit_id, passes_on=handover.passes_on)
        form = HandoverPackageForm(
            initial=initial, units=handover_receiving_units(case=handover.case)
        )
        return self._render(request, handover, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        handover = self._get(request, pk)
        form = HandoverPackageForm(request.POST, units=handover_receiving_units(case=handover.case))
        if form.is_valid():
            try:
                handover_update(actor=request.user, handover=handover, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The handover package is saved."))
                return redirect("coordination:handover_detail", pk=handover.pk)
        return self._render(request, handover, form, status=400)


class HandoverSendView(_HandoverMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        handover = self.handover_or_404(request, pk)
        self.require(request, handover, self.sending)
        form = HandoverSendForm(request.POST)
        if form.is_valid():
            try:
                handover_send(actor=request.user, handover=handover, override=form.override())
            except PermissionDenied:
                raise _deny(request, handover.case_id) from None
            except ConsentMissingError as exc:
                form.consent_missing = True
                form.add_error(None, exc.message)
            except ValidationError as exc:
                _package_error(form, exc)
            else:
                messages.success(
                    request,
                    _("The handover package is sent to %(unit)s.")
                    % {"unit": handover.receiving_unit.name},
                )
                return redirect("coordination:handover_detail", pk=handover.pk)
        return self.render_detail(request, handover, status=400, send_form=form)


class HandoverReceiveView(_HandoverMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        handover = self.handover_or_404(request, pk)
        self.require(request, handover, self.receiving)
        try:
            handover_receive(actor=request.user, handover=handover)
        except PermissionDenied:
            raise _deny(request, handover.case_id) from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Receipt of the handover package is confirmed."))
        return redirect("coordination:handover_detail", pk=handover.pk)


class HandoverAppointView(_HandoverMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        handover = self.handover_or_404(request, pk)
        self.require(request, handover, self.receiving)
        form = HandoverAppointForm(
            request.POST,
            candidates=handover_caseworker_candidates(unit_id=handover.receiving_unit_id),
        )
        if form.is_valid():
            try:
                handover_appoint(
                    actor=request.user,
                    handover=handover,
                    caseworker=form.cleaned_data["caseworker"],
                )
            except PermissionDenied:
                raise _deny(request, handover.case_id) from None
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(person)s is appointed receiving caseworker.")
                    % {"person": form.cleaned_data["caseworker"]},
                )
                return redirect("coordination:handover_detail", pk=handover.pk)
        return self.render_detail(request, handover, status=400, appoint_form=form)


class HandoverMeetingView(_HandoverMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        handover = self.handover_or_404(request, pk)
        self.require(request, handover, self.receiving)
        form = HandoverMeetingForm(request.POST)
        if form.is_valid():
            try:
                handover_meeting_record(actor=request.user, handover=handover, **form.cleaned_data)
            except PermissionDenied:
                raise _deny(request, handover.case_id) from None
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The joint meeting is recorded."))
                return redirect("coordination:handover_detail", pk=handover.pk)
        return self.render_detail(request, handover, status=400, meeting_form=form)


class HandoverCancelView(_HandoverMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        handover = self.handover_or_404(request, pk)
        self.require(request, handover, self.sending)
        form = HandoverCancelForm(request.POST)
        if form.is_valid():
            try:
                handover_cancel(
                    actor=request.user, handover=handover, reason=form.cleaned_data["reason"]
                )
            except PermissionDenied:
                raise _deny(request, handover.case_id) from None
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The handover is cancelled."))
                return redirect("coordination:case_detail", pk=handover.case_id)
        return self.render_detail(request, handover, status=400, cancel_form=form)


class HandoverIncomingView(CaseworkerMixin, View):
    """Handovers to the units the user manages, and those the user is appointed to receive."""

    def get(self, request: HttpRequest) -> HttpResponse:
        handovers = handover_list_incoming(user=request.user)
        services.access_log_record(
            request=request,
            action=AccessAction.LIST,
            individual_ids=[h.case.individual_id for h in handovers],
        )
        return render(request, "coordination/handovers/incoming.html", {"handovers": handovers})
