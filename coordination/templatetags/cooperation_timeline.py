"""The family's coordination timeline on an individual's page (issue 4 item 10)."""

from django import template

from coordination import services
from coordination.models import AccessAction
from coordination.selectors import active_case_check
from coordination.selectors_timeline import family_timeline

register = template.Library()


@register.inclusion_tag("coordination/timeline/_panel.html", takes_context=True)
def individual_timeline(context, individual) -> dict:
    """The timeline of the individual and the family the page's active-case check found.

    The individual's page (IndividualDetailView) already logs everyone in its check, so the
    tag reuses that check and logs nothing; a page without a check gets one, logged here.
    """
    request = context["request"]
    check = context.get("check")
    if check is None or check.individual.pk != individual.pk:
        check = active_case_check(individual=individual, viewer=request.user)
        services.access_log_record(
            request=request, action=AccessAction.CHECK, individual_ids=check.individual_ids
        )
    timeline = family_timeline(individual=individual, viewer=request.user, check=check)
    return {"individual": individual, "request": request, "timeline": timeline}
