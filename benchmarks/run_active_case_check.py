"""The active-case check under load: the API against a one-query bare view, in one run.

    .venv/bin/python benchmarks/run_active_case_check.py --individuals 1000000

Drops and creates the PostgreSQL database `samverkan_bench` on 127.0.0.1:5432 (user
postgres, trust auth), migrates, loads the organisations, generates the population, starts
one gunicorn serving both endpoints on 127.0.0.1, loads each with wrk (same ids, same
concurrency, warm-up first), counts queries per check, prints a results table, writes it to
benchmarks/results/<date>-active-case-check-<N>.md (-run2, -run3... when a run of that day
exists), and stops gunicorn. Every phase is timed.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script from any folder: the project root must be importable for benchmarks.common.
sys.path.insert(0, str(ROOT))
from benchmarks.common import database_recreate, results_write  # noqa: E402

BIN = ROOT / ".venv" / "bin"
ENDPOINTS = {
    "api": ("API (DRF, token auth, selectors)", "/api/individuals/%d/active-cases/"),
    "bare": ("bare view (one raw SQL query)", "/bench/individuals/%d/active-cases/"),
}
RESULT = re.compile(r"RESULT (.*)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--individuals", type=int, default=1_000_000)
    parser.add_argument("--cases-per-individual", type=int, default=3)
    parser.add_argument("--organisation", default="osthammar")
    parser.add_argument("--database", default="samverkan_bench")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--duration", type=int, default=30, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=10, help="warm-up seconds per endpoint")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--endpoints", default="api,bare")
    parser.add_argument(
        "--reuse-database", action="store_true", help="skip creation and generation"
    )
    args = parser.parse_args()
    endpoints = args.endpoints.split(",")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    work = ROOT / "var" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    ids_file = work / "ids.txt"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="benchmarks.settings_bench",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        SECRET_KEY=secrets.token_urlsafe(64),
        BENCH_TOKEN=secrets.token_hex(20),
        PYTHONPATH=str(ROOT),
    )
    phases: list[tuple[str, float]] = []
    generation = ""

    def phase(name: str, command: list[str]) -> str:
        print(f"== {name}: {' '.join(command)}", flush=True)
        started = time.perf_counter()
        completed = subprocess.run(  # noqa: S603 - our own commands, no shell
            command, cwd=ROOT, env=env, capture_output=True, text=True
        )
        if completed.returncode:
            raise SystemExit(f"{name} failed:\n{completed.stdout}\n{completed.stderr}")
        phases.append((name, time.perf_counter() - started))
        print(completed.stdout, end="", flush=True)
        return completed.stdout

    manage = [str(BIN / "python"), "manage.py"]
    if not args.reuse_database:
        started = time.perf_counter()
        database_recreate(args.database)
        phases.append((f"drop and create {args.database}", time.perf_counter() - started))
        phase("migrate", [*manage, "migrate", "--noinput", "-v0"])
        phase("load organisations", [*manage, "load_organisation", "--all"])
        output = phase(
            f"generate {args.individuals:,} individuals",
            [
                *manage,
                "generate_population",
                f"--individuals={args.individuals}",
                f"--organisation={args.organisation}",
                f"--cases-per-individual={args.cases_per_individual}",
                "-v2",
            ],
        )
        generation = next(line for line in output.splitlines() if line.startswith("Generated"))
        generation += "\n" + "\n".join(
            line for line in output.splitlines() if line.startswith("  writing")
        )
    prepared = phase(
        "choose viewer, token, ids",
        [str(BIN / "python"), "-m", "benchmarks.prepare", "--ids", str(ids_file)],
    )
    for line in prepared.splitlines():
        key, _, value = line.partition("=")
        env[key] = value

    gunicorn = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            f"--workers={args.workers}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{args.port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        wait_until_up(f"{base}/healthz")
        first_id = int(ids_file.read_text().split()[0])
        for name in endpoints:
            smoke_check(base + ENDPOINTS[name][1] % first_id, env["BENCH_TOKEN"])
        queries = phase(
            "count queries per check",
            [
                str(BIN / "python"),
                "-m",
                "benchmarks.count_queries",
                f"--ids={ids_file}",
                f"--endpoints={args.endpoints}",
            ],
        )
        results = {}
        for name in endpoints:
            load(base, name, ids_file, env["BENCH_TOKEN"], args, args.warmup, phases, "warm-up")
        for name in endpoints:
            results[name] = load(
                base, name, ids_file, env["BENCH_TOKEN"], args, args.duration, phases, "load"
            )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    report = render(args, phases, generation, results, queries, env)
    print(report)
    results_write(report, f"active-case-check-{args.individuals}")


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - 127.0.0.1 only
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within 30 s")


def smoke_check(url: str, token: str) -> None:
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        url, headers={"Authorization": f"Token {token}", "Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        body = json.loads(response.read())
    print(f"   {url}: {response.status}, keys {sorted(body)}")


def load(base, name, ids_file, token, args, seconds, phases, label) -> dict[str, float]:
    command = [
        "wrk",
        "--threads=1",
        f"--connections={args.connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={ROOT / 'benchmarks' / 'wrk_rotate.lua'}",
        base,
        "--",
        ENDPOINTS[name][1],
        str(ids_file),
        token,
    ]
    print(f"== {label} {name}: {' '.join(command[:-1])} <token>", flush=True)
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    phases.append((f"{label} {name} ({seconds} s)", time.perf_counter() - started))
    match = RESULT.search(output)
    if match is None:
        raise SystemExit(f"wrk printed no result:\n{output}")
    figures = {k: float(v) for k, v in (item.split("=") for item in match.group(1).split())}
    print(f"   {figures}", flush=True)
    if figures["non2xx"] or figures["socket_errors"]:
        print(f"   WARNING: {name} had errors: {figures}", flush=True)
    return figures


def render(args, phases, generation, results, queries, env) -> str:
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout  # noqa: S607
    lines = [
        f"# Active-case check under load, {args.individuals:,} individuals",
        "",
        "Reproduce: `.venv/bin/python benchmarks/run_active_case_check.py "
        f"--individuals {args.individuals} --workers {args.workers} "
        f"--connections {args.connections} --duration {args.duration} "
        f"--warmup {args.warmup}{' --reuse-database' if args.reuse_database else ''}`",
        "",
        f"Machine: {os.cpu_count()} cores (nproc), Python {platform.python_version()}, "
        f"gunicorn {args.workers} sync workers, wrk 1 thread / {args.connections} connections "
        "on the same machine, 127.0.0.1 only.",
        "",
        "```",
        memory.strip("\n"),
        "```",
        "",
        "## Phases",
        "",
        "| phase | seconds |",
        "|---|---:|",
        *(f"| {name} | {seconds:.1f} |" for name, seconds in phases),
        "",
    ]
    if generation:
        lines += ["Generation:", "", "```", generation, "```", ""]
    lines += [
        "## Throughput and latency (same ids, same concurrency)",
        "",
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | non-2xx | socket errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, figures in results.items():
        lines.append(
            f"| {ENDPOINTS[name][0]} | {figures['requests']:.0f} | {figures['rps']:.1f} "
            f"| {figures['p50_ms']:.1f} | {figures['p95_ms']:.1f} | {figures['p99_ms']:.1f} "
            f"| {figures['non2xx']:.0f} | {figures['socket_errors']:.0f} |"
        )
    if {"api", "bare"} <= results.keys():
        ratio = results["api"]["rps"] / results["bare"]["rps"]
        verdict = "meets" if ratio >= 0.5 else "misses"
        lines += [
            "",
            f"API / bare throughput: **{ratio:.2f}** ({verdict} the target of at least 0.5).",
        ]
    lines += ["", "## SQL queries per check (whole request, test client)", "", queries.strip()]
    lines += ["", f"Viewer: user {env.get('BENCH_VIEWER_ID')} ({env.get('BENCH_VIEWER_UNIT')})."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
