"""Pages: consents of an individual (R12), their withdrawal, and the review of overrides."""

from django.urls import path

from coordination import views_consent as views

urlpatterns: list = [
    path(
        "individuals/<int:pk>/consents/new/",
        views.ConsentCreateView.as_view(),
        name="consent_create",
    ),
    path(
        "consents/<int:pk>/withdraw/",
        views.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path(
        "consents/overrides/",
        views.ConsentOverrideReviewListView.as_view(),
        name="consent_override_review_list",
    ),
    path(
        "consents/overrides/<int:pk>/review/",
        views.ConsentOverrideReviewView.as_view(),
        name="consent_override_review",
    ),
]
