"""The yearly review of the routines by the managers (R24): the reminder, and the review's record.

On or after the 1st of the organisation's `routine_review_month` each year, one ROUTINE_REVIEW
due item is raised for the organisation (no case, no meeting; period = that 1st) and every
active manager is notified once. The unique constraint ``due_item_once_per_organisation_period``
is the guarantee and the insert is ``INSERT ... ON CONFLICT DO NOTHING RETURNING``, so a sweep
run twice, or twice at once, raises and notifies nothing more. Recording the review marks the
year's item done.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from coordination.db import history_created, insert_new
from coordination.models import DueItem, DueKind
from coordination.selectors_age import stockholm_today
from coordination.services.notifications import notify
from meetings import permissions
from meetings.models import RoutineReview
from meetings.selectors_routine_review import (
    FIRST_YEAR,
    MANAGER_ROLES,
    routine_review_get,
    routine_review_items,
    routine_review_managers,
    routine_review_organisations_due,
)
from meetings.validators import looks_like_identity_number
from units.models import Organisation, User

logger = logging.getLogger(__name__)

_COLUMNS = ("organisation_id", "kind", "period", "due_on", "raised_at")


def routine_reviews_sweep(*, today: datetime.date | None = None) -> int:
    """Raises this year's routine review reminder for every organisation whose review month
    has begun, and notifies its managers, exactly once (R24). Returns how many items it
    raised. Set-based; safe to run again or concurrently."""
    today = today or stockholm_today()
    due = routine_review_organisations_due(today=today)
    if not due:
        return 0
    with transaction.atomic():
        now = timezone.now()
        rows = []
        for organisation_id, month in due:
            first = datetime.date(today.year, month, 1)
            rows.append((organisation_id, DueKind.ROUTINE_REVIEW, first, first, now))
        created = insert_new(DueItem, _COLUMNS, rows, returning=("id", "organisation_id"))
        if not created:
            return 0
        history_created(DueItem, [pk for pk, _organisation_id in created], when=now)
        managers = routine_review_managers(
            organisation_ids=[organisation_id for _pk, organisation_id in created]
        )
        notified = notify(
            recipient_ids_by_item={
                pk: managers.get(organisation_id, set()) for pk, organisation_id in created
            }
        )
    logger.info("Routine review reminders: %d items, %d notifications", len(created), notified)
    return len(created)


def routine_review_may_record(*, user: User, organisation: Organisation) -> bool:
    """A deputy unit manager, unit manager or department head of the organisation (R24)."""
    roles = permissions.roles_in_organisation(user=user, organisation_id=organisation.pk)
    return bool(roles & MANAGER_ROLES)


def _already_recorded(review: RoutineReview) -> ValidationError:
    return ValidationError(
        _(
            "The routine review of %(year)s is already recorded: held %(held)s, recorded by "
            "%(by)s. There is one review per year."
        )
        % {"year": review.year, "held": f"{review.held_on:%Y-%m-%d}", "by": review.recorded_by}
    )


@transaction.atomic
def routine_review_record(
    *,
    actor: User,
    organisation: Organisation,
    year: int,
    held_on: datetime.date,
    participants: str,
    conclusions: str,
) -> RoutineReview:
    """A manager records the year's review of the routines (R24): when it was held, who took
    part and what it concluded. One per organisation and year; marks the year's reminder done.
    The text is about the routines: an identity number in it is refused."""
    if not routine_review_may_record(user=actor, organisation=organisation):
        raise PermissionDenied
    today = stockholm_today()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(_("A routine review can be recorded for this year or earlier."))
    existing = routine_review_get(organisation_id=organisation.pk, year=year)
    if existing is not None:
        raise _already_recorded(existing)
    participants, conclusions = participants.strip(), conclusions.strip()
    errors: dict[str, str] = {}
    if held_on > today:
        errors["held_on"] = _("The review cannot be recorded before it is held.")
    elif held_on.year != year:
        errors["held_on"] = _("The review of %(year)s is held in %(year)s.") % {"year": year}
    if not participants:
        errors["participants"] = _("List the managers who took part.")
    if not conclusions:
        errors["conclusions"] = _("Write what the review concluded, or that nothing changes.")
    for name, text in (("participants", participants), ("conclusions", conclusions)):
        if name not in errors and looks_like_identity_number(text):
            errors[name] = _(
                "Remove the personal identity number: the review is about the routines and "
                "names no individual."
            )
    if errors:
        raise ValidationError(errors)
    review = RoutineReview(
        organisation=organisation,
        year=year,
        held_on=held_on,
        participants=participants,
        conclusions=conclusions,
        recorded_by=actor,
    )
    review.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        # Another manager recorded it a moment ago.
        raise _already_recorded(
            routine_review_get(organisation_id=organisation.pk, year=year)
        ) from None
    items = list(
        routine_review_items(year=year)
        .select_for_update()
        .filter(organisation=organisation, done_at__isnull=True)
    )
    now = timezone.now()
    for item in items:
        item.done_at, item.done_by = now, actor
    if items:
        bulk_update_with_history(items, DueItem, ["done_at", "done_by"], default_user=actor)
    return review
