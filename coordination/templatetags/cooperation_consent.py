"""Consents of an individual (R12): the panel on the person's page and on the case page."""

from django import template

from coordination.selectors_consent import (
    consent_list_for_individual,
    consent_override_list_for_individual,
)

register = template.Library()


@register.inclusion_tag("coordination/consent/_panel.html", takes_context=True)
def individual_consents(context, individual) -> dict:
    """Two queries: the consents with their state, and the overrides the viewer may see."""
    request = context["request"]
    return {
        "individual": individual,
        "request": request,
        "consent_rows": consent_list_for_individual(individual=individual),
        "consent_overrides": list(
            consent_override_list_for_individual(user=request.user, individual=individual)
        ),
        "back": request.path,
    }
