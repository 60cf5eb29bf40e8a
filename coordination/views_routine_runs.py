"""Pages of routines running on cases (R30), one view per step of the work: start a routine on
a case, the run's page (steps, who holds each, history), a step's page with the complete, skip
and reassign forms, cancelling, and "my routine steps".

Who may open a run is `routine_run_visible_to`; anyone else gets 404 and a logged denial (R4).
A step kept within its unit (R31) is shown to those outside the unit as its title and unit
only, and its own pages answer them 404.
A page showing the person (the case is visible to the reader) writes an access-log row; a
holder at another unit without a grant sees the routine and the step, never the person.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.forms_routine_runs import (
    RoutineRunCancelForm,
    RoutineRunStartForm,
    RoutineStepCompleteForm,
    RoutineStepReassignForm,
    RoutineStepSkipForm,
)
from coordination.models import AccessAction, RoutineRun, RoutineRunStep
from coordination.selectors_routine_runs import (
    RunPage,
    routine_definitions_startable,
    routine_run_may_start,
    routine_run_page,
    routine_step_assignable,
    routine_step_needs_record,
    routine_step_record_options,
    routine_steps_mine,
)
from coordination.services.routine_runs import (
    RoutineStepStaleError,
    routine_run_cancel,
    routine_run_start,
    routine_step_complete,
    routine_step_reassign,
    routine_step_skip,
)
from coordination.views import CaseworkerMixin, _case_or_404, deny_logged
from portal.forms import add_service_errors
from units.models import DEPARTMENT_ROLES, UNIT_ROLES, Unit

# A step may be held at a unit or, for "IFO-chef/VoO-chef", by a department head (002).
_HOLDER_ROLES = frozenset(UNIT_ROLES | DEPARTMENT_ROLES)


class RoutineRunStartView(CaseworkerMixin, View):
    """The case's caseworker, or a coordinator or manager of its unit, starts a routine by hand
    with a reason."""

    logged_object = "case"
    template_name = "coordination/routines/start.html"

    def _case(self, request: HttpRequest, pk: int):
        case = _case_or_404(request, pk)
        if not routine_run_may_start(request.user, case):
            raise deny_logged(request, case.pk)
        return case

    def _form(self, case, data=None) -> RoutineRunStartForm:
        units = Unit.objects.filter(organisation_id=case.unit.organisation_id, is_active=True)
        return RoutineRunStartForm(
            data,
            definitions=routine_definitions_startable(case=case),
            units=units.exclude(pk=case.unit_id).order_by("name"),
        )

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {"form": form, "case": case, "individual": case.individual}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        return self._render(request, case, self._form(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = self._form(case, request.POST)
        if form.is_valid():
            try:
                run = routine_run_start(actor=request.user, case=case, **form.cleaned_data)
            except PermissionDenied:
                raise deny_logged(request, case.pk) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The routine is started."))
                return redirect("coordination:routine_run_detail", pk=run.pk)
        return self._render(request, case, form, status=400)


class _RoutineMixin(CaseworkerMixin):
    """Pages about a run (or, with `of_step`, a step): a refusal for lack of role is logged
    against the run's case, like any other denial (R4)."""

    allowed_roles = _HOLDER_ROLES
    of_step = False

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        runs = RoutineRun.objects.filter(
            **({"steps__pk": kwargs["pk"]} if self.of_step else {"pk": kwargs["pk"]})
        )
        case_id = runs.values_list("case_id", flat=True).first()
        services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case_id)
        return False


def _page_or_404(request: HttpRequest, run_id: int, *, step_id: int | None = None) -> RunPage:
    page = routine_run_page(user=request.user, run_id=run_id)
    if page is None:
        case_id = RoutineRun.objects.filter(pk=run_id).values_list("case_id", flat=True).first()
        raise deny_logged(request, case_id)
    if any(row.kept for row in page.rows if row.step.pk == step_id):
        # R31: a step kept within its unit does not exist for those outside it.
        raise deny_logged(request, page.run.case_id)
    if page.case_visible:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[page.run.case])
    return page


class RoutineRunDetailView(_RoutineMixin, View):
    """A run's page: every step with its holder, due date and state, and the run's history."""

    template_name = "coordination/routines/run_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = _page_or_404(request, pk)
        context = {"page": page, "run": page.run, "cancel_form": RoutineRunCancelForm()}
        return render(request, self.template_name, context)


