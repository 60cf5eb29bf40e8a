"""Coordination's periodic jobs; tasks take ids only and return quietly (STYLE rule 8)."""

from celery import shared_task

from coordination.services.co_caseworkers import (
    co_caseworker_grants_activate as _co_caseworker_grants_activate,
)


@shared_task(name="coordination.tasks.co_caseworker_grants_activate")
def co_caseworker_grants_activate() -> int:
    """Opens the case to each co-caseworker whose period has begun (R17, R20); idempotent."""
    return _co_caseworker_grants_activate()
