"""The caseworker's pages: find a person, the person's page, register a case, my cases, a case.

Every view reads through the scope rule (coordination/permissions.py), answers 404 for
missing and forbidden alike, and writes the access log: one row per individual shown,
denials included.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination import selectors, selectors_routing, services
from coordination.forms import (
    CaseRegisterForm,
    CaseStatusForm,
    ContactForm,
    ContactNeedForm,
    IndividualSearchForm,
    ReadWithReasonForm,
    RelationForm,
)
from coordination.models import CASE_TRANSITIONS, AccessAction, Case, CaseStatus, Individual
from coordination.permissions import require_case, require_individual, unit_ids_of
from coordination.services.consent import ConsentMissingError
from portal.permissions import RoleRequiredMixin
from units.models import UNIT_ROLES, Role, Unit


class CaseworkerMixin(RoleRequiredMixin):
    """Pages for people who work with cases at a unit (R1 unit roles).

    `logged_object` names what the URL's pk is, so that a refusal for lack of role is
    logged against that individual or case like any other denial.
    """

    allowed_roles = frozenset(UNIT_ROLES)
    logged_object: str | None = None

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        if self.logged_object == "case":
            services.access_log_denied(
                request=request, action=AccessAction.VIEW, case_id=kwargs["pk"]
            )
        elif self.logged_object == "individual":
            services.access_log_denied(
                request=request, action=AccessAction.VIEW, individual_id=kwargs["pk"]
            )
        return False


def _individual_or_404(request: HttpRequest, individual_id: int) -> Individual:
    try:
        return require_individual(request.user, individual_id)
    except Http404:
        services.access_log_denied(
            request=request, action=AccessAction.VIEW, individual_id=individual_id
        )
        raise


class CaseRecordMixin(CaseworkerMixin):
    """Pages about a record that belongs to a case (a handover, an order): a refusal for lack
    of role is logged against the record's case, like any other denial (R4)."""

    record_model: type[models.Model]

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        case_id = self.record_model.objects.filter(pk=kwargs["pk"]).values_list(
            "case_id", flat=True
        )
        services.access_log_denied(
            request=request, action=AccessAction.VIEW, case_id=case_id.first()
        )
        return False


def deny_logged(request: HttpRequest, case_id: int | None = None) -> Http404:
    """The 404 of a refused read, its denial logged against the case when known (R4)."""
    services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case_id)
    return Http404()


def _case_or_404(request: HttpRequest, case_id: int) -> Case:
    try:
        return require_case(request.user, case_id)
    except Http404:
        services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=case_id)
        raise


def _own_units(request: HttpRequest):
    return Unit.objects.filter(pk__in=unit_ids_of(request.user)).order_by("name")


def _reads_with_reason_allowed(request: HttpRequest) -> bool:
    return request.user.memberships.filter(
        is_active=True,
        role__in=[Role.CASEWORKER, Role.COORDINATOR],
        organisation__cross_unit_read_allowed=True,
    ).exists()


def _log_check(request: HttpRequest, check: selectors.CheckResult) -> None:
    services.access_log_record(
        request=request, action=AccessAction.CHECK, individual_ids=check.individual_ids
    )


class IndividualSearchView(CaseworkerMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = IndividualSearchForm(request.GET or None)
        results = []
        if form.is_valid():
            results = selectors.individual_find(user=request.user, query=form.cleaned_data["q"])
            services.access_log_record(
                request=request,
                action=AccessAction.SEARCH,
                individual_ids=[i.pk for i in results],
            )
        return render(
            request,
            "coordination/individual_search.html",
            {"form": form, "results": results, "searched": form.is_bound},
        )


class IndividualDetailView(CaseworkerMixin, View):
    """Identity, family, the cases the user may see, and where else the family is active."""

    logged_object = "individual"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        individual = _individual_or_404(request, pk)
        check = selectors.active_case_check(individual=individual, viewer=request.user)
        cases = list(selectors.case_list_for_individual(user=request.user, individual=individual))
        services.access_log_record(
            request=request, action=AccessAction.VIEW, individual_ids=[individual.pk]
        )
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=cases)
        _log_check(request, check)
        return render(
            request,
            "coordination/individual_detail.html",
            {
                "individual": individual,
                "check": check,
                "cases": cases,
                "read_with_reason": _reads_with_reason_allowed(request),
            },
        )


