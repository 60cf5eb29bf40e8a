"""The deviation report a routine event proposes (R17, R25), where the event is shown: tags,
so that coordination's templates offer it without coordination importing this app
(docs/architecture.md: deviations builds on coordination, not the other way)."""

from django import template

from coordination.models import DueItem, DueKind, Escalation, Order
from deviations.models import REPORTING_ROLES, DeviationSource
from deviations.permissions import deviation_access_for, deviation_visible
from deviations.selectors import missed_handover_deadline_for_case, reporting_unit_ids
from deviations.selectors_proposals import PROPOSED_SOURCES, deviation_proposal_for
from units.models import Role

register = template.Library()


@register.inclusion_tag("deviations/_missed_handover_offer.html", takes_context=True)
def missed_handover_offer(context, case) -> dict:
    """For the case unit's (deputy) unit managers: the missed handover deadline and its draft
    or the way to write one. No query for anyone else; two for them."""
    request = context["request"]
    missed = None
    if set(getattr(request, "user_roles", ())) & set(REPORTING_ROLES) and (
        case.unit_id in reporting_unit_ids(user=request.user)
    ):
        missed = missed_handover_deadline_for_case(case=case)
    return {"missed": missed, "request": request}


def _event_ids(source: str, event) -> list[int]:
    """The ids of the events a page's object stands for: an escalation's or an order's due
    items of the kind, or the object itself."""
    if source == DeviationSource.ESCALATION_OVERDUE and isinstance(event, Escalation):
        items = DueItem.objects.filter(escalation=event, kind=DueKind.ESCALATION_OVERDUE)
        return list(items.order_by("period", "pk").values_list("pk", flat=True))
    if source == DeviationSource.ORDER_EXECUTION_CHECK_MISSED and isinstance(event, Order):
        items = DueItem.objects.filter(order=event, kind=DueKind.ORDER_EXECUTION_CHECK)
        return list(items.order_by("period", "pk").values_list("pk", flat=True))
    return [event.pk]


@register.inclusion_tag("deviations/_event_offer.html", takes_context=True)
def deviation_offer(context, source: str, event) -> dict:
    """Where a routine event is shown (an escalation past its target time, a consent
    override, a log review with remarks, an order): the report written on it when the user
    may read it, or "Write a deviation report" for the managers of its units (R25). Nothing,
    and no query, for users who are neither managers nor controllers; a few for them."""
    request = context["request"]
    offers: list[dict] = []
    roles = getattr(request, "user_roles", None)
    if roles is not None and not set(roles) & {*REPORTING_ROLES, Role.CONTROLLER}:
        return {"offers": offers}
    access = deviation_access_for(request.user)
    if not access.is_anyone or source not in PROPOSED_SOURCES or event is None:
        return {"offers": offers}
    link = {
        DeviationSource.CONSENT_OVERRIDE: "consent_override_id",
        DeviationSource.ACCESS_LOG_FINDING: "access_log_review_id",
        DeviationSource.ROUTINE_STEP_SKIPPED: "routine_step_id",
    }.get(source, "due_item_id")
    ids = _event_ids(source, event)
    reports = {
        getattr(report, link): report
        for report in deviation_visible(access).filter(**{f"{link}__in": ids})
    }
    for event_id in ids:
        if event_id in reports:
            offers.append({"report": reports[event_id]})
        elif deviation_proposal_for(user=request.user, source=source, event_id=event_id):
            offers.append({"source": source, "event_id": event_id})
    return {"offers": offers}
