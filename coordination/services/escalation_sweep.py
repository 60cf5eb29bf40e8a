"""The escalation ladder's overdue sweep (R2): an escalation past its level's target time is
flagged once per level visit, and the level above is told.

Set-based like the deadline sweep (coordination/services/deadlines.py): the items go in with
one ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` (coordination.db), so that only the rows a
run inserted come back, and only those are flagged and notified. The unique constraint
(escalation, kind, period), with the period the day the level was entered, is the guarantee:
a run repeated, redelivered or running twice at once raises nothing more.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from coordination.db import history_created, insert_new
from coordination.models import DueItem, DueKind, Escalation, EscalationState, EscalationStep
from coordination.selectors_escalations import escalation_deciders_by_key
from coordination.services.escalations import local_date, target_on
from coordination.services.notifications import notify
from units.models import EscalationLevel

_OVERDUE_COLUMNS = ("organisation_id", "kind", "escalation_id", "period", "due_on", "raised_at")


def escalations_overdue_sweep(*, now: datetime.datetime | None = None) -> int:
    """Flags each open escalation whose time at its level has passed the level's target (R2):
    the step's `overdue_at`, and one "past its target time" item per level visit (period: the
    day the level was entered) to the deciders of the level above, or at the top to the same
    level's. Set-based and idempotent: run twice, or twice at once, it raises nothing more
    (the unique constraint). Returns how many items this run raised."""
    now = now or timezone.now()
    with transaction.atomic():
        not_flagged = EscalationStep.objects.filter(
            escalation=OuterRef("pk"), level=OuterRef("level"), overdue_at__isnull=True
        )
        # Every target is at least a day: older than a day narrows the rows read.
        candidates = [
            escalation
            for escalation in Escalation.objects.filter(
                state=EscalationState.OPEN,
                level_entered_at__lte=now - datetime.timedelta(days=1),
            )
            .filter(Exists(not_flagged))
            .select_related("level", "raising_unit", "other_unit")
            if escalation.level_entered_at + datetime.timedelta(days=escalation.level.target_days)
            <= now
        ]
        if not candidates:
            return 0
        ladders: dict[int, list[EscalationLevel]] = {}
        for level in EscalationLevel.objects.filter(
            organisation_id__in={e.organisation_id for e in candidates}
        ).order_by("rank"):
            ladders.setdefault(level.organisation_id, []).append(level)
        rows = [
            (
                e.organisation_id,
                DueKind.ESCALATION_OVERDUE,
                e.pk,
                local_date(e.level_entered_at),
                target_on(e.level_entered_at, e.level),
                now,
            )
            for e in candidates
        ]
        created = dict(
            insert_new(DueItem, _OVERDUE_COLUMNS, rows, returning=("escalation_id", "id"))
        )
        if not created:
            return 0
        history_created(DueItem, list(created.values()), when=now)
        raised = [e for e in candidates if e.pk in created]
        steps = list(
            EscalationStep.objects.filter(
                escalation_id__in=[e.pk for e in raised], left_at__isnull=True
            )
        )
        for step in steps:
            step.overdue_at = now
        bulk_update_with_history(steps, EscalationStep, ["overdue_at"])

        def above(escalation: Escalation) -> EscalationLevel:
            higher = [
                level
                for level in ladders[escalation.organisation_id]
                if level.rank > escalation.level.rank
            ]
            return higher[0] if higher else escalation.level

        deciders = escalation_deciders_by_key(
            [(e.pk, above(e), [e.raising_unit, e.other_unit]) for e in raised]
        )
        notify(recipient_ids_by_item={created[e.pk]: deciders[e.pk] for e in raised})
        return len(created)
