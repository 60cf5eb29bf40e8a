"""Writes of the log review: reading the log is logged, and a review is recorded with its sample."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from coordination.models import AccessAction, AccessLogEntry, AccessLogReview, ReviewResult
from coordination.selectors_access_log import (
    access_log_in_review_scope,
    access_log_review_scopes_for,
)

# Private in name only: one builder decides, for every log row, who acted where.
from coordination.services.access_log import _entry
from units.models import Organisation, Unit, User

# The sample form offers 1-200; the service holds the same line for posts made around it.
SAMPLE_SIZE_MAX = 200


def access_log_read_record(*, request: HttpRequest) -> AccessLogEntry:
    """Logs one view of the access log itself, with the filter used in the path; one insert.

    Built from the request alone like every other log row (`access_log_record`), so there
    is nothing for `full_clean` to catch that the builder does not already guarantee.
    """
    entry = _entry(request, action=AccessAction.READ_LOG, individual_id=None)
    entry.path = request.get_full_path()[:300]
    entry.save()
    return entry


@transaction.atomic
def access_log_review_record(
    *,
    actor: User,
    organisation: Organisation,
    unit: Unit | None,
    period_start: datetime.date,
    period_end: datetime.date,
    sample_ids: Iterable[int],
    result: ReviewResult | str,
    findings: str,
    follow_up: str,
) -> AccessLogReview:
    """Records a review of the log for a period with its sample (the log review duty).

    The actor reviews a unit they manage or, as controller, a whole organisation; every
    sampled row must lie in that part of the log and in the period, so a posted list of
    ids cannot smuggle in rows the reviewer may not read. Remarks need their findings.
    """
    scopes = access_log_review_scopes_for(user=actor)
    scope_keys = {(s.organisation.pk, s.unit.pk if s.unit else None) for s in scopes}
    if (organisation.pk, unit.pk if unit else None) not in scope_keys:
        raise ValidationError(_("You cannot review this part of the access log."))
    errors: dict = {}
    try:
        ids = list(dict.fromkeys(int(pk) for pk in sample_ids))
    except (TypeError, ValueError):
        ids = []
        errors["sample"] = [_("The sample is not valid. Draw a new sample.")]
    review = AccessLogReview(
        reviewer=actor,
        organisation=organisation,
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        result=result,
        findings=findings.strip(),
        follow_up=follow_up.strip(),
    )
    try:
        review.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if period_end < period_start:
        errors.setdefault("period_end", []).append(_("The period cannot end before it starts."))
    if review.result == ReviewResult.REMARKS and not review.findings:
        errors.setdefault("findings", []).append(
            _("Describe the findings when the review has remarks.")
        )
    if "sample" not in errors and "period_end" not in errors:
        sample_error = _sample_error(
            actor=actor,
            organisation=organisation,
            unit=unit,
            period_start=period_start,
            period_end=period_end,
            ids=ids,
        )
        if sample_error:
            errors["sample"] = [sample_error]
    if errors:
        raise ValidationError(errors)
    review._history_user = actor  # simple-history's hook when no request is at hand
    review.save()
    review.sample.set(ids)
    return review


def _sample_error(
    *,
    actor: User,
    organisation: Organisation,
    unit: Unit | None,
    period_start: datetime.date,
    period_end: datetime.date,
    ids: list[int],
) -> str | None:
    if not ids:
        return _("Draw a sample before recording the review.")
    if len(ids) > SAMPLE_SIZE_MAX:
        return _("A sample has at most %(max)d entries.") % {"max": SAMPLE_SIZE_MAX}
    covered = access_log_in_review_scope(
        user=actor,
        organisation=organisation,
        unit=unit,
        period_start=period_start,
        period_end=period_end,
    ).filter(pk__in=ids)
    if covered.count() != len(ids):
        return _(
            "The sample contains entries outside the period or outside your part of the log. "
            "Draw a new sample."
        )
    return None