class CaseRegisterView(CaseworkerMixin, View):
    """Register a case: the check is shown before (step 'check') and after registering (R3)."""

    template_name = "coordination/case_register.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = CaseRegisterForm(units=_own_units(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CaseRegisterForm(request.POST, units=_own_units(request))
        context = {"form": form}
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        data = form.cleaned_data
        existing = None
        if data["identity_number"]:
            existing = selectors.individual_by_identity_number(number=data["identity_number"])
        if existing is not None:
            context["existing"] = existing
            context["check"] = check = selectors.active_case_check(
                individual=existing, viewer=request.user
            )
            _log_check(request, check)
        # R16, R20: the unit the routine proposes; the caseworker may still choose their own.
        proposal = self._proposal(data, existing)
        differs = proposal is not None and not proposal.proposes(data["unit"])
        context.update(proposal=proposal, proposal_differs=differs)
        if request.POST.get("step") != "register":
            context["checked"] = True
            return render(request, self.template_name, context)
        try:
            case = self._register(request, data, existing)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(None if field not in form.fields else field, error)
            context["checked"] = True
            return render(request, self.template_name, context, status=400)
        messages.success(request, _("The case is registered."))
        if differs:
            messages.info(
                request,
                _("The routine proposed %(units)s (rule “%(rule)s”); the case is at %(unit)s.")
                % {
                    "units": proposal.unit_names or proposal.target_unit_kind_label,
                    "rule": proposal.rule.name,
                    "unit": data["unit"].name,
                },
            )
        return redirect("coordination:case_detail", pk=case.pk)

    @staticmethod
    def _proposal(
        data: dict, existing: Individual | None
    ) -> selectors_routing.RoutingProposal | None:
        birth_date = selectors_routing.routing_birth_date(
            identity_number=data["identity_number"], birth_date=data["birth_date"]
        )
        if existing is None and birth_date is None:
            return None
        return selectors_routing.routing_propose(
            organisation=data["unit"].organisation_id,
            individual=existing,
            birth_date=birth_date,
            matter=data["matter"],
        )

    @transaction.atomic
    def _register(self, request: HttpRequest, data: dict, existing: Individual | None) -> Case:
        individual = existing or services.individual_create(
            first_name=data["first_name"],
            last_name=data["last_name"],
            identity_number=data["identity_number"],
            birth_date=data["birth_date"],
            protected_identity=data["protected_identity"] or "none",
            registered_by_unit=data["unit"],
        )
        return services.case_register(
            actor=request.user,
            individual=individual,
            unit=data["unit"],
            legal_bases=data["legal_bases"],
            external_system=data["external_system"],
            external_reference=data["external_reference"],
            matter=data["matter"],
        )


