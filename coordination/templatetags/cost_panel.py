"""Cost responsibility (R33) on the case page: the case's interventions, who bears each cost
and in what shares, and the steps the viewer may take."""

from django import template

from coordination.forms_costs import InterventionRecordForm
from coordination.selectors_costs import cost_may_record, intervention_list_for_case
from units.models import Unit

register = template.Library()


@register.inclusion_tag("coordination/costs/_case_panel.html", takes_context=True)
def case_costs(context, case) -> dict:
    """The panel; the case page has already checked and logged the read. A fixed number of
    queries whatever the number of interventions."""
    request = context["request"]
    rows = intervention_list_for_case(user=request.user, case=case)
    may_record = cost_may_record(user=request.user, case=case)
    form = None
    if may_record:
        units = Unit.objects.filter(
            organisation_id=case.unit.organisation_id, is_active=True
        ).order_by("name")
        form = InterventionRecordForm(units=units, initial={"providing_unit": case.unit})
    return {
        "case": case,
        "request": request,
        "rows": rows,
        "form": form,
        "shown": bool(rows or may_record),
    }
