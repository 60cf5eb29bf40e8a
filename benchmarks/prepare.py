"""Picks the benchmark's viewer, gives it the shared token, and samples individual ids.

Run with DJANGO_SETTINGS_MODULE=benchmarks.settings_bench and BENCH_TOKEN set:
    python -m benchmarks.prepare --organisation osthammar --ids var/bench/ids.txt
Prints `BENCH_VIEWER_ID=<id>`. The viewer is a generated caseworker of the organisation's
first unit; the ids are individuals registered by that unit (so the scope rule lets the
viewer see them), in random order, families of every size as they come.
"""

import argparse
import os
import random
from pathlib import Path

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisation", default="osthammar")
    parser.add_argument("--ids", type=Path, required=True)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    django.setup()

    from django.conf import settings
    from rest_framework.authtoken.models import Token

    from coordination.models import Individual
    from units.models import Membership, Role

    membership = (
        Membership.objects.filter(
            organisation__code=args.organisation,
            role=Role.CASEWORKER,
            user__username__startswith=f"gen-{args.organisation}-",
        )
        .select_related("user", "unit")
        .order_by("unit_id", "user_id")
        .first()
    )
    if membership is None:
        raise SystemExit(f"No generated caseworker in {args.organisation}: generate first.")
    viewer = membership.user
    Token.objects.filter(user=viewer).delete()
    Token.objects.create(user=viewer, key=settings.BENCH_TOKEN)
    ids = list(
        Individual.objects.filter(registered_by_unit=membership.unit)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Seeded shuffle: both endpoints, and every rerun, ask for the same people in turn.
    rng = random.Random(args.seed)  # noqa: S311
    sample = rng.sample(ids, min(args.count, len(ids)))
    args.ids.parent.mkdir(parents=True, exist_ok=True)
    args.ids.write_text("".join(f"{pk}\n" for pk in sample))
    print(f"BENCH_VIEWER_ID={viewer.pk}")
    print(f"BENCH_VIEWER_UNIT={membership.unit.name}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings_bench")
    main()
