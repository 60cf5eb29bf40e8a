"""Fault experiment (issue 5): SIGKILL a real Celery worker on Redis in the middle of a
deadline sweep, again and again, and count that every due item and notification exists once.

Not a pytest test: a full run takes many minutes. The short CI version is
``tests/coordination/test_sweep_worker_fault.py``; the procedure is in ``docs/reliability.md``.

    .venv/bin/python benchmarks/fault_sweep_sigkill.py --rounds 20

Each round picks a fresh "today" (1 June of a year in the 1800s: the generated population is
born 1800-1829, so that it can never be a real person; a year in 1825-1849 puts a whole cohort
at the youth units' threshold age and gives the sweep thousands of new items), computes the
expected items and notifications with a clean sweep rolled back, enqueues the sweep on a
worker, kills the worker's whole process group with SIGKILL at a random moment while the task
runs, starts a new worker, waits until Redis has redelivered the unacknowledged message
(short ``visibility_timeout``) and the sweep has completed, and compares.

This module is also loaded by the worker (``-I benchmarks.fault_sweep_sigkill``): it defines
the thin task ``fault_sweep`` (the project's ``deadlines_sweep_task`` takes no date) and, in
the worker, shortens the broker's visibility timeout from ``FAULT_VISIBILITY_TIMEOUT``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from celery import shared_task

ROOT = Path(__file__).resolve().parent.parent
QUEUE = "fault_sweep"
# Generated people are born 1800-1829: a June up to 1849 still finds 20-year-olds.
LAST_YEAR = 1849
TASK_NAME = "benchmarks.fault_sweep_sigkill.fault_sweep"


def _broker_options(visibility_timeout: int) -> dict[str, int]:
    # kombu restores an unacknowledged message once it is older than visibility_timeout;
    # it looks every unacked_restore_interval seconds, every unacked_restore_throttle-th look.
    return {
        "visibility_timeout": visibility_timeout,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }


if os.environ.get("FAULT_VISIBILITY_TIMEOUT"):  # set for the experiment's workers only
    from config.celery import app as _app

    _app.conf.broker_transport_options = _broker_options(
        int(os.environ["FAULT_VISIBILITY_TIMEOUT"])
    )


def _redis():
    import redis
    from django.conf import settings

    return redis.Redis.from_url(settings.REDIS_URL)


@shared_task(name=TASK_NAME)
def fault_sweep(run: str, today_iso: str) -> dict[str, int]:
    """deadlines_sweep(today=...) with a start counter and a completion mark in Redis."""
    from coordination.services.deadlines import deadlines_sweep

    client = _redis()
    client.incr(f"fault:{run}:starts")
    result = deadlines_sweep(today=datetime.date.fromisoformat(today_iso))
    client.rpush(
        f"fault:{run}:done", json.dumps({"raised": result.total, "notified": result.notified})
    )
    return dict(result.raised)


# --- the driver --------------------------------------------------------------------------


def environment(database: str, redis_url: str, visibility_timeout: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        REDIS_URL=redis_url,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        FAULT_VISIBILITY_TIMEOUT=str(visibility_timeout),
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare_database(*, database: str, individuals: int, organisation: str, env: dict) -> None:
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{database}"')
    connection.close()
    manage = [sys.executable, "manage.py"]
    for args in (
        ["migrate", "-v0"],
        ["load_organisation", "--all"],
        ["generate_population", "--individuals", str(individuals), "--organisation", organisation],
    ):
        print("$ manage.py", " ".join(args), flush=True)
        subprocess.run([*manage, *args], cwd=ROOT, env=env, check=True)  # noqa: S603


class Worker:
    """`celery -A config worker --concurrency 1` in a process group of its own."""

    def __init__(self, env: dict[str, str], log: Path, name: str) -> None:
        self.log = log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "config",
                "worker",
                "--concurrency",
                "1",
                "--pool",
                "prefork",
                "-Q",
                QUEUE,
                "-I",
                "benchmarks.fault_sweep_sigkill",
                "-n",
                f"{name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def sigkill(self) -> None:
        """The whole group (main process and pool child) at once, as a lost host would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def sigkill_pool_child(self) -> None:
        """Only the pool process running the task: the main process sees the worker lost
        and, with reject_on_worker_lost, hands the message back to Redis at once."""
        pid = self.process.pid
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            os.kill(int(child), signal.SIGKILL)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


