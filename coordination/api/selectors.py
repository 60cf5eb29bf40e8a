"""Reads for the API, shaped for a fixed query budget; every one starts from the scope rule (R4).

`active_case_check_by_id` answers exactly what `coordination.selectors.active_case_check`
answers (tests/coordination/test_api.py compares the two), in three queries instead of the
selector's four plus the caller's lookup of the individual: the individual comes with its
household in one query (a UNION whose halves each use an index), and the viewer's units are
a subquery rather than a query of their own. With token authentication (one query) and the
access log (two) the endpoint stays at six (issue 3, item 9).
"""

from django.db.models import Exists, Q, QuerySet

from coordination.models import (
    CHILD_RELATIONS,
    Case,
    CaseStatus,
    Individual,
    Relation,
    RelationKind,
)
from coordination.permissions import individual_visible_to, unit_ids_of
from coordination.selectors import (
    _BACKWARD_LABEL,
    _FORWARD_LABEL,
    SELF,
    ActiveElsewhere,
    CheckResult,
    FamilyMember,
)
from units.models import User

CHECK_CASE_FIELDS = (
    "individual_id",
    "opened_on",
    "unit__name",
    "unit__short_name",
    "unit__kind",
    "caseworker__first_name",
    "caseworker__last_name",
    "caseworker__email",
    "caseworker__phone",
    "caseworker__username",
)


def _checkable(user: User, individual_id: int) -> QuerySet[Individual]:
    """The individual, if an active, signed-in user may run the check for it.

    Whoever may register a case (a unit role, as `can_register_cases` asks) must see the
    check before registering, also for a person not yet in their scope (R3); the check
    itself shows only the minimal facts (R4). Others need the person in their scope.
    """
    # Two branches with the id in each, so that the database looks the row up by its key.
    registers_cases = Individual.objects.filter(Exists(unit_ids_of(user)), pk=individual_id)
    return registers_cases | individual_visible_to(user).filter(pk=individual_id)


def active_case_check_by_id(*, user: User, individual_id: int) -> CheckResult | None:
    """The active-case check (R3, R4) for an id, or None if missing or out of reach; 3 queries."""
    if not user.is_authenticated or not user.is_active:
        return None
    target = _checkable(user, individual_id).order_by()
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
    # 2: relations both ways, as `coordination.selectors.family_of` reads them.
    relations = Relation.objects.filter(
        Q(from_individual_id=individual.pk) | Q(to_individual_id=individual.pk)
    ).select_related("from_individual", "to_individual")
    members: dict[int, FamilyMember] = {}
    for relation in relations:
        if relation.from_individual_id == individual.pk:
            other, label = relation.to_individual, _FORWARD_LABEL[relation.kind]
            is_child = relation.kind in CHILD_RELATIONS
        else:
            other, label = relation.from_individual, _BACKWARD_LABEL[relation.kind]
            is_child = False
        members.setdefault(other.pk, FamilyMember(other, str(label), is_child))
    household_label = str(_FORWARD_LABEL[RelationKind.HOUSEHOLD_MEMBER_WITH])
    for other in people:
        if other.pk != individual.pk:
            members.setdefault(other.pk, FamilyMember(other, household_label, False))
    family = sorted(members.values(), key=lambda m: (not m.is_child, m.individual.birth_date))
    result = CheckResult(individual=individual, family=family)
    involved = {individual.pk: FamilyMember(individual, str(SELF), False)}
    involved.update({m.individual.pk: m for m in family})
    # 3: every open case of everyone involved at units other than the viewer's.
    open_cases = (
        Case.objects.filter(individual_id__in=involved.keys())
        .exclude(status=CaseStatus.CLOSED)
        .exclude(unit_id__in=unit_ids_of(user))
        .select_related("unit", "caseworker")
        .order_by("unit__name", "opened_on")
        .only(*CHECK_CASE_FIELDS)
    )
    result.active_elsewhere = [
        ActiveElsewhere(
            member=involved[case.individual_id],
            unit=case.unit,
            caseworker=case.caseworker,
            since=case.opened_on,
        )
        for case in open_cases
    ]
    return result
