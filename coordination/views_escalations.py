"""Pages of the escalation ladder (R2, R9), one view per step: the list (the queue and the
escalations the user is a party to), raising from a case or from a meeting item, the
escalation's page with the ladder and its steps, and deciding, raising further, withdrawing.

Who may read an escalation is the party rule of `selectors_escalations`; anyone else gets 404
and a logged denial (R4). Every page naming a person writes an access-log row for that person.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from coordination import services
from coordination.forms_escalations import (
    EscalationDecideForm,
    EscalationRaiseForm,
    EscalationRaiseFurtherForm,
    EscalationWithdrawForm,
)
from coordination.models import AccessAction, Case, Escalation
from coordination.selectors_escalations import (
    escalation_get,
    escalation_is_party,
    escalation_ladder_rows,
    escalation_list_for_user,
    escalation_may_decide,
    escalation_may_raise,
    escalation_may_withdraw,
    escalation_next_level,
    escalation_other_units,
    escalation_target_at,
    escalation_visible_case_ids,
    escalations_waiting_for,
)
from coordination.services.escalations import (
    escalation_decide,
    escalation_raise,
    escalation_raise_from_submission,
    escalation_raise_further,
    escalation_withdraw,
)
from coordination.views import CaseworkerMixin, _case_or_404, deny_logged
from portal.forms import add_service_errors
from portal.permissions import RoleRequiredMixin
from units.models import DEPARTMENT_ROLES, UNIT_ROLES, Role


def _log_people(request: HttpRequest, escalations, action=AccessAction.LIST) -> None:
    services.access_log_record(
        request=request,
        action=action,
        individual_ids=[e.case.individual_id for e in escalations if e.case_id],
    )


def _rows(escalations: list[Escalation]) -> list[dict]:
    now = timezone.now()
    rows = []
    for escalation in escalations:
        target_at = escalation_target_at(escalation)
        rows.append({"escalation": escalation, "target_at": target_at, "overdue": target_at <= now})
    return rows


class EscalationListView(CaseworkerMixin, View):
    """The queue (what waits for the user's decision) and the escalations the user is a party
    to; for unit roles and department heads, who decide at the top of most ladders."""

    allowed_roles = frozenset(UNIT_ROLES | DEPARTMENT_ROLES)

    def get(self, request: HttpRequest) -> HttpResponse:
        queue = list(escalations_waiting_for(user=request.user))
        open_, closed = escalation_list_for_user(user=request.user)
        _log_people(request, {e.pk: e for e in (*queue, *open_, *closed)}.values())
        context = {"queue": _rows(queue), "open": _rows(open_), "closed": closed}
        return render(request, "coordination/escalations/list.html", context)


class EscalationRaiseView(CaseworkerMixin, View):
    """An involved caseworker raises a disagreement about the case with another unit (R9)."""

    logged_object = "case"
    template_name = "coordination/escalations/raise.html"

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = _case_or_404(request, pk)
        if not case.is_open or not escalation_may_raise(user=request.user, case=case):
            raise deny_logged(request, case.pk)
        return case

    def _form(self, case: Case, data=None) -> EscalationRaiseForm:
        return EscalationRaiseForm(
            data, raising_unit=case.unit, units=escalation_other_units(unit=case.unit)
        )

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {
            "form": form,
            "case": case,
            "individual": case.individual,
            "raising_unit": case.unit,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        return self._render(request, case, self._form(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = self._form(case, request.POST)
        if form.is_valid():
            try:
                escalation = escalation_raise(actor=request.user, case=case, **form.service_data())
            except PermissionDenied:
                raise deny_logged(request, case.pk) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _raised_message(escalation))
                return redirect("coordination:escalation_detail", pk=escalation.pk)
        return self._render(request, case, form, status=400)


def _raised_message(escalation: Escalation) -> str:
    return _("The escalation is raised to level %(level)s: %(name)s.") % {
        "level": escalation.level.rank,
        "name": escalation.level.name,
    }


class _MeetingItemMixin(RoleRequiredMixin):
    """The raise-from-meeting page: its pk is the meeting item's; a refusal is logged against
    the item's case."""

    allowed_roles = frozenset(Role)

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        from meetings.models import Submission

        case_id = Submission.objects.filter(pk=kwargs["pk"]).values_list("case_id", flat=True)
        services.access_log_denied(
            request=request, action=AccessAction.VIEW, case_id=case_id.first()
        )
        return False


class EscalationRaiseFromMeetingView(_MeetingItemMixin, View):
    """The meeting's chair, or whoever recorded the outcome, puts an item whose agreed outcome
    was an escalation on the ladder (R23)."""

    template_name = "coordination/escalations/raise.html"

    def _submission(self, request: HttpRequest, pk: int):
        # Imported here: meetings builds on coordination (see selectors_escalations).
        from meetings.models import Outcome
        from meetings.selectors import meeting_access, submission_get

        submission = submission_get(submission_id=pk)
        if submission is None:
            raise deny_logged(request)
        access = meeting_access(user=request.user, meeting=submission.meeting)
        may = access.chair or submission.outcome_recorded_by_id == request.user.pk
        if not may or submission.outcome != Outcome.ESCALATED:
            raise deny_logged(request, submission.case_id)
        return submission

    def _form(self, submission, data=None) -> EscalationRaiseForm:
        initial = {"question": submission.question, "positions": submission.outcome_text}
        return EscalationRaiseForm(
            data,
            raising_unit=submission.unit,
            units=escalation_other_units(unit=submission.unit),
            initial=initial,
        )

    def _render(self, request, submission, form, status=200) -> HttpResponse:
        if submission.case_id:
            services.access_log_cases(
                request=request, action=AccessAction.VIEW, cases=[submission.case]
            )
        context = {
            "form": form,
            "submission": submission,
            "case": submission.case,
            "individual": submission.case.individual if submission.case_id else None,
            "raising_unit": submission.unit,
        }
        return render(request, self.template_name, context, status=status)

    def _existing(self, submission) -> Escalation | None:
        return Escalation.objects.filter(submission=submission).first()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = self._submission(request, pk)
        existing = self._existing(submission)
        if existing is not None:
            messages.info(request, _("This meeting item is already on the escalation ladder."))
            return redirect("coordination:escalation_detail", pk=existing.pk)
        return self._render(request, submission, self._form(submission))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = self._submission(request, pk)
        form = self._form(submission, request.POST)
        if form.is_valid():
            try:
                escalation = escalation_raise_from_submission(
                    actor=request.user, submission=submission, **form.service_data()
                )
            except PermissionDenied:
                raise deny_logged(request, submission.case_id) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _raised_message(escalation))
                return redirect("coordination:escalation_detail", pk=escalation.pk)
        return self._render(request, submission, form, status=400)


