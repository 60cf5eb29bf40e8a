"""Co-caseworkers of a case."""

from django import template

register = template.Library()


@register.inclusion_tag("coordination/co_caseworkers/_case_panel.html", takes_context=True)
def case_co_caseworkers(context, case) -> dict:
    return {"case": case, "request": context["request"]}
