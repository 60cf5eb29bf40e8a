"""The caseworker's pages."""

from django.urls import include, path

from coordination import views

app_name = "coordination"

urlpatterns = [
    path("individuals/", views.IndividualSearchView.as_view(), name="individual_search"),
    path("individuals/<int:pk>/", views.IndividualDetailView.as_view(), name="individual_detail"),
    path(
        "individuals/<int:pk>/relations/new/",
        views.RelationCreateView.as_view(),
        name="relation_create",
    ),
    path("cases/new/", views.CaseRegisterView.as_view(), name="case_register"),
    path("cases/mine/", views.MyCasesView.as_view(), name="my_cases"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path(
        "cases/<int:pk>/contact-need/",
        views.CaseContactNeedView.as_view(),
        name="case_contact_need",
    ),
    path("cases/<int:pk>/status/", views.CaseTransitionView.as_view(), name="case_transition"),
    path("cases/<int:pk>/contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path(
        "cases/<int:pk>/read-with-reason/",
        views.CaseReadWithReasonView.as_view(),
        name="case_read_with_reason",
    ),
    path("", include("coordination.urls_plans")),
    path("", include("coordination.urls_co_caseworkers")),
    path("", include("coordination.urls_consent")),
    path("", include("coordination.urls_three_party")),
    path("", include("coordination.urls_care_planning")),
    path("", include("coordination.urls_age")),
    path("", include("coordination.urls_notifications")),
    path("", include("coordination.urls_inventory")),
    path("", include("coordination.urls_feeds")),
    path("", include("coordination.urls_handovers")),
    path("", include("coordination.urls_orders")),
    path("", include("coordination.urls_escalations")),
    path("", include("coordination.urls_routines")),
    path("", include("coordination.urls_costs")),
    path("", include("coordination.urls_copies")),
    path("", include("coordination.urls_joint_visits")),
]
