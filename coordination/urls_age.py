"""Pages: agreed exceptions to the end of the youth unit's responsibility (R16)."""

from django.urls import path

from coordination import views_age

urlpatterns: list = [
    path(
        "cases/<int:pk>/responsibility/exception/",
        views_age.AgeExceptionRecordView.as_view(),
        name="age_exception_record",
    ),
    path(
        "cases/<int:pk>/responsibility/exception/<int:exception_id>/withdraw/",
        views_age.AgeExceptionWithdrawView.as_view(),
        name="age_exception_withdraw",
    ),
]
