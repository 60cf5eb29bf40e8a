"""Reads for three-party meetings (R13) and acute consultations between managers (R15).

A meeting is seen by the two caseworkers, by the managers of the requested unit and by
whoever may see the requesting case (R4); seeing a meeting never opens the case's
contents. An acute consultation is seen by the managers of the two units it concerns.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    AcuteConsultation,
    Case,
    GrantReason,
    ThreePartyMeeting,
    ThreePartyState,
)
from coordination.permissions import case_visible_to, live_grants
from units.models import Membership, Role, Unit, User

MANAGER_ROLES = frozenset({Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER})

_MEETING_RELATED = (
    "case",
    "case__individual",
    "case__unit",
    "requested_unit",
    "requested_by",
    "appointed_by",
    "appointed_caseworker",
)


def manager_unit_ids_of(user: User) -> QuerySet:
    """Units where the user is a deputy unit manager or unit manager."""
    return Membership.objects.filter(
        user=user, is_active=True, unit__isnull=False, role__in=MANAGER_ROLES
    ).values("unit_id")


def _deciding_unit_filter(user: User, unit_field: str) -> Q:
    """R13: the deputy unit managers of the unit decide; its unit managers if it has none."""
    deputy_there = Membership.objects.filter(
        unit_id=OuterRef(unit_field), role=Role.DEPUTY_UNIT_MANAGER, is_active=True
    )
    own = Membership.objects.filter(user=user, is_active=True, unit__isnull=False)
    deputy_of = own.filter(role=Role.DEPUTY_UNIT_MANAGER).values("unit_id")
    manager_of = own.filter(role=Role.UNIT_MANAGER).values("unit_id")
    return Q(**{f"{unit_field}__in": deputy_of}) | (
        Q(**{f"{unit_field}__in": manager_of}) & ~Exists(deputy_there)
    )


def three_party_deciders(*, unit: Unit) -> QuerySet[User]:
    """Who receives a request to the unit (R13): its deputy unit managers, else its managers."""
    deputies = User.objects.filter(
        memberships__unit=unit,
        memberships__role=Role.DEPUTY_UNIT_MANAGER,
        memberships__is_active=True,
        is_active=True,
    )
    if deputies.exists():
        return deputies.distinct().order_by("last_name", "first_name")
    return (
        User.objects.filter(
            memberships__unit=unit,
            memberships__role=Role.UNIT_MANAGER,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def three_party_is_decider(*, user: User, meeting: ThreePartyMeeting) -> bool:
    return (
        ThreePartyMeeting.objects.filter(pk=meeting.pk)
        .filter(_deciding_unit_filter(user, "requested_unit"))
        .exists()
    )


def three_party_caseworker_choices(*, unit: Unit) -> QuerySet[User]:
    """Caseworkers of the requested unit, whom a deputy manager may appoint (R13)."""
    return (
        User.objects.filter(
            memberships__unit=unit,
            memberships__role=Role.CASEWORKER,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def three_party_may_request(*, user: User, case: Case) -> bool:
    """The case's caseworker, or a co-caseworker with a live grant, asks for a meeting (R13)."""
    if case.caseworker_id == user.pk:
        return True
    return (
        live_grants(user)
        .filter(content_object_id=case.pk, reason=GrantReason.CO_CASEWORKER)
        .exists()
    )


def three_party_visible_to(user: User) -> QuerySet[ThreePartyMeeting]:
    """Meetings the user may see: as a participant, a manager of the requested unit, or one
    who sees the requesting case. Seeing the meeting never opens the case (R4)."""
    if not user.is_authenticated or not user.is_active:
        return ThreePartyMeeting.objects.none()
    return ThreePartyMeeting.objects.filter(
        Q(requested_by=user)
        | Q(appointed_caseworker=user)
        | Q(requested_unit_id__in=manager_unit_ids_of(user))
        | Q(case__in=case_visible_to(user).values("pk"))
    )


def three_party_get(*, user: User, pk: int) -> ThreePartyMeeting | None:
    """One meeting within the user's scope, with what its page shows; one query."""
    return three_party_visible_to(user).select_related(*_MEETING_RELATED).filter(pk=pk).first()


def three_party_requests_to_units_of(*, user: User) -> list[ThreePartyMeeting]:
    """Requests to the units the user manages: open requests first, then the newest."""
    meetings = (
        ThreePartyMeeting.objects.filter(requested_unit_id__in=manager_unit_ids_of(user))
        .select_related(*_MEETING_RELATED)
        .order_by("-requested_at", "-pk")
    )
    rows = list(meetings)
    return sorted(rows, key=lambda m: m.state != ThreePartyState.REQUESTED)


