"""The handover from the youth unit to an adult unit (R17, R18), one service per step.

Written (draft) and sent by the youth case's caseworker with the individual's handover
consent for the receiving unit (R12); received and given a caseworker by the receiving unit's
(deputy) unit manager, the caseworker becoming co-caseworker for the transition; the joint
meeting recorded; and on the day responsibility passes, `handovers_pass_due` registers the
case at the receiving unit and closes the youth case. Cancelled with a reason before that.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from coordination.models import (
    Case,
    CaseStatus,
    CoCaseworker,
    CoCaseworkerPurpose,
    ConsentOverride,
    ConsentScope,
    DueItem,
    DueKind,
    Handover,
    HandoverState,
)
from coordination.selectors_age import stockholm_today
from coordination.selectors_handovers import (
    LIVE_STATES,
    handover_caseworker_candidates,
    handover_may_send,
    handover_receiving_manager,
    handover_receiving_units,
    handovers_due,
)
from coordination.services.cases import case_register, case_transition
from coordination.services.co_caseworkers import co_caseworker_appoint, co_caseworker_revoke
from coordination.services.consent import (
    ConsentMissingError,
    ConsentOverrideInput,
    consent_require,
)
from coordination.services.notifications import notify
from units.models import Membership, Role, Unit, User

logger = logging.getLogger(__name__)

PACKAGE_FIELDS = (
    "background",
    "legal_guardian",
    "current_situation",
    "problems_and_investigations",
    "interventions_and_planning",
)
# R18: without these the receiving unit cannot start; the others may be "not known".
_REQUIRED_TO_SEND = ("background", "current_situation", "interventions_and_planning")
# The sweep's items that a sent handover answers (R17).
_ANNOUNCE_KINDS = (
    DueKind.HANDOVER_FIRST_NOTICE,
    DueKind.HANDOVER_DEADLINE,
    DueKind.HANDOVER_REMINDER,
    DueKind.HANDOVER_OVERDUE,
)


def _locked(handover: Handover) -> Handover:
    return (
        Handover.objects.select_for_update(of=("self",))
        .select_related("case", "case__unit", "case__individual", "receiving_unit")
        .get(pk=handover.pk)
    )


def _require_state(handover: Handover, *states: str) -> None:
    if handover.state not in states:
        raise ValidationError(
            _("The handover is %(state)s; this step is not possible now.")
            % {"state": handover.get_state_display().lower()}
        )


def _validate_target(*, case: Case, receiving_unit: Unit, passes_on: datetime.date) -> None:
    errors: dict[str, list[str]] = {}
    if not case.is_open:
        errors.setdefault("__all__", []).append(_("The case is closed."))
    if not handover_receiving_units(case=case).filter(pk=receiving_unit.pk).exists():
        errors.setdefault("receiving_unit", []).append(
            _("Choose one of the organisation's adult units.")
        )
    if passes_on <= stockholm_today():
        errors.setdefault("passes_on", []).append(
            _("The day responsibility passes must be in the future.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def handover_start(
    *,
    actor: User,
    case: Case,
    receiving_unit: Unit,
    passes_on: datetime.date,
    **package: str,
) -> Handover:
    """Starts writing the package (R18) for the youth case; one live handover per case."""
    if not handover_may_send(user=actor, case=case):
        raise PermissionDenied
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
    _validate_target(case=case, receiving_unit=receiving_unit, passes_on=passes_on)
    if Handover.objects.filter(case=case, state__in=LIVE_STATES | {HandoverState.PASSED}).exists():
        raise ValidationError(_("The case already has a handover."))
    handover = Handover(
        case=case,
        receiving_unit=receiving_unit,
        passes_on=passes_on,
        created_by=actor,
        **{name: package.get(name, "").strip() for name in PACKAGE_FIELDS},
    )
    handover.full_clean(validate_constraints=False)
    handover.save()
    return handover


@transaction.atomic
def handover_update(
    *,
    actor: User,
    handover: Handover,
    receiving_unit: Unit,
    passes_on: datetime.date,
    **package: str,
) -> Handover:
    """Rewrites the package while it is still a draft."""
    handover = _locked(handover)
    if not handover_may_send(user=actor, case=handover.case):
        raise PermissionDenied
    _require_state(handover, HandoverState.DRAFT)
    _validate_target(case=handover.case, receiving_unit=receiving_unit, passes_on=passes_on)
    handover.receiving_unit = receiving_unit
    handover.passes_on = passes_on
    for name in PACKAGE_FIELDS:
        setattr(handover, name, package.get(name, "").strip())
    handover.full_clean(validate_constraints=False)
    handover.save()
    return handover


def _receiving_manager_ids(unit_id: int) -> list[int]:
    """The receiving unit's deputy unit managers; its unit managers when it has none."""
    memberships = Membership.objects.filter(unit_id=unit_id, is_active=True, user__is_active=True)
    deputies = list(
        memberships.filter(role=Role.DEPUTY_UNIT_MANAGER).values_list("user_id", flat=True)
    )
    return deputies or list(
        memberships.filter(role=Role.UNIT_MANAGER).values_list("user_id", flat=True)
    )


