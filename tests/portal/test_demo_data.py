"""`make run`'s demo data: one login per role, test numbers only, never overwritten (item 5)."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from coordination.models import Individual
from portal.services import DemoDataError, demo_data_create, demo_fixture_dir
from units.models import Role, User

pytestmark = pytest.mark.django_db

TESTDATA = settings.BASE_DIR / "tests" / "data" / "personnummer"


def test_demo_data_has_a_login_for_every_role(demo):
    roles = {login.role for login in demo.logins}

    assert roles == set(Role)


def test_demo_individuals_use_only_skatteverkets_test_numbers(load_organisation):
    official = set(json.loads((TESTDATA / "allPins.json").read_text()))
    official |= set(json.loads((TESTDATA / "allCoords.json").read_text()))
    for path in demo_fixture_dir().glob("*.json"):
        load_organisation(json.loads(path.read_text())["organisation"])
        demo_data_create(path=path)

    numbers = set(Individual.objects.values_list("identity_number", flat=True))

    assert numbers
    assert numbers <= official


def test_running_again_keeps_changed_passwords_and_adds_nothing(demo):
    user = User.objects.get(username=demo.logins[0].username)
    user.set_password("Changed-By-User-2026")
    user.save()
    individuals = Individual.objects.count()

    again = demo_data_create(path=demo_fixture_dir() / "osthammar.json")

    user.refresh_from_db()
    assert user.check_password("Changed-By-User-2026")
    assert not any(login.created for login in again.logins)
    assert Individual.objects.count() == individuals


def test_demo_data_is_refused_where_not_allowed(osthammar, settings):
    settings.DEMO_DATA_ALLOWED = False

    with pytest.raises(DemoDataError):
        demo_data_create(path=demo_fixture_dir() / "osthammar.json")

    assert not User.objects.exists()


def test_command_prints_one_login_per_role(osthammar, capsys):
    call_command("create_demo_data", "osthammar")

    out = capsys.readouterr().out
    login_lines = [line for line in out.splitlines() if line.startswith("    ost.")]
    assert len(login_lines) == len(Role)
    for role in Role:
        assert sum(f"  {role.label}, " in line for line in login_lines) == 1
    assert "Password: Demo-Samverkan-2026" in out


def test_command_needs_the_organisation_loaded_first(db):
    with pytest.raises(CommandError, match="load_organisation osthammar"):
        call_command("create_demo_data", "osthammar")