def three_party_of_user(*, user: User) -> list[ThreePartyMeeting]:
    """Meetings the user takes part in as the requesting or the appointed caseworker."""
    return list(
        ThreePartyMeeting.objects.filter(Q(requested_by=user) | Q(appointed_caseworker=user))
        .select_related(*_MEETING_RELATED)
        .order_by("-requested_at", "-pk")
    )


def three_party_of_case(*, case: Case) -> list[ThreePartyMeeting]:
    """The case's meetings, for the panel on the case page (its viewers see the case)."""
    return list(
        case.three_party_meetings.select_related("requested_unit", "appointed_caseworker").order_by(
            "-requested_at", "-pk"
        )
    )


@dataclass(frozen=True)
class ThreePartyStep:
    """One step of the meeting's page: what, whose, in which state, when (R13)."""

    label: str
    owner: str
    state: str
    on: datetime.date | datetime.datetime | None


def three_party_steps(meeting: ThreePartyMeeting) -> list[ThreePartyStep]:
    """The five steps of a meeting with owner, state and date, from its own columns."""
    done, waiting, not_yet = _("Done"), _("Waiting"), _("Not yet")
    declined = meeting.state == ThreePartyState.DECLINED
    order = [
        ThreePartyState.REQUESTED,
        ThreePartyState.APPOINTED,
        ThreePartyState.PRE_MEETING_HELD,
        ThreePartyState.MEETING_HELD,
        ThreePartyState.CLOSED,
    ]
    reached = 1 if declined else order.index(meeting.state) + 1

    def state_of(index: int) -> str:
        if index < reached:
            return done
        if declined:
            return _("Declined") if index == 1 else _("Not held")
        return waiting if index == reached else not_yet

    caseworkers = _("%(requesting)s and %(appointed)s") % {
        "requesting": meeting.requested_by,
        "appointed": meeting.appointed_caseworker or _("the appointed caseworker"),
    }
    deputies = meeting.appointed_by or _("Deputy unit managers at %(unit)s") % {
        "unit": meeting.requested_unit
    }
    return [
        ThreePartyStep(
            _("Request"), str(meeting.requested_by), done, timezone.localtime(meeting.requested_at)
        ),
        ThreePartyStep(
            _("Appoint a caseworker"),
            str(deputies),
            state_of(1),
            timezone.localtime(meeting.appointed_at) if meeting.appointed_at else None,
        ),
        ThreePartyStep(_("Pre-meeting"), caseworkers, state_of(2), meeting.pre_meeting_on),
        ThreePartyStep(
            _("Three-party meeting with the individual"),
            caseworkers,
            state_of(3),
            meeting.meeting_on,
        ),
        ThreePartyStep(
            _("Outcome"),
            str(meeting.requested_by),
            state_of(4),
            None,
        ),
    ]


@dataclass(frozen=True)
class ThreePartyWaiting:
    """A meeting whose next step the user owns, for the dashboard's "waiting for me"."""

    meeting: ThreePartyMeeting
    step: str  # appoint, pre_meeting, meeting, outcome
    step_label: str
    unit: Unit  # the requested unit
    requesting_unit: Unit
    individual_id: int
    individual_name: str
    state: str
    state_label: str
    since: datetime.date
    url: str


_STEP_OF_STATE = {
    ThreePartyState.REQUESTED: ("appoint", _("Appoint a caseworker")),
    ThreePartyState.APPOINTED: ("pre_meeting", _("Record the pre-meeting")),
    ThreePartyState.PRE_MEETING_HELD: ("meeting", _("Record the three-party meeting")),
    ThreePartyState.MEETING_HELD: ("outcome", _("Record the outcome")),
}


def _since(meeting: ThreePartyMeeting) -> datetime.date:
    if meeting.state == ThreePartyState.APPOINTED and meeting.appointed_at:
        return timezone.localdate(meeting.appointed_at)
    if meeting.state == ThreePartyState.PRE_MEETING_HELD and meeting.pre_meeting_on:
        return meeting.pre_meeting_on
    if meeting.state == ThreePartyState.MEETING_HELD and meeting.meeting_on:
        return meeting.meeting_on
    return timezone.localdate(meeting.requested_at)