class RoutineRunCancelView(_RoutineMixin, View):
    """The case's caseworker or a manager of its unit cancels a running routine, with a reason."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = _page_or_404(request, pk)
        if not page.may_cancel:
            raise deny_logged(request, page.run.case_id)
        form = RoutineRunCancelForm(request.POST)
        if form.is_valid():
            try:
                routine_run_cancel(
                    actor=request.user, run_id=pk, reason=form.cleaned_data["reason"]
                )
            except PermissionDenied:
                raise deny_logged(request, page.run.case_id) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The routine is cancelled."))
                return redirect("coordination:routine_run_detail", pk=pk)
        context = {"page": page, "run": page.run, "cancel_form": form}
        return render(request, RoutineRunDetailView.template_name, context, status=400)


class _StepView(_RoutineMixin, View):
    """A step of a run the user may open; its forms for those who may use them."""

    of_step = True
    template_name = "coordination/routines/step_detail.html"

    def _row(self, request: HttpRequest, pk: int):
        run_id = RoutineRunStep.objects.filter(pk=pk).values_list("run_id", flat=True).first()
        if run_id is None:
            raise deny_logged(request)
        page = _page_or_404(request, run_id, step_id=pk)
        row = next(row for row in page.rows if row.step.pk == pk)
        return page, row

    def _render(self, request, page, row, status=200, **bound) -> HttpResponse:
        step = row.step
        initial = {"version": step.version}
        forms = {}
        if row.rights.act:
            forms["complete_form"] = bound.get("complete") or RoutineStepCompleteForm(
                initial=initial, options=routine_step_record_options(step)
            )
        if row.rights.skip:
            forms["skip_form"] = bound.get("skip") or RoutineStepSkipForm(initial=initial)
        if row.rights.reassign:
            forms["reassign_form"] = bound.get("reassign") or RoutineStepReassignForm(
                initial=initial, users=routine_step_assignable(step=step)
            )
        context = {
            "page": page,
            "run": page.run,
            "row": row,
            "step": step,
            "needs_record": routine_step_needs_record(step),
            **forms,
        }
        return render(request, self.template_name, context, status=status)


class RoutineStepDetailView(_StepView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page, row = self._row(request, pk)
        return self._render(request, page, row)


class _StepActionView(_StepView):
    """One form's post; each subclass names its form (`name`) and defines `allowed(row)`,
    `form(row, data)` and `act(request, row, form)`."""

    name: str

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        page, row = self._row(request, pk)
        if not self.allowed(row):
            raise deny_logged(request, page.run.case_id)
        form = self.form(row, request.POST)
        if form.is_valid():
            try:
                self.act(request, row, form)
            except PermissionDenied:
                raise deny_logged(request, page.run.case_id) from None
            except RoutineStepStaleError as exc:
                page, row = self._row(request, pk)
                # The page shows the step as it is now; the form keeps what was typed.
                data = request.POST.copy()
                data[form.add_prefix("version")] = row.step.version
                stale = self.form(row, data)
                stale.is_valid()
                for message in exc.messages:
                    stale.add_error(None, message)
                return self._render(request, page, row, status=409, **{self.name: stale})
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("coordination:routine_run_detail", pk=page.run.pk)
        return self._render(request, page, row, status=400, **{self.name: form})


class RoutineStepCompleteView(_StepActionView):
    """The holder (or a manager of its unit) completes a step with the record it asks for."""

    name = "complete"

    def allowed(self, row) -> bool:
        return row.rights.act

    def form(self, row, data):
        return RoutineStepCompleteForm(data, options=routine_step_record_options(row.step))

    def act(self, request, row, form) -> None:
        routine_step_complete(
            actor=request.user,
            step_id=row.step.pk,
            seen_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            record=form.chosen_record(),
        )
        messages.success(request, _("The step is done."))


class RoutineStepSkipView(_StepActionView):
    """Skipping with a written reason: the holder an optional step, a manager any step."""

    name = "skip"

    def allowed(self, row) -> bool:
        return row.rights.skip

    def form(self, row, data):
        return RoutineStepSkipForm(data)

    def act(self, request, row, form) -> None:
        routine_step_skip(
            actor=request.user,
            step_id=row.step.pk,
            seen_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The step is skipped."))


class RoutineStepReassignView(_StepActionView):
    """A manager of the step's unit gives it to another member of the unit."""

    name = "reassign"

    def allowed(self, row) -> bool:
        return row.rights.reassign

    def form(self, row, data):
        return RoutineStepReassignForm(data, users=routine_step_assignable(step=row.step))

    def act(self, request, row, form) -> None:
        routine_step_reassign(
            actor=request.user,
            step_id=row.step.pk,
            seen_version=form.cleaned_data["version"],
            assignee=form.cleaned_data["assignee"],
        )
        messages.success(request, _("The step is reassigned."))


class RoutineStepsMineView(CaseworkerMixin, View):
    """The open routine steps the user holds or shares, earliest due first."""

    allowed_roles = _HOLDER_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        steps = list(routine_steps_mine(user=request.user))
        services.access_log_cases(
            request=request,
            action=AccessAction.LIST,
            cases={s.run.case_id: s.run.case for s in steps if s.case_visible}.values(),
        )
        return render(request, "coordination/routines/mine.html", {"steps": steps})
