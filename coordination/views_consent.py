"""Consent pages (R12): record a consent on the person's page, withdraw one, and the review
of overrides (actions taken without consent) for unit managers and controllers.

Recording and withdrawing are for users with a unit role who can see the individual;
everyone else gets 404 and a logged denial. Every page that shows a person logs it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from coordination import services
from coordination.forms_consent import ConsentRecordForm, ConsentWithdrawForm
from coordination.models import AccessAction, Consent, ConsentOverride, Individual
from coordination.permissions import individual_visible_to
from coordination.selectors_consent import (
    OVERRIDE_REVIEWER_ROLES,
    consent_override_review_list,
    consent_override_reviewable_by,
    consent_state,
)
from coordination.services.consent import (
    consent_organisation_of,
    consent_override_review,
    consent_record,
    consent_withdraw,
)
from coordination.views import CaseworkerMixin, _individual_or_404
from portal.permissions import RoleRequiredMixin
from units.models import Unit


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _log_individual(request: HttpRequest, individual: Individual) -> None:
    services.access_log_record(
        request=request, action=AccessAction.VIEW, individual_ids=[individual.pk]
    )


class ConsentCreateView(CaseworkerMixin, View):
    """Record a consent given by or for the person (R12, the age rule of R28)."""

    logged_object = "individual"
    template_name = "coordination/consent/consent_form.html"

    def _form(self, request: HttpRequest, data=None) -> ConsentRecordForm:
        organisation = consent_organisation_of(request.user)
        units = Unit.objects.filter(organisation=organisation, is_active=True).order_by("name")
        initial = {key: request.GET.get(key) for key in ("scope", "unit") if request.GET.get(key)}
        return ConsentRecordForm(
            data,
            units=units,
            child_consent_age=organisation.child_consent_age,
            initial=initial,
        )

    def _render(self, request, individual, form, status=200) -> HttpResponse:
        _log_individual(request, individual)
        context = {"individual": individual, "form": form, "next": _safe_next(request)}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        individual = _individual_or_404(request, pk)
        return self._render(request, individual, self._form(request))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        individual = _individual_or_404(request, pk)
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                consent_record(actor=request.user, individual=individual, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.update_error_dict({}).items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The consent is recorded."))
                target = _safe_next(request)
                if target:
                    return redirect(target)
                return redirect("coordination:individual_detail", pk=individual.pk)
        return self._render(request, individual, form, status=400)


class ConsentWithdrawView(CaseworkerMixin, View):
    """Withdraw a consent from a day (R12); it stays on the person's page as withdrawn."""

    template_name = "coordination/consent/withdraw_form.html"

    def _consent(self, request: HttpRequest, pk: int) -> Consent:
        consent = (
            Consent.objects.select_related("individual", "unit")
            .filter(pk=pk, individual__in=individual_visible_to(request.user))
            .first()
        )
        if consent is None:
            self._deny(request, pk)
            raise Http404
        return consent

    @staticmethod
    def _deny(request: HttpRequest, pk: int) -> None:
        individual_id = Consent.objects.filter(pk=pk).values_list("individual_id", flat=True)
        services.access_log_denied(
            request=request, action=AccessAction.VIEW, individual_id=individual_id.first()
        )

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        self._deny(request, kwargs["pk"])
        return False

    def _render(self, request, consent, form, status=200) -> HttpResponse:
        _log_individual(request, consent.individual)
        context = {
            "consent": consent,
            "individual": consent.individual,
            "state": consent_state(consent),
            "form": form,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        consent = self._consent(request, pk)
        return self._render(request, consent, ConsentWithdrawForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        consent = self._consent(request, pk)
        form = ConsentWithdrawForm(request.POST)
        if form.is_valid():
            try:
                consent_withdraw(
                    actor=request.user,
                    consent=consent,
                    withdrawn_on=form.cleaned_data["withdrawn_on"],
                )
            except ValidationError as exc:
                for field, errors in exc.update_error_dict({}).items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The consent is withdrawn."))
                return redirect("coordination:individual_detail", pk=consent.individual_id)
        return self._render(request, consent, form, status=400)


class ConsentOverrideReviewListView(RoleRequiredMixin, View):
    """Actions taken without consent, flagged until a unit manager or controller reviews them."""

    allowed_roles = OVERRIDE_REVIEWER_ROLES
    template_name = "coordination/consent/override_review_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        overrides = list(consent_override_review_list(user=request.user))
        services.access_log_record(
            request=request,
            action=AccessAction.LIST,
            individual_ids=[override.individual_id for override in overrides],
        )
        return render(request, self.template_name, {"overrides": overrides})


class ConsentOverrideReviewView(RoleRequiredMixin, View):
    """Mark one flagged override as reviewed."""

    allowed_roles = OVERRIDE_REVIEWER_ROLES

    @staticmethod
    def _deny(request: HttpRequest, pk: int) -> None:
        individual_id = ConsentOverride.objects.filter(pk=pk).values_list(
            "individual_id", flat=True
        )
        services.access_log_denied(
            request=request, action=AccessAction.VIEW, individual_id=individual_id.first()
        )

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        if super().has_role(request, *args, **kwargs):
            return True
        self._deny(request, kwargs["pk"])
        return False

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        override = consent_override_reviewable_by(request.user).filter(pk=pk).first()
        if override is None:
            self._deny(request, pk)
            raise Http404
        try:
            consent_override_review(actor=request.user, override=override)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The override is marked as reviewed."))
        return redirect("coordination:consent_override_review_list")
