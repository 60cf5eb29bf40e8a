"""The pages of cost responsibility (R33); included in the `coordination` namespace."""

from django.urls import path

from coordination import views_costs as views

urlpatterns: list = [
    path(
        "cases/<int:pk>/interventions/new/",
        views.InterventionRecordView.as_view(),
        name="intervention_record",
    ),
    path(
        "interventions/<int:pk>/",
        views.InterventionDetailView.as_view(),
        name="intervention_detail",
    ),
    path(
        "interventions/<int:pk>/consultation/",
        views.CostConsultationView.as_view(),
        name="cost_consultation",
    ),
    path("interventions/<int:pk>/agree/", views.CostAgreeView.as_view(), name="cost_agree"),
    path("interventions/<int:pk>/dispute/", views.CostDisputeView.as_view(), name="cost_dispute"),
    path("interventions/<int:pk>/decide/", views.CostDecideView.as_view(), name="cost_decide"),
    path("costs/waiting/", views.CostWaitingView.as_view(), name="cost_waiting"),
    path("costs/report/", views.CostReportView.as_view(), name="cost_report"),
    path("costs/report.csv", views.CostReportCsvView.as_view(), name="cost_report_csv"),
]
