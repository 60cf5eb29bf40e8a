"""Development: the web server, one Celery worker and Celery beat under one command.

Ctrl-C (or SIGTERM) stops all three; if one of them dies, the others are stopped too, so
that a half-running portal never looks healthy.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat together (development)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options) -> None:
        settings.CELERY_DATA_DIR.mkdir(parents=True, exist_ok=True)
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", addrport, "--noreload"],
            "worker": [
                python, "-m", "celery", "-A", "config", "worker",
                "--loglevel=INFO", "--concurrency=1", "--hostname=worker@%h",
            ],
            "beat": [
                python, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
                f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
            ],
        }  # fmt: skip
        processes: dict[str, subprocess.Popen] = {}
        stopping = False

        def stop(*_args) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for name, command in commands.items():
            # Own process groups: Ctrl-C reaches them through us, in order, exactly once.
            processes[name] = subprocess.Popen(  # noqa: S603
                command, cwd=settings.BASE_DIR, env=os.environ.copy(), start_new_session=True
            )
        self.stdout.write(
            self.style.SUCCESS(f"Samverkan runs on http://{addrport}/ (Ctrl-C stops everything)")
        )
        exited = None
        while not stopping and exited is None:
            time.sleep(0.5)
            exited = next((n for n, p in processes.items() if p.poll() is not None), None)
        if exited:
            self.stderr.write(f"{exited} stopped (exit {processes[exited].returncode}); stopping.")
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 15
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
        if exited:
            sys.exit(1)
