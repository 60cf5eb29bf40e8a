"""URLs of the semester inventory (R19); included in the `coordination:` namespace."""

from django.urls import path

from coordination import views_inventory

urlpatterns: list = [
    path("inventory/", views_inventory.InventoryView.as_view(), name="inventory"),
    path(
        "inventory/<int:unit_pk>/export.csv",
        views_inventory.InventoryExportView.as_view(),
        name="inventory_export",
    ),
]
