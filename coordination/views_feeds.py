"""The personal iCal feed and daily digest: the settings page (/me/calendar/) and the feed
itself (/calendar/<token>.ics, no login: the token is the key; unknown or revoked is 404)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from coordination.selectors_feeds import (
    feed_by_token,
    feed_events,
    feed_for_user,
    feed_ical,
    feed_is_live,
)
from coordination.services.feeds import (
    feed_create,
    feed_digest_set,
    feed_renew,
    feed_revoke,
)
from coordination.views import CaseworkerMixin

_ACTIONS = {
    "create": (feed_create, gettext_lazy("Your calendar feed is ready.")),
    "renew": (
        feed_renew,
        gettext_lazy("Your calendar feed has a new address; the old one no longer works."),
    ),
    "revoke": (feed_revoke, gettext_lazy("Your calendar feed is turned off.")),
}


class FeedSettingsView(CaseworkerMixin, View):
    """Create, see, renew and revoke one's feed; turn the daily digest on or off."""

    def get(self, request: HttpRequest) -> HttpResponse:
        feed = feed_for_user(user=request.user)
        url = None
        if feed_is_live(feed):
            path = reverse("coordination:calendar_feed", args=[feed.token])
            # SITE_URL when set (behind a proxy), else the address this request came to.
            url = (
                settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)
            )
        return render(
            request,
            "coordination/feeds/settings.html",
            {"feed": feed, "feed_url": url, "daily_digest": bool(feed and feed.daily_digest)},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action", "")
        if action == "digest":
            enabled = request.POST.get("daily_digest") == "on"
            feed_digest_set(actor=request.user, enabled=enabled)
            messages.success(
                request,
                _("You will get a daily digest by e-mail.")
                if enabled
                else _("You will get no daily digest."),
            )
        elif action in _ACTIONS:
            service, message = _ACTIONS[action]
            service(actor=request.user)
            messages.success(request, message)
        else:
            messages.error(request, _("Choose what to do with your calendar feed."))
        return redirect("coordination:feed_settings")


class CalendarFeedView(View):
    """The feed, for calendar programs; no session, the token is the key."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        feed = feed_by_token(token=token)
        if feed is None:
            raise Http404
        with translation.override(settings.LANGUAGE_CODE):
            body = feed_ical(events=feed_events(user=feed.user))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="samverkan.ics"'
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
