"""The controller's CSV export of 100,000 deviation reports: memory and speed, beside COPY.

    .venv/bin/python benchmarks/run_deviation_csv_export.py --reports 100000

Drops and creates the PostgreSQL database `samverkan_csv_export_bench` on 127.0.0.1:5432
(user postgres, trust auth), migrates, loads the organisations, and inserts N reports of the
Stockholm district at the controller (a third sent, the rest filed), set-based: one
`INSERT … SELECT … FROM generate_series` for the reports, one for their units concerned (one
or two each) and one for their signatures (two each). Then, in one process:

1. a warm-up export of one day's reports, so that what Django loads once (templates,
   translations, the URL map) is not counted as the export's memory;
2. the export of all N rows through the real code: `django.test.Client` GETs
   `deviations:export_csv` as the controller (every middleware, the view, the filter form,
   the log row, `portal.exports.csv_response`) and the streaming response is consumed chunk by
   chunk, counting bytes and rows; the process's peak RSS is reset first
   (/proc/self/clear_refs) and read after (VmHWM), and the RSS sampled every 10,000 rows;
3. PostgreSQL `COPY (SELECT …) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';')` of the
   same rows and columns (units concerned and signatures aggregated in SQL), streamed through
   psycopg2 into a byte counter;
4. both again (warm cache).

Writes benchmarks/results/<date>-deviation-csv-export-<N>.md (-run2, -run3… when a run of
that day exists). The target (issue 7): peak RSS growth of the export at most 50 MB.
"""

import argparse
import os
import platform
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script from any folder: the project root must be importable for benchmarks.common.
sys.path.insert(0, str(ROOT))
from benchmarks.common import database_recreate, results_write, sql  # noqa: E402

BIN = ROOT / ".venv" / "bin"
RSS_TARGET_MIB = 50
SAMPLE_EVERY = 10_000

# The same rows and columns as the portal's export (deviations/selectors_exports.py), state
# and source as their codes (the export writes their labels). %(organisation)s is bound.
COPY_SQL = """
COPY (
    SELECT r.id, r.reported_on, u.name,
        (SELECT string_agg(cu.name, ', ' ORDER BY cu.name)
           FROM deviations_deviationreport_concerned_units c
           JOIN units_unit cu ON cu.id = c.unit_id
          WHERE c.deviationreport_id = r.id),
        r.source, r.state, r.what_happened, r.perception, r.improvement_proposals,
        r.joint_summary, r.remaining_problems, r.action, r.action_follow_up_on,
        to_char(r.submitted_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD HH24:MI'),
        (SELECT string_agg(
                    concat_ws(', ', trim(su.first_name || ' ' || su.last_name), s.title,
                              to_char(s.signed_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD')),
                    '; ' ORDER BY s.party = 'other', s.signed_at)
           FROM deviations_deviationsignature s
           JOIN units_user su ON su.id = s.user_id
          WHERE s.report_id = r.id AND s.voided_at IS NULL),
        to_char(r.sent_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD HH24:MI'),
        to_char(r.filed_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD HH24:MI'),
        (r.filed_at AT TIME ZONE 'Europe/Stockholm')::date
            - (r.submitted_at AT TIME ZONE 'Europe/Stockholm')::date
    FROM deviations_deviationreport r
    JOIN units_unit u ON u.id = r.reporting_unit_id
    WHERE r.organisation_id = {organisation} AND r.state IN ('sent', 'filed')
    ORDER BY r.reported_on DESC, r.id DESC
) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';')
"""

