"""Co-caseworkers (R17, R20): a caseworker from another unit appointed to a case for a period.

Access goes through a person-level CaseGrant (R4). CaseGrant has no start, so the grant is
created only once the period has begun: at appointment when it starts today or earlier,
otherwise by the periodic `co_caseworker_grants_activate`. The grant ends by itself at the
start of the day after the last day, Stockholm time, or at once when revoked.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import (
    Case,
    CaseGrant,
    CoCaseworker,
    CoCaseworkerPurpose,
    ConsentScope,
    GrantReason,
)
from coordination.selectors_co_caseworkers import (
    APPOINTABLE_ROLES,
    co_caseworker_may_manage,
    stockholm_today,
)
from coordination.services.cases import case_grant, case_grant_revoke
from coordination.services.consent import ConsentOverrideInput, consent_require
from units.models import Membership, Unit, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
logger = logging.getLogger(__name__)


def co_caseworker_grant_ends_at(ends_on: datetime.date) -> datetime.datetime:
    """The start of the day after the last day, in Stockholm (STYLE rule 9: local days)."""
    next_day = ends_on + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=STOCKHOLM)


def _validate(
    *,
    case: Case,
    caseworker: User,
    unit: Unit,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> None:
    """Every refusal with its own message, on the field it concerns; raises if any."""
    errors: dict[str, list[str]] = {}
    today = stockholm_today()
    if not case.is_open:
        errors.setdefault("__all__", []).append(_("The case is closed."))
    if ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The end date is before the start date."))
    elif ends_on < today:
        errors.setdefault("ends_on", []).append(_("The period has already ended."))
    if unit.pk == case.unit_id:
        errors.setdefault("unit", []).append(
            _("A co-caseworker comes from another unit than the case's own (%(unit)s).")
            % {"unit": case.unit.name}
        )
    elif unit.organisation_id != case.unit.organisation_id:
        errors.setdefault("unit", []).append(
            _("The unit belongs to another organisation than the case.")
        )
    elif not Membership.objects.filter(
        user=caseworker, unit=unit, role__in=APPOINTABLE_ROLES, is_active=True
    ).exists():
        errors.setdefault("caseworker", []).append(
            _("%(person)s is not a caseworker or coordinator at %(unit)s.")
            % {"person": caseworker, "unit": unit.name}
        )
    if not errors:
        overlapping = (
            CoCaseworker.objects.filter(
                case=case,
                caseworker=caseworker,
                revoked_at__isnull=True,
                starts_on__lte=ends_on,
                ends_on__gte=starts_on,
            )
            .order_by("starts_on")
            .first()
        )
        if overlapping is not None:
            errors.setdefault("caseworker", []).append(
                _(
                    "%(person)s is already co-caseworker for this case from %(start)s "
                    "to %(end)s; the periods may not overlap."
                )
                % {
                    "person": caseworker,
                    "start": f"{overlapping.starts_on:%Y-%m-%d}",
                    "end": f"{overlapping.ends_on:%Y-%m-%d}",
                }
            )
    if errors:
        raise ValidationError(errors)


def _grant(appointment: CoCaseworker) -> CaseGrant:
    """Creates the appointment's grant through case_grant (R4) and links it."""
    # Guardian allows one grant row per person and case, and case_grant replaces it; an
    # earlier appointment of the same person to the case lets go of its (ended) grant first,
    # since the link protects the row. Its state is read from its dates and revocation.
    earlier = CoCaseworker.objects.filter(
        grant__user_id=appointment.caseworker_id, grant__content_object_id=appointment.case_id
    ).exclude(pk=appointment.pk)
    for previous in earlier:
        previous.grant = None
        previous.save(update_fields=["grant"])
    grant = case_grant(
        actor=appointment.appointed_by,
        case=appointment.case,
        user=appointment.caseworker,
        reason=GrantReason.CO_CASEWORKER,
        valid_until=co_caseworker_grant_ends_at(appointment.ends_on),
        reason_text=appointment.get_purpose_display(),
    )
    appointment.grant = grant
    appointment.save(update_fields=["grant"])
    return grant


@transaction.atomic
def co_caseworker_appoint(
    *,
    actor: User,
    case: Case,
    caseworker: User,
    unit: Unit,
    purpose: CoCaseworkerPurpose | str,
    ends_on: datetime.date,
    starts_on: datetime.date | None = None,
    purpose_text: str = "",
    override: ConsentOverrideInput | None = None,
) -> CoCaseworker:
    """Appoints a caseworker from another unit to the case for a period (R17, R20).

    A transition before a handover needs the individual's handover consent for the
    co-caseworker's unit, or an override on a legal basis (R12).
    """
    if not co_caseworker_may_manage(user=actor, case=case):
        raise PermissionDenied
    # Two appointments of the same person at once must not both pass the overlap check.
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
    starts_on = starts_on or stockholm_today()
    _validate(case=case, caseworker=caseworker, unit=unit, starts_on=starts_on, ends_on=ends_on)
    appointment = CoCaseworker(
        case=case,
        caseworker=caseworker,
        unit=unit,
        purpose=purpose,
        purpose_text=purpose_text.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        appointed_by=actor,
    )
    appointment.full_clean(exclude=["grant"])
    if purpose == CoCaseworkerPurpose.TRANSITION:
        consent_require(
            actor=actor,
            individual=case.individual,
            scope=ConsentScope.HANDOVER,
            unit=unit,
            case=case,
            action=_("Co-caseworker %(person)s (%(unit)s) appointed for a transition")
            % {"person": caseworker, "unit": unit.name},
            override=override,
        )
    appointment.save()
    if starts_on <= stockholm_today():
        _grant(appointment)
    return appointment


@transaction.atomic
def co_caseworker_revoke(*, actor: User, appointment: CoCaseworker) -> CoCaseworker:
    """Ends an appointment at once; its grant is revoked in the same transaction (R4)."""
    appointment = (
        CoCaseworker.objects.select_for_update(of=("self",))
        .select_related("case", "case__unit")
        .get(pk=appointment.pk)
    )
    if not co_caseworker_may_manage(user=actor, case=appointment.case):
        raise PermissionDenied
    if appointment.revoked_at is not None:
        raise ValidationError(_("The appointment is already revoked."))
    if appointment.ends_on < stockholm_today():
        raise ValidationError(_("The appointment has already ended."))
    appointment.revoked_at = timezone.now()
    appointment.revoked_by = actor
    appointment.save(update_fields=["revoked_at", "revoked_by"])
    if appointment.grant_id is not None:
        case_grant_revoke(actor=actor, grant=appointment.grant)
    return appointment


@transaction.atomic
def co_caseworker_grants_activate() -> int:
    """Grants every appointment whose period has begun and has no grant yet; idempotent.

    Run by a periodic task (STYLE rule 8); rows another worker holds are skipped.
    """
    today = stockholm_today()
    due = (
        CoCaseworker.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            grant__isnull=True,
            revoked_at__isnull=True,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .select_related("case", "caseworker", "appointed_by")
        .order_by("pk")
    )
    count = 0
    for appointment in due:
        try:
            with transaction.atomic():
                _grant(appointment)
        except ValidationError:
            # One refused grant must not hold back the others; the next run tries again.
            logger.exception("Co-caseworker appointment %s could not be granted", appointment.pk)
            continue
        count += 1
    return count
