"""Writing deviation reports (R25): a draft of part 1, by hand or proposed from a missed
routine deadline (R17), by a deputy unit manager or unit manager of the reporting unit."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coordination.models import DueItem
from coordination.selectors_age import stockholm_today
from deviations.models import DeviationReport, DeviationSource, DeviationState
from deviations.selectors import handover_deadline_missed, reporting_unit_ids
from units.models import Unit, User

_TEXT_FIELDS = ("what_happened", "perception", "improvement_proposals", "reporter_title")


def _clean_part_one(
    *, reporting_unit: Unit, concerned_units: list[Unit], fields: dict[str, str]
) -> dict[str, str]:
    cleaned = {name: (fields.get(name) or "").strip() for name in _TEXT_FIELDS}
    errors: dict[str, list[str]] = {}
    if not cleaned["what_happened"]:
        errors["what_happened"] = [_("Describe what happened.")]
    if not concerned_units:
        errors["concerned_units"] = [_("Choose the unit or units the deviation concerns.")]
    elif any(unit.organisation_id != reporting_unit.organisation_id for unit in concerned_units):
        errors["concerned_units"] = [_("Choose units of your own organisation.")]
    elif any(unit.pk == reporting_unit.pk for unit in concerned_units):
        errors["concerned_units"] = [_("The units concerned are the other units, not your own.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save(report: DeviationReport, actor: User, concerned_units: list[Unit]) -> DeviationReport:
    report._history_user = actor  # simple-history's hook when no request is at hand
    # The database guards one report per missed deadline (see the IntegrityError below).
    report.full_clean(exclude=["concerned_units"], validate_unique=False)
    report.save()
    report.concerned_units.set(concerned_units)
    return report


@transaction.atomic
def deviation_draft_create(
    *, actor: User, reporting_unit: Unit, concerned_units: list[Unit], **fields: str
) -> DeviationReport:
    """A deviation report entered by hand, kept as a draft of part 1 (R25)."""
    if reporting_unit.pk not in reporting_unit_ids(user=actor):
        raise PermissionDenied
    cleaned = _clean_part_one(
        reporting_unit=reporting_unit, concerned_units=concerned_units, fields=fields
    )
    report = DeviationReport(
        organisation_id=reporting_unit.organisation_id,
        reporting_unit=reporting_unit,
        reporter=actor,
        source=DeviationSource.MANUAL,
        **cleaned,
    )
    return _save(report, actor, concerned_units)


@transaction.atomic
def deviation_draft_update(
    *, actor: User, report: DeviationReport, concerned_units: list[Unit], **fields: str
) -> DeviationReport:
    """Changes a draft's part 1; history keeps every version (R25)."""
    report = DeviationReport.objects.select_for_update().get(pk=report.pk)
    if report.reporting_unit_id not in reporting_unit_ids(user=actor):
        raise PermissionDenied
    if report.state != DeviationState.DRAFT:
        raise ValidationError(_("Only a draft can be changed here."))
    cleaned = _clean_part_one(
        reporting_unit=report.reporting_unit, concerned_units=concerned_units, fields=fields
    )
    for name, value in cleaned.items():
        setattr(report, name, value)
    return _save(report, actor, concerned_units)


def _handover_text(item: DueItem) -> str:
    return _(
        "The handover of a young person's case from %(unit)s was not announced by the "
        "deadline %(due)s, six months before the youth unit's responsibility ends on "
        "%(ends)s (R17)."
    ) % {
        "unit": item.case.unit.name,
        "due": f"{item.due_on:%Y-%m-%d}",
        "ends": f"{item.period:%Y-%m-%d}",
    }


def deviation_propose_for_missed_handover(
    *, actor: User, item: DueItem, today: datetime.date | None = None
) -> DeviationReport:
    """The draft for a missed handover deadline, pre-filled and linked to it; one per
    deadline, so a second click (or a colleague's at the same time) opens the same draft."""
    item = DueItem.objects.select_related("case__unit", "unit").get(pk=item.pk)
    if item.case.unit_id not in reporting_unit_ids(user=actor):
        raise PermissionDenied
    existing = DeviationReport.objects.filter(due_item=item).first()
    if existing is not None:
        return existing
    if not handover_deadline_missed(item, today=today or stockholm_today()):
        raise ValidationError(_("This handover deadline has not been missed."))
    concerned = [item.unit] if item.unit is not None else []
    report = DeviationReport(
        organisation_id=item.organisation_id,
        reporting_unit=item.case.unit,
        reporter=actor,
        reporter_title=actor.title,
        source=DeviationSource.HANDOVER_NOT_ANNOUNCED,
        due_item=item,
        what_happened=_handover_text(item),
    )
    try:
        with transaction.atomic():
            return _save(report, actor, concerned)
    except IntegrityError:
        return DeviationReport.objects.get(due_item=item)