def _sent_item(handover: Handover, *, reopen: bool) -> DueItem:
    """The handover-sent item of the receiving side, raised once per case and day (R17)."""
    case = handover.case
    item, created = DueItem.objects.get_or_create(
        case=case,
        kind=DueKind.HANDOVER_SENT,
        period=handover.passes_on,
        defaults={
            "organisation_id": case.unit.organisation_id,
            "due_on": stockholm_today(),
            "unit": handover.receiving_unit,
        },
    )
    if reopen and not created and item.done_at is not None:
        # Sent again after a cancellation: the receiving side has it to do again.
        item.done_at, item.done_by, item.unit = None, None, handover.receiving_unit
        item.due_on = stockholm_today()
        item.save()
    return item


def _items_done(items, *, actor: User) -> None:
    rows = list(items.select_for_update().filter(done_at__isnull=True))
    now = timezone.now()
    for row in rows:
        row.done_at, row.done_by = now, actor
    if rows:
        bulk_update_with_history(rows, DueItem, ["done_at", "done_by"], default_user=actor)


@transaction.atomic
def handover_send(
    *, actor: User, handover: Handover, override: ConsentOverrideInput | None = None
) -> Handover:
    """Sends the package to the receiving unit (R17, R18).

    Needs the individual's handover consent for the receiving unit, or an override on a
    legal basis (R12): without either it raises ConsentMissingError and nothing changes.
    The sweep's open notice, deadline, reminder and overdue items for the case are done,
    and the receiving unit's deputy unit managers are notified.
    """
    handover = _locked(handover)
    case = handover.case
    if not handover_may_send(user=actor, case=case):
        raise PermissionDenied
    _require_state(handover, HandoverState.DRAFT)
    _validate_target(
        case=case, receiving_unit=handover.receiving_unit, passes_on=handover.passes_on
    )
    missing = {
        name: _("Write this part of the package before sending it (R18).")
        for name in _REQUIRED_TO_SEND
        if not getattr(handover, name).strip()
    }
    if missing:
        raise ValidationError(missing)
    consent_require(
        actor=actor,
        individual=case.individual,
        scope=ConsentScope.HANDOVER,
        unit=handover.receiving_unit,
        case=case,
        action=_("Handover package sent to %(unit)s") % {"unit": handover.receiving_unit.name},
        override=override,
    )
    handover.state = HandoverState.SENT
    handover.sent_at = timezone.now()
    handover.save(update_fields=["state", "sent_at"])
    _items_done(DueItem.objects.filter(case=case, kind__in=_ANNOUNCE_KINDS), actor=actor)
    item = _sent_item(handover, reopen=True)
    notify(recipient_ids_by_item={item.pk: _receiving_manager_ids(handover.receiving_unit_id)})
    return handover


