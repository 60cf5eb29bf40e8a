"""Top-level URLs: the portal, sign-in, language choice, health check and the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from portal import views as portal_views

urlpatterns = [
    path("login/", portal_views.LoginView.as_view(), name="login"),
    path("logout/", portal_views.LogoutView.as_view(), name="logout"),
    path("language/", set_language, name="set_language"),
    path("healthz", portal_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("coordination.api.urls")),
    path("access-log/", include("coordination.urls_access_log")),
    path("meetings/", include("meetings.urls")),
    path("deviations/", include("deviations.urls")),
    path("", include("coordination.urls")),
    path("", include("portal.urls")),
]
