"""The meeting itself (R23): attendance, the rotating minute-taker, each item's outcome and the
published minutes.

Each case discussed ends with a decision or an escalation, written down as agreed by those
present; the escalation ladder itself (R2, R9) is a later piece: here "escalated" is recorded
with its text. The minutes are published once every item has its outcome.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import RoutineTrigger
from coordination.services.routine_runs import routine_runs_start_for_event
from meetings.models import Meeting, MeetingAttendance, MeetingState, Outcome, Submission
from meetings.selectors import meeting_access, meeting_participants
from meetings.services.notifications import meeting_minutes_published_notify
from meetings.services.schedule import meeting_transition
from units.models import Unit, User


def _may_keep_minutes(actor: User, meeting: Meeting) -> bool:
    return meeting.minute_taker_id == actor.pk or meeting_access(user=actor, meeting=meeting).chair


@transaction.atomic
def meeting_hold(
    *, actor: User, meeting: Meeting, present: list[User], minute_taker: User
) -> Meeting:
    """The chair opens the meeting (R23): who is present (one row per participant) and who
    takes the minutes, who must be present. The agenda must be frozen."""
    if not meeting_access(user=actor, meeting=meeting).chair:
        raise PermissionDenied
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("series__organisation")
        .get(pk=meeting.pk)
    )
    if meeting.state != MeetingState.AGENDA_FROZEN:
        raise ValidationError(_("Freeze the agenda before the meeting is held."))
    participants = {user.pk: user for user in meeting_participants(meeting)}
    present_ids = {user.pk for user in present}
    errors: dict[str, str] = {}
    if not present_ids:
        errors["present"] = _("Mark who is present.")
    elif present_ids - set(participants):
        errors["present"] = _("Only the series' participants can be marked present.")
    if minute_taker.pk not in present_ids:
        errors["minute_taker"] = _("The minute-taker must be among those present.")
    if errors:
        raise ValidationError(errors)
    rows = [
        MeetingAttendance(meeting=meeting, user_id=pk, present=pk in present_ids)
        for pk in participants
    ]
    MeetingAttendance.objects.bulk_create(rows)
    MeetingAttendance.history.bulk_history_create(rows, default_user=actor)
    meeting_transition(meeting, MeetingState.HELD)
    meeting.minute_taker = minute_taker
    meeting.held_at = timezone.now()
    meeting.save()
    return meeting


@transaction.atomic
def submission_outcome_record(
    *,
    actor: User,
    submission: Submission,
    notes: str,
    outcome: str,
    outcome_text: str,
    transfer_to: Unit | None = None,
) -> Submission:
    """The minute-taker (or the chair) writes an item's notes and its outcome, a decision or an
    escalation, as agreed by those present (R23). Allowed until the minutes are published.

    `transfer_to`: the decision is to transfer the case to that unit (003, R18); it starts the
    organisation's routines triggered by a meeting's transfer decision, the receiving unit as
    the run's other unit."""
    submission = (
        Submission.objects.select_for_update()
        .select_related("meeting__series__organisation")
        .get(pk=submission.pk)
    )
    meeting = submission.meeting
    if not _may_keep_minutes(actor, meeting):
        raise PermissionDenied
    if meeting.state != MeetingState.HELD:
        raise ValidationError(_("Outcomes are recorded while the meeting is held."))
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose a decision or an escalation.")
    if not outcome_text.strip():
        errors["outcome_text"] = _("Write the decision or the escalation as agreed.")
    if transfer_to is not None:
        case = submission.case  # read apart: the lock above must not reach the nullable case
        if outcome != Outcome.DECISION or case is None:
            errors["transfer_to"] = _(
                "A transfer is a decision about a case submitted by name: choose the decision."
            )
        elif (
            transfer_to.organisation_id != case.unit.organisation_id
            or transfer_to.pk == case.unit_id
            or not transfer_to.is_active
        ):
            errors["transfer_to"] = _("Choose another unit of the organisation to transfer to.")
    if errors:
        raise ValidationError(errors)
    submission.notes = notes.strip()
    submission.outcome = outcome
    submission.outcome_text = outcome_text.strip()
    submission.outcome_recorded_by = actor
    submission.outcome_recorded_at = timezone.now()
    submission.full_clean()
    submission.save()
    if transfer_to is not None:
        # R18, R30: the meeting decided the transfer; the routine never fails the minutes.
        routine_runs_start_for_event(
            event=RoutineTrigger.MEETING_DECIDED_TRANSFER,
            case=submission.case,
            actor=actor,
            other_unit=transfer_to,
        )
    return submission


@transaction.atomic
def meeting_minutes_publish(*, actor: User, meeting: Meeting) -> Meeting:
    """Publishes the minutes to the participants once every item has its outcome (R23); the
    participants are told, in the same transaction."""
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("series__organisation")
        .get(pk=meeting.pk)
    )
    if not _may_keep_minutes(actor, meeting):
        raise PermissionDenied
    if meeting.state != MeetingState.HELD:
        raise ValidationError(_("Only a held meeting's minutes can be published."))
    if Submission.objects.filter(meeting=meeting, outcome="").exists():
        raise ValidationError(
            _("Every item needs its decision or escalation before the minutes are published.")
        )
    meeting_transition(meeting, MeetingState.MINUTES_PUBLISHED)
    meeting.minutes_published_at = timezone.now()
    meeting.save()
    meeting_minutes_published_notify(meeting=meeting)
    return meeting
