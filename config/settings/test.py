"""Test settings: fast hashing, eager-free Celery, in-memory e-mail; database from DATABASE_URL."""

import os

os.environ.setdefault("DEBUG", "false")

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An in-memory test database, shared with live_server's thread by Django.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DEMO_DATA_ALLOWED = True
# Static files straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if CELERY_BROKER_URL == "filesystem://":  # noqa: F405
    # A queue of the test run's own, so that a `make run` worker never takes test messages.
    import tempfile

    _queue = tempfile.mkdtemp(prefix="samverkan-test-celery-")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _queue,
        "data_folder_out": _queue,
        "control_folder": _queue + "-control",
        "processed_folder": _queue + "-processed",
        "store_processed": False,
    }
