"""The inbox (issue 5 item 7): the user's own notifications, read on opening, acknowledged one
by one. Another user's notification answers 404 (STYLE rule 4); every individual named on the
page is logged (one row each, LIST); the case link shows only when the case is in scope (R4).
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from coordination import services
from coordination.models import AccessAction
from coordination.selectors_notifications import notification_inbox
from coordination.services.notifications import notification_acknowledge, notification_mark_read
from coordination.views import CaseworkerMixin
from units.models import DEPARTMENT_ROLES, UNIT_ROLES

PAGE_SIZE = 20


class InboxMixin(CaseworkerMixin):
    # Department heads decide escalations (R2) and review the routines (R24): they get
    # notifications too.
    allowed_roles = frozenset(UNIT_ROLES | DEPARTMENT_ROLES)


class InboxView(InboxMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(notification_inbox(user=request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        notifications = list(page.object_list)
        # Shown as new on this visit, read from now on.
        unread = [n.pk for n in notifications if n.read_at is None]
        if unread:
            notification_mark_read(actor=request.user, notification_ids=unread)
        services.access_log_record(
            request=request,
            action=AccessAction.LIST,
            individual_ids=[
                n.due_item.case.individual_id for n in notifications if n.due_item.case_id
            ],
        )
        return render(
            request,
            "coordination/notifications/inbox.html",
            {
                "page": page,
                "notifications": notifications,
                "new_ids": set(unread),
            },
        )


class NotificationAcknowledgeView(InboxMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification_acknowledge(actor=request.user, notification_id=pk)
        url = reverse("coordination:inbox")
        page = request.POST.get("page", "")
        if page.isdigit():
            url += f"?page={page}"
        return redirect(f"{url}#notification-{pk}")
