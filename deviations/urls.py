"""Deviation reports (R25): the list, the two-part form step by step, the proposals, the
controller's list and statistics, and the yearly summary for the routine review (R24)."""

from django.urls import include, path

from deviations import views, views_controller

app_name = "deviations"

urlpatterns = [
    path("", views.DeviationReportListView.as_view(), name="report_list"),
    path("drafts/", views.DeviationDraftListView.as_view(), name="draft_list"),
    path("drafts/new/", views.DeviationDraftCreateView.as_view(), name="draft_create"),
    path("drafts/<int:pk>/", views.DeviationDraftEditView.as_view(), name="draft_edit"),
    path("<int:pk>/", views.DeviationReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/submit/", views.DeviationPartOneSubmitView.as_view(), name="part1_submit"),
    path("<int:pk>/dialogue/", views.DeviationDialogueView.as_view(), name="dialogue"),
    path("<int:pk>/part-2/", views.DeviationPartTwoView.as_view(), name="part2"),
    path("<int:pk>/sign/", views.DeviationSignView.as_view(), name="sign"),
    path("<int:pk>/send/", views.DeviationSendView.as_view(), name="send"),
    path("<int:pk>/file/", views.DeviationFileView.as_view(), name="file"),
    path("proposals/", views.DeviationProposalListView.as_view(), name="proposals"),
    path(
        "proposals/<slug:source>/<int:event_id>/",
        views.DeviationProposeView.as_view(),
        name="propose",
    ),
    path(
        "from-deadline/<int:due_item_id>/",
        views.DeviationFromMissedHandoverView.as_view(),
        name="from_missed_handover",
    ),
    # The controller's list and statistics (R25), and the year's summary (R24).
    path(
        "controller/",
        views_controller.ControllerListView.as_view(),
        name="controller_list",
    ),
    path(
        "controller/statistics/",
        views_controller.ControllerStatisticsView.as_view(),
        name="controller_statistics",
    ),
    path(
        "controller/year/<int:year>/",
        views_controller.DeviationAnnualSummaryView.as_view(),
        name="annual_summary",
    ),
    # Exports (CSV, XLSX, the PDF of one report) and their jobs.
    path("", include("deviations.urls_exports")),
]
