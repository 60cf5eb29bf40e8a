"""The escalation ladder (R2, R9) on other pages: the panel on the case page, and the link on a
meeting item whose agreed outcome was an escalation (R23)."""

from django import template

from coordination.models import Escalation
from coordination.selectors_escalations import escalation_list_for_case, escalation_may_raise

register = template.Library()


@register.inclusion_tag("coordination/escalations/_case_panel.html", takes_context=True)
def case_escalations(context, case) -> dict:
    """The case's escalations the viewer is a party to, with the way to raise one for an
    involved caseworker; nothing is shown when there is nothing to say. A fixed number of
    queries."""
    request = context["request"]
    escalations = escalation_list_for_case(user=request.user, case=case)
    may_raise = case.is_open and escalation_may_raise(user=request.user, case=case)
    return {
        "case": case,
        "request": request,
        "escalations": escalations,
        "may_raise": may_raise,
        "shown": bool(escalations or may_raise),
    }


@register.inclusion_tag("coordination/escalations/_meeting_link.html", takes_context=True)
def submission_escalation_link(context, submission) -> dict:
    """On a meeting item escalated by the meeting: its escalation, or for the chair and for
    whoever recorded the outcome the way to put it on the ladder."""
    # Imported here: meetings builds on coordination (see selectors_escalations).
    from meetings.models import Outcome
    from meetings.selectors import meeting_access

    request = context["request"]
    if submission.outcome != Outcome.ESCALATED:
        return {"escalation": None, "may_raise": False, "submission": submission}
    escalation = Escalation.objects.filter(submission=submission).only("pk").first()
    may_raise = escalation is None and (
        submission.outcome_recorded_by_id == request.user.pk
        or meeting_access(user=request.user, meeting=submission.meeting).chair
    )
    return {"escalation": escalation, "may_raise": may_raise, "submission": submission}
