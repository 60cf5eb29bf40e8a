"""Pages: SIP and care planning (R14)."""

from django.urls import path

from coordination import views_care_planning as views

urlpatterns: list = [
    path(
        "cases/<int:pk>/care-planning/new/",
        views.CarePlanningCreateView.as_view(),
        name="care_planning_create",
    ),
]
