"""A real Celery worker on Redis killed with SIGKILL during the handover sweep (R17).

The short version of ``benchmarks/fault_sweep_sigkill.py`` (issue 5; ``docs/reliability.md``):
three kills on a small generated population. Runs only on PostgreSQL with REDIS_URL set,
because the worker is a separate process that must see the test's committed rows and a
broker that redelivers.
"""

import datetime
import random

import pytest
from django.conf import settings
from django.db import connection

from benchmarks.fault_sweep_sigkill import duplicates, environment, run_round
from coordination.services.population import population_generate

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.REDIS_URL,
        reason="needs PostgreSQL (a worker process sees committed rows) and Redis (REDIS_URL)",
    ),
    # With pytest-xdist: never beside another test whose Celery worker shares the Redis
    # database (its short visibility timeout would hand their unacknowledged tasks back).
    pytest.mark.xdist_group("celery_workers"),
]

KILLS = 3
VISIBILITY_TIMEOUT = 3  # seconds; production keeps 3600


# R17: every handover item is raised once and each recipient notified once, even when the
# worker dies mid-sweep and Redis redelivers the unacknowledged task to a new worker.
@pytest.mark.django_db(transaction=True)
def test_r17_sigkilled_worker_mid_sweep_raises_and_notifies_once(osthammar, tmp_path):
    population_generate(organisation=osthammar, individuals=20_000)
    env = environment(connection.settings_dict["NAME"], settings.REDIS_URL, VISIBILITY_TIMEOUT)
    rng = random.Random(5)  # noqa: S311 (kill moments, not secrets)
    rounds = [
        run_round(
            number=number,
            # The generated people are born 1800-1829: a June in 1825-1827 puts a cohort at
            # the youth unit's threshold age, a new one each round.
            today=datetime.date(1824 + number, 6, 1),
            env=env,
            log=tmp_path / "worker.log",
            rng=rng,
            run_id=f"test-{id(tmp_path)}",
        )
        for number in range(1, KILLS + 1)
    ]

    for r in rounds:
        assert r.expected_items > 0, r  # the round had work to do
        assert r.notes == [], r
        assert r.completions >= 1, r
        if not r.finished_before_kill:
            assert r.starts >= 2, r  # the killed task was redelivered and ran again
        assert (r.found_items, r.missing_items, r.extra_items) == (r.expected_items, 0, 0), r
        assert (r.missing_notifications, r.extra_notifications) == (0, 0), r
        assert r.found_notifications == r.expected_notifications, r
        assert r.left_in_broker == 0, r
    assert duplicates() == (0, 0)
