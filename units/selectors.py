"""Reads about the organisation: a user's memberships and roles, units, the ladder."""

from django.db.models import Exists, OuterRef, QuerySet

from units.models import EscalationLevel, Membership, Organisation, Role, Unit, User

# The order in which a user with several roles lands on a dashboard: the broadest first.
ROLE_PRIORITY = (
    Role.ADMINISTRATOR,
    Role.CONTROLLER,
    Role.DEPARTMENT_HEAD,
    Role.UNIT_MANAGER,
    Role.DEPUTY_UNIT_MANAGER,
    Role.COORDINATOR,
    Role.CASEWORKER,
)


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    """The user's active memberships with their places, in one query."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation", "department", "unit")
        .order_by("organisation__name", "role", "unit__name")
    )


def role_list_for_user(*, user: User) -> list[Role]:
    """The distinct roles the user holds, broadest first."""
    held = set(membership_list_for_user(user=user).values_list("role", flat=True))
    return [role for role in ROLE_PRIORITY if role in held]


def role_primary_for_user(*, user: User) -> Role | None:
    roles = role_list_for_user(user=user)
    return roles[0] if roles else None


def organisation_list_for_user(*, user: User, roles: set[Role] | None = None) -> QuerySet:
    """Organisations where the user holds any (or one of the given) active roles."""
    memberships = Membership.objects.filter(user=user, is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id"))


def unit_list_for_membership_role(*, user: User, role: Role) -> QuerySet[Unit]:
    """Units the user serves in the given role; department heads cover their departments."""
    memberships = Membership.objects.filter(user=user, role=role, is_active=True)
    if role == Role.DEPARTMENT_HEAD:
        return Unit.objects.filter(
            department__in=memberships.values("department_id"), is_active=True
        ).select_related("department")
    if role in {Role.CONTROLLER, Role.ADMINISTRATOR}:
        return Unit.objects.filter(
            organisation__in=memberships.values("organisation_id"), is_active=True
        ).select_related("department")
    return Unit.objects.filter(pk__in=memberships.values("unit_id"), is_active=True).select_related(
        "department"
    )


def unit_contacts(*, units: QuerySet[Unit], roles: set[Role]) -> dict[int, list[Membership]]:
    """Who holds the given roles at each unit, for 'whom do I contact' lists; one query."""
    result: dict[int, list[Membership]] = {}
    rows = (
        Membership.objects.filter(unit__in=units, role__in=roles, is_active=True)
        .select_related("user")
        .order_by("unit_id", "role", "user__last_name")
    )
    for membership in rows:
        result.setdefault(membership.unit_id, []).append(membership)
    return result


def escalation_ladder(*, organisation: Organisation) -> QuerySet[EscalationLevel]:
    return EscalationLevel.objects.filter(organisation=organisation).order_by("rank")


def escalation_levels_decided_by(*, user: User) -> QuerySet[EscalationLevel]:
    """The ladder rungs at which the user decides (R2): their role in that same organisation."""
    holds_role_there = Membership.objects.filter(
        user=user,
        is_active=True,
        organisation=OuterRef("organisation"),
        role=OuterRef("deciding_role"),
    )
    return (
        EscalationLevel.objects.filter(Exists(holds_role_there))
        .select_related("organisation")
        .order_by("organisation__name", "rank")
    )