INSERT_REPORTS = """
INSERT INTO deviations_deviationreport (
    organisation_id, reporting_unit_id, state, source, what_happened, perception,
    improvement_proposals, reporter_id, reporter_title, reported_on, submitted_at,
    submitted_by_id, dialogue_on, dialogue_with_id, dialogue_unit_id, dialogue_channel,
    dialogue_notes, dialogue_recorded_by_id, joint_summary, remaining_problems, action,
    action_follow_up_on, sent_at, sent_by_id, filed_at, filed_by_id, created_at, updated_at)
SELECT %(organisation)s,
       (%(units)s::bigint[])[1 + g %% %(unit_count)s],
       CASE WHEN g %% 3 = 0 THEN 'sent' ELSE 'filed' END,
       (ARRAY['manual', 'handover_not_announced', 'consent_override', 'escalation_overdue',
              'order_execution_check_missed', 'access_log_finding'])[1 + g %% 6],
       -- one report in a hundred starts like a spreadsheet formula (formula injection)
       CASE WHEN g %% 100 = 0 THEN '=HYPERLINK("http://example.invalid","Läs mer") ' ELSE '' END
       || 'Kallelsen till samordningsmötet kom ' || (1 + g %% 6)
       || ' dagar före mötet. Ärendet kunde inte förberedas och båda enheterna fick vänta på '
       || 'besked om vem som ansvarar för nästa steg i samverkan.',
       'Vi uppfattade att rutinen för kallelser inte följdes och att mötet blev kort.',
       'Gemensam mall för kallelser; påminnelse en vecka före mötet; kontaktlista per enhet.',
       %(reporter)s, 'Biträdande enhetschef',
       d.day, d.submitted, %(reporter)s,
       d.day + 2, %(other)s, (%(units)s::bigint[])[1 + (g + 1) %% %(unit_count)s], 'phone',
       'Samtal om kallelserna och om ansvaret för uppföljningen.', %(reporter)s,
       'Kallelser skickas senast en vecka före mötet; Beroende har ändrat sin rutin och '
       || 'båda enheterna följer upp efter nästa möte.',
       CASE WHEN g %% 4 = 0 THEN 'Helgdagar före möten.' ELSE '' END,
       'Beroende skickar kallelser en vecka före.', d.day + 90,
       d.submitted + interval '3 days', %(reporter)s,
       CASE WHEN g %% 3 = 0 THEN NULL ELSE d.submitted + make_interval(days => 3 + g %% 20) END,
       CASE WHEN g %% 3 = 0 THEN NULL ELSE %(controller)s END,
       d.submitted, d.submitted
FROM generate_series(1, %(reports)s) AS g
CROSS JOIN LATERAL (
    SELECT (date '2022-01-01' + (g %% 1400)) AS day,
           ((date '2022-01-01' + (g %% 1400)) + time '09:00')
               AT TIME ZONE 'Europe/Stockholm' AS submitted
) AS d
"""

# The next unit after the reporting one; every third report concerns one more.
INSERT_CONCERNED = """
INSERT INTO deviations_deviationreport_concerned_units (deviationreport_id, unit_id)
SELECT r.id, (%(units)s::bigint[])[1 + (pos + k) %% %(unit_count)s]
FROM deviations_deviationreport r
CROSS JOIN LATERAL (
    SELECT array_position(%(units)s::bigint[], r.reporting_unit_id) AS pos
) p
CROSS JOIN LATERAL generate_series(1, CASE WHEN r.id %% 3 = 0 THEN 2 ELSE 1 END) AS k
"""

INSERT_SIGNATURES = """
INSERT INTO deviations_deviationsignature (report_id, party, unit_id, user_id, title, signed_at)
SELECT r.id, 'reporting', r.reporting_unit_id, %(reporter)s, 'Biträdande enhetschef',
       r.submitted_at + interval '2 days'
FROM deviations_deviationreport r
UNION ALL
SELECT r.id, 'other', r.dialogue_unit_id, %(other)s, 'Enhetschef',
       r.submitted_at + interval '2 days 2 hours'
FROM deviations_deviationreport r
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--database", default="samverkan_csv_export_bench")
    parser.add_argument(
        "--reuse-database", action="store_true", help="skip creation and the inserts"
    )
    args = parser.parse_args()

    var = ROOT / "var" / "bench-csv-export"
    for folder in ("queue", "control", "processed"):
        (var / "celery" / folder).mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        SECRET_KEY=secrets.token_urlsafe(64),
        SAMVERKAN_VAR_DIR=str(var),
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    phases: list[tuple[str, float]] = []

    def phase(name: str, command: list[str]) -> None:
        print(f"== {name}: {' '.join(command)}", flush=True)
        started = time.perf_counter()
        completed = subprocess.run(  # noqa: S603 - our own commands, no shell
            command, cwd=ROOT, env=os.environ, capture_output=True, text=True
        )
        if completed.returncode:
            raise SystemExit(f"{name} failed:\n{completed.stdout}\n{completed.stderr}")
        phases.append((name, time.perf_counter() - started))

    manage = [str(BIN / "python"), "manage.py"]
    if not args.reuse_database:
        started = time.perf_counter()
        database_recreate(args.database)
        phases.append((f"drop and create {args.database}", time.perf_counter() - started))
        phase("migrate", [*manage, "migrate", "--noinput", "-v0"])
        phase("load organisations", [*manage, "load_organisation", "--all"])

    import django

    django.setup()
    controller = scene(args, phases)
    report = measure(args, phases, controller)
    print(report)
    results_write(report, f"deviation-csv-export-{args.reports}")


def scene(args, phases):
    """The district's controller, a reporter and a counterpart; N reports at the controller."""
    from django.db import transaction

    from units.models import Organisation, Role, User
    from units.services import membership_create

    organisation = Organisation.objects.get(code="stockholm-district")

    def user(username: str, first: str, last: str) -> User:
        found, _created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        return found

    controller = user("bench-controller", "Carin", "Controller")
    reporter = user("bench-reporter", "Dana", "Åkesson")
    other = user("bench-other", "Olle", "Öberg")
    if args.reuse_database:
        return controller
    membership_create(user=controller, role=Role.CONTROLLER, organisation=organisation)
    units = list(organisation.units.order_by("pk").values_list("pk", flat=True))
    params = {
        "organisation": organisation.pk,
        "units": units,
        "unit_count": len(units),
        "reporter": reporter.pk,
        "other": other.pk,
        "controller": controller.pk,
        "reports": args.reports,
    }
    started = time.perf_counter()
    with transaction.atomic():
        sql(INSERT_REPORTS, params)
        sql(INSERT_CONCERNED, params)
        sql(INSERT_SIGNATURES, params)
    phases.append(
        (
            f"insert {args.reports:,} reports, units concerned, signatures",
            time.perf_counter() - started,
        )
    )
    started = time.perf_counter()
    sql("VACUUM ANALYZE deviations_deviationreport")
    sql("VACUUM ANALYZE deviations_deviationreport_concerned_units")
    sql("VACUUM ANALYZE deviations_deviationsignature")
    phases.append(("VACUUM ANALYZE", time.perf_counter() - started))
    return controller


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _reset_peak() -> None:
    # Linux: writing 5 resets VmHWM (the peak RSS) to the present RSS.
    Path("/proc/self/clear_refs").write_text("5")


