"""The handover deadline sweep over a generated population, beside one raw INSERT … SELECT.

    .venv/bin/python benchmarks/run_deadline_sweep.py --individuals 1000000

Drops and creates the PostgreSQL database `samverkan_sweep_bench` on 127.0.0.1:5432 (user
postgres, trust auth), migrates, loads the organisations, generates the population (its
birth dates lie in 1800-1829, so "today" is a day in 1830, chosen so that thousands of open
BoU cases are due), ANALYZEs, then in one process:

1. times `deadlines_sweep(today=...)` on an empty due-item table (items and notifications
   raised, wall time, queries, peak RSS, where the time went);
2. times a second sweep, which must raise nothing;
3. deletes the raised items, notifications and history rows, and times ONE raw
   `INSERT INTO coordination_dueitem (...) SELECT ... ON CONFLICT DO NOTHING` that raises the
   same four handover kinds for the same day, the threshold birthday computed in SQL from the
   organisation's age thresholds and the cases' legal bases (jsonb `?`);
4. compares the two sets of items and prints the ratio sweep / SQL;

then writes benchmarks/results/<date>-deadline-sweep-<N>.md (-run2, -run3... when a run of
that day exists). Every phase is timed.
"""

import argparse
import datetime
import os
import platform
import resource
import secrets
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script from any folder: the project root must be importable for benchmarks.common.
sys.path.insert(0, str(ROOT))
from benchmarks.common import database_recreate, results_write, sql  # noqa: E402

BIN = ROOT / ".venv" / "bin"

