"""The handover of a case (R17, R18): the panel on the case page."""

from django import template

from coordination.selectors_age import responsibility_end_for_case
from coordination.selectors_handovers import (
    handover_live_for_case,
    handover_may_send,
    handover_received_for_case,
)

register = template.Library()


@register.inclusion_tag("coordination/handovers/_case_panel.html", takes_context=True)
def case_handovers(context, case) -> dict:
    """The case's handover, the one it came from, and the way to start one; at most five
    queries, and nothing is shown when there is nothing to say."""
    request = context["request"]
    handover = handover_live_for_case(case=case)
    received_from = handover_received_for_case(case=case)
    end = None
    may_start = False
    if handover is None and case.is_open:
        end = responsibility_end_for_case(case)
        may_start = end is not None and handover_may_send(user=request.user, case=case)
    return {
        "case": case,
        "request": request,
        "handover": handover,
        "received_from": received_from,
        "end": end,
        "may_start": may_start,
        "shown": bool(handover or received_from or end),
    }
