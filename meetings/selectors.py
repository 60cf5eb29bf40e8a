"""Reads about meetings: the standing series a user takes part in (R21)."""

from django.db.models import QuerySet

from meetings.models import MeetingSeries
from units.models import Membership, User


def meeting_series_for_user(*, user: User) -> list[MeetingSeries]:
    """Active series of the user's organisations whose participant roles include theirs."""
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).values_list("organisation_id", "role")
    )
    roles_by_organisation: dict[int, set[str]] = {}
    for organisation_id, role in memberships:
        roles_by_organisation.setdefault(organisation_id, set()).add(role)
    series = MeetingSeries.objects.filter(
        organisation_id__in=roles_by_organisation, is_active=True
    ).select_related("organisation")
    # participant_roles is a JSON list; matching in Python keeps SQLite and PostgreSQL alike.
    return [
        s for s in series if roles_by_organisation[s.organisation_id] & set(s.participant_roles)
    ]


def meeting_series_for_organisation(*, organisation_id: int) -> QuerySet[MeetingSeries]:
    return MeetingSeries.objects.filter(organisation_id=organisation_id, is_active=True)
