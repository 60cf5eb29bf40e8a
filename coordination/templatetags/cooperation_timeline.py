"""The family's coordination timeline."""

from django import template

register = template.Library()


@register.inclusion_tag("coordination/timeline/_panel.html", takes_context=True)
def individual_timeline(context, individual) -> dict:
    return {"individual": individual, "request": context["request"]}