def _require_receiving_manager(actor: User, handover: Handover) -> None:
    if not handover_receiving_manager(user=actor, unit_id=handover.receiving_unit_id):
        raise PermissionDenied


@transaction.atomic
def handover_receive(*, actor: User, handover: Handover) -> Handover:
    """The receiving unit's (deputy) unit manager confirms receipt of the package (R18)."""
    handover = _locked(handover)
    _require_receiving_manager(actor, handover)
    _require_state(handover, HandoverState.SENT)
    handover.state = HandoverState.RECEIVED
    handover.received_at = timezone.now()
    handover.received_by = actor
    handover.save(update_fields=["state", "received_at", "received_by"])
    _items_done(DueItem.objects.filter(case=handover.case, kind=DueKind.HANDOVER_SENT), actor=actor)
    return handover


def _transition_override(case: Case) -> ConsentOverrideInput | None:
    """The legal basis the package was sent on when it went without consent (R12): the
    appointment that follows rests on the same decision."""
    sent_on = (
        ConsentOverride.objects.filter(case=case, scope=ConsentScope.HANDOVER)
        .order_by("-pk")
        .first()
    )
    if sent_on is None:
        return None
    return ConsentOverrideInput(
        legal_basis=sent_on.legal_basis,
        reason=_("As when the handover was sent: %(reason)s") % {"reason": sent_on.reason},
    )


@transaction.atomic
def handover_appoint(*, actor: User, handover: Handover, caseworker: User) -> Handover:
    """Appoints the receiving caseworker (R18), co-caseworker on the youth case until the day
    responsibility passes (R17).

    The appointment is recorded as made by the youth case's caseworker, who decided the
    transition by sending the package; the receiving manager's act is on the handover.
    """
    handover = _locked(handover)
    _require_receiving_manager(actor, handover)
    _require_state(handover, HandoverState.RECEIVED)
    if (
        not handover_caseworker_candidates(unit_id=handover.receiving_unit_id)
        .filter(pk=caseworker.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "caseworker": _("%(person)s is not a caseworker at %(unit)s.")
                % {"person": caseworker, "unit": handover.receiving_unit.name}
            }
        )
    case = handover.case
    appoint = {
        "actor": case.caseworker,
        "case": case,
        "caseworker": caseworker,
        "unit": handover.receiving_unit,
        "purpose": CoCaseworkerPurpose.TRANSITION,
        "ends_on": handover.passes_on,
        "purpose_text": _("Handover to %(unit)s") % {"unit": handover.receiving_unit.name},
    }
    try:
        with transaction.atomic():
            co_caseworker_appoint(**appoint)
    except ConsentMissingError:
        override = _transition_override(case)
        if override is None:
            raise
        co_caseworker_appoint(**appoint, override=override)
    except PermissionDenied:
        raise ValidationError(
            _("The youth case's caseworker no longer works at its unit; ask its unit manager.")
        ) from None
    handover.state = HandoverState.APPOINTED
    handover.receiving_caseworker = caseworker
    handover.save(update_fields=["state", "receiving_caseworker"])
    item = _sent_item(handover, reopen=False)
    notify(recipient_ids_by_item={item.pk: [caseworker.pk]})
    return handover


@transaction.atomic
def handover_meeting_record(
    *, actor: User, handover: Handover, joint_meeting_on: datetime.date
) -> Handover:
    """The date of the joint meeting with both caseworkers (R18)."""
    handover = _locked(handover)
    if handover.receiving_caseworker_id != actor.pk:
        _require_receiving_manager(actor, handover)
    _require_state(handover, HandoverState.APPOINTED)
    if joint_meeting_on > handover.passes_on:
        raise ValidationError(
            {
                "joint_meeting_on": _(
                    "The joint meeting is held before responsibility passes (%(day)s)."
                )
                % {"day": f"{handover.passes_on:%Y-%m-%d}"}
            }
        )
    handover.joint_meeting_on = joint_meeting_on
    handover.save(update_fields=["joint_meeting_on"])
    return handover


