"""The one scope rule (R4): what a user may see of individuals and cases. Deny by default.

Every page, list, search, export and API call starts from `case_visible_to` or
`individual_visible_to`. Contents of a case are open to members of the owning unit and to
holders of a live person-level grant (co-caseworker, manager on an escalation path, an
active decision with a stated reason). Everyone else learns only what the active-case
check shows: that a unit has an open case, and who its caseworker is.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from coordination.models import Case, CaseGrant, Individual
from units.models import UNIT_ROLES, Membership, User

VIEW_CONTENTS = "view_case_contents"


def unit_ids_of(user: User) -> QuerySet:
    """Units whose cases the user's own memberships open (unit roles only)."""
    return Membership.objects.filter(
        user=user, is_active=True, unit__isnull=False, role__in=UNIT_ROLES
    ).values("unit_id")


def live_grants(user: User) -> QuerySet[CaseGrant]:
    now = timezone.now()
    return CaseGrant.objects.filter(
        user=user,
        permission__codename=VIEW_CONTENTS,
        revoked_at__isnull=True,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))


def case_visible_to(user: User) -> QuerySet[Case]:
    """Cases whose contents the user may see."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    granted = live_grants(user).filter(content_object=OuterRef("pk"))
    return Case.objects.filter(Q(unit_id__in=unit_ids_of(user)) | Exists(granted))


def individual_visible_to(user: User) -> QuerySet[Individual]:
    """Individuals the user may look up: a visible case, or registered by the user's unit."""
    if not user.is_authenticated or not user.is_active:
        return Individual.objects.none()
    has_visible_case = case_visible_to(user).filter(individual=OuterRef("pk"))
    return Individual.objects.filter(
        Q(Exists(has_visible_case)) | Q(registered_by_unit_id__in=unit_ids_of(user))
    )


def can_register_cases(user: User) -> bool:
    """Caseworkers and those who lead them register cases at their units (R3)."""
    return Membership.objects.filter(
        user=user, is_active=True, unit__isnull=False, role__in=UNIT_ROLES
    ).exists()


def require_case(user: User, case_id: int) -> Case:
    """The case if visible, else 404: missing and forbidden answer the same (STYLE rule 4)."""
    case = (
        case_visible_to(user)
        .select_related("individual", "unit", "unit__department", "caseworker")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    return case


def require_individual(user: User, individual_id: int) -> Individual:
    individual = individual_visible_to(user).filter(pk=individual_id).first()
    if individual is None:
        raise Http404
    return individual