class Counter:
    """A file-like sink for COPY: counts bytes, rows and the sum of the first column. COPY
    hands over blocks of bytes, not lines: the part after the last line break waits for the
    next block. (The generated texts hold no line breaks.)"""

    def __init__(self) -> None:
        self.bytes = 0
        self.lines = 0
        self.id_sum = 0
        self._header = True
        self._rest = b""

    def write(self, data) -> int:
        block = data.encode() if isinstance(data, str) else bytes(data)
        self.bytes += len(block)
        *lines, self._rest = (self._rest + block).split(b"\n")
        for line in lines:
            if self._header:
                self._header = False
                continue
            self.lines += 1
            self.id_sum += int(line.split(b";", 1)[0])
        return len(data)


def export_through_django(client, query: str = "") -> dict:
    """GETs the CSV export and consumes the streamed response; bytes, rows, RSS."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("deviations:export_csv") + (f"?{query}" if query else "")
    samples: list[tuple[int, float]] = []
    rss_before = _status_kib("VmRSS")
    _reset_peak()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        total_bytes, rows, id_sum, first_byte = 0, -1, 0, None
        next_sample = SAMPLE_EVERY
        for chunk in response.streaming_content:
            if first_byte is None:
                first_byte = time.perf_counter() - started
            total_bytes += len(chunk)
            # A chunk holds whole rows (the generated texts hold no line breaks); the first
            # one is the BOM with the header.
            for line in chunk.decode("utf-8").removeprefix("\ufeff").split("\r\n")[:-1]:
                rows += 1
                if rows > 0:
                    id_sum += int(line.split(";", 1)[0])
            if rows >= next_sample:
                samples.append((rows, _status_kib("VmRSS") / 1024))
                next_sample += SAMPLE_EVERY
    seconds = time.perf_counter() - started
    peak = _status_kib("VmHWM")
    return {
        "seconds": seconds,
        "first_byte": first_byte,
        "bytes": total_bytes,
        "rows": rows,
        "id_sum": id_sum,
        "rss_before_mib": rss_before / 1024,
        "peak_mib": peak / 1024,
        "growth_mib": (peak - rss_before) / 1024,
        "samples": samples,
        "queries": len(queries),
    }


def copy_through_postgres(organisation_id: int) -> dict:
    from django.db import connection

    sink = Counter()
    rss_before = _status_kib("VmRSS")
    _reset_peak()
    started = time.perf_counter()
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.copy_expert(COPY_SQL.format(organisation=int(organisation_id)), sink, size=65536)
    seconds = time.perf_counter() - started
    peak = _status_kib("VmHWM")
    return {
        "seconds": seconds,
        "bytes": sink.bytes,
        "rows": sink.lines,
        "id_sum": sink.id_sum,
        "growth_mib": (peak - rss_before) / 1024,
    }


def measure(args, phases, controller) -> str:
    from django.test import Client

    from deviations.models import DeviationExport
    from units.models import Membership, Role

    expected = sql(
        "SELECT count(*), coalesce(sum(id), 0) FROM deviations_deviationreport "
        "WHERE state IN ('sent', 'filed')"
    )[0]
    organisation_id = (
        Membership.objects.filter(user=controller, role=Role.CONTROLLER).get().organisation_id
    )
    client = Client()
    client.force_login(controller)

    started = time.perf_counter()
    warm = export_through_django(client, "date_from=2022-01-02&date_to=2022-01-02")
    phases.append(("warm-up export (one day)", time.perf_counter() - started))
    runs = []
    for number in (1, 2):
        django_run = export_through_django(client)
        phases.append((f"export {number} through Django", django_run["seconds"]))
        copy_run = copy_through_postgres(organisation_id)
        phases.append((f"COPY {number}", copy_run["seconds"]))
        runs.append((django_run, copy_run))
    log = list(
        DeviationExport.objects.order_by("-pk").values_list("state", "rows_total", "rows_written")[
            :2
        ]
    )
    return render(args, phases, expected, warm, runs, log)


def render(args, phases, expected, warm, runs, log) -> str:
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout  # noqa: S607
    load = Path("/proc/loadavg").read_text().split()[:3]
    version = sql("SHOW server_version")[0][0]
    first_django, first_copy = runs[0]
    verdict = "meets" if first_django["growth_mib"] <= RSS_TARGET_MIB else "misses"
    lines = [
        f"# CSV export of {args.reports:,} deviation reports, beside PostgreSQL COPY",
        "",
        "Reproduce: `.venv/bin/python benchmarks/run_deviation_csv_export.py "
        f"--reports {args.reports}{' --reuse-database' if args.reuse_database else ''}`",
        "",
        f"Machine: {os.cpu_count()} cores (nproc), Python {platform.python_version()}, "
        f"PostgreSQL {version} on 127.0.0.1 (default configuration, JIT off as in "
        f"config/settings/base.py); load average at the end {' '.join(load)}.",
        "",
        "```",
        memory.strip("\n"),
        "```",
        "",
        "## Phases",
        "",
        "| phase | seconds |",
        "|---|---:|",
        *(f"| {name} | {seconds:.2f} |" for name, seconds in phases),
        "",
        f"Reports at the controller: {expected[0]:,}.",
        "",
        "## The export through Django beside COPY",
        "",
        "| run | seconds | first byte after (s) | rows | MB written | rows/s "
        "| peak RSS growth (MiB) | SQL queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for number, (django_run, copy_run) in enumerate(runs, start=1):
        lines += [
            f"| export {number} through Django (test client, streamed) "
            f"| {django_run['seconds']:.2f} | {django_run['first_byte']:.2f} "
            f"| {django_run['rows']:,} | {django_run['bytes'] / 1e6:.1f} "
            f"| {django_run['rows'] / django_run['seconds']:,.0f} "
            f"| {django_run['growth_mib']:.1f} | {django_run['queries']} |",
            f"| COPY {number} (psycopg2 `copy_expert`) | {copy_run['seconds']:.2f} | - "
            f"| {copy_run['rows']:,} | {copy_run['bytes'] / 1e6:.1f} "
            f"| {copy_run['rows'] / copy_run['seconds']:,.0f} "
            f"| {copy_run['growth_mib']:.1f} | 1 |",
        ]
    ratio = first_django["seconds"] / first_copy["seconds"]
    warm_ratio = runs[1][0]["seconds"] / runs[1][1]["seconds"]
    same = all(
        run["rows"] == expected[0] and run["id_sum"] == expected[1] for pair in runs for run in pair
    )
    lines += [
        "",
        f"**Peak RSS growth of the first export: {first_django['growth_mib']:.1f} MiB** "
        f"({verdict} the target of at most {RSS_TARGET_MIB} MB); RSS before it "
        f"{first_django['rss_before_mib']:.0f} MiB, peak during it "
        f"{first_django['peak_mib']:.0f} MiB. Django / COPY: {ratio:.1f}x "
        f"(warm: {warm_ratio:.1f}x).",
        "",
        f"Same rows on every run (count and sum of the ids equal to the table's): {same}. "
        f"The log rows of the two exports (state, rows total, rows written): {log}.",
        "",
        f"Warm-up export of one day: {warm['rows']} rows in {warm['seconds']:.2f} s.",
        "",
        f"RSS while the first export streamed (MiB, every {SAMPLE_EVERY:,} rows):",
        "",
        "| rows | RSS (MiB) |",
        "|---:|---:|",
        *(f"| {rows:,} | {rss:.1f} |" for rows, rss in first_django["samples"]),
        "",
        "Peak RSS is the kernel's VmHWM, reset just before each run (/proc/self/clear_refs); "
        "growth is that peak less the RSS before the run. The Django figure covers the whole "
        "request through every middleware and the consumption of the streamed response (chunks "
        "of 200 rows, as a WSGI server would send them), without a network. COPY "
        "writes the state and source as codes, the export their translated labels, and the "
        "export prefixes cells that would run as formulas.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
