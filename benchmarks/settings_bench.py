"""Benchmark settings: production's stack over plain HTTP on 127.0.0.1, plus the bare view.

The script sets SECRET_KEY, DATABASE_URL, BENCH_TOKEN and BENCH_VIEWER_ID; TLS is left out
because the load runs on the loopback interface without a reverse proxy.
"""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from config.env import env_int, env_str
from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls_bench"
# JSON only: no collectstatic manifest is needed.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
BENCH_TOKEN = env_str("BENCH_TOKEN")
BENCH_VIEWER_ID = env_int("BENCH_VIEWER_ID", 0)
