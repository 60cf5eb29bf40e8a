"""`make run`'s last step: web server, worker and beat start together and stop together."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

from tests.processes import run_manage, user_environment


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    result = subprocess.run(  # noqa: S603
        ["ps", "-o", "pid=", "--ppid", str(pid)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return [int(line) for line in result.stdout.split()]


# With pytest-xdist: its worker and beat use CI's Redis; no other test's worker runs meanwhile.
@pytest.mark.xdist_group("celery_workers")
def test_runportal_serves_health_and_ctrl_c_stops_all_three(tmp_path):
    env = user_environment(SAMVERKAN_VAR_DIR=str(tmp_path))
    if "REDIS_URL" in os.environ:
        env["REDIS_URL"] = os.environ["REDIS_URL"]  # CI: the worker talks to the real Redis
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    manage = [sys.executable, "manage.py"]
    port = _free_port()
    portal = subprocess.Popen(  # noqa: S603
        [*manage, "runportal", "--addrport", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        health = None
        deadline = time.monotonic() + 60
        while health is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = json.loads(r.read())
            except OSError:
                time.sleep(0.5)
        children = _children(portal.pid)

        assert health == {"status": "ok", "database": "ok", "broker": "ok"}
        assert len(children) == 3  # web server, worker, beat

        portal.send_signal(signal.SIGINT)
        portal.wait(timeout=30)
        for child in children:
            with pytest.raises(ProcessLookupError):
                os.kill(child, 0)
    finally:
        if portal.poll() is None:
            portal.kill()
