"""SIP and care planning of a case (R14): the panel on the case page."""

from django import template

from coordination.services.care_planning import care_planning_can_record

register = template.Library()


@register.inclusion_tag("coordination/care_planning/_case_panel.html", takes_context=True)
def case_care_planning(context, case) -> dict:
    """The case page is already scoped; a fixed number of queries whatever the count."""
    request = context["request"]
    meetings = list(
        case.care_planning.select_related("consent", "recorded_by").prefetch_related("departments")
    )
    return {
        "case": case,
        "request": request,
        "care_planning_meetings": meetings,
        "can_record": case.is_open and care_planning_can_record(user=request.user, case=case),
    }
