"""Joint work plan pages (R7, R8, R11): create from a case, read, edit, unit rows, agree,
choose the coordinator, history and PDF.

Each page reads the plan through `plan_require` (anyone who may see a linked case), answers
404 with a logged denial to everyone else, and logs one access-log row per individual the
plan names. The plan never shows the linked cases' contents (R4).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination import selectors_plans as plans
from coordination import services
from coordination.forms_plans import (
    JointPlanCasesAddForm,
    JointPlanCoordinatorForm,
    JointPlanCreateForm,
    JointPlanFollowUpHeldForm,
    JointPlanResponsibilityForm,
    JointPlanTextForm,
    follow_up_initial,
)
from coordination.models import AccessAction, Case, JointPlan, JointPlanStatus
from coordination.services import plans as plan_services
from coordination.views import CaseworkerMixin, _case_or_404
from portal.forms import add_service_errors as _add_errors
from portal.pdf import PdfSection, pdf_document
from units.models import Unit


def _deny(request: HttpRequest, plan_id: int, action: AccessAction = AccessAction.VIEW) -> None:
    services.access_log_denied(
        request=request, action=action, case_id=plans.plan_first_case_id(plan_id)
    )


class PlanMixin(CaseworkerMixin):
    """Plan pages are for people with a unit role (R1); a refusal is logged against the plan."""

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        if "pk" in kwargs and self.logged_object is None:
            _deny(request, kwargs["pk"])
        return False

    def plan(self, request: HttpRequest, pk: int) -> JointPlan:
        try:
            return plans.plan_require(request.user, pk)
        except Http404:
            _deny(request, pk)
            raise

    def log_people(self, request: HttpRequest, plan: JointPlan, action=AccessAction.VIEW) -> None:
        """One row per individual the plan names (R4 audit)."""
        services.access_log_record(
            request=request,
            action=action,
            individual_ids=[link.case.individual_id for link in plan.plan_cases.all()],
        )

    def refuse(self, request: HttpRequest, plan: JointPlan) -> None:
        """A reader who may not make this change: 404 and a logged denial, as for missing."""
        _deny(request, plan.pk)
        raise Http404

    def done(self, request: HttpRequest, plan: JointPlan, cleared: bool, text: str):
        messages.success(request, text)
        if cleared:
            messages.warning(
                request,
                _(
                    "The plan was changed after it had been agreed: the agreements are "
                    "cleared and every unit must agree again."
                ),
            )
        return redirect("coordination:plan_detail", pk=plan.pk)


class JointPlanCreateView(PlanMixin, View):
    """A new plan from a case, by its caseworker or a co-caseworker (R7)."""

    logged_object = "case"
    template_name = "coordination/plans/create.html"

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = _case_or_404(request, pk)
        if not plans.case_plan_creatable_by(request.user, case):
            services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=pk)
            raise Http404
        return case

    def _render(self, request, case, form, status=200) -> HttpResponse:
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        return render(request, self.template_name, {"case": case, "form": form}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        linkable = plans.plan_linkable_cases(user=request.user, case=case)
        return self._render(request, case, JointPlanCreateForm(linkable=linkable))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        linkable = plans.plan_linkable_cases(user=request.user, case=case)
        form = JointPlanCreateForm(request.POST, linkable=linkable)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = plan_services.plan_create(
                    actor=request.user,
                    case=case,
                    investigation_approach=data["investigation_approach"],
                    continued_cooperation=data["continued_cooperation"],
                    other_case_ids=data["other_cases"],
                    follow_up_dates=data["follow_up_dates"],
                    responsibility=data["responsibility"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The joint work plan is created."))
                return redirect("coordination:plan_detail", pk=plan.pk)
        return self._render(request, case, form, status=400)


class JointPlanDetailView(PlanMixin, View):
    """The plan as every involved unit sees it (R7, R8, R11)."""

    template_name = "coordination/plans/detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        return self.render_plan(request, plan)

    def render_plan(self, request, plan, status=200, held_form=None, **extra) -> HttpResponse:
        """`held_form` is a bound follow-up form that did not validate, shown as typed."""
        perms = plans.plan_permissions(user=request.user, plan=plan)
        links = list(plan.plan_cases.all())
        self.log_people(request, plan)
        follow_ups = list(plan.follow_ups.all())
        context = {
            "plan": plan,
            "perms": perms,
            "links": links,
            "unit_rows": plans.plan_unit_rows(plan=plan, perms=perms),
            "follow_ups": [
                (follow_up, _held_form(plan, follow_up, perms, held_form))
                for follow_up in follow_ups
            ],
            "i_may_agree": any(
                link.case_id in perms.agree_case_ids and not link.approved_by_id for link in links
            ),
            "agreements_cleared": plan.status == JointPlanStatus.DRAFT
            and plans.plan_agreements_were_cleared(plan),
            **extra,
        }
        return render(request, self.template_name, context, status=status)


def _held_prefix(follow_up_id: int) -> str:
    return f"follow-up-{follow_up_id}"


def _held_form(plan, follow_up, perms, bound=None) -> JointPlanFollowUpHeldForm | None:
    """A form to record the follow-up held, for the involved caseworkers, until it is."""
    if follow_up.held_on is not None or not perms.edit_text:
        return None
    if bound is not None and bound.prefix == _held_prefix(follow_up.pk):
        return bound
    return JointPlanFollowUpHeldForm(plan=plan, prefix=_held_prefix(follow_up.pk))


class JointPlanFollowUpHeldView(JointPlanDetailView):
    """An involved caseworker records that a follow-up was held, with a note (R7, R11)."""

    def get(self, request: HttpRequest, pk: int, follow_up_pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        return redirect("coordination:plan_detail", pk=plan.pk)

    def post(self, request: HttpRequest, pk: int, follow_up_pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        if not plans.plan_permissions(user=request.user, plan=plan).edit_text:
            self.refuse(request, plan)
        if not any(f.pk == follow_up_pk and f.held_on is None for f in plan.follow_ups.all()):
            self.refuse(request, plan)
        form = JointPlanFollowUpHeldForm(request.POST, plan=plan, prefix=_held_prefix(follow_up_pk))
        if form.is_valid():
            try:
                plan_services.plan_follow_up_hold(
                    actor=request.user,
                    plan=plan,
                    follow_up_id=follow_up_pk,
                    held_on=form.cleaned_data["held_on"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The follow-up is recorded as held."))
                return redirect("coordination:plan_detail", pk=plan.pk)
        return self.render_plan(request, plan, status=400, held_form=form)


class JointPlanEditView(PlanMixin, View):
    """The common text, follow-ups and more cases: any involved caseworker (R7)."""

    template_name = "coordination/plans/edit.html"

    def _context(self, request, plan, text_form=None, add_form=None) -> dict:
        perms = plans.plan_permissions(user=request.user, plan=plan)
        if not perms.edit_text:
            self.refuse(request, plan)
        from_case = self._from_case(perms, plan)
        linked = [link.case_id for link in plan.plan_cases.all()]
        linkable = (
            plans.plan_linkable_cases(user=request.user, case=from_case, exclude_case_ids=linked)
            if from_case
            else []
        )
        text_form = text_form or JointPlanTextForm(
            initial={
                "investigation_approach": plan.investigation_approach,
                "continued_cooperation": plan.continued_cooperation,
                "follow_up_dates": follow_up_initial(plan),
            }
        )
        add_form = add_form or JointPlanCasesAddForm(linkable=linkable)
        self.log_people(request, plan)
        return {
            "plan": plan,
            "text_form": text_form,
            "add_form": add_form,
            "linkable": linkable,
            "from_case": from_case,
        }

    @staticmethod
    def _from_case(perms: plans.PlanPermissions, plan: JointPlan) -> Case | None:
        """The actor's own linked case: where more cases are picked from (its check)."""
        own = [link.case for link in plan.plan_cases.all() if link.case_id in perms.own_case_ids]
        return own[0] if own else None

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        return render(request, self.template_name, self._context(request, plan))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        if "add_cases" in request.POST:
            return self._add_cases(request, plan)
        form = JointPlanTextForm(request.POST)
        if not plans.plan_permissions(user=request.user, plan=plan).edit_text:
            self.refuse(request, plan)
        if form.is_valid():
            cleared = plan_services.plan_update(
                actor=request.user,
                plan=plan,
                investigation_approach=form.cleaned_data["investigation_approach"],
                continued_cooperation=form.cleaned_data["continued_cooperation"],
                follow_up_dates=form.cleaned_data["follow_up_dates"],
            )
            return self.done(request, plan, cleared, _("The plan is saved."))
        context = self._context(request, plan, text_form=form)
        return render(request, self.template_name, context, status=400)

    def _add_cases(self, request: HttpRequest, plan: JointPlan) -> HttpResponse:
        context = self._context(request, plan)
        form = JointPlanCasesAddForm(request.POST, linkable=context["linkable"])
        if form.is_valid() and context["from_case"] is not None:
            try:
                cleared = plan_services.plan_cases_add(
                    actor=request.user,
                    plan=plan,
                    from_case=context["from_case"],
                    case_ids=form.cleaned_data["cases"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return self.done(request, plan, cleared, _("The cases are added to the plan."))
        context["add_form"] = form
        return render(request, self.template_name, context, status=400)


class JointPlanResponsibilityView(PlanMixin, View):
    """One unit's row, by that unit's involved caseworker (R11)."""

    template_name = "coordination/plans/responsibility.html"

    def _unit(self, request, plan, unit_pk) -> Unit:
        perms = plans.plan_permissions(user=request.user, plan=plan)
        units = {unit.pk: unit for unit in plans.plan_units(plan)}
        if unit_pk not in units or unit_pk not in perms.edit_unit_ids:
            self.refuse(request, plan)
        return units[unit_pk]

    def _render(self, request, plan, unit, form, status=200) -> HttpResponse:
        self.log_people(request, plan)
        context = {"plan": plan, "unit": unit, "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        unit = self._unit(request, plan, unit_pk)
        row = next((r for r in plan.responsibilities.all() if r.unit_id == unit.pk), None)
        form = JointPlanResponsibilityForm(
            initial={"responsibility": row.responsibility if row else ""}
        )
        return self._render(request, plan, unit, form)

    def post(self, request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        unit = self._unit(request, plan, unit_pk)
        form = JointPlanResponsibilityForm(request.POST)
        if form.is_valid():
            try:
                cleared = plan_services.plan_responsibility_set(
                    actor=request.user,
                    plan=plan,
                    unit=unit,
                    responsibility=form.cleaned_data["responsibility"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return self.done(request, plan, cleared, _("The unit's responsibility is saved."))
        return self._render(request, plan, unit, form, status=400)


class JointPlanAgreeView(PlanMixin, View):
    """The caseworker of a linked case agrees to the plan (item 2)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        if not plans.plan_permissions(user=request.user, plan=plan).agree_case_ids:
            self.refuse(request, plan)
        try:
            plan = plan_services.plan_agree(actor=request.user, plan=plan)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if plan.status == JointPlanStatus.SIGNED_OFF:
                messages.success(request, _("Every unit has agreed: the plan is signed off."))
            else:
                messages.success(request, _("Your agreement is recorded."))
        return redirect("coordination:plan_detail", pk=pk)


class JointPlanCoordinatorView(PlanMixin, View):
    """A unit manager or deputy of an involved unit chooses the coordinator (R8)."""

    template_name = "coordination/plans/coordinator.html"

    def _check(self, request, plan) -> None:
        if not plans.plan_permissions(user=request.user, plan=plan).override:
            self.refuse(request, plan)

    def _render(self, request, plan, form, status=200) -> HttpResponse:
        self.log_people(request, plan)
        return render(request, self.template_name, {"plan": plan, "form": form}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        self._check(request, plan)
        form = JointPlanCoordinatorForm(
            caseworkers=plans.plan_caseworkers(plan), initial={"coordinator": plan.coordinator_id}
        )
        return self._render(request, plan, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        self._check(request, plan)
        form = JointPlanCoordinatorForm(request.POST, caseworkers=plans.plan_caseworkers(plan))
        if form.is_valid():
            try:
                plan_services.plan_coordinator_override(
                    actor=request.user,
                    plan=plan,
                    coordinator=form.cleaned_data["coordinator"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The coordinating caseworker is changed."))
                return redirect("coordination:plan_detail", pk=plan.pk)
        return self._render(request, plan, form, status=400)


class JointPlanHistoryView(PlanMixin, View):
    """Every change: who, when, which field, old and new (item 3)."""

    template_name = "coordination/plans/history.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        entries = [
            entry
            for entry in plans.plan_history(plan=plan)
            if entry.changes or entry.kind != "changed" or entry.reason
        ]
        self.log_people(request, plan)
        return render(request, self.template_name, {"plan": plan, "entries": entries})


class JointPlanPdfView(PlanMixin, View):
    """The plan as a PDF, logged in the access log like a page (item 4)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = self.plan(request, pk)
        self.log_people(request, plan, action=AccessAction.EXPORT)
        response = HttpResponse(plan_pdf(plan), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="joint-plan-{plan.pk}.pdf"'
        response["Cache-Control"] = "no-store"
        return response


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "-"


def plan_pdf(plan: JointPlan) -> bytes:
    """The plan's own contents, units, caseworkers and people; never the cases' contents."""
    links = list(plan.plan_cases.all())
    rows = [
        (_("Status"), plan.get_status_display()),
        (_("Coordinating caseworker"), _name(plan.coordinator)),
        (_("Why this caseworker coordinates"), plan.coordinator_reason),
    ]
    if plan.coordinator_overridden_by_id:
        rows.append(
            (
                _("Chosen by"),
                f"{_name(plan.coordinator_overridden_by)}: {plan.coordinator_override_reason}",
            )
        )
    if plan.signed_off_at:
        rows.append(
            (
                _("Signed off"),
                f"{plan.signed_off_at:%Y-%m-%d} {_name(plan.signed_off_by)}",
            )
        )
    involved = PdfSection(
        _("Involved units"),
        rows=[
            (
                f"{link.case.unit.name}",
                _("%(person)s, caseworker %(caseworker)s, %(agreed)s")
                % {
                    "person": link.case.individual.full_name,
                    "caseworker": _name(link.case.caseworker),
                    "agreed": (
                        _("agreed %(date)s") % {"date": f"{link.approved_at:%Y-%m-%d}"}
                        if link.approved_at
                        else _("not yet agreed")
                    ),
                },
            )
            for link in links
        ],
    )
    written = {row.unit_id: row.responsibility for row in plan.responsibilities.all()}
    responsibilities = PdfSection(
        _("Each unit's responsibility"),
        rows=[
            (unit.name, written.get(unit.pk, _("Not yet written.")))
            for unit in plans.plan_units(plan)
        ],
    )
    follow_ups = ", ".join(
        f"{f.due_on:%Y-%m-%d}"
        + (" (" + _("held %(date)s") % {"date": f"{f.held_on:%Y-%m-%d}"} + ")" if f.held_on else "")
        for f in plan.follow_ups.all()
    )
    return pdf_document(
        title=str(plan),
        rows=rows,
        sections=[
            involved,
            PdfSection(_("How the investigations are carried out"), [plan.investigation_approach]),
            responsibilities,
            PdfSection(_("Plan for continued cooperation"), [plan.continued_cooperation]),
            PdfSection(_("Follow-up dates"), [follow_ups or _("None.")]),
        ],
    )
