"""When the youth unit's responsibility for a case ends (R16), on the case page."""

from django import template

from coordination.selectors_age import (
    age_exception_may_decide,
    responsibility_end_for_case,
)

register = template.Library()


@register.inclusion_tag("coordination/responsibility/_case_panel.html", takes_context=True)
def case_responsibility_end(context, case) -> dict:
    """Three queries for an open case (thresholds, exceptions, the viewer's role); the case
    page already loads the case's unit and individual."""
    request = context["request"]
    end = responsibility_end_for_case(case) if case.is_open else None
    return {
        "case": case,
        "request": request,
        "end": end,
        "may_decide": end is not None and age_exception_may_decide(user=request.user, case=case),
        "csrf_token": context.get("csrf_token"),
    }
