"""URLs of the inbox; included by coordination/urls.py in the `coordination:` namespace."""

from django.urls import path

from coordination import views_notifications

urlpatterns: list = [
    path("inbox/", views_notifications.InboxView.as_view(), name="inbox"),
    path(
        "inbox/<int:pk>/acknowledge/",
        views_notifications.NotificationAcknowledgeView.as_view(),
        name="notification_acknowledge",
    ),
]
