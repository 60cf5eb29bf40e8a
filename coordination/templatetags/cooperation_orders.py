"""Orders to in-house open care (R26-R29): the panel on the case page."""

from django import template

from coordination.selectors_orders import (
    order_list_for_case,
    order_may_write,
    order_provider_units,
)

register = template.Library()


@register.inclusion_tag("coordination/orders/_case_panel.html", takes_context=True)
def case_orders(context, case) -> dict:
    """The case's orders and the way to write one; three queries at most, and nothing is shown
    when there is nothing to say."""
    request = context["request"]
    orders = order_list_for_case(case=case)
    may_start = (
        case.is_open
        and order_may_write(user=request.user, case=case)
        and order_provider_units(case=case).exists()
    )
    return {
        "case": case,
        "request": request,
        "orders": orders,
        "may_start": may_start,
        "shown": bool(orders or may_start),
    }
