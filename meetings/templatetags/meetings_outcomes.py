"""The outcomes of coordination meetings on a case page (R23).

Use on a page that has already checked that the viewer sees the case (coordination's scope
rule): `{% load meetings_outcomes %}{% case_meeting_outcomes case %}`. Only outcomes of
published minutes are shown.
"""

from django import template

from meetings.selectors import submission_outcomes_for_case

register = template.Library()


@register.inclusion_tag("meetings/_case_outcomes.html")
def case_meeting_outcomes(case) -> dict:
    return {"outcomes": submission_outcomes_for_case(case_id=case.pk)}
