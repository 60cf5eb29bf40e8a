"""Pages: three-party meetings of a case (R13) and acute consultations between managers (R15)."""

from django.urls import path

from coordination import views_three_party as views

urlpatterns: list = [
    path(
        "cases/<int:pk>/three-party-meetings/new/",
        views.ThreePartyRequestView.as_view(),
        name="three_party_request",
    ),
    path(
        "three-party-meetings/requests/",
        views.ThreePartyRequestListView.as_view(),
        name="three_party_requests",
    ),
    path("three-party-meetings/mine/", views.ThreePartyMineView.as_view(), name="three_party_mine"),
    path(
        "three-party-meetings/<int:pk>/",
        views.ThreePartyDetailView.as_view(),
        name="three_party_detail",
    ),
    path(
        "three-party-meetings/<int:pk>/appoint/",
        views.ThreePartyAppointView.as_view(),
        name="three_party_appoint",
    ),
    path(
        "three-party-meetings/<int:pk>/decline/",
        views.ThreePartyDeclineView.as_view(),
        name="three_party_decline",
    ),
    path(
        "three-party-meetings/<int:pk>/pre-meeting/",
        views.ThreePartyPreMeetingView.as_view(),
        name="three_party_pre_meeting",
    ),
    path(
        "three-party-meetings/<int:pk>/meeting/",
        views.ThreePartyMeetingView.as_view(),
        name="three_party_meeting",
    ),
    path(
        "three-party-meetings/<int:pk>/outcome/",
        views.ThreePartyOutcomeView.as_view(),
        name="three_party_outcome",
    ),
    path("acute-consultations/", views.AcuteConsultationListView.as_view(), name="acute_list"),
    path(
        "acute-consultations/new/",
        views.AcuteConsultationCreateView.as_view(),
        name="acute_create",
    ),
]