# One statement: the handover items due on %(today)s for every open case at a unit kind with
# age thresholds, as `deadlines_sweep` raises them (docs/deadlines.md). Agreed age exceptions
# (R16) are not covered: the generated population has none.
RAW_SQL = """
INSERT INTO coordination_dueitem
    (organisation_id, kind, case_id, period, due_on, unit_id, raised_at, done_at, done_by_id)
SELECT e.organisation_id, k.kind, e.case_id, k.period, k.due_on, e.unit_id, now(), NULL, NULL
FROM (
    SELECT c.id AS case_id, o.id AS organisation_id, o.handover_reminder_days AS every,
           o.handover_overdue_days AS overdue_days, ends.ends_on,
           (ends.ends_on - make_interval(months => o.handover_notice_months))::date AS notice_on,
           first.first_notice_on,
           (SELECT r.id FROM units_unit r
             WHERE r.organisation_id = o.id AND r.is_active
               AND r.kind = COALESCE(NULLIF(t.to_unit_kind, ''), 'vuxen')
             ORDER BY r.name, r.id LIMIT 1) AS unit_id
    FROM coordination_case c
    JOIN units_unit u ON u.id = c.unit_id
    JOIN units_organisation o ON o.id = u.organisation_id
    JOIN coordination_individual i ON i.id = c.individual_id
    -- The latest applicable threshold; at equal ages a stated condition wins (R16).
    CROSS JOIN LATERAL (
        SELECT t.age, t.to_unit_kind FROM coordination_agethreshold t
        WHERE t.organisation_id = u.organisation_id AND t.from_unit_kind = u.kind
          AND (t.condition = 'none'
               OR (t.condition = 'lvu' AND c.legal_bases ? 'lvu')
               OR (t.condition = 'family_home_upper_secondary'
                   AND c.legal_bases ?& array['family_home_placement', 'upper_secondary_studies'])
               OR (t.condition = 'placed_by_family_care'
                   AND c.legal_bases ? 'family_home_placement'))
        ORDER BY t.age DESC, (t.condition <> 'none') DESC
        LIMIT 1
    ) t
    -- The threshold birthday; 29 February falls on the organisation's day in common years.
    CROSS JOIN LATERAL (
        SELECT CASE
            WHEN to_char(i.birth_date, 'MM-DD') = '02-29'
                 AND to_char(i.birth_date + make_interval(years => t.age), 'MM-DD') <> '02-29'
            THEN make_date(extract(year FROM i.birth_date)::int + t.age,
                           split_part(o.leap_day_birthday, '-', 1)::int,
                           split_part(o.leap_day_birthday, '-', 2)::int)
            ELSE (i.birth_date + make_interval(years => t.age))::date
        END AS ends_on
    ) ends
    CROSS JOIN LATERAL (
        SELECT CASE
            WHEN o.handover_first_notice_age IS NULL THEN NULL
            WHEN to_char(i.birth_date, 'MM-DD') = '02-29'
                 AND to_char(i.birth_date + make_interval(years => o.handover_first_notice_age),
                             'MM-DD') <> '02-29'
            THEN make_date(extract(year FROM i.birth_date)::int + o.handover_first_notice_age,
                           split_part(o.leap_day_birthday, '-', 1)::int,
                           split_part(o.leap_day_birthday, '-', 2)::int)
            ELSE (i.birth_date + make_interval(years => o.handover_first_notice_age))::date
        END AS first_notice_on
    ) first
    WHERE c.status <> 'closed'
      AND ends.ends_on > %(today)s
      -- Birth-date bounds over all organisations, as the sweep's candidates query has them
      -- (three days of slack for 29 February): a filter on the scan of individuals.
      AND i.birth_date > (
          SELECT (%(today)s - make_interval(years => max(a.age)))::date - 3
          FROM coordination_agethreshold a
          WHERE a.condition NOT IN ('financial_aid_application', 'housing_support_application')
      )
      AND i.birth_date <= (
          SELECT max(GREATEST(
              %(today)s - make_interval(years => a.age, months => -g.handover_notice_months),
              %(today)s - make_interval(years => g.handover_first_notice_age)
          ))::date + 3
          FROM coordination_agethreshold a
          JOIN units_organisation g ON g.id = a.organisation_id
          WHERE a.condition NOT IN ('financial_aid_application', 'housing_support_application')
      )
) e
CROSS JOIN LATERAL (
    VALUES
        ('handover_first_notice', e.ends_on, e.first_notice_on,
         e.first_notice_on <= %(today)s),
        ('handover_deadline', e.ends_on, e.notice_on, e.notice_on <= %(today)s),
        ('handover_reminder',
         e.notice_on + (%(today)s - e.notice_on) / e.every * e.every,
         e.notice_on + (%(today)s - e.notice_on) / e.every * e.every,
         e.notice_on <= %(today)s AND %(today)s - e.notice_on >= e.every),
        ('handover_overdue', e.ends_on, e.notice_on + e.overdue_days,
         e.notice_on <= %(today)s AND %(today)s - e.notice_on >= e.overdue_days)
) k(kind, period, due_on, wanted)
WHERE k.wanted
ON CONFLICT DO NOTHING
"""

