"""The routines run on a case (R30), as a panel on the case page: which ran, the step each is
at and who holds it, and the way to start one by hand."""

from django import template

from coordination.selectors_routine_runs import routine_run_may_start, routine_runs_for_case

register = template.Library()


@register.inclusion_tag("coordination/routines/_case_panel.html", takes_context=True)
def case_routines(context, case) -> dict:
    """Shown to the case page's reader (who may see the case); three queries, four while a
    kept step is open. A step kept within another unit (R31) shows its title and unit only."""
    request = context["request"]
    runs = routine_runs_for_case(case=case, user=request.user)
    may_start = routine_run_may_start(request.user, case)
    return {
        "case": case,
        "runs": runs,
        "may_start": may_start,
        "shown": bool(runs or may_start),
    }
