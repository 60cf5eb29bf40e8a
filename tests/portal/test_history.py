"""Every domain model keeps history, with the acting user from the request (item 8)."""

import pytest
from django.apps import apps

from tests.factories import member
from units.models import Role, Unit

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ("units", "coordination", "meetings", "deviations")
# Rows that need no change history of their own, and why:
# - AccessLogEntry is never changed after it is written (append-only);
# - DeviationExport is itself a log (who exported what, when); its only changes are a job's
#   progress and its end, which would write a history row per chunk of rows;
# - CostAllocation rows are derived: rebuilt from an intervention's cost shares, whose own
#   history records every change of the split.
APPEND_ONLY = {"AccessLogEntry", "DeviationExport", "CostAllocation"}


def test_every_domain_model_has_history():
    models = [
        model
        for app in DOMAIN_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical") and model.__name__ not in APPEND_ONLY
    ]

    missing = [model.__name__ for model in models if not hasattr(model, "history")]

    assert models
    assert missing == []


def test_a_change_in_the_admin_records_who_made_it(client, osthammar):
    # given an administrator of Östhammar
    admin_user = member(Role.ADMINISTRATOR, organisation=osthammar)
    client.force_login(admin_user)
    unit = osthammar.units.order_by("pk").first()

    # when they rename a unit in the admin
    response = client.post(
        f"/admin/units/unit/{unit.pk}/change/",
        {
            "organisation": osthammar.pk,
            "department": unit.department_id,
            "code": unit.code,
            "name": "Barn och unga Östhammar",
            "short_name": unit.short_name,
            "kind": unit.kind,
            "email": unit.email,
            "phone": unit.phone,
            "is_active": "on",
        },
    )

    # then the history names them as the one who changed it
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Unit.history.filter(id=unit.pk).latest("history_date")
    assert latest.name == "Barn och unga Östhammar"
    assert latest.history_user == admin_user
