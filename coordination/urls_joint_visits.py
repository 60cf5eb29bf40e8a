"""Pages of joint visits and assessments (R31, R32) and of addiction or risky use noticed at
BoU (R32); included in the `coordination` namespace."""

from django.urls import path

from coordination import views_joint_visits as views

urlpatterns: list = [
    path(
        "cases/<int:pk>/joint-visits/new/",
        views.JointVisitRecordView.as_view(),
        name="joint_visit_record",
    ),
    path("joint-visits/<int:pk>/", views.JointVisitDetailView.as_view(), name="joint_visit_detail"),
    path(
        "joint-visits/<int:pk>/correct/",
        views.JointVisitCorrectView.as_view(),
        name="joint_visit_correct",
    ),
    path(
        "cases/<int:pk>/addiction-noticed/",
        views.AddictionNoticedView.as_view(),
        name="addiction_noticed",
    ),
]
