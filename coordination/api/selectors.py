"""Reads for the API, shaped for a fixed query budget; every one starts from the scope rule (R4).

`active_case_check_by_id` answers exactly what `coordination.selectors.active_case_check`
answers (tests/coordination/test_api.py compares the two) and is built from the same
pieces, in three queries instead of the selector's three plus the caller's lookup of the
individual: the individual comes with its household in one query (a UNION whose halves
each use an index). With token authentication (one query) and the
access log (two) the endpoint stays at six (issue 3, item 9).
"""

from coordination.models import Individual
from coordination.permissions import individual_visible_to
from coordination.selectors import CheckResult, check_result_for, family_from, relations_of
from units.models import User


def active_case_check_by_id(*, user: User, individual_id: int) -> CheckResult | None:
    """The active-case check (R3, R4) for an individual in the user's scope, or None; 3 queries.

    Only individuals in scope: an id is no way to learn about strangers' families. A person
    not yet in scope is checked by identity number while registering a case (R3).
    """
    if not user.is_authenticated or not user.is_active:
        return None
    target = individual_visible_to(user).filter(pk=individual_id).order_by()
    # The housemates are read unscoped but used only when the individual itself is allowed.
    household = Individual.objects.filter(pk=individual_id).values("household_id")
    housemates = (
        Individual.objects.filter(household_id__in=household).exclude(pk=individual_id).order_by()
    )
    # 1: the individual and everyone in its household (a UNION: each half uses an index).
    people = list(target.union(housemates, all=True))
    individual = next((p for p in people if p.pk == individual_id), None)
    if individual is None:
        return None
    # 2: relations both ways; 3: the open cases at other units.
    family = family_from(
        individual=individual, relations=relations_of(individual.pk), housemates=people
    )
    return check_result_for(individual=individual, family=family, viewer=user)
