"""SIP and care planning of a case (R14)."""

from django import template

register = template.Library()


@register.inclusion_tag("coordination/care_planning/_case_panel.html", takes_context=True)
def case_care_planning(context, case) -> dict:
    return {"case": case, "request": context["request"]}
