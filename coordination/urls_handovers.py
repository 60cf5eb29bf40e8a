"""The handover's pages (R17, R18); included in the `coordination` namespace."""

from django.urls import path

from coordination import views_handovers as views

urlpatterns: list = [
    path(
        "cases/<int:pk>/handover/new/",
        views.HandoverStartView.as_view(),
        name="handover_start",
    ),
    path("handovers/incoming/", views.HandoverIncomingView.as_view(), name="handover_incoming"),
    path("handovers/<int:pk>/", views.HandoverDetailView.as_view(), name="handover_detail"),
    path("handovers/<int:pk>/edit/", views.HandoverEditView.as_view(), name="handover_edit"),
    path("handovers/<int:pk>/send/", views.HandoverSendView.as_view(), name="handover_send"),
    path(
        "handovers/<int:pk>/receive/", views.HandoverReceiveView.as_view(), name="handover_receive"
    ),
    path(
        "handovers/<int:pk>/appoint/", views.HandoverAppointView.as_view(), name="handover_appoint"
    ),
    path(
        "handovers/<int:pk>/meeting/", views.HandoverMeetingView.as_view(), name="handover_meeting"
    ),
    path("handovers/<int:pk>/cancel/", views.HandoverCancelView.as_view(), name="handover_cancel"),
]
