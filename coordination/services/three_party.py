"""Writes for three-party meetings (R13) and acute consultations between managers (R15).

A meeting moves only along THREE_PARTY_TRANSITIONS, one step at a time, and each step
only by its owner: the requesting caseworker asks, a deputy unit manager of the requested
unit appoints or declines, the two caseworkers record the pre-meeting and the meeting,
and the requesting caseworker records the outcome. History is kept by simple-history.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import (
    AcuteConsultation,
    Case,
    CaseStatus,
    ThreePartyMeeting,
    ThreePartyOutcome,
    ThreePartyState,
)
from coordination.permissions import case_visible_to
from coordination.selectors_three_party import (
    acute_is_manager_at,
    three_party_caseworker_choices,
    three_party_deciders,
    three_party_is_decider,
    three_party_may_request,
)
from units.models import Unit, User

# The only moves a meeting's state may make (STYLE rule 6).
THREE_PARTY_TRANSITIONS: dict[str, frozenset[str]] = {
    ThreePartyState.REQUESTED: frozenset({ThreePartyState.APPOINTED, ThreePartyState.DECLINED}),
    ThreePartyState.APPOINTED: frozenset({ThreePartyState.PRE_MEETING_HELD}),
    ThreePartyState.PRE_MEETING_HELD: frozenset({ThreePartyState.MEETING_HELD}),
    ThreePartyState.MEETING_HELD: frozenset({ThreePartyState.CLOSED}),
    ThreePartyState.CLOSED: frozenset(),
    ThreePartyState.DECLINED: frozenset(),
}


class ThreePartyRuleError(ValidationError):
    """The step is not possible in the meeting's state; the message says why."""


class ThreePartyNotOwnerError(PermissionDenied):
    """The actor does not own the step (R13); nothing is changed."""


def _illegal_move_message(to: str, state_label: str) -> str:
    messages = {
        ThreePartyState.APPOINTED: _(
            "A caseworker can only be appointed while the request waits for an answer; "
            "the meeting is now: %(state)s."
        ),
        ThreePartyState.DECLINED: _(
            "Only a request that waits for an answer can be declined; the meeting is now: "
            "%(state)s."
        ),
        ThreePartyState.PRE_MEETING_HELD: _(
            "The pre-meeting is recorded once, after a caseworker is appointed; the meeting "
            "is now: %(state)s."
        ),
        ThreePartyState.MEETING_HELD: _(
            "The three-party meeting is recorded once, after the pre-meeting; the meeting is "
            "now: %(state)s."
        ),
        ThreePartyState.CLOSED: _(
            "The outcome is recorded once, after the three-party meeting; the meeting is now: "
            "%(state)s."
        ),
    }
    return messages[to] % {"state": state_label}


def _locked(meeting: ThreePartyMeeting, to: ThreePartyState) -> ThreePartyMeeting:
    """The meeting, locked for the step, if the move is legal (two simultaneous steps: one wins)."""
    locked = (
        ThreePartyMeeting.objects.select_for_update()
        .select_related("requested_unit", "case__individual")
        .get(pk=meeting.pk)
    )
    if to not in THREE_PARTY_TRANSITIONS[locked.state]:
        raise ThreePartyRuleError(_illegal_move_message(to, locked.get_state_display()))
    return locked


def three_party_require_owner(*, actor: User, meeting: ThreePartyMeeting, step: str) -> None:
    """Raises ThreePartyNotOwnerError unless the actor owns the step (R13).

    Steps: appoint and decline (the deciding managers of the requested unit), pre_meeting
    and meeting (either caseworker), outcome (the requesting caseworker).
    """
    if step in {"appoint", "decline"}:
        if not three_party_is_decider(user=actor, meeting=meeting):
            raise ThreePartyNotOwnerError(
                _("Only the deputy unit managers of %(unit)s can answer the request.")
                % {"unit": meeting.requested_unit}
            )
    elif step in {"pre_meeting", "meeting"}:
        if actor.pk not in {meeting.requested_by_id, meeting.appointed_caseworker_id}:
            raise ThreePartyNotOwnerError(
                _("Only the requesting and the appointed caseworker record the meetings.")
            )
    elif step == "outcome":
        if actor.pk != meeting.requested_by_id:
            raise ThreePartyNotOwnerError(_("Only the requesting caseworker records the outcome."))
    else:
        raise ValueError(step)


