"""Pages: co-caseworkers of a case (R17, R20) and contacts with my units (R6)."""

from django.urls import path

from coordination import views_co_caseworkers, views_contacts

urlpatterns: list = [
    path(
        "cases/<int:pk>/co-caseworkers/new/",
        views_co_caseworkers.CoCaseworkerAppointView.as_view(),
        name="co_caseworker_appoint",
    ),
    path(
        "cases/<int:pk>/co-caseworkers/<int:appointment_id>/revoke/",
        views_co_caseworkers.CoCaseworkerRevokeView.as_view(),
        name="co_caseworker_revoke",
    ),
    path(
        "co-caseworker/cases/",
        views_co_caseworkers.CoCaseworkerMineView.as_view(),
        name="co_caseworker_mine",
    ),
    path(
        "contacts/with-my-units/",
        views_contacts.ContactsWithMyUnitsView.as_view(),
        name="contacts_with_my_units",
    ),
]
