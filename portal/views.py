"""Sign-in, the role dashboards, the health check and the pages shown on errors."""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from config.celery import app as celery_app
from coordination.models import AccessAction
from coordination.services import access_log_cases, access_log_record
from portal.permissions import RoleRequiredMixin
from portal.selectors import dashboard_for
from units.models import Role
from units.selectors import role_primary_for_user

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only; the server-side session row is deleted, not just the cookie."""


class HomeView(LoginRequiredMixin, View):
    """Sends each user to the dashboard of their broadest role."""

    def get(self, request: HttpRequest) -> HttpResponse:
        role = role_primary_for_user(user=request.user)
        if role is None:
            return render(request, "portal/no_membership.html", status=403)
        return redirect("portal:dashboard", role=role.value)


class DashboardView(RoleRequiredMixin, TemplateView):
    """One dashboard per role the user holds; a role the user lacks does not exist for them."""

    template_name = "portal/dashboard.html"

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        return kwargs["role"] in request.user_roles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        role = Role(kwargs["role"])
        context["dashboard"] = dashboard = dashboard_for(user=self.request.user, role=role)
        # The lists name individuals: one access-log row for each (issue 4 item 11, issue 6
        # item 5); the next meeting's agenda is logged as its own page logs it (R22).
        access_log_record(
            request=self.request,
            action=AccessAction.LIST,
            individual_ids=dashboard.listed_individual_ids,
        )
        if dashboard.agenda_cases:
            access_log_cases(
                request=self.request, action=AccessAction.VIEW, cases=dashboard.agenda_cases
            )
        context["role_template"] = f"portal/dashboard/{role.value}.html"
        return context


def lockout_response(request: HttpRequest, credentials: dict | None = None, *args, **kwargs):
    """Shown instead of the sign-in result while an account is locked (django-axes)."""
    form = AuthenticationForm(request, data=request.POST or None)
    form.errors.clear()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form.add_error(
        None,
        _(
            "Too many failed sign-in attempts. The account is locked for %(minutes)d minutes. "
            "Contact your administrator if you need access sooner."
        )
        % {"minutes": minutes},
    )
    return render(request, "portal/login.html", {"form": form, "locked_out": True}, status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale form (often after a timeout) gets a page that says what to do, not Django's."""
    return render(request, "403_csrf.html", status=403)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker status for load balancers and monitoring; no login, no personal data."""
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unavailable")
        return "error"
    return "ok"


def _broker_status() -> str:
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
            broker.default_channel  # opens a channel: a transport problem shows here  # noqa: B018
    except Exception:
        logger.exception("Health check: broker unavailable")
        return "error"
    return "ok"
