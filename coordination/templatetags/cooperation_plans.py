"""Joint work plans of a case (R7)."""

from django import template

register = template.Library()


@register.inclusion_tag("coordination/plans/_case_panel.html", takes_context=True)
def case_joint_plans(context, case) -> dict:
    return {"case": case, "request": context["request"]}
