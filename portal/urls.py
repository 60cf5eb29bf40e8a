"""The portal shell's pages."""

from django.urls import path

from portal import views, views_compliance

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dashboard/<slug:role>/", views.DashboardView.as_view(), name="dashboard"),
    path("compliance/", views_compliance.ComplianceView.as_view(), name="compliance"),
]