class _EscalationMixin(RoleRequiredMixin):
    """Anyone with a role reaches an escalation's pages; the party rule then decides. A
    refusal, for lack of a role or of being a party, is logged against its case (R4)."""

    allowed_roles = frozenset(Role)

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        case_id = Escalation.objects.filter(pk=kwargs["pk"]).values_list("case_id", flat=True)
        services.access_log_denied(
            request=request, action=AccessAction.VIEW, case_id=case_id.first()
        )
        return False

    def escalation_or_404(self, request: HttpRequest, pk: int) -> Escalation:
        escalation = escalation_get(escalation_id=pk)
        if escalation is None:
            raise deny_logged(request)
        if not escalation_is_party(user=request.user, escalation=escalation):
            raise deny_logged(request, escalation.case_id)
        return escalation

    def render_detail(
        self, request: HttpRequest, escalation: Escalation, status: int = 200, **forms
    ) -> HttpResponse:
        user = request.user
        decides = escalation_may_decide(user=user, escalation=escalation)
        next_level = escalation_next_level(escalation=escalation) if decides else None
        allowed = {
            "may_decide": decides,
            "may_raise_further": decides and next_level is not None,
            "may_withdraw": escalation_may_withdraw(user=user, escalation=escalation),
        }
        level = {"level": escalation.level_id}
        builders = {
            "may_decide": ("decide_form", lambda: EscalationDecideForm(initial=level)),
            "may_raise_further": (
                "further_form",
                lambda: EscalationRaiseFurtherForm(initial=level),
            ),
            "may_withdraw": ("withdraw_form", lambda: EscalationWithdrawForm()),
        }
        context = {
            "escalation": escalation,
            "individual": escalation.case.individual if escalation.case_id else None,
            "ladder": escalation_ladder_rows(escalation=escalation),
            "target_at": escalation_target_at(escalation),
            "next_level": next_level,
            "visible_case_ids": escalation_visible_case_ids(user=user, escalation=escalation),
            **allowed,
        }
        for flag, (name, build) in builders.items():
            if allowed[flag]:
                context[name] = _at_current_level(forms.get(name), escalation) or build()
        # A form sent for a move no longer open to the user (someone else moved first): its
        # errors, and the text typed, are shown at the top.
        failed = [form for name, form in forms.items() if name not in context and form is not None]
        context["failed_form"] = failed[0] if failed else None
        if escalation.case_id:
            services.access_log_record(
                request=request,
                action=AccessAction.VIEW,
                individual_ids=[escalation.case.individual_id],
            )
        return render(request, "coordination/escalations/detail.html", context, status=status)


