"""Submissions to a meeting (R22): the cutoff, late submissions and the chair's acceptance.

The cutoff is enforced here, on the server, with the time taken when the meeting row is locked:
a submission and the agenda freeze cannot pass each other.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Case
from meetings.models import Meeting, MeetingState, Submission, SubmissionKind
from meetings.permissions import submitting_roles
from meetings.selectors import (
    meeting_access,
    meeting_cutoff,
    meeting_next_open,
    submission_case_choices,
)
from units.models import Membership, Organisation, Unit, User

# States in which a meeting still takes items: planned, and frozen for a chair's late accept.
_OPEN_STATES = frozenset({MeetingState.PLANNED, MeetingState.AGENDA_FROZEN})


@dataclass(frozen=True)
class SubmissionResult:
    """The submission, and whether it was late and so placed on a later meeting."""

    submission: Submission
    late: bool

    @property
    def placed_on(self) -> Meeting:
        return self.submission.meeting


def _submitting_unit(actor: User, organisation: Organisation, case: Case | None) -> Unit:
    """The case's unit, or for an anonymous consultation the actor's first submitting unit."""
    if case is not None:
        return case.unit
    membership = (
        Membership.objects.filter(
            user=actor,
            organisation=organisation,
            is_active=True,
            unit__isnull=False,
            role__in=submitting_roles(organisation),
        )
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise PermissionDenied
    return membership.unit


@transaction.atomic
def submission_create(
    *,
    actor: User,
    meeting: Meeting,
    kind: str,
    background: str,
    current_situation: str,
    problem: str,
    question: str,
    case: Case | None = None,
) -> SubmissionResult:
    """Submits a case, or an anonymous consultation, to a meeting (R22).

    Before the cutoff (local time in Europe/Stockholm) it goes onto this meeting; after it, or
    once the agenda is frozen, onto the series' next open meeting, and the chair may accept it
    onto this one. Raises PermissionDenied for anyone who may not submit, or for a case the
    actor's unit does not hold open; ValidationError for bad content."""
    if not meeting_access(user=actor, meeting=meeting).submitter:
        raise PermissionDenied
    organisation_id = meeting.series.organisation_id
    if kind == SubmissionKind.INDIVIDUAL:
        if case is None:
            raise ValidationError({"case": _("Choose the case the submission is about.")})
        if (
            not submission_case_choices(user=actor, organisation_id=organisation_id)
            .filter(pk=case.pk)
            .exists()
        ):
            raise PermissionDenied
    elif kind == SubmissionKind.ANONYMOUS:
        if case is not None:
            raise ValidationError({"case": _("An anonymous consultation links no case.")})
    else:
        raise ValidationError({"kind": _("Choose what kind of submission this is.")})
    # Lock the meeting, then read the clock: the freeze sweep takes the same lock.
    locked = (
        Meeting.objects.select_for_update()
        .select_related("series", "series__organisation")
        .get(pk=meeting.pk)
    )
    if locked.state not in _OPEN_STATES:
        raise ValidationError(_("This meeting takes no more submissions."))
    now = timezone.now()
    late = locked.state != MeetingState.PLANNED or now >= meeting_cutoff(locked)
    target = locked
    if late:
        target = meeting_next_open(meeting=locked, now=now)
        if target is None:
            raise ValidationError(
                _(
                    "Submissions to this meeting closed %(cutoff)s and the series has no later "
                    "meeting scheduled yet: ask the chair."
                )
                % {"cutoff": f"{meeting_cutoff(locked):%Y-%m-%d %H:%M}"}
            )
    submission = Submission(
        meeting=target,
        requested_meeting=locked,
        kind=kind,
        case=case,
        unit=_submitting_unit(actor, locked.series.organisation, case),
        submitted_by=actor,
        submitted_at=now,
        background=background.strip(),
        current_situation=current_situation.strip(),
        problem=problem.strip(),
        question=question.strip(),
        late=late,
    )
    submission.full_clean()
    submission.save()
    return SubmissionResult(submission=submission, late=late)


@transaction.atomic
def submission_accept_late(*, actor: User, submission: Submission) -> Submission:
    """The chair accepts a late submission onto the meeting it was made for (R22)."""
    submission = (
        Submission.objects.select_for_update()
        .select_related("requested_meeting__series__organisation", "meeting")
        .get(pk=submission.pk)
    )
    requested = submission.requested_meeting
    if not meeting_access(user=actor, meeting=requested).chair:
        raise PermissionDenied
    if not submission.late or submission.meeting_id == requested.pk:
        raise ValidationError(_("This submission is already on the meeting it was made for."))
    if requested.state not in _OPEN_STATES:
        raise ValidationError(_("That meeting takes no more submissions."))
    submission.meeting = requested
    submission.late_accepted_by = actor
    submission.late_accepted_at = timezone.now()
    submission.full_clean()
    submission._change_reason = "late submission accepted by the chair"
    submission.save()
    return submission


def submission_cutoff_passed(*, meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """Whether a submission now would be late for this meeting (R22)."""
    now = now or timezone.now()
    return meeting.state != MeetingState.PLANNED or now >= meeting_cutoff(meeting)
