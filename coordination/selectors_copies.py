"""Reads of copies sent between units (R31, R32): who may send from a case, the sending case's
panel, the receiving units' list and a copy's page.

The two sides read different things on purpose. The sending side reads `SentCopy` rows, which
carry nothing of the receiving side (not read, not assessed, not what the receiving unit
knows of the family: R31, "the adult unit cannot see whether the family is known there").
Only members of the receiving unit open a copy itself (R4), and only they see which of the
people named have an open case at their own unit.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from coordination.models import (
    CHILD_RELATIONS,
    DEBT_KINDS_NEEDING_JOINT_ASSESSMENT,
    Case,
    CaseStatus,
    CopyKind,
    DebtKind,
    Individual,
    Relation,
    UnitCopy,
)
from coordination.permissions import unit_ids_of
from coordination.selectors_age import birthday, stockholm_today
from units.models import Membership, Role, Unit, UnitKind, User

# The units R31 and R32 call "vuxengruppen": the units that handle adults. The children's
# units (BoU, its reception group, family care), family law (its matters are children's),
# in-house open care (a provider, not a deciding unit) and "other" are not adult units; a
# municipality whose adult work sits in a unit of another kind gives that unit one of these.
ADULT_UNIT_KINDS = frozenset(
    {
        UnitKind.VUXEN,
        UnitKind.BEROENDE,
        UnitKind.MOU,
        UnitKind.EKONOMISKT_BISTAND,
        UnitKind.SOCIALPSYKIATRI,
        UnitKind.BISTAND_SOL_LSS,
        UnitKind.ALDREOMSORG,
        UnitKind.FLYKTINGMOTTAGNING,
    }
)
# Besides the case's caseworker, who sends a copy from a case of the unit.
SENDER_ROLES = frozenset({Role.COORDINATOR, Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER})
# The copies the generic form sends; debt messages and concerns have their own forms.
GENERIC_KINDS = (CopyKind.INVITATION, CopyKind.DECISION, CopyKind.MESSAGE)
# A copy is notified to the receiving unit's coordinators; to its managers when it has none.
RECEIVER_ROLES = (Role.COORDINATOR,)
RECEIVER_FALLBACK_ROLES = (Role.UNIT_MANAGER, Role.DEPUTY_UNIT_MANAGER)
# Under 18: a child in the sense of R31 and R32.
CHILD_UNDER = 18


def unit_is_adult(unit: Unit) -> bool:
    """Whether R31's and R32's forms apply to the unit's cases."""
    return unit.kind in ADULT_UNIT_KINDS


def copy_may_send(*, user: User, case: Case) -> bool:
    """The case's caseworker, and the coordinators and managers of its unit, send copies from
    an open case."""
    if not user.is_authenticated or not case.is_open:
        return False
    if case.caseworker_id == user.pk:
        return True
    return Membership.objects.filter(
        user=user, is_active=True, unit_id=case.unit_id, role__in=SENDER_ROLES
    ).exists()


def _born_after(today: datetime.date) -> datetime.date:
    """Born after this day: under CHILD_UNDER today. On 29 February the day is 28 February of
    a common year: someone born on 1 March that year is still 17."""
    return birthday(today, -CHILD_UNDER, leap_day="02-28")


def copy_children_of(*, individual_id: int, today: datetime.date | None = None) -> QuerySet:
    """The person's children under 18 as recorded in the portal (guardian or parent of,
    R3's relations), youngest last; one query when read."""
    today = today or stockholm_today()
    children = Relation.objects.filter(
        from_individual_id=individual_id, kind__in=CHILD_RELATIONS
    ).values("to_individual_id")
    return Individual.objects.filter(
        pk__in=children, birth_date__gt=_born_after(today), birth_date__lte=today
    ).order_by("birth_date", "last_name", "first_name", "pk")


def copy_bou_units(*, organisation_id: int) -> QuerySet[Unit]:
    """The organisation's active BoU units: where R31's and R32's copies go."""
    return Unit.objects.filter(
        organisation_id=organisation_id, is_active=True, kind=UnitKind.BOU
    ).order_by("name", "pk")


def copy_recipient_ids(*, unit_id: int) -> list[int]:
    """Who is notified of a copy: the receiving unit's coordinators ("lämnas till
    samordnare"); its unit managers and deputy unit managers when it has none."""
    members = Membership.objects.filter(unit_id=unit_id, is_active=True, user__is_active=True)
    found = list(members.filter(role__in=RECEIVER_ROLES).values_list("user_id", flat=True))
    if not found:
        found = list(
            members.filter(role__in=RECEIVER_FALLBACK_ROLES).values_list("user_id", flat=True)
        )
    return sorted(set(found))


# --- the sending side ---------------------------------------------------------------------


