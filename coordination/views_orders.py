"""Pages for orders to in-house open care (R26-R29), one view per step.

The ordering side (people who may see the case) reads the order; only the case's caseworker
or co-caseworker writes, sends, follows up and closes it, and the ordering unit's
administrative coordinator records the execution check. The provider side (members of the
provider unit, once the order is sent) reads the order only, never the rest of the case
(R4), receives or refuses it, records the kick-off and writes the implementation plan and
the closing documentation. Anyone else gets 404 and a logged denial.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from coordination import services
from coordination.forms_orders import (
    OrderAssignmentForm,
    OrderCancelForm,
    OrderCloseForm,
    OrderExecutionCheckForm,
    OrderFollowUpForm,
    OrderGuardiansEndForm,
    OrderInvestigationForm,
    OrderKickOffForm,
    OrderPlanForm,
    OrderReceiveForm,
    OrderRefuseForm,
    OrderSendForm,
)
from coordination.models import AccessAction, Case, Order, OrderState
from coordination.selectors_age import age_on, stockholm_today
from coordination.selectors_orders import (
    order_acute_allowed,
    order_checker,
    order_due_dates,
    order_get,
    order_list_incoming,
    order_list_to_check,
    order_may_write,
    order_ordering_side,
    order_provider_side,
    order_provider_units,
    order_treater_candidates,
)
from coordination.services.consent import ConsentMissingError
from coordination.services.orders import (
    order_cancel,
    order_close,
    order_documentation_complete,
    order_execution_check,
    order_follow_up_record,
    order_guardians_end,
    order_investigation_record,
    order_kick_off,
    order_plan_copy_read,
    order_plan_write,
    order_receive,
    order_refuse,
    order_send,
    order_start,
    order_update,
)
from coordination.views import CaseRecordMixin, CaseworkerMixin, _case_or_404
from coordination.views import deny_logged as _deny
from portal.forms import add_service_errors as _add_errors

_OVERRIDE_FIELDS = {"legal_basis": "override_legal_basis", "reason": "override_reason"}


def _assignment_error(form, exc: ValidationError) -> None:
    """Send refusals about assignment fields go to the top of the send form, by their label."""
    if not hasattr(exc, "error_dict"):
        _add_errors(form, exc, _OVERRIDE_FIELDS)
        return
    labels = {
        "needs": _("Needs"),
        "account": Order._meta.get_field("account").verbose_name,
        "goals": Order._meta.get_field("goals").verbose_name,
        "intervention": Order._meta.get_field("intervention").verbose_name,
        "starts_on": Order._meta.get_field("starts_on").verbose_name,
        "ends_on": Order._meta.get_field("ends_on").verbose_name,
        "acute": Order._meta.get_field("acute").verbose_name,
        "provider_unit": Order._meta.get_field("provider_unit").verbose_name,
    }
    for field, errors in exc.message_dict.items():
        if field in labels:
            for error in errors:
                form.add_error(None, f"{str(labels[field]).capitalize()}: {error}")
        else:
            _add_errors(form, ValidationError({field: errors}), _OVERRIDE_FIELDS)


class OrderStartView(CaseworkerMixin, View):
    """The case's caseworker writes the assignment of a new order (R26; acute, R29)."""

    logged_object = "case"
    template_name = "coordination/orders/assignment.html"

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = _case_or_404(request, pk)
        if not case.is_open or not order_may_write(user=request.user, case=case):
            raise _deny(request, case.pk)
        return case

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {
            "case": case,
            "form": form,
            "order": None,
            "acute_allowed": order_acute_allowed(case=case),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = OrderAssignmentForm(units=order_provider_units(case=case))
        return self._render(request, case, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = OrderAssignmentForm(request.POST, units=order_provider_units(case=case))
        if form.is_valid():
            try:
                order = order_start(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The order is saved as a draft."))
                return redirect("coordination:order_detail", pk=order.pk)
        return self._render(request, case, form, status=400)


class _OrderMixin(CaseRecordMixin):
    """Fetches the order and decides the viewer's side; 404 and a logged denial otherwise."""

    record_model = Order

    def order_or_404(self, request: HttpRequest, pk: int) -> Order:
        order = order_get(order_id=pk)
        if order is None:
            raise _deny(request)
        self.ordering = order_ordering_side(user=request.user, order=order)
        self.providing = order_provider_side(user=request.user, order=order)
        if not (self.ordering or self.providing):
            raise _deny(request, order.case_id)
        return order

    def require(self, request: HttpRequest, order: Order, allowed: bool) -> None:
        if not allowed:
            raise _deny(request, order.case_id)

    def permissions(self, request: HttpRequest, order: Order) -> dict[str, bool]:
        user = request.user
        writer = self.ordering and order_may_write(user=user, case=order.case)
        checker = self.ordering and order_checker(user=user, order=order)
        state = order.state
        received = state == OrderState.RECEIVED
        executed = state == OrderState.EXECUTED
        return {
            "may_edit": writer and state == OrderState.DRAFT,
            "may_send": writer and state == OrderState.DRAFT,
            "may_cancel": writer
            and state in {OrderState.DRAFT, OrderState.SENT, OrderState.RECEIVED},
            "may_receive": self.providing and state == OrderState.SENT,
            "may_refuse": self.providing and state in {OrderState.SENT, OrderState.RECEIVED},
            "may_check": checker and received and order.execution_checked_at is None,
            "may_kick_off": received and (writer or self.providing),
            "may_plan": self.providing and executed,
            "may_follow_up": writer and executed,
            "may_close": writer and executed,
            "may_investigation": writer and executed,
            "may_document": self.providing
            and state == OrderState.CLOSED
            and order.documentation_done_at is None,
        }

    def render_detail(self, request, order, status=200, **forms) -> HttpResponse:
        allowed = self.permissions(request, order)
        needs = list(order.needs.all())
        candidates = order_treater_candidates(unit_id=order.provider_unit_id)
        today = stockholm_today()
        form_builders = {
            "may_send": ("send_form", lambda: OrderSendForm()),
            "may_cancel": ("cancel_form", lambda: OrderCancelForm()),
            "may_receive": (
                "receive_form",
                lambda: OrderReceiveForm(candidates=candidates, initial={"received_on": today}),
            ),
            "may_refuse": ("refuse_form", lambda: OrderRefuseForm()),
            "may_check": ("check_form", lambda: OrderExecutionCheckForm()),
            "may_kick_off": (
                "kick_off_form",
                lambda: OrderKickOffForm(
                    candidates=candidates,
                    initial={"kick_off_on": today, "treater": order.treater_id},
                ),
            ),
            "may_plan": (
                "plan_form",
                lambda: OrderPlanForm(
                    initial={"content": order.plans.all()[0].content} if order.plans.all() else None
                ),
            ),
            "may_follow_up": (
                "follow_up_form",
                lambda: OrderFollowUpForm(needs=needs, initial={"held_on": today}),
            ),
            "may_close": ("close_form", lambda: OrderCloseForm(initial={"closed_on": today})),
            "may_investigation": ("investigation_form", lambda: OrderInvestigationForm()),
        }
        context = {
            "order": order,
            "individual": order.case.individual,
            "ordering": self.ordering,
            "providing": self.providing,
            "needs": needs,
            "due": order_due_dates(order=order),
            **allowed,
        }
        for flag, (name, build) in form_builders.items():
            if allowed[flag]:
                context[name] = forms.get(name) or build()
        if allowed["may_close"]:
            context["guardians_form"] = forms.get("guardians_form") or OrderGuardiansEndForm(
                initial={"requested_on": today}
            )
            organisation = order.case.unit.organisation
            context["child_consent_age"] = organisation.child_consent_age
            context["child_age"] = age_on(order.case.individual.birth_date, today)
        if self.ordering and order.case.caseworker_id == request.user.pk and order.plans.all():
            order_plan_copy_read(actor=request.user, order=order)
        services.access_log_record(
            request=request, action=AccessAction.VIEW, individual_ids=[order.case.individual_id]
        )
        return render(request, "coordination/orders/detail.html", context, status=status)


class OrderDetailView(_OrderMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self.order_or_404(request, pk)
        return self.render_detail(request, order)


class OrderEditView(_OrderMixin, View):
    template_name = "coordination/orders/assignment.html"

    def _get(self, request, pk) -> Order:
        order = self.order_or_404(request, pk)
        self.require(request, order, self.permissions(request, order)["may_edit"])
        return order

    def _render(self, request, order, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[order.case])
        context = {
            "case": order.case,
            "form": form,
            "order": order,
            "acute_allowed": order_acute_allowed(case=order.case),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self._get(request, pk)
        initial = {
            "provider_unit": order.provider_unit_id,
            "acute": order.acute,
            "account": order.account,
            "needs": "\n".join(need.text for need in order.needs.all()),
            "goals": order.goals,
            "intervention": order.intervention,
            "starts_on": order.starts_on,
            "ends_on": order.ends_on,
        }
        form = OrderAssignmentForm(initial=initial, units=order_provider_units(case=order.case))
        return self._render(request, order, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self._get(request, pk)
        form = OrderAssignmentForm(request.POST, units=order_provider_units(case=order.case))
        if form.is_valid():
            try:
                order_update(actor=request.user, order=order, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The order is saved."))
                return redirect("coordination:order_detail", pk=order.pk)
        return self._render(request, order, form, status=400)


class _OrderStepView(_OrderMixin, View):
    """One step: a form, a permission flag from `permissions`, a service call."""

    flag: str = ""
    form_name: str = ""
    success: str = ""

    def make_form(self, request: HttpRequest, order: Order):
        raise NotImplementedError

    def perform(self, request: HttpRequest, order: Order, form) -> None:
        raise NotImplementedError

    def error(self, form, exc: ValidationError) -> None:
        _add_errors(form, exc)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self.order_or_404(request, pk)
        self.require(request, order, self.permissions(request, order)[self.flag])
        form = self.make_form(request, order)
        if form.is_valid():
            try:
                self.perform(request, order, form)
            except PermissionDenied:
                raise _deny(request, order.case_id) from None
            except ConsentMissingError as exc:
                form.consent_missing = True
                form.add_error(None, exc.message)
            except ValidationError as exc:
                self.error(form, exc)
            else:
                messages.success(request, str(self.success))
                return redirect("coordination:order_detail", pk=order.pk)
        order = order_get(order_id=order.pk)
        return self.render_detail(request, order, status=400, **{self.form_name: form})


class OrderSendView(_OrderStepView):
    flag, form_name = "may_send", "send_form"
    success = gettext_lazy("The order is sent to the provider unit.")

    def make_form(self, request, order):
        return OrderSendForm(request.POST)

    def perform(self, request, order, form):
        order_send(actor=request.user, order=order, override=form.override())

    def error(self, form, exc):
        _assignment_error(form, exc)


class OrderReceiveView(_OrderStepView):
    flag, form_name = "may_receive", "receive_form"
    success = gettext_lazy("Receipt of the order is recorded.")

    def make_form(self, request, order):
        return OrderReceiveForm(
            request.POST, candidates=order_treater_candidates(unit_id=order.provider_unit_id)
        )

    def perform(self, request, order, form):
        order_receive(actor=request.user, order=order, **form.cleaned_data)


class OrderRefuseView(_OrderStepView):
    flag, form_name = "may_refuse", "refuse_form"
    success = gettext_lazy("The order is refused; the caseworker is told why.")

    def make_form(self, request, order):
        return OrderRefuseForm(request.POST)

    def perform(self, request, order, form):
        order_refuse(actor=request.user, order=order, reason=form.cleaned_data["reason"])


class OrderCheckView(_OrderStepView):
    flag, form_name = "may_check", "check_form"
    success = gettext_lazy("The execution check is recorded.")

    def make_form(self, request, order):
        return OrderExecutionCheckForm(request.POST)

    def perform(self, request, order, form):
        order_execution_check(actor=request.user, order=order, answer=form.cleaned_data["answer"])


class OrderKickOffView(_OrderStepView):
    flag, form_name = "may_kick_off", "kick_off_form"
    success = gettext_lazy("The kick-off is recorded: the order is executed.")

    def make_form(self, request, order):
        return OrderKickOffForm(
            request.POST, candidates=order_treater_candidates(unit_id=order.provider_unit_id)
        )

    def perform(self, request, order, form):
        order_kick_off(actor=request.user, order=order, **form.cleaned_data)


class OrderPlanView(_OrderStepView):
    flag, form_name = "may_plan", "plan_form"
    success = gettext_lazy("The implementation plan is saved; a copy goes to the caseworker.")

    def make_form(self, request, order):
        return OrderPlanForm(request.POST)

    def perform(self, request, order, form):
        order_plan_write(actor=request.user, order=order, **form.cleaned_data)


class OrderFollowUpView(_OrderStepView):
    flag, form_name = "may_follow_up", "follow_up_form"
    success = gettext_lazy("The follow-up is recorded.")

    def make_form(self, request, order):
        return OrderFollowUpForm(request.POST, needs=order.needs.all())

    def perform(self, request, order, form):
        order_follow_up_record(
            actor=request.user,
            order=order,
            held_on=form.cleaned_data["held_on"],
            summary=form.cleaned_data["summary"],
            assessments=form.assessments(),
        )


class OrderCloseView(_OrderStepView):
    flag, form_name = "may_close", "close_form"
    success = gettext_lazy("The order is closed; the provider's closing documentation is due.")

    def make_form(self, request, order):
        return OrderCloseForm(request.POST)

    def perform(self, request, order, form):
        order_close(actor=request.user, order=order, **form.cleaned_data)


class OrderGuardiansEndView(_OrderStepView):
    flag, form_name = "may_close", "guardians_form"
    success = gettext_lazy("The guardians' request and your assessment are recorded.")

    def make_form(self, request, order):
        return OrderGuardiansEndForm(request.POST)

    def perform(self, request, order, form):
        order_guardians_end(actor=request.user, order=order, **form.service_data())


class OrderInvestigationView(_OrderStepView):
    flag, form_name = "may_investigation", "investigation_form"
    success = gettext_lazy("The investigation during the intervention is recorded.")

    def make_form(self, request, order):
        return OrderInvestigationForm(request.POST)

    def perform(self, request, order, form):
        order_investigation_record(actor=request.user, order=order, **form.service_data())


class OrderCancelView(_OrderStepView):
    flag, form_name = "may_cancel", "cancel_form"
    success = gettext_lazy("The order is cancelled.")

    def make_form(self, request, order):
        return OrderCancelForm(request.POST)

    def perform(self, request, order, form):
        order_cancel(actor=request.user, order=order, reason=form.cleaned_data["reason"])


class OrderDocumentationView(_OrderMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self.order_or_404(request, pk)
        self.require(request, order, self.permissions(request, order)["may_document"])
        try:
            order_documentation_complete(actor=request.user, order=order)
        except PermissionDenied:
            raise _deny(request, order.case_id) from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The closing documentation is recorded."))
        return redirect("coordination:order_detail", pk=order.pk)


class OrderIncomingView(CaseworkerMixin, View):
    """Orders sent to the user's provider units (R26)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        orders = order_list_incoming(user=request.user)
        services.access_log_record(
            request=request,
            action=AccessAction.LIST,
            individual_ids=[order.case.individual_id for order in orders],
        )
        return render(request, "coordination/orders/incoming.html", {"orders": orders})


class OrderToCheckView(CaseworkerMixin, View):
    """Received orders whose execution the user, as administrative coordinator, checks (R26)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        orders = order_list_to_check(user=request.user)
        services.access_log_record(
            request=request,
            action=AccessAction.LIST,
            individual_ids=[order.case.individual_id for order in orders],
        )
        today = stockholm_today()
        rows = []
        for order in orders:
            due_on = order.received_on + datetime.timedelta(days=order.check_days)
            rows.append({"order": order, "due_on": due_on, "overdue": due_on < today})
        return render(request, "coordination/orders/to_check.html", {"rows": rows})
