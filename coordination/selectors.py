"""Reads about individuals and cases; every one starts from the scope rule (R4)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coordination.identity import IdentityNumberError, parse_identity_number
from coordination.models import (
    CHILD_RELATIONS,
    Case,
    CaseStatus,
    Individual,
    Relation,
    RelationKind,
)
from coordination.permissions import case_visible_to, individual_visible_to, unit_ids_of
from units.models import Unit, User

SELF = _("the person")
# How the person relates to the individual the check runs for, seen from that individual.
_FORWARD_LABEL = {
    RelationKind.GUARDIAN_OF: _("child"),
    RelationKind.PARENT_OF: _("child"),
    RelationKind.PARTNER_OF: _("partner"),
    RelationKind.HOUSEHOLD_MEMBER_WITH: _("household member"),
    RelationKind.LEGAL_GUARDIAN_OF: _("person under guardianship"),
}
_BACKWARD_LABEL = {
    RelationKind.GUARDIAN_OF: _("guardian"),
    RelationKind.PARENT_OF: _("parent"),
    RelationKind.PARTNER_OF: _("partner"),
    RelationKind.HOUSEHOLD_MEMBER_WITH: _("household member"),
    RelationKind.LEGAL_GUARDIAN_OF: _("legal guardian or trustee"),
}


@dataclass(frozen=True)
class FamilyMember:
    individual: Individual
    relation: str
    is_child: bool


@dataclass(frozen=True)
class ActiveElsewhere:
    """One open case at another unit: the unit and its caseworker, never the contents (R4)."""

    member: FamilyMember
    unit: Unit
    caseworker: User
    since: datetime.date
    # Only to ask for a read with a stated reason (R4), where the organisation allows it.
    case_id: int


@dataclass
class CheckResult:
    individual: Individual
    family: list[FamilyMember] = field(default_factory=list)
    active_elsewhere: list[ActiveElsewhere] = field(default_factory=list)

    @property
    def individual_ids(self) -> list[int]:
        return [self.individual.pk, *(m.individual.pk for m in self.family)]

    @property
    def is_active_elsewhere(self) -> bool:
        return bool(self.active_elsewhere)

    @property
    def other_unit_ids(self) -> set[int]:
        return {entry.unit.pk for entry in self.active_elsewhere}


def family_of(*, individual: Individual) -> list[FamilyMember]:
    """Everyone related to the individual either way, and everyone in the household; 2 queries."""
    housemates = []
    if individual.household_id:
        housemates = Individual.objects.filter(household_id=individual.household_id).exclude(
            pk=individual.pk
        )
    return family_from(
        individual=individual, relations=relations_of(individual.pk), housemates=housemates
    )


def relations_of(individual_id: int) -> QuerySet[Relation]:
    return Relation.objects.filter(
        Q(from_individual_id=individual_id) | Q(to_individual_id=individual_id)
    ).select_related("from_individual", "to_individual")


def family_from(*, individual: Individual, relations, housemates) -> list[FamilyMember]:
    """The family as the check sees it: labelled from the individual's side, children first."""
    members: dict[int, FamilyMember] = {}
    for relation in relations:
        if relation.from_individual_id == individual.pk:
            other, label = relation.to_individual, _FORWARD_LABEL[relation.kind]
            is_child = relation.kind in CHILD_RELATIONS
        else:
            other, label = relation.from_individual, _BACKWARD_LABEL[relation.kind]
            is_child = False
        members.setdefault(other.pk, FamilyMember(other, str(label), is_child))
    for other in housemates:
        if other.pk != individual.pk:
            members.setdefault(other.pk, FamilyMember(other, str(_("household member")), False))
    return sorted(members.values(), key=lambda m: (not m.is_child, m.individual.birth_date))


CHECK_CASE_FIELDS = (
    "individual_id",
    "opened_on",
    "unit__name",
    "unit__short_name",
    "unit__kind",
    "unit__email",
    "unit__phone",
    "caseworker__first_name",
    "caseworker__last_name",
    "caseworker__email",
    "caseworker__phone",
    "caseworker__username",
)


def check_result_for(
    *, individual: Individual, family: list[FamilyMember], viewer: User
) -> CheckResult:
    """One query: the open cases of the individual and the family at the other units."""
    result = CheckResult(individual=individual, family=family)
    people = {individual.pk: FamilyMember(individual, str(SELF), False)}
    people.update({m.individual.pk: m for m in family})
    open_cases = (
        Case.objects.filter(individual_id__in=people.keys())
        .exclude(status=CaseStatus.CLOSED)
        .exclude(unit_id__in=unit_ids_of(viewer))
        .select_related("unit", "caseworker")
        .order_by("unit__name", "opened_on")
        .only(*CHECK_CASE_FIELDS)
    )
    result.active_elsewhere = [
        ActiveElsewhere(
            member=people[case.individual_id],
            unit=case.unit,
            caseworker=case.caseworker,
            since=case.opened_on,
            case_id=case.pk,
        )
        for case in open_cases
    ]
    return result


def active_case_check(*, individual: Individual, viewer: User) -> CheckResult:
    """Where else the individual, the family and every child is active (R3, R4).

    A fixed number of queries whatever the family's size: relations, household, and one
    query for every open case of everyone involved (the viewer's units a subquery).
    """
    return check_result_for(
        individual=individual, family=family_of(individual=individual), viewer=viewer
    )


def case_other_units(*, case: Case) -> QuerySet[Unit]:
    """The other active units of the case's organisation: where a copy may go, or the other
    side of a joint visit."""
    return (
        Unit.objects.filter(organisation_id=case.unit.organisation_id, is_active=True)
        .exclude(pk=case.unit_id)
        .order_by("name", "pk")
    )


def individual_find(*, user: User, query: str, limit: int = 50) -> list[Individual]:
    """Individuals in the user's scope by identity number (any common form) or by name."""
    query = query.strip()
    if not query:
        return []
    visible = individual_visible_to(user)
    try:
        number = parse_identity_number(query).canonical
    except IdentityNumberError:
        number = None
    if number:
        return list(visible.filter(identity_number=number)[:limit])
    filters = Q()
    for word in query.split():
        filters &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return list(visible.filter(filters).order_by("last_name", "first_name")[:limit])


def individual_by_identity_number(*, number: str) -> Individual | None:
    """Any individual with the number, for registering a case; callers must not show contents."""
    return Individual.objects.filter(identity_number=number).first()


def case_list_for_caseworker(*, user: User) -> QuerySet[Case]:
    return (
        case_visible_to(user)
        .filter(caseworker=user)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("individual", "unit")
        .order_by("individual__last_name", "individual__first_name")
    )


def case_list_for_individual(*, user: User, individual: Individual) -> QuerySet[Case]:
    """The individual's cases whose contents the user may see."""
    return (
        case_visible_to(user)
        .filter(individual=individual)
        .select_related("unit", "caseworker")
        .order_by("-opened_on")
    )


def date_from_db(value) -> datetime.date | None:
    """A date read by raw SQL or from a UNION: SQLite hands a date in a UNION's later rows
    back as text (or a datetime's text), PostgreSQL as a date."""
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        return value.date()
    return value
