"""Co-caseworkers of a case (R17, R20): the panel on the case page."""

from django import template

from coordination.selectors_co_caseworkers import (
    CoCaseworkerState,
    co_caseworker_list_for_case,
    co_caseworker_may_manage,
)

register = template.Library()

# Appointments that may still be revoked.
_REVOCABLE = frozenset({CoCaseworkerState.COMING, CoCaseworkerState.ACTIVE})


@register.inclusion_tag("coordination/co_caseworkers/_case_panel.html", takes_context=True)
def case_co_caseworkers(context, case) -> dict:
    """Two queries: the appointments and whether the viewer may manage them."""
    request = context["request"]
    appointments = co_caseworker_list_for_case(case=case)
    may_manage = co_caseworker_may_manage(user=request.user, case=case)
    for appointment in appointments:
        appointment.revocable = may_manage and appointment.state in _REVOCABLE
    return {
        "case": case,
        "request": request,
        "appointments": appointments,
        "may_manage": may_manage,
        "csrf_token": context.get("csrf_token"),
    }
