"""Drafts of deviation reports proposed from routine events (R25): pre-filled with the units
and dates, linked to the event, one per event, so a second click (or a colleague's at the same
time) opens the same draft. The text names units and dates, never an individual: the
report travels to the other unit and the controller, who have no access to the case.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coordination.models import DueItem
from coordination.selectors_age import stockholm_today
from deviations.models import DeviationReport, DeviationSource
from deviations.permissions import deviation_access_for, deviation_visible
from deviations.selectors import handover_deadline_missed, reporting_unit_ids
from deviations.selectors_proposals import Proposal, deviation_proposal_for
from deviations.services import _save_with_units
from units.models import User

# Which key of the report links it to the event of each source.
_LINK = {
    DeviationSource.HANDOVER_NOT_ANNOUNCED: "due_item",
    DeviationSource.ESCALATION_OVERDUE: "due_item",
    DeviationSource.ORDER_EXECUTION_CHECK_MISSED: "due_item",
    DeviationSource.CONSENT_OVERRIDE: "consent_override",
    DeviationSource.ACCESS_LOG_FINDING: "access_log_review",
    DeviationSource.ROUTINE_STEP_SKIPPED: "routine_step",
}


def _day(value: datetime.date) -> str:
    return f"{value:%Y-%m-%d}"


def _handover_text(item: DueItem) -> str:
    return _(
        "The handover of a young person's case from %(unit)s was not announced by the "
        "deadline %(due)s, six months before the youth unit's responsibility ends on "
        "%(ends)s (R17)."
    ) % {"unit": item.case.unit.name, "due": _day(item.due_on), "ends": _day(item.period)}


def _text(proposal: Proposal) -> str:
    """The pre-filled "what happened" of part 1, from the event; units and dates only."""
    event = proposal.event
    source = proposal.source
    if source == DeviationSource.HANDOVER_NOT_ANNOUNCED:
        return _handover_text(event)
    if source == DeviationSource.ORDER_EXECUTION_CHECK_MISSED:
        return _(
            "%(unit)s did not ask %(provider)s about the execution of an order received on "
            "%(received)s by the deadline %(due)s (R26)."
        ) % {
            "unit": event.case.unit.name,
            "provider": event.unit.name if event.unit else "",
            "received": _day(event.period),
            "due": _day(event.due_on),
        }
    if source == DeviationSource.ESCALATION_OVERDUE:
        escalation = event.escalation
        return _(
            "An escalation between %(first)s and %(second)s was still at one level of the "
            "ladder when its target time ran out on %(due)s; it had been at that level since "
            "%(entered)s (R2)."
        ) % {
            "first": escalation.raising_unit.name,
            "second": escalation.other_unit.name,
            "due": _day(event.due_on),
            "entered": _day(event.period),
        }
    if source == DeviationSource.ROUTINE_STEP_SKIPPED:
        # The manager's reason is quoted as written: the draft is the reporter's to check, and
        # the routine's own words name no individual.
        return _(
            'The mandatory step %(position)s, "%(step)s", of the routine "%(routine)s" '
            "on a case at %(case_unit)s was skipped at %(unit)s on %(day)s. The reason given: "
            "%(reason)s (R30)."
        ) % {
            "position": event.position,
            "step": event.step.title,
            "routine": event.run.definition.name,
            "case_unit": event.run.case.unit.name,
            "unit": proposal.reporting_unit.name,
            "day": _day(proposal.day),
            "reason": event.skip_reason,
        }
    if source == DeviationSource.CONSENT_OVERRIDE:
        return _(
            "On %(day)s an action at %(unit)s that needs consent (%(scope)s) was taken "
            "without it, on the legal basis: %(basis)s (R12)."
        ) % {
            "day": _day(proposal.day),
            "unit": proposal.reporting_unit.name,
            "scope": event.get_scope_display(),
            "basis": event.get_legal_basis_display(),
        }
    return _(
        "The review of the access log of %(unit)s for %(start)s to %(end)s, made on %(day)s, "
        "had remarks."
    ) % {
        "unit": proposal.reporting_unit.name,
        "start": _day(event.period_start),
        "end": _day(event.period_end),
        "day": _day(proposal.day),
    }


def _existing(source: str, event_id: int) -> DeviationReport | None:
    return DeviationReport.objects.filter(**{f"{_LINK[source]}_id": event_id}).first()


def _create(*, actor: User, proposal: Proposal) -> DeviationReport:
    report = DeviationReport(
        organisation_id=proposal.reporting_unit.organisation_id,
        reporting_unit=proposal.reporting_unit,
        reporter=actor,
        reporter_title=actor.title,
        source=proposal.source,
        what_happened=_text(proposal),
        **{f"{_LINK[proposal.source]}_id": proposal.event_id},
    )
    try:
        with transaction.atomic():
            return _save_with_units(report, actor, proposal.concerned_units)
    except IntegrityError:
        return _existing(proposal.source, proposal.event_id)


@transaction.atomic
def deviation_propose(
    *, actor: User, source: str, event_id: int, today: datetime.date | None = None
) -> DeviationReport:
    """The draft for a routine event of the actor's units that warrants a report (see
    deviations/selectors_proposals.py), pre-filled and linked to it; the existing report when
    there is one and the actor may read it. PermissionDenied for any other event."""
    if source not in _LINK:
        raise PermissionDenied
    existing = _existing(source, event_id)
    if existing is not None:
        if deviation_visible(deviation_access_for(actor)).filter(pk=existing.pk).exists():
            return existing
        raise PermissionDenied
    proposal = deviation_proposal_for(user=actor, source=source, event_id=event_id, today=today)
    if proposal is None:
        raise PermissionDenied
    return _create(actor=actor, proposal=proposal)


def deviation_propose_for_missed_handover(
    *, actor: User, item: DueItem, today: datetime.date | None = None
) -> DeviationReport:
    """The draft for a missed handover deadline, offered on the case page (R17); one per
    deadline. Unlike the proposals page, it says so when the deadline has not been missed."""
    item = DueItem.objects.select_related("case__unit", "unit").get(pk=item.pk)
    if item.case is None or item.case.unit_id not in reporting_unit_ids(user=actor):
        raise PermissionDenied
    existing = _existing(DeviationSource.HANDOVER_NOT_ANNOUNCED, item.pk)
    if existing is not None:
        return existing
    today = today or stockholm_today()
    if not handover_deadline_missed(item, today=today):
        raise ValidationError(_("This handover deadline has not been missed."))
    proposal = Proposal(
        source=DeviationSource.HANDOVER_NOT_ANNOUNCED,
        event_id=item.pk,
        day=item.due_on,
        reporting_unit=item.case.unit,
        concerned_units=[item.unit] if item.unit is not None else [],
        event=item,
    )
    return _create(actor=actor, proposal=proposal)
