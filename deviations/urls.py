"""Deviation reports (R25)."""

from django.urls import path

from deviations import views

app_name = "deviations"

urlpatterns = [
    path("drafts/", views.DeviationDraftListView.as_view(), name="draft_list"),
    path("drafts/new/", views.DeviationDraftCreateView.as_view(), name="draft_create"),
    path("drafts/<int:pk>/", views.DeviationDraftEditView.as_view(), name="draft_edit"),
    path(
        "from-deadline/<int:due_item_id>/",
        views.DeviationFromMissedHandoverView.as_view(),
        name="from_missed_handover",
    ),
]
