"""What every benchmark script does the same way: a fresh PostgreSQL database, raw SQL on
Django's connection, and a results file that never overwrites an earlier run's figures."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"


def database_recreate(name: str) -> None:
    """Drops (forcing out other sessions) and creates the database on the local server."""
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def sql(statement: str, params=None) -> list[tuple]:
    """One statement on Django's connection; its rows, if it returns any."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def results_write(report: str, name: str) -> Path:
    """Writes benchmarks/results/<Stockholm date>-<name>.md, or -run2, -run3 … when that file
    exists: an earlier run's figures are history and never overwritten."""
    day = datetime.datetime.now(tz=ZoneInfo("Europe/Stockholm")).date()
    out = RESULTS_DIR / f"{day}-{name}.md"
    run = 1
    while out.exists():
        run += 1
        out = RESULTS_DIR / f"{day}-{name}-run{run}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report)
    print(f"Written to {out.relative_to(ROOT)}")
    return out
