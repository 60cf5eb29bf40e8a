"""The portal's URLs plus the bare view the API is measured against."""

from django.urls import include, path

from benchmarks.bare_view import active_cases_bare

urlpatterns = [
    path("bench/individuals/<int:individual_id>/active-cases/", active_cases_bare),
    path("", include("config.urls")),
]