@dataclass
class Round:
    number: int
    today: datetime.date
    kill: str = "group"
    clean_seconds: float = 0.0
    kill_after: float = 0.0
    items_at_kill: int = 0
    finished_before_kill: bool = False
    starts: int = 0
    completions: int = 0
    recovery_seconds: float = 0.0
    expected_items: int = 0
    found_items: int = 0
    missing_items: int = 0
    extra_items: int = 0
    expected_notifications: int = 0
    found_notifications: int = 0
    missing_notifications: int = 0
    extra_notifications: int = 0
    left_in_broker: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def redeliveries(self) -> int:
        return max(self.starts - 1, 0)


def _raised_since(since: datetime.datetime) -> tuple[set, set]:
    """(case, kind, period) of items raised since, and (recipient, case, kind, period)."""
    from coordination.models import DueItem, Notification

    items = set(
        DueItem.objects.filter(raised_at__gte=since).values_list("case_id", "kind", "period")
    )
    notes = set(
        Notification.objects.filter(due_item__raised_at__gte=since).values_list(
            "recipient_id", "due_item__case_id", "due_item__kind", "due_item__period"
        )
    )
    return items, notes


def _expected(today: datetime.date) -> tuple[set, set, float]:
    """What one clean sweep raises for today on the current data, rolled back afterwards."""
    from django.db import transaction
    from django.utils import timezone

    from coordination.services.deadlines import deadlines_sweep

    started, clock = timezone.now(), time.monotonic()
    with transaction.atomic():
        deadlines_sweep(today=today)
        seconds = time.monotonic() - clock
        items, notes = _raised_since(started)
        transaction.set_rollback(True)
    return items, notes, seconds