def _at_current_level(form, escalation: Escalation):
    """A form sent back with errors now carries the level the page shows, so that sending it
    again acts on what the user has now seen."""
    if form is not None and form.is_bound and "level" in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix("level")] = str(escalation.level_id)
    return form


class EscalationDetailView(_EscalationMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_detail(request, self.escalation_or_404(request, pk))


class _EscalationStepView(_EscalationMixin, View):
    """One move: a form, a service call; the service decides who may (R9)."""

    form_class: type
    form_name: str = ""
    success: str = ""

    def perform(self, request: HttpRequest, escalation: Escalation, form) -> Escalation:
        raise NotImplementedError

    def message(self, escalation: Escalation) -> str:
        return str(self.success)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        escalation = self.escalation_or_404(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                escalation = self.perform(request, escalation, form)
            except PermissionDenied:
                raise deny_logged(request, escalation.case_id) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, self.message(escalation))
                return redirect("coordination:escalation_detail", pk=escalation.pk)
        escalation = escalation_get(escalation_id=escalation.pk)
        return self.render_detail(request, escalation, status=400, **{self.form_name: form})


class EscalationDecideView(_EscalationStepView):
    form_class, form_name = EscalationDecideForm, "decide_form"
    success = gettext_lazy("The decision is recorded and sent to every party.")

    def perform(self, request, escalation, form):
        return escalation_decide(
            actor=request.user,
            escalation=escalation,
            decision=form.cleaned_data["decision"],
            seen_level_id=form.cleaned_data["level"],
        )


class EscalationRaiseFurtherView(_EscalationStepView):
    form_class, form_name = EscalationRaiseFurtherForm, "further_form"

    def perform(self, request, escalation, form):
        return escalation_raise_further(
            actor=request.user,
            escalation=escalation,
            reason=form.cleaned_data["reason"],
            seen_level_id=form.cleaned_data["level"],
        )

    def message(self, escalation):
        return _raised_message(escalation)


class EscalationWithdrawView(_EscalationStepView):
    form_class, form_name = EscalationWithdrawForm, "withdraw_form"
    success = gettext_lazy("The escalation is withdrawn; every party is told.")

    def perform(self, request, escalation, form):
        return escalation_withdraw(
            actor=request.user, escalation=escalation, reason=form.cleaned_data["reason"]
        )
