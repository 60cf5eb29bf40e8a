"""Settings shared by every mode; every value that varies per machine comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import EnvError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("SAMVERKAN_VAR_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "guardian",
    "simple_history",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "units",
    "coordination",
    "meetings",
    "deviations",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "coordination.context_processors.inbox",
            ],
        },
    },
]


def _database_from_env() -> dict:
    default_url = f"sqlite:///{VAR_DIR / 'samverkan.sqlite3'}"
    url = env_str("DATABASE_URL", default_url)
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except (ValueError, KeyError) as exc:
        raise EnvError("DATABASE_URL", f"cannot be parsed ({exc})") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        if config["NAME"] and config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets the web server read while Celery writes; IMMEDIATE avoids
        # "database is locked" on upgrade from a read to a write lock.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine in {"django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"}:
        config["CONN_HEALTH_CHECKS"] = True
        # JIT compiles a query when its estimated cost is high; for the portal's short
        # queries that costs far more than it saves (the family timeline's UNION spent
        # 15 s in JIT compilation against milliseconds of execution: docs/performance.md).
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    else:
        raise EnvError("DATABASE_URL", f"must be a sqlite:// or postgres:// URL, got {engine!r}")
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out account before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in protection (ASVS 2.2.1): five failures lock the account for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = [
    # axes.W006 asks to lock by IP address too. A municipality's staff reach the portal
    # through one NAT or proxy address, so one person's typos would lock out a whole
    # office; accounts lock by username and the reverse proxy rate-limits per address
    # (docs/deployment.md).
    "axes.W006",
]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "portal.views.lockout_response"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)

# Sessions live server-side so that logout and timeouts end them for real (ASVS 3.3.2 L3).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 15 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "samverkan_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "samverkan_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise EnvError("EMAIL_USE_SSL", "cannot be true together with EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# The portal's address as users reach it, for links in e-mail (e.g. https://samverkan.kommun.se).
SITE_URL = env_str("SITE_URL", "").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Samverkan <samverkan@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport under var/.
REDIS_URL = env_str("REDIS_URL", "").strip()
CELERY_DATA_DIR = VAR_DIR / "celery"
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise EnvError("REDIS_URL", "must start with redis://, rediss:// or unix://")
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
# Autodiscovery finds only tasks.py; these modules hold tasks too.
CELERY_IMPORTS = [
    "coordination.tasks_notifications",
    "coordination.tasks_deadlines",
    "coordination.tasks_feeds",
    "coordination.tasks_handovers",
    "coordination.tasks_escalations",
    "coordination.tasks_routine_runs",
    "meetings.tasks",
]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DATA_DIR / "beat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Interval schedules, not crontab: crontab has open DST bugs (STYLE.md rule 8).
    "portal.clear_expired_sessions": {
        "task": "portal.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=1),
    },
    # R17: raise handover deadlines, reminders and overdue items, once each. Every minute, so
    # that a missed run costs a minute; the sweep is idempotent.
    "coordination.deadlines_sweep": {
        "task": "coordination.tasks_deadlines.deadlines_sweep_task",
        "schedule": timedelta(minutes=1),
    },
    # Notifications whose e-mail was never enqueued or never sent are picked up here.
    "coordination.notifications_email_pending": {
        "task": "coordination.tasks_notifications.notifications_email_pending",
        "schedule": timedelta(minutes=5),
    },
    # The optional daily digest goes out once a day after 07:00 (the task checks the hour).
    "coordination.notifications_digest_send": {
        "task": "coordination.tasks_feeds.notifications_digest_send",
        "schedule": timedelta(hours=1),
    },
    # R17, R18: responsibility passes on the threshold birthday for appointed handovers.
    "coordination.handovers_pass_due": {
        "task": "coordination.tasks_handovers.handovers_pass_due",
        "schedule": timedelta(minutes=10),
    },
    # A co-caseworker's access begins on the first day of the appointment.
    "coordination.co_caseworker_grants_activate": {
        "task": "coordination.tasks.co_caseworker_grants_activate",
        "schedule": timedelta(minutes=10),
    },
    # R21: the meetings of the next 90 days exist, each series' dates once.
    "meetings.schedule": {
        "task": "meetings.tasks.meetings_schedule_task",
        "schedule": timedelta(hours=1),
    },
    # R22: an agenda freezes at its submission cutoff (12:00 Stockholm the day before by
    # default); every minute, so it freezes within a minute of the cutoff.
    "meetings.freeze_due": {
        "task": "meetings.tasks.meetings_freeze_due_task",
        "schedule": timedelta(minutes=1),
    },
    # R22: remind those who may submit, meeting_reminder_days before the cutoff; idempotent.
    "meetings.reminders_sweep": {
        "task": "meetings.tasks.meeting_reminders_sweep_task",
        "schedule": timedelta(minutes=15),
    },
    # R24: the yearly routine review reminder on the 1st of each organisation's month; once a
    # year per organisation. Hourly, not daily: a daily interval counts from beat's start, so
    # the reminder could come a day late.
    "meetings.routine_reviews_sweep": {
        "task": "meetings.tasks.routine_reviews_sweep_task",
        "schedule": timedelta(hours=1),
    },
    # R2: an escalation past its level's target time is flagged once per level visit and the
    # level above is told; hourly, since targets are in days.
    "coordination.escalations_overdue_sweep": {
        "task": "coordination.tasks_escalations.escalations_overdue_sweep_task",
        "schedule": timedelta(hours=1),
    },
    # Export files deleted after DEVIATION_EXPORT_RETENTION_DAYS; jobs whose worker was lost
    # are failed (docs/exports.md).
    "deviations.exports_sweep": {
        "task": "deviations.tasks.deviation_exports_sweep_task",
        "schedule": timedelta(hours=1),
    },
    # R30: a routine step past its due day tells its holder, and later the unit manager, once
    # each; hourly, since step deadlines are in days.
    "coordination.routine_steps_overdue_sweep": {
        "task": "coordination.tasks_routine_runs.routine_steps_overdue_sweep_task",
        "schedule": timedelta(hours=1),
    },
}

# Exports of deviation reports (docs/exports.md), the same for every organisation: an XLSX of
# at most this many rows is answered at once, a larger one is prepared by a worker (a job the
# user follows); a prepared file is deleted this many days after it was finished.
DEVIATION_XLSX_INLINE_MAX_ROWS = 2000
DEVIATION_EXPORT_RETENTION_DAYS = 7

# Demo users have a known password: only development and tests may create them.
DEMO_DATA_ALLOWED = False

REST_FRAMEWORK = {
    # Integrations use tokens (manage.py drf_create_token USER); the browser its session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "coordination.api.authentication.TokenByOneQuery",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "coordination.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samverkan API",
    "DESCRIPTION": "Individuals, relations, cases and the active-case check (R3, R4).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs several INFO lines for every PDF it renders.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
