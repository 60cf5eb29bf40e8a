"""Pages of copies between units (R31, R32), one view per step: send a copy from a case, send
001's debt message or concern for a child to BoU (their forms are also on the case page's
panel), the copies received by the user's units, a copy's page and the receiving unit's
assessment.

Sending starts from the case's scope (R4). A copy itself opens only to members of its receiving
unit: its sender gets the same logged 404 as anyone else, so nothing the receiving unit does
with it reaches the sending unit (R31). Every page naming a person logs the read.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.forms_copies import (
    ChildConcernForm,
    CopyAssessForm,
    CopySendForm,
    DebtNoticeForm,
)
from coordination.models import AccessAction, Case, CopyKind, UnitCopy
from coordination.selectors import case_other_units
from coordination.selectors_copies import (
    CopyPage,
    copy_bou_units,
    copy_children_of,
    copy_may_send,
    copy_page,
    copy_received_list,
    unit_is_adult,
)
from coordination.services.copies import (
    CopySent,
    copy_assess,
    copy_mark_read,
    copy_send,
    copy_send_child_concern,
    copy_send_debt_notice,
)
from coordination.views import CaseRecordMixin, CaseworkerMixin, _case_or_404, deny_logged
from portal.forms import add_service_errors

PAGE_SIZE = 25
CASE_ANCHOR = "#copies"


def _back_to_case(case: Case) -> HttpResponse:
    response = redirect("coordination:case_detail", pk=case.pk)
    response["Location"] += CASE_ANCHOR
    return response


class _CaseCopyView(CaseworkerMixin, View):
    """A form that sends a copy from a case: its caseworker, or a coordinator or manager of its
    unit, on an open case; `adult_only` forms only on a case at an adult unit (R31, R32)."""

    logged_object = "case"
    template_name = "coordination/copies/send.html"
    adult_only = False

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = _case_or_404(request, pk)
        if not copy_may_send(user=request.user, case=case):
            raise deny_logged(request, case.pk)
        if self.adult_only and not unit_is_adult(case.unit):
            raise deny_logged(request, case.pk)
        return case

    def form(self, case: Case, data=None):
        raise NotImplementedError

    def send(self, request: HttpRequest, case: Case, form) -> CopySent | UnitCopy:
        raise NotImplementedError

    def page_context(self, case: Case) -> dict:
        return {}

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {
            "form": form,
            "case": case,
            "individual": case.individual,
            **self.page_context(case),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        return self._render(request, case, self.form(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = self.form(case, request.POST)
        if form.is_valid():
            try:
                sent = self.send(request, case, form)
            except PermissionDenied:
                raise deny_logged(request, case.pk) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                _confirm(request, sent)
                return _back_to_case(case)
        return self._render(request, case, form, status=400)


def _confirm(request: HttpRequest, sent: CopySent | UnitCopy) -> None:
    """What the sender is told: where the copy went, the routines it started and, at eviction
    or power cut, that the assessment is made with BoU (R31). Never what BoU knows."""
    copy = sent.copy if isinstance(sent, CopySent) else sent
    messages.success(request, _("The copy is sent to %(unit)s.") % {"unit": copy.to_unit.name})
    if not isinstance(sent, CopySent):
        return
    for run in sent.runs_started:
        messages.info(
            request, _("The routine “%(name)s” is started.") % {"name": run.definition.name}
        )
    if sent.joint_assessment_needed:
        messages.warning(
            request,
            _(
                "%(kind)s: your unit and %(unit)s make the assessment together, with a joint "
                "visit when needed (R31). Agree on a time with %(unit)s."
            )
            % {"kind": copy.get_debt_kind_display(), "unit": copy.to_unit.name},
        )


class CopySendView(_CaseCopyView):
    """A copy of an invitation, a decision or a message to another unit of the organisation."""

    def form(self, case: Case, data=None) -> CopySendForm:
        return CopySendForm(data, units=case_other_units(case=case))

    def send(self, request, case, form) -> UnitCopy:
        return copy_send(actor=request.user, case=case, **form.cleaned_data)

    def page_context(self, case: Case) -> dict:
        return {
            "heading": _("Send a copy to another unit"),
            "button": _("Send the copy"),
            "hint": _(
                "The other unit's coordinators are told. Your unit sees that the copy was "
                "sent, never what the other unit does with it."
            ),
        }


class _ToBouView(_CaseCopyView):
    adult_only = True

    def page_context(self, case: Case) -> dict:
        return {"children_missing": not copy_children_of(individual_id=case.individual_id).exists()}


class DebtNoticeView(_ToBouView):
    """R31: a message about electricity or rent debts, eviction or power cut, in a family with
    children; the copy always goes to BoU."""

    def form(self, case: Case, data=None) -> DebtNoticeForm:
        return DebtNoticeForm(
            data, bou_units=copy_bou_units(organisation_id=case.unit.organisation_id)
        )

    def send(self, request, case, form) -> CopySent:
        return copy_send_debt_notice(actor=request.user, case=case, **form.service_data())

    def page_context(self, case: Case) -> dict:
        return {
            **super().page_context(case),
            "heading": _("Message about debts, eviction or power cut"),
            "button": _("Send the copy to BoU"),
            "hint": _(
                "Electricity and rent debts in families with children are handled here; a "
                "copy of every such message goes to BoU, which alone knows whether the family "
                "is known there (R31)."
            ),
        }


class ChildConcernView(_ToBouView):
    """R32: concern for a child noticed at the adult unit is always handed to BoU."""

    def form(self, case: Case, data=None) -> ChildConcernForm:
        return ChildConcernForm(
            data,
            children=copy_children_of(individual_id=case.individual_id),
            bou_units=copy_bou_units(organisation_id=case.unit.organisation_id),
        )

    def send(self, request, case, form) -> CopySent:
        return copy_send_child_concern(actor=request.user, case=case, **form.service_data())

    def page_context(self, case: Case) -> dict:
        return {
            **super().page_context(case),
            "heading": _("Concern for a child"),
            "button": _("Hand the concern to BoU"),
            "hint": _(
                "Concern for a child is always handed to BoU and discussed with them (R32). "
                "A report of concern under the Social Services Act is made as usual."
            ),
        }


class CopiesReceivedView(CaseworkerMixin, View):
    """The copies to the user's units, unread first, then newest."""

    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(copy_received_list(user=request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        shown = []
        for copy in page.object_list:
            shown.append(copy.case.individual_id)
            if copy.child_id:
                shown.append(copy.child_id)
        services.access_log_record(request=request, action=AccessAction.LIST, individual_ids=shown)
        return render(request, "coordination/copies/received.html", {"page": page})


class _CopyMixin(CaseRecordMixin):
    """A copy's page: members of its receiving unit only; anyone else, its sender included,
    gets the logged 404 (R4, R31)."""

    record_model = UnitCopy

    def page(self, request: HttpRequest, pk: int) -> CopyPage:
        page = copy_page(user=request.user, copy_id=pk)
        if page is None:
            case_id = UnitCopy.objects.filter(pk=pk).values_list("case_id", flat=True).first()
            raise deny_logged(request, case_id)
        return page

    def render_page(self, request, page: CopyPage, form=None, status=200) -> HttpResponse:
        services.access_log_record(
            request=request, action=AccessAction.VIEW, individual_ids=page.individual_ids
        )
        if form is None and not page.copy.assessed_at:
            form = CopyAssessForm()
        context = {
            "page": page,
            "copy": page.copy,
            "form": form,
            "concern": page.copy.kind == CopyKind.CHILD_CONCERN,
        }
        return render(request, "coordination/copies/detail.html", context, status=status)


class CopyDetailView(_CopyMixin, View):
    """The copy, its sender, the people it names and their cases here; opening it records the
    first reader."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            copy_mark_read(actor=request.user, copy_id=pk)
        except PermissionDenied:
            case_id = UnitCopy.objects.filter(pk=pk).values_list("case_id", flat=True).first()
            raise deny_logged(request, case_id) from None
        return self.render_page(request, self.page(request, pk))


class CopyAssessView(_CopyMixin, View):
    """The receiving unit's assessment, recorded once."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = self.page(request, pk)
        form = CopyAssessForm(request.POST)
        if form.is_valid():
            try:
                copy_assess(
                    actor=request.user, copy_id=pk, assessment=form.cleaned_data["assessment"]
                )
            except PermissionDenied:
                raise deny_logged(request, page.copy.case_id) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The unit's assessment is recorded."))
                return redirect("coordination:copy_detail", pk=pk)
        return self.render_page(request, page, form=form, status=400)
