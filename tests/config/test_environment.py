"""Configuration comes only from environment variables; bad values stop start-up by name."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.processes import run_manage, user_environment

REPO = settings.BASE_DIR


def manage(*args: str, env: dict[str, str], settings_module: str = "config.settings.local"):
    return run_manage(*args, env=user_environment(DJANGO_SETTINGS_MODULE=settings_module, **env))


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://nobody@localhost/x"),
        ("DATABASE_URL", "not a url"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("DEBUG", "maybe"),
        ("EMAIL_PORT", "twenty-five"),
        ("ALLOWED_HOSTS", "a.example,,b.example"),
    ],
)
def test_malformed_variable_stops_start_up_and_is_named(tmp_path, variable, value):
    result = manage("check", env={variable: value, "SAMVERKAN_VAR_DIR": str(tmp_path)})

    assert result.returncode == 2
    assert f"Environment variable {variable}" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = manage(
        "check",
        env={"SAMVERKAN_VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "samverkan.example.se"},
        settings_module="config.settings.production",
    )

    assert result.returncode == 2
    assert "Environment variable SECRET_KEY: is required but not set" in result.stderr


def test_production_refuses_debug(tmp_path):
    result = manage(
        "check",
        env={"SAMVERKAN_VAR_DIR": str(tmp_path), "DEBUG": "true", "SECRET_KEY": "x" * 60},
        settings_module="config.settings.production",
    )

    assert result.returncode == 2
    assert "Environment variable DEBUG" in result.stderr


def test_production_passes_the_deployment_checklist_without_warnings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SAMVERKAN_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "k3Y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
            "ALLOWED_HOSTS": "samverkan.example.se",
        },
        settings_module="config.settings.production",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def settings_value(expression: str, env: dict[str, str]) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=REPO,
        env=user_environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_default_database_is_sqlite_in_wal_mode_under_var(tmp_path):
    env = {"SAMVERKAN_VAR_DIR": str(tmp_path)}
    name = settings_value("settings.DATABASES['default']['NAME']", env)
    options = settings_value("settings.DATABASES['default']['OPTIONS']['init_command']", env)

    assert name == str(tmp_path / "samverkan.sqlite3")
    assert "journal_mode=WAL" in options


def test_without_redis_celery_uses_the_filesystem_under_var_with_absolute_paths(tmp_path):
    env = {"SAMVERKAN_VAR_DIR": str(tmp_path)}
    broker = settings_value("settings.CELERY_BROKER_URL", env)
    folder = settings_value("settings.CELERY_BROKER_TRANSPORT_OPTIONS['data_folder_in']", env)

    assert broker == "filesystem://"
    assert folder == str(tmp_path / "celery" / "queue")
    assert os.path.isabs(folder)


def test_with_redis_url_celery_uses_redis(tmp_path):
    env = {"SAMVERKAN_VAR_DIR": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/3"}

    assert settings_value("settings.CELERY_BROKER_URL", env) == "redis://127.0.0.1:6379/3"


def test_time_and_language_are_swedish():
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "sv"
    assert [code for code, _ in settings.LANGUAGES] == ["sv", "en"]
