"""Runs manage.py as a user would: a child process with a clean, explicit environment."""

import os
import subprocess
import sys

from django.conf import settings

# Variables the test session itself sets that a user's shell would not have.
_SESSION_ONLY = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}


def user_environment(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SESSION_ONLY}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    env.update(overrides)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        # A fresh database's `migrate` took 47 s alone on the 2-core machine (2026-11-30) and
        # passed 120 s when two suites shared the cores; the limit only catches a hang.
        timeout=300,
        check=False,
    )