@transaction.atomic
def handover_cancel(*, actor: User, handover: Handover, reason: str) -> Handover:
    """The sending caseworker cancels before responsibility passes; the transition
    co-caseworker's access ends with it."""
    handover = _locked(handover)
    if not handover_may_send(user=actor, case=handover.case):
        raise PermissionDenied
    _require_state(handover, *LIVE_STATES)
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the handover is cancelled.")})
    handover.state = HandoverState.CANCELLED
    handover.cancel_reason = reason.strip()
    handover.save(update_fields=["state", "cancel_reason"])
    if handover.receiving_caseworker_id:
        today = stockholm_today()
        for appointment in CoCaseworker.objects.filter(
            case=handover.case,
            caseworker_id=handover.receiving_caseworker_id,
            purpose=CoCaseworkerPurpose.TRANSITION,
            revoked_at__isnull=True,
            ends_on__gte=today,
        ):
            co_caseworker_revoke(actor=actor, appointment=appointment)
    _items_done(DueItem.objects.filter(case=handover.case, kind=DueKind.HANDOVER_SENT), actor=actor)
    return handover


def _passes_item(case: Case, day: datetime.date, unit: Unit) -> DueItem:
    item, _created = DueItem.objects.get_or_create(
        case=case,
        kind=DueKind.RESPONSIBILITY_PASSES,
        period=day,
        defaults={"organisation_id": unit.organisation_id, "due_on": day, "unit": unit},
    )
    return item


def _pass(handover_id: int, today: datetime.date) -> bool:
    """Passes one handover in its own transaction; False when another run got there first."""
    with transaction.atomic():
        handover = (
            Handover.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(
                "case", "case__unit", "case__individual", "receiving_unit", "receiving_caseworker"
            )
            .filter(pk=handover_id, state=HandoverState.APPOINTED, passes_on__lte=today)
            .first()
        )
        if handover is None:
            return False
        youth_case = handover.case
        receiver = handover.receiving_caseworker
        existing = (
            Case.objects.filter(
                individual_id=youth_case.individual_id, unit_id=handover.receiving_unit_id
            )
            .exclude(status=CaseStatus.CLOSED)
            .first()
        )
        receiving_case = existing or case_register(
            actor=receiver,
            individual=youth_case.individual,
            unit=handover.receiving_unit,
            caseworker=receiver,
            opened_on=handover.passes_on,
        )
        if youth_case.status != CaseStatus.CLOSED:
            case_transition(actor=youth_case.caseworker, case=youth_case, to=CaseStatus.CLOSED)
        handover.state = HandoverState.PASSED
        handover.passed_at = timezone.now()
        handover.receiving_case = receiving_case
        handover.save(update_fields=["state", "passed_at", "receiving_case"])
        sent = _passes_item(youth_case, handover.passes_on, youth_case.unit)
        received = _passes_item(receiving_case, handover.passes_on, handover.receiving_unit)
        notify(
            recipient_ids_by_item={
                sent.pk: [youth_case.caseworker_id],
                received.pk: [receiving_case.caseworker_id],
            }
        )
        return True


def handovers_pass_due(*, today: datetime.date | None = None) -> int:
    """Passes responsibility for every appointed handover whose day has come (R17): the case
    is registered at the receiving unit (or the open one there linked), the youth case
    closed, both caseworkers notified. Set-based selection, one transaction per handover,
    idempotent: running it twice passes nothing twice. Returns how many passed."""
    today = today or stockholm_today()
    passed = 0
    for handover_id in handovers_due(on=today):
        try:
            passed += _pass(handover_id, today)
        except ValidationError:
            # One refusal (say, the receiving caseworker left the unit) must not hold back the
            # others; the handover stays appointed and the next run tries again.
            logger.exception("Handover %s could not be passed", handover_id)
    return passed
