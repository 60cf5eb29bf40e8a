"""Exports of deviation reports: CSV, XLSX (large ones as a job) and the PDF of one report."""

from django.urls import path

from deviations import views_exports as views

urlpatterns = [
    path("controller/export/csv/", views.DeviationExportCsvView.as_view(), name="export_csv"),
    path("controller/export/xlsx/", views.DeviationExportXlsxView.as_view(), name="export_xlsx"),
    path("controller/exports/", views.DeviationExportListView.as_view(), name="export_list"),
    path(
        "controller/exports/<int:pk>/",
        views.DeviationExportDetailView.as_view(),
        name="export_detail",
    ),
    path(
        "controller/exports/<int:pk>/download/",
        views.DeviationExportDownloadView.as_view(),
        name="export_download",
    ),
    path("<int:pk>/pdf/", views.DeviationReportPdfView.as_view(), name="report_pdf"),
]
