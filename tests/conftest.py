"""Shared fixtures: the organisations of the seed routines, loaded as in production."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from portal.services import DemoResult, demo_data_create, demo_fixture_dir
from tests.organisations import organisation_load_fast
from units.models import Organisation

REPO = Path(settings.BASE_DIR)


@pytest.fixture
def load_organisation(db):
    def load(code: str) -> Organisation:
        # Exactly organisation_load's rows and history, in a fraction of the queries.
        return organisation_load_fast(code)

    return load


@pytest.fixture
def osthammar(load_organisation) -> Organisation:
    """Östhammar's routine settings (seeds 001 and 002)."""
    return load_organisation("osthammar")


@pytest.fixture
def demo(osthammar) -> DemoResult:
    """Östhammar with its demo users, one per role, and demo individuals."""
    return demo_data_create(path=demo_fixture_dir() / "osthammar.json")


@pytest.fixture
def demo_logins(demo) -> dict[str, str]:
    """The first demo username per role, as `make run` prints them."""
    logins: dict[str, str] = {}
    for login in demo.logins:
        logins.setdefault(login.role.value, login.username)
    return logins


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Swedish, the default; a request's language does not leak onward."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
