"""Joint visits and assessments on the case page (R31, R32): date, kind, other unit and whether
AUDIT or DUDIT was used (the scores only on the record's page), what was noticed at BoU, and
the links to record either."""

from django import template

from coordination.selectors_joint_visits import joint_visit_panel

register = template.Library()


@register.inclusion_tag("coordination/joint_visits/_case_panel.html", takes_context=True)
def case_joint_visits(context, case) -> dict:
    """The panel; the case page has already checked and logged the read. A fixed number of
    queries whatever the number of visits."""
    panel = joint_visit_panel(user=context["request"].user, case=case)
    return {"case": case, "panel": panel, "shown": panel.shown}
