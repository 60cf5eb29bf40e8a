"""Three-party meetings of a case (R13)."""

from django import template

register = template.Library()


@register.inclusion_tag("coordination/three_party/_case_panel.html", takes_context=True)
def case_three_party_meetings(context, case) -> dict:
    return {"case": case, "request": context["request"]}
