"""Pages: joint work plans of a case (R7, R8, R11)."""

from django.urls import path

from coordination import views_plans as views

urlpatterns: list = [
    path("cases/<int:pk>/plans/new/", views.JointPlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.JointPlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.JointPlanEditView.as_view(), name="plan_edit"),
    path(
        "plans/<int:pk>/units/<int:unit_pk>/",
        views.JointPlanResponsibilityView.as_view(),
        name="plan_responsibility",
    ),
    path(
        "plans/<int:pk>/follow-ups/<int:follow_up_pk>/held/",
        views.JointPlanFollowUpHeldView.as_view(),
        name="plan_follow_up_held",
    ),
    path("plans/<int:pk>/agree/", views.JointPlanAgreeView.as_view(), name="plan_agree"),
    path(
        "plans/<int:pk>/coordinator/",
        views.JointPlanCoordinatorView.as_view(),
        name="plan_coordinator",
    ),
    path("plans/<int:pk>/history/", views.JointPlanHistoryView.as_view(), name="plan_history"),
    path("plans/<int:pk>/pdf/", views.JointPlanPdfView.as_view(), name="plan_pdf"),
]
