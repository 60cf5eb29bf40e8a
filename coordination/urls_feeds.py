"""URLs of the personal calendar feed; included in the `coordination:` namespace."""

from django.urls import path

from coordination import views_feeds

urlpatterns: list = [
    path("me/calendar/", views_feeds.FeedSettingsView.as_view(), name="feed_settings"),
    path(
        "calendar/<str:token>.ics",
        views_feeds.CalendarFeedView.as_view(),
        name="calendar_feed",
    ),
]