def three_party_waiting_for(user: User) -> list[ThreePartyWaiting]:
    """Meetings where the user owns the next step (R13), oldest first; one query.

    Deputy managers appoint (unit managers where the unit has no deputy); the two
    caseworkers record the pre-meeting and the meeting; the requesting caseworker records
    the outcome. Each row names an individual: the caller logs the read.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    mine = Q(requested_by=user) | Q(appointed_caseworker=user)
    owned = (
        (Q(state=ThreePartyState.REQUESTED) & _deciding_unit_filter(user, "requested_unit"))
        | (Q(state__in=[ThreePartyState.APPOINTED, ThreePartyState.PRE_MEETING_HELD]) & mine)
        | Q(state=ThreePartyState.MEETING_HELD, requested_by=user)
    )
    meetings = (
        ThreePartyMeeting.objects.filter(owned)
        .select_related("case__individual", "case__unit", "requested_unit")
        .order_by("requested_at", "pk")
    )
    rows = []
    for meeting in meetings:
        step, label = _STEP_OF_STATE[meeting.state]
        rows.append(
            ThreePartyWaiting(
                meeting=meeting,
                step=step,
                step_label=str(label),
                unit=meeting.requested_unit,
                requesting_unit=meeting.case.unit,
                individual_id=meeting.case.individual_id,
                individual_name=meeting.case.individual.full_name,
                state=meeting.state,
                state_label=meeting.get_state_display(),
                since=_since(meeting),
                url=reverse("coordination:three_party_detail", args=[meeting.pk]),
            )
        )
    return sorted(rows, key=lambda row: (row.since, row.meeting.pk))


# Acute consultations (R15)


def acute_recorder_units(*, user: User) -> QuerySet[Unit]:
    """Units from which the user may record an acute consultation (managers only)."""
    return Unit.objects.filter(pk__in=manager_unit_ids_of(user), is_active=True).order_by("name")


def acute_consulted_unit_choices(*, user: User) -> QuerySet[Unit]:
    """Units of the user's organisations that could be consulted."""
    organisations = Membership.objects.filter(
        user=user, is_active=True, role__in=MANAGER_ROLES
    ).values("organisation_id")
    return Unit.objects.filter(organisation_id__in=organisations, is_active=True).order_by("name")


def acute_consulted_manager_choices(*, user: User) -> QuerySet[User]:
    """Deputy unit managers and unit managers of the user's organisations, except the user."""
    organisations = Membership.objects.filter(
        user=user, is_active=True, role__in=MANAGER_ROLES
    ).values("organisation_id")
    return (
        User.objects.filter(
            memberships__organisation_id__in=organisations,
            memberships__role__in=MANAGER_ROLES,
            memberships__unit__isnull=False,
            memberships__is_active=True,
            is_active=True,
        )
        .exclude(pk=user.pk)
        .distinct()
        .order_by("last_name", "first_name")
    )


def acute_case_choices(*, user: User) -> QuerySet[Case]:
    """Open cases the recorder can see, to link a consultation to (R4)."""
    return (
        case_visible_to(user)
        .exclude(status="closed")
        .select_related("individual", "unit")
        .order_by("individual__last_name", "individual__first_name", "unit__name")
    )


def acute_is_manager_at(*, user: User, unit: Unit) -> bool:
    return Membership.objects.filter(
        user=user, unit=unit, role__in=MANAGER_ROLES, is_active=True
    ).exists()


@dataclass(frozen=True)
class AcuteRow:
    """A consultation as the viewer may see it: the case's person only if they see the case."""

    consultation: AcuteConsultation
    case_visible: bool
    individual_id: int | None


def acute_list_for(*, user: User) -> list[AcuteRow]:
    """Consultations concerning the units the user manages (R15); two queries."""
    units = manager_unit_ids_of(user)
    consultations = list(
        AcuteConsultation.objects.filter(Q(from_unit_id__in=units) | Q(to_unit_id__in=units))
        .select_related(
            "from_unit",
            "to_unit",
            "consulted_manager",
            "recorded_by",
            "case",
            "case__unit",
            "case__individual",
        )
        .order_by("-consulted_at", "-pk")
    )
    case_ids = {c.case_id for c in consultations if c.case_id}
    visible = (
        set(case_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))
        if case_ids
        else set()
    )
    return [
        AcuteRow(
            consultation=c,
            case_visible=c.case_id in visible,
            individual_id=c.case.individual_id if c.case_id in visible else None,
        )
        for c in consultations
    ]
