"""The REST API under /api/: the schema, its documentation page, and the endpoints."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from coordination.api import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.ApiDocsView.as_view(), name="docs"),
    path("individuals/", views.IndividualListView.as_view(), name="individual-list"),
    path("individuals/<int:pk>/", views.IndividualDetailView.as_view(), name="individual-detail"),
    path(
        "individuals/<int:pk>/active-cases/",
        views.IndividualActiveCasesView.as_view(),
        name="individual-active-cases",
    ),
    path("relations/", views.RelationCreateView.as_view(), name="relation-list"),
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    # Last: anything else under /api/ is a JSON 404, not the portal's HTML page.
    re_path(r"^", views.not_found),
]
