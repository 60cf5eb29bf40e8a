"""Copies sent from a case (R31, R32), as a panel on the case page: what was sent, when, to
which unit and by whom, and the forms to send one. Nothing of the receiving side is shown: not
whether the copy was read or assessed, not whether the family is known there (R31)."""

from django import template

from coordination.forms_copies import ChildConcernForm, CopySendForm, DebtNoticeForm
from coordination.selectors import case_other_units
from coordination.selectors_copies import (
    copy_bou_units,
    copy_children_of,
    copy_list_for_case,
    copy_may_send,
    unit_is_adult,
)

register = template.Library()


@register.inclusion_tag("coordination/copies/_case_panel.html", takes_context=True)
def case_copies(context, case) -> dict:
    """The panel; the case page has already checked and logged the read. A fixed number of
    queries whatever the number of copies."""
    request = context["request"]
    copies = copy_list_for_case(case=case)
    may_send = copy_may_send(user=request.user, case=case)
    adult = may_send and unit_is_adult(case.unit)
    panel = {
        "case": case,
        "request": request,
        "copies": copies,
        "shown": bool(copies or may_send),
        "send_form": CopySendForm(units=case_other_units(case=case)) if may_send else None,
        "adult": adult,
    }
    if adult:
        bou_units = copy_bou_units(organisation_id=case.unit.organisation_id)
        children = copy_children_of(individual_id=case.individual_id)
        panel.update(
            children_missing=not children.exists(),
            debt_form=DebtNoticeForm(bou_units=bou_units),
            concern_form=ChildConcernForm(children=children, bou_units=bou_units),
        )
    return panel
