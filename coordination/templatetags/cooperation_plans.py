"""Joint work plans of a case (R7): the panel on the case page lists them with a link."""

from django import template

from coordination.selectors_plans import case_plan_creatable_by, plan_list_for_case

register = template.Library()


@register.inclusion_tag("coordination/plans/_case_panel.html", takes_context=True)
def case_joint_plans(context, case) -> dict:
    """The plans recorded in the case, and whether the viewer may start one; three queries."""
    user = context["request"].user
    return {
        "case": case,
        "request": context["request"],
        "plans": plan_list_for_case(case=case),
        "may_create": case.is_open and case_plan_creatable_by(user, case),
    }
