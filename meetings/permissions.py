"""Who may do what with meetings (R21, R22): one policy, used by views, services and selectors.

Participants are the active members of the series' organisation whose role is one of the
series' participant roles; the chair is anyone there holding the organisation's
`late_submission_accepted_by` role; submitters are deputy unit managers, and caseworkers where
the organisation lets them (R22). Deny by default.
"""

from units.models import Membership, Organisation, Role, User

SUBMITTING_ROLES = frozenset({Role.DEPUTY_UNIT_MANAGER})


def roles_in_organisation(*, user: User, organisation_id: int) -> set[str]:
    """The user's active roles in the organisation; one query."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(
            user=user, organisation_id=organisation_id, is_active=True
        ).values_list("role", flat=True)
    )


def submitting_roles(organisation: Organisation) -> set[str]:
    """Deputy unit managers submit; caseworkers too where the organisation allows (R22)."""
    roles = set(SUBMITTING_ROLES)
    if organisation.caseworkers_may_submit:
        roles.add(Role.CASEWORKER)
    return roles


def is_participant(*, roles: set[str], series) -> bool:
    return bool(roles & set(series.participant_roles))


def is_chair(*, roles: set[str], organisation: Organisation) -> bool:
    return organisation.late_submission_accepted_by in roles


def may_submit(*, roles: set[str], organisation: Organisation) -> bool:
    return bool(roles & submitting_roles(organisation))
