"""The pages of the escalation ladder (R2, R9); included in the `coordination` namespace."""

from django.urls import path

from coordination import views_escalations as views

urlpatterns: list = [
    path("escalations/", views.EscalationListView.as_view(), name="escalation_list"),
    path(
        "cases/<int:pk>/escalations/new/",
        views.EscalationRaiseView.as_view(),
        name="escalation_raise",
    ),
    path(
        "escalations/from-meeting-item/<int:pk>/",
        views.EscalationRaiseFromMeetingView.as_view(),
        name="escalation_raise_from_meeting",
    ),
    path("escalations/<int:pk>/", views.EscalationDetailView.as_view(), name="escalation_detail"),
    path(
        "escalations/<int:pk>/raise-further/",
        views.EscalationRaiseFurtherView.as_view(),
        name="escalation_raise_further",
    ),
    path(
        "escalations/<int:pk>/decide/",
        views.EscalationDecideView.as_view(),
        name="escalation_decide",
    ),
    path(
        "escalations/<int:pk>/withdraw/",
        views.EscalationWithdrawView.as_view(),
        name="escalation_withdraw",
    ),
]