class MyCasesView(CaseworkerMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        cases = list(selectors.case_list_for_caseworker(user=request.user))
        services.access_log_cases(request=request, action=AccessAction.LIST, cases=cases)
        return render(request, "coordination/my_cases.html", {"cases": cases})


class CaseDetailView(CaseworkerMixin, View):
    """A case's contents (owning unit and grants only) and the check after registering (R3-R5)."""

    logged_object = "case"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = _case_or_404(request, pk)
        return self.render_case(request, case)

    @staticmethod
    def render_case(request: HttpRequest, case: Case, status: int = 200, **forms) -> HttpResponse:
        check = selectors.active_case_check(individual=case.individual, viewer=request.user)
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        _log_check(request, check)
        context = {
            "case": case,
            "individual": case.individual,
            "check": check,
            "read_with_reason": _reads_with_reason_allowed(request),
            "contacts": case.contacts.select_related("other_unit", "recorded_by"),
            "next_statuses": [CaseStatus(s) for s in sorted(CASE_TRANSITIONS[case.status])],
            "need_form": forms.get("need_form") or ContactNeedForm(),
            "status_error": forms.get("status_error"),
        }
        return render(request, "coordination/case_detail.html", context, status=status)


class CaseContactNeedView(CaseworkerMixin, View):
    logged_object = "case"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = _case_or_404(request, pk)
        form = ContactNeedForm(request.POST)
        if not form.is_valid():
            return CaseDetailView.render_case(request, case, status=400, need_form=form)
        services.case_assess_contact_need(
            actor=request.user, case=case, contact_needed=form.cleaned_data["contact_needed"]
        )
        messages.success(request, _("The assessment is recorded."))
        return redirect("coordination:case_detail", pk=case.pk)


class CaseTransitionView(CaseworkerMixin, View):
    logged_object = "case"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = _case_or_404(request, pk)
        form = CaseStatusForm(request.POST)
        if not form.is_valid():
            return CaseDetailView.render_case(
                request, case, status=400, status_error=_("Choose a status.")
            )
        try:
            services.case_transition(actor=request.user, case=case, to=form.cleaned_data["status"])
        except ValidationError as exc:
            return CaseDetailView.render_case(
                request, case, status=400, status_error=" ".join(exc.messages)
            )
        messages.success(request, _("The status is changed."))
        return redirect("coordination:case_detail", pk=case.pk)


class ContactCreateView(CaseworkerMixin, View):
    logged_object = "case"
    template_name = "coordination/contact_form.html"

    def _units(self, case: Case):
        return (
            Unit.objects.filter(organisation_id=case.unit.organisation_id, is_active=True)
            .exclude(pk=case.unit_id)
            .order_by("name")
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = _case_or_404(request, pk)
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        form = ContactForm(units=self._units(case), initial={"other_unit": request.GET.get("unit")})
        return render(request, self.template_name, {"case": case, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = _case_or_404(request, pk)
        form = ContactForm(request.POST, units=self._units(case))
        # R12: the override fields are offered once the consent is found missing.
        show_override = form.has_override_input()
        if form.is_valid():
            try:
                services.contact_record(
                    actor=request.user, case=case, override=form.override(), **form.contact_data()
                )
            except ConsentMissingError as exc:
                form.add_error(None, exc)
                show_override = True
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The contact is recorded."))
                return redirect("coordination:case_detail", pk=case.pk)
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        context = {"case": case, "form": form, "show_override": show_override}
        return render(request, self.template_name, context, status=400)


class RelationCreateView(CaseworkerMixin, View):
    """Link a family member by their own identity number (R3), registering them if new."""

    logged_object = "individual"

    template_name = "coordination/relation_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        individual = _individual_or_404(request, pk)
        services.access_log_record(
            request=request, action=AccessAction.VIEW, individual_ids=[individual.pk]
        )
        return render(
            request, self.template_name, {"individual": individual, "form": RelationForm()}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        individual = _individual_or_404(request, pk)
        form = RelationForm(request.POST)
        if form.is_valid():
            try:
                self._link(request, individual, form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The relation is recorded."))
                return redirect("coordination:individual_detail", pk=individual.pk)
        services.access_log_record(
            request=request, action=AccessAction.VIEW, individual_ids=[individual.pk]
        )
        return render(
            request, self.template_name, {"individual": individual, "form": form}, status=400
        )

    @transaction.atomic
    def _link(self, request: HttpRequest, individual: Individual, data: dict) -> None:
        other = selectors.individual_by_identity_number(number=data["identity_number"])
        if other is None:
            if not (data["first_name"] and data["last_name"]):
                raise ValidationError(
                    {"first_name": _("The person is not registered: give the first and last name.")}
                )
            other = services.individual_create(
                first_name=data["first_name"],
                last_name=data["last_name"],
                identity_number=data["identity_number"],
                registered_by_unit=_own_units(request).first(),
            )
        services.relation_create(
            actor=request.user, from_individual=individual, to_individual=other, kind=data["kind"]
        )


class CaseReadWithReasonView(CaseworkerMixin, View):
    """An active decision (R4): a stated reason opens another unit's case for a few hours.

    The page shows only the case's unit before the read is granted; the grant is logged,
    expires by itself and is flagged for the log reviewers.
    """

    template_name = "coordination/read_with_reason.html"
    logged_object = "case"

    def _case(self, request: HttpRequest, pk: int) -> Case:
        case = Case.objects.select_related("unit", "unit__organisation").filter(pk=pk).first()
        if case is None or not _reads_with_reason_allowed(request):
            services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=pk)
            raise Http404
        return case

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        return render(request, self.template_name, {"case": case, "form": ReadWithReasonForm()})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(request, pk)
        form = ReadWithReasonForm(request.POST)
        if form.is_valid():
            try:
                services.case_read_with_reason(
                    actor=request.user, case=case, reason_text=form.cleaned_data["reason_text"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("You may read the case for a few hours."))
                return redirect("coordination:case_detail", pk=case.pk)
        return render(request, self.template_name, {"case": case, "form": form}, status=400)
