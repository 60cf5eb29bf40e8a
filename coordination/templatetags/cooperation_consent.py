"""Consents of an individual (R12)."""

from django import template

register = template.Library()


@register.inclusion_tag("coordination/consent/_panel.html", takes_context=True)
def individual_consents(context, individual) -> dict:
    return {"individual": individual, "request": context["request"]}
