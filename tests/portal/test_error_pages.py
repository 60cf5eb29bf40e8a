"""Error pages say what to do and reveal nothing internal (item 7)."""

import pytest
from django.test import override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def explode(request):
    raise RuntimeError("secret internal detail: /srv/samverkan/db password=hunter2")


urlpatterns = [path("explode/", explode)]


def test_404_page_is_swedish_and_plain(client):
    response = client.get("/no/such/page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Sidan finns inte" in page
    assert "urlpatterns" not in page
    assert "Traceback" not in page


@override_settings(ROOT_URLCONF=__name__)
def test_500_page_reveals_nothing(client):
    client.raise_request_exception = False

    response = client.get("/explode/")

    page = response.content.decode()
    assert response.status_code == 500
    assert "Ett fel uppstod" in page
    assert "hunter2" not in page
    assert "RuntimeError" not in page


def test_expired_form_explains_what_to_do(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post("/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.content.decode()
