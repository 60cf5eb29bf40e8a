"""The log-review pages, under /access-log/."""

from django.urls import path

from coordination import views_access_log as views

app_name = "access_log"

urlpatterns = [
    path("", views.AccessLogListView.as_view(), name="list"),
    path("sample/", views.AccessLogSampleView.as_view(), name="sample"),
    path("reviews/", views.AccessLogReviewListView.as_view(), name="review_list"),
]
