"""/healthz: database and broker status as JSON, without login or personal data (item 8)."""

import pytest

from portal import views

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_healthz_reports_an_unreachable_broker_with_503(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError("redis down at 10.0.0.1")

    monkeypatch.setattr(views.celery_app, "connection_for_write", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}
    assert "10.0.0.1" not in response.content.decode()


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
