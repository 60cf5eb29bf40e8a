"""Three-party meetings of a case (R13), on the case page; its viewers see the case."""

from django import template

from coordination.selectors_three_party import (
    acute_recorder_units,
    three_party_may_request,
    three_party_of_case,
)

register = template.Library()


@register.inclusion_tag("coordination/three_party/_case_panel.html", takes_context=True)
def case_three_party_meetings(context, case) -> dict:
    user = context["request"].user
    return {
        "case": case,
        "request": context["request"],
        "meetings": three_party_of_case(case=case),
        "may_request": case.is_open and three_party_may_request(user=user, case=case),
        # R15: a manager who sees the case may record an acute consultation about it.
        "may_record_acute": acute_recorder_units(user=user).exists(),
    }