@dataclass(frozen=True)
class SentCopy:
    """A copy as its sending unit sees it: what was sent, when, to whom, by whom. Nothing of
    the receiving side is in it (R31)."""

    pk: int
    sent_at: datetime.datetime
    kind: str
    kind_label: str
    debt_kind: str
    debt_kind_label: str
    message_received_on: datetime.date | None
    to_unit_name: str
    text: str
    sent_by_name: str
    child_name: str

    @property
    def joint_assessment_needed(self) -> bool:
        return self.debt_kind in DEBT_KINDS_NEEDING_JOINT_ASSESSMENT


# The sending side's columns: never read_*, assessment or assessed_*.
_SENT_FIELDS = (
    "pk",
    "sent_at",
    "kind",
    "debt_kind",
    "message_received_on",
    "to_unit__name",
    "text",
    "sent_by__first_name",
    "sent_by__last_name",
    "sent_by__username",
    "child__first_name",
    "child__last_name",
)


def copy_list_for_case(*, case: Case) -> list[SentCopy]:
    """The copies sent from the case, newest first, as the sending side sees them; one
    query."""
    rows = UnitCopy.objects.filter(case=case).order_by("-sent_at", "-pk").values_list(*_SENT_FIELDS)
    copies = []
    for (
        pk,
        sent_at,
        kind,
        debt_kind,
        received_on,
        unit_name,
        text,
        first,
        last,
        username,
        child_first,
        child_last,
    ) in rows:
        copies.append(
            SentCopy(
                pk=pk,
                sent_at=sent_at,
                kind=kind,
                kind_label=str(CopyKind(kind).label),
                debt_kind=debt_kind,
                debt_kind_label=_debt_label(debt_kind),
                message_received_on=received_on,
                to_unit_name=unit_name,
                text=text,
                sent_by_name=f"{first} {last}".strip() or username,
                child_name=f"{child_first} {child_last}" if child_first else "",
            )
        )
    return copies


def _debt_label(debt_kind: str) -> str:
    return str(DebtKind(debt_kind).label) if debt_kind else ""


# --- the receiving side -------------------------------------------------------------------


def copy_received_visible_to(user: User) -> QuerySet[UnitCopy]:
    """Copies to the user's units: only the receiving unit's members open a copy (R4); its
    sender does not."""
    if not user.is_authenticated or not user.is_active:
        return UnitCopy.objects.none()
    return UnitCopy.objects.filter(to_unit_id__in=unit_ids_of(user))


def copy_received_list(*, user: User) -> QuerySet[UnitCopy]:
    """The copies to the user's units, unread first, then newest; what the list shows of each
    in one query per page."""
    return (
        copy_received_visible_to(user)
        .select_related("to_unit", "case__unit", "case__individual", "sent_by", "child", "read_by")
        .annotate(is_read=ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField()))
        .order_by("is_read", "-sent_at", "-pk")
    )


def copy_received_unread_count(*, user: User) -> int:
    """How many copies to the user's units no one there has opened yet (for a dashboard's
    link); one query."""
    return copy_received_visible_to(user).filter(read_at__isnull=True).count()


@dataclass
class NamedPerson:
    """Someone the copy is about, and the receiving unit's own open cases for them."""

    individual: Individual
    is_child: bool
    cases_here: list[Case] = field(default_factory=list)


@dataclass
class CopyPage:
    copy: UnitCopy
    people: list[NamedPerson]

    @property
    def individual_ids(self) -> list[int]:
        return [p.individual.pk for p in self.people]

    @property
    def joint_assessment_needed(self) -> bool:
        return self.copy.debt_kind in DEBT_KINDS_NEEDING_JOINT_ASSESSMENT


def copy_page(*, user: User, copy_id: int) -> CopyPage | None:
    """A copy for a member of its receiving unit, else None: the message, its sender, the
    person and the children it names (a concern its child, a debt message the person's
    children under 18 as recorded) and which of them have an open case at the receiving unit.
    Three queries."""
    copy = (
        copy_received_visible_to(user)
        .select_related(
            "to_unit",
            "case__unit",
            "case__individual",
            "sent_by",
            "child",
            "read_by",
            "assessed_by",
        )
        .filter(pk=copy_id)
        .first()
    )
    if copy is None:
        return None
    person = copy.case.individual
    people = [NamedPerson(individual=person, is_child=False)]
    if copy.kind == CopyKind.CHILD_CONCERN:
        people.append(NamedPerson(individual=copy.child, is_child=True))
    elif copy.kind == CopyKind.DEBT_NOTICE:
        people += [
            NamedPerson(individual=child, is_child=True)
            for child in copy_children_of(individual_id=person.pk)
        ]
    by_id = {p.individual.pk: p for p in people}
    for case in (
        Case.objects.filter(individual_id__in=by_id, unit_id=copy.to_unit_id)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("caseworker")
        .order_by("opened_on", "pk")
    ):
        by_id[case.individual_id].cases_here.append(case)
    return CopyPage(copy=copy, people=people)
