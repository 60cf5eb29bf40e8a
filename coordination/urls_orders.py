"""The pages of orders to in-house open care (R26-R29); included in the `coordination`
namespace."""

from django.urls import path

from coordination import views_orders as views

urlpatterns: list = [
    path("cases/<int:pk>/orders/new/", views.OrderStartView.as_view(), name="order_start"),
    path("orders/incoming/", views.OrderIncomingView.as_view(), name="order_incoming"),
    path("orders/to-check/", views.OrderToCheckView.as_view(), name="order_to_check"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/edit/", views.OrderEditView.as_view(), name="order_edit"),
    path("orders/<int:pk>/send/", views.OrderSendView.as_view(), name="order_send"),
    path("orders/<int:pk>/receive/", views.OrderReceiveView.as_view(), name="order_receive"),
    path("orders/<int:pk>/refuse/", views.OrderRefuseView.as_view(), name="order_refuse"),
    path("orders/<int:pk>/check/", views.OrderCheckView.as_view(), name="order_check"),
    path("orders/<int:pk>/kick-off/", views.OrderKickOffView.as_view(), name="order_kick_off"),
    path("orders/<int:pk>/plan/", views.OrderPlanView.as_view(), name="order_plan"),
    path("orders/<int:pk>/follow-up/", views.OrderFollowUpView.as_view(), name="order_follow_up"),
    path("orders/<int:pk>/close/", views.OrderCloseView.as_view(), name="order_close"),
    path(
        "orders/<int:pk>/guardians-end/",
        views.OrderGuardiansEndView.as_view(),
        name="order_guardians_end",
    ),
    path(
        "orders/<int:pk>/investigation/",
        views.OrderInvestigationView.as_view(),
        name="order_investigation",
    ),
    path(
        "orders/<int:pk>/documentation/",
        views.OrderDocumentationView.as_view(),
        name="order_documentation",
    ),
    path("orders/<int:pk>/cancel/", views.OrderCancelView.as_view(), name="order_cancel"),
]
