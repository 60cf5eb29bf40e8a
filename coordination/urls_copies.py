"""Copies between units (R31, R32); included in the `coordination` namespace."""

from django.urls import path

from coordination import views_copies as views

urlpatterns = [
    path("cases/<int:pk>/copies/new/", views.CopySendView.as_view(), name="copy_send"),
    path(
        "cases/<int:pk>/copies/debt-notice/",
        views.DebtNoticeView.as_view(),
        name="copy_debt_notice",
    ),
    path(
        "cases/<int:pk>/copies/child-concern/",
        views.ChildConcernView.as_view(),
        name="copy_child_concern",
    ),
    path("copies/received/", views.CopiesReceivedView.as_view(), name="copies_received"),
    path("copies/<int:pk>/", views.CopyDetailView.as_view(), name="copy_detail"),
    path("copies/<int:pk>/assess/", views.CopyAssessView.as_view(), name="copy_assess"),
]
