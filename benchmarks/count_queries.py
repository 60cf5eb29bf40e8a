"""Counts the SQL queries of one active-case check, per family size, for both endpoints.

Run with DJANGO_SETTINGS_MODULE=benchmarks.settings_bench, BENCH_TOKEN and BENCH_VIEWER_ID:
    python -m benchmarks.count_queries --ids var/bench/ids.txt
Requests go through Django's test client, so the whole middleware stack and the token
authentication are counted, not only the selector. Prints a Markdown table, counted after
one check per endpoint on the connection, and the statements of that first check.
"""

import argparse
import os
from pathlib import Path

import django

API = "/api/individuals/{}/active-cases/"
BARE = "/bench/individuals/{}/active-cases/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ids", type=Path, required=True)
    parser.add_argument("--per-size", type=int, default=3)
    parser.add_argument("--endpoints", default="api,bare")
    args = parser.parse_args()
    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coordination.models import Individual

    pool = [int(line) for line in args.ids.read_text().split()]
    people = Individual.objects.filter(pk__in=pool).values("pk", "household_id")
    sizes = dict(
        Individual.objects.filter(household_id__in={p["household_id"] for p in people})
        .values_list("household_id")
        .annotate(n=Count("pk"))
    )
    by_size: dict[int, list[int]] = {}
    for person in people:
        size = sizes.get(person["household_id"], 1)
        by_size.setdefault(size, []).append(person["pk"])

    client = Client(
        headers={"authorization": f"Token {settings.BENCH_TOKEN}", "accept": "application/json"}
    )
    # On PostgreSQL the API prepares its check statement once per connection: the first
    # check on a new connection sends that PREPARE too. Counted here, then left out below.
    first = {}
    for name, template in (("api", API), ("bare", BARE)):
        if name in args.endpoints.split(","):
            with CaptureQueriesContext(connection) as queries:
                client.get(template.format(pool[0]))
            first[name] = [q["sql"].split()[0] for q in queries]
    print(
        "| family size | checks | API statements (min-max) | API incl. BEGIN/COMMIT "
        "| bare statements | open cases shown |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for size in sorted(by_size):
        counts: dict[str, list[int]] = {"api": [], "bare": []}
        with_transaction = []
        shown = []
        for pk in by_size[size][: args.per_size]:
            for name, template in (("api", API), ("bare", BARE)):
                if name not in args.endpoints.split(","):
                    counts[name].append(-1)
                    continue
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(template.format(pk))
                if response.status_code != 200:
                    raise SystemExit(f"{template.format(pk)} answered {response.status_code}")
                # Django records the access log's transaction as BEGIN and COMMIT "queries".
                statements = [q for q in queries if q["sql"] not in {"BEGIN", "COMMIT"}]
                counts[name].append(len(statements))
                if name == "api":
                    with_transaction.append(len(queries))
                if name == "bare":
                    shown.append(len(response.json()["active_elsewhere"]))
        api, bare, total = counts["api"], counts["bare"], with_transaction or [-1]
        print(
            f"| {size} | {len(api)} | {min(api)}-{max(api)} | {min(total)}-{max(total)} "
            f"| {min(bare)}-{max(bare)} | {min(shown)}-{max(shown)} |"
        )

    for name, statements in first.items():
        print(
            f"\nFirst {name} check on a new database connection: {len(statements)} "
            f"statements ({', '.join(statements)})."
        )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings_bench")
    main()