def _require_past_date(held_on: datetime.date | None, field: str) -> None:
    if held_on is None:
        raise ValidationError({field: _("Enter the date.")})
    if held_on > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def three_party_request(
    *, actor: User, case: Case, requested_unit: Unit, question: str
) -> ThreePartyMeeting:
    """Asks another unit of the organisation for a three-party meeting (R13).

    The request goes to the unit's deputy unit managers, or its unit managers if it has
    no deputy; they see it among the requests to their units.
    """
    if not three_party_may_request(user=actor, case=case):
        raise ThreePartyNotOwnerError(
            _("Only the case's caseworker or a co-caseworker can ask for a three-party meeting.")
        )
    if case.status == CaseStatus.CLOSED:
        raise ThreePartyRuleError(_("The case is closed: a three-party meeting cannot be asked."))
    errors: dict[str, str] = {}
    if requested_unit.organisation_id != case.unit.organisation_id or not requested_unit.is_active:
        errors["requested_unit"] = _("Choose an active unit of the same organisation.")
    elif requested_unit.pk == case.unit_id:
        errors["requested_unit"] = _("Choose another unit than the case's own.")
    elif not three_party_deciders(unit=requested_unit).exists():
        errors["requested_unit"] = _(
            "%(unit)s has no deputy unit manager or unit manager to receive the request."
        ) % {"unit": requested_unit}
    if not (question or "").strip():
        errors["question"] = _("Write what the meeting is about.")
    if errors:
        raise ValidationError(errors)
    meeting = ThreePartyMeeting(
        case=case,
        requested_unit=requested_unit,
        requested_by=actor,
        question=question.strip(),
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def three_party_appoint(
    *, actor: User, meeting: ThreePartyMeeting, caseworker: User
) -> ThreePartyMeeting:
    """A deputy unit manager of the requested unit appoints one of its caseworkers (R13)."""
    three_party_require_owner(actor=actor, meeting=meeting, step="appoint")
    meeting = _locked(meeting, ThreePartyState.APPOINTED)
    if (
        not three_party_caseworker_choices(unit=meeting.requested_unit)
        .filter(pk=caseworker.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "caseworker": _("%(person)s is not a caseworker at %(unit)s.")
                % {"person": caseworker, "unit": meeting.requested_unit}
            }
        )
    meeting.state = ThreePartyState.APPOINTED
    meeting.appointed_by = actor
    meeting.appointed_caseworker = caseworker
    meeting.appointed_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def three_party_decline(
    *, actor: User, meeting: ThreePartyMeeting, reason: str
) -> ThreePartyMeeting:
    """A deputy unit manager of the requested unit declines, with a reason (R13)."""
    three_party_require_owner(actor=actor, meeting=meeting, step="decline")
    meeting = _locked(meeting, ThreePartyState.DECLINED)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Write why the request is declined.")})
    meeting.state = ThreePartyState.DECLINED
    meeting.appointed_by = actor
    meeting.appointed_at = timezone.now()
    meeting.decline_reason = reason.strip()
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def three_party_record_pre_meeting(
    *, actor: User, meeting: ThreePartyMeeting, held_on: datetime.date
) -> ThreePartyMeeting:
    """Either caseworker records the professionals' pre-meeting (R13)."""
    three_party_require_owner(actor=actor, meeting=meeting, step="pre_meeting")
    meeting = _locked(meeting, ThreePartyState.PRE_MEETING_HELD)
    _require_past_date(held_on, "held_on")
    if held_on < timezone.localdate(meeting.requested_at):
        raise ValidationError({"held_on": _("The pre-meeting cannot be before the request.")})
    meeting.state = ThreePartyState.PRE_MEETING_HELD
    meeting.pre_meeting_on = held_on
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def three_party_record_meeting(
    *, actor: User, meeting: ThreePartyMeeting, held_on: datetime.date
) -> ThreePartyMeeting:
    """Either caseworker records the meeting with the individual, not before the pre-meeting."""
    three_party_require_owner(actor=actor, meeting=meeting, step="meeting")
    meeting = _locked(meeting, ThreePartyState.MEETING_HELD)
    _require_past_date(held_on, "held_on")
    if held_on < meeting.pre_meeting_on:
        raise ValidationError(
            {
                "held_on": _("The three-party meeting cannot be before the pre-meeting (%(day)s).")
                % {"day": meeting.pre_meeting_on.isoformat()}
            }
        )
    meeting.state = ThreePartyState.MEETING_HELD
    meeting.meeting_on = held_on
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def three_party_record_outcome(
    *, actor: User, meeting: ThreePartyMeeting, outcome: str, note: str = ""
) -> ThreePartyMeeting:
    """The requesting caseworker records what came of the meeting, which closes it (R13)."""
    three_party_require_owner(actor=actor, meeting=meeting, step="outcome")
    meeting = _locked(meeting, ThreePartyState.CLOSED)
    if outcome not in ThreePartyOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome from the list.")})
    note = (note or "").strip()
    if outcome == ThreePartyOutcome.OTHER and not note:
        raise ValidationError({"note": _("Describe the outcome when you choose 'Other'.")})
    meeting.state = ThreePartyState.CLOSED
    meeting.outcome = outcome
    meeting.outcome_note = note
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def acute_consultation_record(
    *,
    actor: User,
    from_unit: Unit,
    to_unit: Unit,
    consulted_manager: User,
    consulted_at: datetime.datetime,
    question: str,
    agreed: str,
    case: Case | None = None,
) -> AcuteConsultation:
    """Records that a manager consulted another unit's manager directly (R15)."""
    errors: dict[str, str] = {}
    if not acute_is_manager_at(user=actor, unit=from_unit):
        errors["from_unit"] = _(
            "You are not a deputy unit manager or unit manager at %(unit)s."
        ) % {"unit": from_unit}
    if to_unit.pk == from_unit.pk:
        errors["to_unit"] = _("Choose another unit than your own.")
    elif to_unit.organisation_id != from_unit.organisation_id:
        errors["to_unit"] = _("Choose a unit of the same organisation.")
    elif consulted_manager.pk == actor.pk:
        errors["consulted_manager"] = _("Choose the manager you consulted, not yourself.")
    elif not acute_is_manager_at(user=consulted_manager, unit=to_unit):
        errors["consulted_manager"] = _(
            "%(person)s is not a deputy unit manager or unit manager at %(unit)s."
        ) % {"person": consulted_manager, "unit": to_unit}
    if consulted_at is None:
        errors["consulted_at"] = _("Enter when you consulted.")
    elif consulted_at > timezone.now():
        errors["consulted_at"] = _("The consultation cannot be in the future.")
    if not (question or "").strip():
        errors["question"] = _("Write the question.")
    if not (agreed or "").strip():
        errors["agreed"] = _("Write what was agreed.")
    if case is not None and not case_visible_to(actor).filter(pk=case.pk).exists():
        # R4: a consultation is linked only to a case the recorder may see.
        errors["case"] = _("You can link only a case you can see.")
    if errors:
        raise ValidationError(errors)
    consultation = AcuteConsultation(
        organisation_id=from_unit.organisation_id,
        from_unit=from_unit,
        to_unit=to_unit,
        consulted_manager=consulted_manager,
        consulted_at=consulted_at,
        question=question.strip(),
        agreed=agreed.strip(),
        case=case,
        recorded_by=actor,
    )
    consultation.full_clean()
    consultation.save()
    return consultation
