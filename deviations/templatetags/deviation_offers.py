"""The deviation report a missed routine deadline proposes (R17, R25), where the deadline is
shown: a tag, so that coordination's templates offer it without coordination importing this
app (docs/architecture.md: deviations builds on coordination, not the other way)."""

from django import template

from deviations.models import REPORTING_ROLES
from deviations.selectors import missed_handover_deadline_for_case, reporting_unit_ids

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