def duplicates() -> tuple[int, int]:
    """Groups with more than one row: items per (case, kind, period), notifications per
    (recipient, item). The unique constraints make both 0; counted, not assumed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM coordination_dueitem"
            " GROUP BY case_id, kind, period HAVING count(*) > 1) d"
        )
        items = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM coordination_notification"
            " GROUP BY recipient_id, due_item_id HAVING count(*) > 1) d"
        )
        notes = cursor.fetchone()[0]
    return items, notes


def _wait(condition, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def run_round(
    *,
    number: int,
    today: datetime.date,
    env: dict,
    log: Path,
    rng: random.Random,
    run_id: str,
    kill: str = "group",
) -> Round:
    """One round; kill is "group" (main process and pool child: redelivered by Redis after
    the visibility timeout to a new worker) or "child" (the pool process only: handed back
    at once by the surviving main process through reject_on_worker_lost)."""
    from django.utils import timezone

    from coordination.models import DueItem

    client = _redis()
    result = Round(number=number, today=today, kill=kill)
    expected_items, expected_notes, result.clean_seconds = _expected(today)
    key = f"{run_id}-{number}"
    since = timezone.now()
    first = Worker(env, log, f"fault{number}a")
    fault_sweep.apply_async(args=[key, today.isoformat()], queue=QUEUE)
    if not _wait(lambda: client.get(f"fault:{key}:starts"), timeout=120):
        first.sigkill()
        raise RuntimeError(f"round {number}: the task did not start within 120 s")
    # A random moment within the sweep's expected duration (the clean run's time).
    # (The worker's sweep runs a little faster than the clean run, which reads back more.)
    result.kill_after = rng.uniform(0.05, 0.8) * result.clean_seconds
    time.sleep(result.kill_after)
    if kill == "child":
        first.sigkill_pool_child()
    else:
        first.sigkill()
    killed_at = time.monotonic()
    result.finished_before_kill = client.llen(f"fault:{key}:done") > 0
    result.items_at_kill = DueItem.objects.filter(raised_at__gte=since).count()
    second = first if kill == "child" else Worker(env, log, f"fault{number}b")
    if not _wait(lambda: client.llen(f"fault:{key}:done") > 0, timeout=300, step=0.2):
        result.notes.append("no completion within 300 s")
    result.recovery_seconds = time.monotonic() - killed_at
    second.stop()  # warm: the finished task is acknowledged before the worker exits
    result.starts = int(client.get(f"fault:{key}:starts") or 0)
    result.completions = client.llen(f"fault:{key}:done")
    result.left_in_broker = client.llen(QUEUE) + client.hlen("unacked")
    found_items, found_notes = _raised_since(since)
    result.expected_items, result.found_items = len(expected_items), len(found_items)
    result.missing_items = len(expected_items - found_items)
    result.extra_items = len(found_items - expected_items)
    result.expected_notifications, result.found_notifications = (
        len(expected_notes),
        len(found_notes),
    )
    result.missing_notifications = len(expected_notes - found_notes)
    result.extra_notifications = len(found_notes - expected_notes)
    return result


def report(rounds: list[Round], *, meta: dict, dup: tuple[int, int]) -> str:
    lines = [
        "# Fault test: SIGKILL of the Celery worker during the deadline sweep",
        "",
        "Written by `benchmarks/fault_sweep_sigkill.py`; procedure in `docs/reliability.md`.",
        "",
        *(f"- {k}: {v}" for k, v in meta.items()),
        "",
        "| round | kill | today | clean sweep s | kill after s | items at kill"
        " | finished before kill | task starts | redeliveries | recovery s | items expected"
        " | items found | missing | extra | notifications expected | found | missing | extra"
        " | left in broker |",
        "|---" * 19 + "|",
    ]
    for r in rounds:
        lines.append(
            f"| {r.number} | {r.kill} | {r.today} | {r.clean_seconds:.1f} | {r.kill_after:.1f}"
            f" | {r.items_at_kill} | {'yes' if r.finished_before_kill else 'no'} | {r.starts}"
            f" | {r.redeliveries} | {r.recovery_seconds:.1f} | {r.expected_items}"
            f" | {r.found_items} | {r.missing_items} | {r.extra_items}"
            f" | {r.expected_notifications} | {r.found_notifications}"
            f" | {r.missing_notifications} | {r.extra_notifications} | {r.left_in_broker} |"
        )
    total = {
        "rounds (SIGKILLs)": len(rounds),
        "kills while the task was running": sum(not r.finished_before_kill for r in rounds),
        "kills with a batch already committed": sum(r.items_at_kill > 0 for r in rounds),
        "redeliveries observed": sum(r.redeliveries for r in rounds),
        "items expected / found": f"{sum(r.expected_items for r in rounds)}"
        f" / {sum(r.found_items for r in rounds)}",
        "items missing / extra": f"{sum(r.missing_items for r in rounds)}"
        f" / {sum(r.extra_items for r in rounds)}",
        "notifications expected / found": f"{sum(r.expected_notifications for r in rounds)}"
        f" / {sum(r.found_notifications for r in rounds)}",
        "notifications missing / extra": f"{sum(r.missing_notifications for r in rounds)}"
        f" / {sum(r.extra_notifications for r in rounds)}",
        "duplicate items (case, kind, period) in the whole table": dup[0],
        "duplicate notifications (recipient, item) in the whole table": dup[1],
    }
    lines += ["", "## Total", "", *(f"- {k}: {v}" for k, v in total.items())]
    notes = [f"- round {r.number}: {n}" for r in rounds for n in r.notes]
    if notes:
        lines += ["", "## Notes", "", *notes]
    return "\n".join(lines) + "\n"


def _result_path() -> Path:
    """results/<date>-fault-sweep-sigkill.md, or -run2, -run3...: never overwritten."""
    stem = ROOT / "benchmarks" / "results" / f"{datetime.datetime.now(datetime.UTC).date()}"
    path, run = Path(f"{stem}-fault-sweep-sigkill.md"), 1
    while path.exists():
        run += 1
        path = Path(f"{stem}-fault-sweep-sigkill-run{run}.md")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=20, help="kills that hit a running sweep (default 20)"
    )
    parser.add_argument("--individuals", type=int, default=200_000)
    parser.add_argument("--organisation", default="osthammar")
    parser.add_argument("--database", default="samverkan_fault")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--visibility-timeout", type=int, default=10)
    parser.add_argument("--first-year", type=int, default=1825)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--kill",
        choices=["group", "child", "alternate"],
        default="group",
        help="SIGKILL the worker's process group (default), its pool child, or alternate",
    )
    parser.add_argument("--reuse-database", action="store_true")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    env = environment(args.database, args.redis_url, args.visibility_timeout)
    if not args.reuse_database:
        prepare_database(
            database=args.database,
            individuals=args.individuals,
            organisation=args.organisation,
            env=env,
        )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from coordination.models import Case

    client = _redis()
    client.flushdb()  # the experiment's own Redis database
    log = ROOT / "var" / "fault-sweep-worker.log"
    log.parent.mkdir(exist_ok=True)
    log.write_bytes(b"")
    rng = random.Random(args.seed)  # noqa: S311 (kill moments, not secrets)
    run_id = f"{int(time.time())}"
    rounds: list[Round] = []
    started = time.monotonic()
    number = 0
    # --rounds counts kills that hit a running task: a round whose sweep finished before
    # the kill is reported but not counted, and another round follows.
    while sum(not r.finished_before_kill for r in rounds) < args.rounds:
        number += 1
        if args.first_year + number - 1 > LAST_YEAR:
            print(f"stopped: no fresh cohort after {LAST_YEAR}", flush=True)
            break
        today = datetime.date(args.first_year + number - 1, 6, 1)
        kill = args.kill
        if kill == "alternate":
            kill = "group" if number % 2 else "child"
        r = run_round(
            number=number, today=today, env=env, log=log, rng=rng, run_id=run_id, kill=kill
        )
        rounds.append(r)
        print(
            f"round {number} {today}: {kill} kill after {r.kill_after:.1f}s (items at kill"
            f" {r.items_at_kill}, finished {r.finished_before_kill}), starts {r.starts},"
            f" items {r.found_items}/{r.expected_items} missing {r.missing_items} extra"
            f" {r.extra_items}, notifications {r.found_notifications}/"
            f"{r.expected_notifications} missing {r.missing_notifications} extra"
            f" {r.extra_notifications}, recovery {r.recovery_seconds:.1f}s",
            flush=True,
        )
    dup = duplicates()
    meta = {
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "population": f"{args.individuals} generated individuals, organisation"
        f" {args.organisation}, {Case.objects.count()} cases (all organisations)",
        "worker": "`celery -A config worker --concurrency 1 --pool prefork -Q fault_sweep"
        " -I benchmarks.fault_sweep_sigkill`, config.settings.local on PostgreSQL + Redis",
        "broker": f"Redis {args.redis_url}, visibility_timeout {args.visibility_timeout} s"
        " (production: 3600 s)",
        "kill": {
            "group": "SIGKILL to the worker's process group (main process and pool child),"
            " then a new worker",
            "child": "SIGKILL to the worker's pool child only (the main process survives)",
            "alternate": "odd rounds SIGKILL the whole process group (then a new worker),"
            " even rounds only the pool child",
        }[args.kill],
        "wall time": f"{time.monotonic() - started:.0f} s",
    }
    text = report(rounds, meta=meta, dup=dup)
    output = args.output or _result_path()
    output.write_text(text)
    print(text)
    client.flushdb()


if __name__ == "__main__":
    main()