ITEM_COLUMNS = "organisation_id, kind, case_id, period, due_on, unit_id"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--individuals", type=int, default=1_000_000)
    parser.add_argument("--cases-per-individual", type=int, default=3)
    parser.add_argument("--organisation", default="osthammar")
    parser.add_argument("--database", default="samverkan_sweep_bench")
    parser.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=datetime.date(1830, 6, 15),
        help="the sweep's day (the generated birth dates lie in 1800-1829)",
    )
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="skip creation and generation (the due-item tables are emptied first)",
    )
    args = parser.parse_args()

    var = ROOT / "var" / "bench-sweep"
    for folder in ("queue", "control", "processed"):
        (var / "celery" / folder).mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        SECRET_KEY=secrets.token_urlsafe(64),
        # The sweep enqueues its e-mails on commit: into a queue folder of the benchmark's own.
        SAMVERKAN_VAR_DIR=str(var),
        PYTHONPATH=str(ROOT),
    )
    phases: list[tuple[str, float]] = []
    generation = ""

    def phase(name: str, command: list[str]) -> str:
        print(f"== {name}: {' '.join(command)}", flush=True)
        started = time.perf_counter()
        completed = subprocess.run(  # noqa: S603 - our own commands, no shell
            command, cwd=ROOT, env=os.environ, capture_output=True, text=True
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

    import django

    django.setup()
    report = measure(args, phases, generation)
    print(report)
    results_write(report, f"deadline-sweep-{args.individuals}")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def empty_due_items() -> None:
    sql("DELETE FROM coordination_notification")
    sql("DELETE FROM coordination_historicalnotification")
    sql("DELETE FROM coordination_dueitem")
    sql("DELETE FROM coordination_historicaldueitem")
    sql("VACUUM ANALYZE coordination_dueitem")
    sql("VACUUM ANALYZE coordination_notification")
    sql("VACUUM ANALYZE coordination_historicaldueitem")


def items() -> set[tuple]:
    return set(sql(f"SELECT {ITEM_COLUMNS} FROM coordination_dueitem"))  # noqa: S608


def count(table: str) -> int:
    return sql(f"SELECT count(*) FROM {table}")[0][0]  # noqa: S608


class Stopwatch:
    """Wraps functions of the sweep's module to total their time; generators per step."""

    def __init__(self, module, names: list[str]) -> None:
        self.module, self.names, self.seconds = module, names, Counter()
        self.saved = {name: getattr(module, name) for name in names}

    def __enter__(self) -> "Stopwatch":
        for name, function in self.saved.items():
            setattr(self.module, name, self._wrap(name, function))
        return self

    def __exit__(self, *exc) -> None:
        for name, function in self.saved.items():
            setattr(self.module, name, function)

    def _wrap(self, name, function):
        seconds = self.seconds

        def timed_generator(generator):
            while True:
                started = time.perf_counter()
                try:
                    value = next(generator)
                except StopIteration:
                    seconds[name] += time.perf_counter() - started
                    return
                seconds[name] += time.perf_counter() - started
                yield value

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            value = function(*args, **kwargs)
            seconds[name] += time.perf_counter() - started
            if name == "handover_candidates":
                return timed_generator(value)
            return value

        return wrapper


def measure(args, phases, generation) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coordination.services import deadlines

    today = args.today
    started = time.perf_counter()
    sql("ANALYZE")
    phases.append(("ANALYZE", time.perf_counter() - started))
    if args.reuse_database:
        empty_due_items()
    facts = {
        "individuals": count("coordination_individual"),
        "cases": count("coordination_case"),
        "open cases": sql("SELECT count(*) FROM coordination_case WHERE status <> 'closed'")[0][0],
        "open BoU cases": sql(
            "SELECT count(*) FROM coordination_case c JOIN units_unit u ON u.id = c.unit_id "
            "WHERE c.status <> 'closed' AND u.kind = 'bou'"
        )[0][0],
    }
    assert count("coordination_dueitem") == 0, "the due-item table is not empty"

    rss_before = peak_rss_mib()
    with (
        CaptureQueriesContext(connection) as queries,
        Stopwatch(
            deadlines,
            [
                "handover_reach",
                "receiving_units",
                "handover_candidates",
                "responsibility_ends",
                "insert_new_due_items",
                "handover_items_of",
                "members_by_unit",
                "notify",
            ],
        ) as watch,
    ):
        started = time.perf_counter()
        first = deadlines.deadlines_sweep(today=today)
        sweep_seconds = time.perf_counter() - started
    phases.append(("sweep 1 (empty due-item table)", sweep_seconds))
    rss_after = peak_rss_mib()
    sweep_items = items()
    sweep_notifications = count("coordination_notification")
    sweep_history = count("coordination_historicaldueitem")

    with CaptureQueriesContext(connection) as queries2:
        started = time.perf_counter()
        second = deadlines.deadlines_sweep(today=today)
        second_seconds = time.perf_counter() - started
    phases.append(("sweep 2 (same day again)", second_seconds))
    second_notifications = count("coordination_notification") - sweep_notifications

    started = time.perf_counter()
    empty_due_items()
    phases.append(
        ("delete items, notifications, history; VACUUM ANALYZE", time.perf_counter() - started)
    )

    started = time.perf_counter()
    sql(RAW_SQL, {"today": today})
    sql_seconds = time.perf_counter() - started
    phases.append(("raw INSERT … SELECT (one statement)", sql_seconds))
    sql_items = items()
    plan = "\n".join(
        row[0]
        for row in sql(
            "EXPLAIN (ANALYZE, BUFFERS, SUMMARY) " + RAW_SQL,
            {"today": today},
        )
    )
    # EXPLAIN ANALYZE executed the INSERT again: ON CONFLICT DO NOTHING, nothing new.
    assert items() == sql_items

    started = time.perf_counter()
    empty_due_items()
    phases.append(("delete the SQL's items; VACUUM ANALYZE", time.perf_counter() - started))
    with CaptureQueriesContext(connection) as queries3:
        started = time.perf_counter()
        third = deadlines.deadlines_sweep(today=today)
        third_seconds = time.perf_counter() - started
    phases.append(("sweep 3 (empty table again, warm cache)", third_seconds))
    third_items = items()

    return render(
        args=args,
        phases=phases,
        generation=generation,
        facts=facts,
        first=first,
        second=second,
        third=third,
        sweep_seconds=sweep_seconds,
        second_seconds=second_seconds,
        third_seconds=third_seconds,
        sql_seconds=sql_seconds,
        queries=(len(queries), len(queries2), len(queries3)),
        slow=queries.captured_queries,
        watch=watch.seconds,
        rss=(rss_before, rss_after),
        sweep_items=sweep_items,
        sql_items=sql_items,
        third_items=third_items,
        sweep_notifications=sweep_notifications,
        second_notifications=second_notifications,
        sweep_history=sweep_history,
        plan=plan,
    )


def render(**r) -> str:
    args = r["args"]
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout  # noqa: S607
    version = sql("SHOW server_version")[0][0]
    kinds = sorted({item[1] for item in r["sweep_items"] | r["sql_items"]})
    by_kind = {
        kind: (
            sum(1 for item in r["sweep_items"] if item[1] == kind),
            sum(1 for item in r["sql_items"] if item[1] == kind),
        )
        for kind in kinds
    }
    only_sweep = r["sweep_items"] - r["sql_items"]
    only_sql = r["sql_items"] - r["sweep_items"]
    ratio = r["sweep_seconds"] / r["sql_seconds"]
    warm_ratio = r["third_seconds"] / r["sql_seconds"]
    verdict = "meets" if ratio <= 3 else "misses"
    first, second = r["first"], r["second"]
    lines = [
        f"# Deadline sweep, {args.individuals:,} individuals, today = {args.today}",
        "",
        "Reproduce: `.venv/bin/python benchmarks/run_deadline_sweep.py "
        f"--individuals {args.individuals} --today {args.today}"
        f"{' --reuse-database' if args.reuse_database else ''}`",
        "",
        f"Machine: {os.cpu_count()} cores (nproc), Python {platform.python_version()}, "
        f"PostgreSQL {version} on 127.0.0.1 (default configuration, JIT off as in "
        "config/settings/base.py), the sweep in one process.",
        "",
        "```",
        memory.strip("\n"),
        "```",
        "",
        "## Phases",
        "",
        "| phase | seconds |",
        "|---|---:|",
        *(f"| {name} | {seconds:.2f} |" for name, seconds in r["phases"]),
        "",
    ]
    if r["generation"]:
        lines += ["Generation: " + r["generation"], ""]
    lines += [
        "Population: "
        + ", ".join(f"{value:,} {name}" for name, value in r["facts"].items())
        + f"; the sweep looked at {first.cases:,} candidate cases "
        f"(batches of {2000}).",
        "",
        "## Sweep against one raw INSERT … SELECT",
        "",
        "| run | seconds | items raised | notifications | queries |",
        "|---|---:|---:|---:|---:|",
        f"| sweep 1, empty table | {r['sweep_seconds']:.2f} | {first.total:,} "
        f"| {first.notified:,} | {r['queries'][0]:,} |",
        f"| sweep 2, same day again | {r['second_seconds']:.2f} | {second.total:,} "
        f"| {second.notified:,} (table grew by {r['second_notifications']:,}) "
        f"| {r['queries'][1]:,} |",
        f"| raw SQL, one statement | {r['sql_seconds']:.2f} | {len(r['sql_items']):,} | - | 1 |",
        f"| sweep 3, empty table, warm cache | {r['third_seconds']:.2f} | {r['third'].total:,} "
        f"| {r['third'].notified:,} | {r['queries'][2]:,} |",
        "",
        f"**Sweep / raw SQL: {ratio:.1f}x** ({verdict} the target of at most 3x); with the "
        f"warm-cache sweep 3: {warm_ratio:.1f}x. The sweep's figure includes what the SQL "
        f"does not do: {r['sweep_history']:,} history rows and {first.notified:,} "
        "notifications (with their e-mail enqueueing).",
        "",
        f"Peak RSS of the process: {r['rss'][0]:.0f} MiB before sweep 1, "
        f"{r['rss'][1]:.0f} MiB after it.",
        "",
        "| kind | sweep | raw SQL |",
        "|---|---:|---:|",
        *(f"| `{kind}` | {a:,} | {b:,} |" for kind, (a, b) in by_kind.items()),
        "",
        f"Items in the sweep's set and not the SQL's: {len(only_sweep)}; in the SQL's and not "
        f"the sweep's: {len(only_sql)} (compared on organisation, kind, case, period, due "
        f"date, receiving unit). Sweep 3 equals sweep 1: {r['third_items'] == r['sweep_items']}.",
    ]
    for label, diff in (("only the sweep", only_sweep), ("only the SQL", only_sql)):
        if diff:
            lines += ["", f"First differences ({label}):", "", "```"]
            lines += [repr(item) for item in sorted(diff)[:10]]
            lines += ["```"]
    total = r["sweep_seconds"]
    lines += [
        "",
        "## Where sweep 1's time went (functions of `coordination/services/deadlines.py`)",
        "",
        "| function | seconds | share |",
        "|---|---:|---:|",
        *(
            f"| `{name}` | {seconds:.2f} | {seconds / total:.0%} |"
            for name, seconds in r["watch"].most_common()
        ),
        f"| the rest (`_wanted_items`, history rows, recipients) "
        f"| {total - sum(r['watch'].values()):.2f} "
        f"| {(total - sum(r['watch'].values())) / total:.0%} |",
        "",
        "`handover_candidates` is the time spent fetching the batches of cases; "
        "`responsibility_ends` includes its two queries and the Python date computation.",
        "",
        "## Plan of the raw SQL (EXPLAIN ANALYZE, run after the timed statement)",
        "",
        "```",
        r["plan"],
        "```",
    ]
    slowest = sorted(r["slow"], key=lambda q: -float(q["time"]))[:8]
    lines += [
        "",
        "## Sweep 1's slowest queries (time as Django measured it)",
        "",
        "| seconds | statement (first 160 characters) |",
        "|---:|---|",
        *(f"| {float(q['time']):.2f} | `{' '.join(q['sql'].split())[:160]}` |" for q in slowest),
        "",
        "Sweep 1's queries by the table they start with (total seconds):",
        "",
        "```",
        *(f"{seconds:8.2f}  {head}" for head, seconds in query_families(r["slow"])),
        "```",
    ]
    return "\n".join(lines) + "\n"


def query_families(queries) -> list[tuple[str, float]]:
    totals: Counter = Counter()
    for query in queries:
        words = query["sql"].split()
        head = " ".join(words[:2])
        if words and words[0] == "SELECT" and "FROM" in words:
            head = "SELECT FROM " + words[words.index("FROM") + 1]
        totals[head] += float(query["time"])
    return [(head, seconds) for head, seconds in totals.most_common()]


if __name__ == "__main__":
    sys.exit(main())
