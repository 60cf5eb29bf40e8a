"""Layout context of coordination: the header's inbox link, read lazily (at most one query)."""

from django.http import HttpRequest

from coordination.selectors_notifications import InboxStatus, notification_inbox_status


def inbox(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cache: list[InboxStatus] = []

    def status() -> InboxStatus:
        # Read once, when (and if) the template shows the link.
        if not cache:
            cache.append(notification_inbox_status(user=user))
        return cache[0]

    return {"inbox_status": status}
