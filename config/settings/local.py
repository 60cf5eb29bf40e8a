"""Development on one machine: SQLite under var/, filesystem broker, mails on the console."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from config.env import env_str
from config.settings.base import *  # noqa: F403

# A development-only key; production refuses to start without SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-local-development-only-never-in-production")
DEMO_DATA_ALLOWED = True
# Static files straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
