"""Request ids for log correlation, idle and absolute session timeouts, the UI language."""

import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from portal.logging import request_id_var

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
SESSION_STARTED_KEY = "_samverkan_started_at"
SESSION_LAST_SEEN_KEY = "_samverkan_last_seen_at"
LAST_SEEN_RESOLUTION_SECONDS = 30


class RequestIdMiddleware:
    """Gives each request an id (the proxy's X-Request-ID when well-formed) for logs and audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SessionTimeoutMiddleware:
    """Ends a session after 15 idle minutes or 12 hours in all (ASVS 3.3.2, level 3).

    Django's cookie age alone gives one of the two; both are checked here on the server
    against times kept in the session itself, and an expired session is flushed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault(SESSION_STARTED_KEY, now)
            last_seen = session.get(SESSION_LAST_SEEN_KEY, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            too_old = now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or too_old:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after 15 minutes without activity.")
                    if idle
                    else _("You were signed out because the session reached its 12-hour limit."),
                )
                if request.headers.get("HX-Request") == "true":
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
                    return response
                return redirect_to_login(request.get_full_path())
            if (
                now - last_seen > LAST_SEEN_RESOLUTION_SECONDS
                or SESSION_LAST_SEEN_KEY not in session
            ):
                # Saving the session on every request would be a write per click.
                session[SESSION_LAST_SEEN_KEY] = now
        return self.get_response(request)


class LanguageMiddleware:
    """Swedish unless the user chose English in the portal (the language cookie).

    The browser's Accept-Language is ignored on purpose: the routines, the colleagues and
    the records are Swedish, and a work computer's browser language says little.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
