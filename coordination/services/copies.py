"""Writes of copies sent between units (R31, R32): a copy of an invitation, a decision or a
message; 001's debt message in a family with children and its concern for a child noticed at
the adult unit, both always to BoU and each starting its routine; and the receiving unit's
reading and assessment.

A copy is raised once to the receiving unit as a COPY_RECEIVED due item (the unit's
coordinators are notified, exactly once). Nothing the receiving unit does is written anywhere
the sending unit reads: the copy's read_* and assessment fields are the receiving unit's own.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from coordination.models import (
    DEBT_KINDS_NEEDING_JOINT_ASSESSMENT,
    Case,
    CompletionKind,
    CopyKind,
    DebtKind,
    DueItem,
    DueKind,
    Individual,
    RoutineRun,
    RoutineRunState,
    RoutineRunStep,
    RoutineStepState,
    RoutineTrigger,
    UnitCopy,
)
from coordination.selectors_age import stockholm_today
from coordination.selectors_copies import (
    GENERIC_KINDS,
    copy_bou_units,
    copy_children_of,
    copy_may_send,
    copy_received_visible_to,
    copy_recipient_ids,
    unit_is_adult,
)
from coordination.selectors_routine_runs import routine_record_allowed, routine_step_rights
from coordination.services.notifications import notify
from coordination.services.routine_runs import routine_runs_start_for_event, routine_step_complete
from units.models import Unit, User

logger = logging.getLogger(__name__)


@dataclass
class CopySent:
    """What sending did: the copy, the routines it started and the steps it completed."""

    copy: UnitCopy
    runs_started: list[RoutineRun] = field(default_factory=list)
    steps_completed: list[RoutineRunStep] = field(default_factory=list)

    @property
    def joint_assessment_needed(self) -> bool:
        """R31: at eviction or power cut both units assess together."""
        return self.copy.debt_kind in DEBT_KINDS_NEEDING_JOINT_ASSESSMENT


def _require_sender(actor: User, case: Case) -> None:
    if not copy_may_send(user=actor, case=case):
        raise PermissionDenied


def _require_adult_unit(case: Case) -> None:
    if not unit_is_adult(case.unit):
        raise ValidationError(
            _("This message is sent from a case at an adult unit (R31, R32); %(unit)s is not one.")
            % {"unit": case.unit.name}
        )


def _bou_unit(case: Case, to_unit: Unit | None) -> Unit:
    """The BoU unit the copy goes to: the organisation's only one, or the one chosen."""
    units = list(copy_bou_units(organisation_id=case.unit.organisation_id))
    if not units:
        raise ValidationError(
            _(
                "Your organisation has no active children's unit (BoU) to send the copy to. "
                "Ask the administrator to register it."
            )
        )
    if to_unit is None:
        if len(units) > 1:
            raise ValidationError({"to_unit": _("Choose the BoU unit the copy goes to.")})
        return units[0]
    if to_unit not in units:
        raise ValidationError({"to_unit": _("Choose one of your organisation's BoU units.")})
    return to_unit


def _deliver(copy: UnitCopy) -> DueItem:
    """The receiving unit's item, raised once per copy (its unique constraint), and its
    coordinators notified once each."""
    today = stockholm_today()
    # Saved one by one, so simple-history records the creation itself.
    item, _created = DueItem.objects.get_or_create(
        unit_copy=copy,
        kind=DueKind.COPY_RECEIVED,
        defaults={
            "organisation_id": copy.to_unit.organisation_id,
            "unit_id": copy.to_unit_id,
            "period": today,
            "due_on": today,
        },
    )
    notify(recipient_ids_by_item={item.pk: copy_recipient_ids(unit_id=copy.to_unit_id)})
    return item


def _send(
    *,
    actor: User,
    case: Case,
    to_unit: Unit,
    kind: str,
    text: str,
    debt_kind: str = "",
    message_received_on: datetime.date | None = None,
    child: Individual | None = None,
) -> UnitCopy:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the message the unit receives.")})
    copy = UnitCopy(
        case=case,
        to_unit=to_unit,
        kind=kind,
        debt_kind=debt_kind,
        message_received_on=message_received_on,
        child=child,
        text=text,
        sent_by=actor,
        sent_at=timezone.now(),
    )
    copy.full_clean()
    copy.save()
    _deliver(copy)
    return copy


@transaction.atomic
def copy_send(*, actor: User, case: Case, to_unit: Unit, kind: str, text: str) -> UnitCopy:
    """Sends a copy of an invitation, a decision or a message from the case to another unit of
    the organisation ("Kopia på kallelse ... ges till samordnare", 001, R30)."""
    _require_sender(actor, case)
    if kind not in GENERIC_KINDS:
        raise ValidationError({"kind": _("Choose what kind of copy this is.")})
    if (
        to_unit.organisation_id != case.unit.organisation_id
        or to_unit.pk == case.unit_id
        or not to_unit.is_active
    ):
        raise ValidationError({"to_unit": _("Choose another active unit of your organisation.")})
    return _send(actor=actor, case=case, to_unit=to_unit, kind=kind, text=text)


def _copy_steps_complete(
    *, actor: User, case: Case, event: RoutineTrigger, copy: UnitCopy
) -> list[RoutineRunStep]:
    """Completes with the copy the open "copy sent" steps of the event's running routines on
    the case that the sending side holds and the actor may work; the others stay open."""
    steps = (
        RoutineRunStep.objects.filter(
            run__case=case,
            run__state=RoutineRunState.RUNNING,
            run__definition__trigger=event,
            state=RoutineStepState.OPEN,
            step__completed_by=CompletionKind.COPY_SENT,
        )
        .filter(Q(unit_id=case.unit_id) | Q(partner_unit_id=case.unit_id))
        .select_related("step", "run", "run__case")
        .order_by("run_id", "position")
    )
    done = []
    for step in steps:
        if not routine_step_rights(actor, step).act or not routine_record_allowed(step, copy):
            continue
        try:
            done.append(
                routine_step_complete(
                    actor=actor, step_id=step.pk, seen_version=step.version, record=copy
                )
            )
        except (PermissionDenied, ValidationError) as error:
            # The copy is sent whatever happens to the checklist; the step stays open.
            logger.warning("Copy step %s left open: %s", step.pk, error)
    return done


def _send_to_bou_with_routines(
    *, actor: User, case: Case, event: RoutineTrigger, to_unit: Unit | None, **copy_fields
) -> CopySent:
    bou = _bou_unit(case, to_unit)
    copy = _send(actor=actor, case=case, to_unit=bou, **copy_fields)
    # A routine already running on the case is left out (logged) by the event point: a
    # second message sends its copy and starts nothing.
    runs = routine_runs_start_for_event(event=event, case=case, actor=actor, other_unit=bou)
    steps = _copy_steps_complete(actor=actor, case=case, event=event, copy=copy)
    return CopySent(copy=copy, runs_started=runs, steps_completed=steps)


def _require_children(case: Case) -> None:
    if not copy_children_of(individual_id=case.individual_id).exists():
        raise ValidationError(
            _(
                "No child under 18 is recorded for %(name)s, so this is not a family with "
                "children (R31). Record the child first: on the person's page, choose "
                "“Add a family member”, give the child's personal identity number and "
                "“Guardian of” or “Parent of (not guardian)”. Then send the message again."
            )
            % {"name": case.individual.full_name}
        )


@transaction.atomic
def copy_send_debt_notice(
    *,
    actor: User,
    case: Case,
    debt_kind: str,
    message_received_on: datetime.date,
    text: str,
    to_unit: Unit | None = None,
) -> CopySent:
    """A message about electricity or rent debts, eviction or power cut in a family with
    children, handled at the adult unit, always goes to BoU as a copy (R31, 001: "En kopia av
    alla meddelande som berör barnfamiljer lämnas till BoU"), whether or not the family is
    known there, and starts the organisation's routines for it (R30)."""
    _require_sender(actor, case)
    _require_adult_unit(case)
    if debt_kind not in DebtKind.values:
        raise ValidationError({"debt_kind": _("Choose what the message is about.")})
    if message_received_on is None:
        raise ValidationError({"message_received_on": _("Give the day the message came.")})
    if message_received_on > stockholm_today():
        raise ValidationError(
            {"message_received_on": _("The day the message came cannot be in the future.")}
        )
    _require_children(case)
    return _send_to_bou_with_routines(
        actor=actor,
        case=case,
        event=RoutineTrigger.DEBTS_IN_FAMILY_WITH_CHILDREN,
        to_unit=to_unit,
        kind=CopyKind.DEBT_NOTICE,
        debt_kind=debt_kind,
        message_received_on=message_received_on,
        text=text,
    )


@transaction.atomic
def copy_send_child_concern(
    *, actor: User, case: Case, child: Individual, text: str, to_unit: Unit | None = None
) -> CopySent:
    """Concern for a child noticed at the adult unit is always handed to BoU (R32, 001:
    "överlämna alltid informationen till bou"), and starts the organisation's routines for
    it (R30)."""
    _require_sender(actor, case)
    _require_adult_unit(case)
    _require_children(case)
    if (
        child is None
        or not copy_children_of(individual_id=case.individual_id).filter(pk=child.pk).exists()
    ):
        raise ValidationError(
            {"child": _("Choose one of the person's children under 18 recorded in the portal.")}
        )
    return _send_to_bou_with_routines(
        actor=actor,
        case=case,
        event=RoutineTrigger.CHILD_CONCERN_AT_ADULT_UNIT,
        to_unit=to_unit,
        kind=CopyKind.CHILD_CONCERN,
        child=child,
        text=text,
    )


# --- the receiving side -------------------------------------------------------------------


def _locked_for_receiver(actor: User, copy_id: int) -> UnitCopy:
    # The selector's scope is the one rule of who receives (R4).
    if not copy_received_visible_to(actor).filter(pk=copy_id).exists():
        raise PermissionDenied
    return UnitCopy.objects.select_for_update().get(pk=copy_id)


@transaction.atomic
def copy_mark_read(*, actor: User, copy_id: int) -> bool:
    """The first member of the receiving unit to open the copy is recorded as its reader;
    returns whether this call did it."""
    copy = _locked_for_receiver(actor, copy_id)
    if copy.read_at is not None:
        return False
    copy.read_by, copy.read_at = actor, timezone.now()
    copy.save(update_fields=["read_by", "read_at"])
    return True


@transaction.atomic
def copy_assess(*, actor: User, copy_id: int, assessment: str) -> UnitCopy:
    """The receiving unit records its assessment of the copy, once; its item is then done.
    The sending unit never sees it (R31)."""
    copy = _locked_for_receiver(actor, copy_id)
    if copy.assessed_at is not None:
        raise ValidationError(
            _(
                "%(name)s recorded the unit's assessment on %(day)s; it is not changed here. "
                "Write anything new in the case file."
            )
            % {
                "name": copy.assessed_by.get_full_name() or copy.assessed_by.username,
                "day": f"{timezone.localtime(copy.assessed_at):%Y-%m-%d}",
            }
        )
    assessment = (assessment or "").strip()
    if not assessment:
        raise ValidationError({"assessment": _("Write the unit's assessment.")})
    now = timezone.now()
    copy.assessment, copy.assessed_by, copy.assessed_at = assessment, actor, now
    if copy.read_at is None:
        copy.read_by, copy.read_at = actor, now
    copy.full_clean()
    copy.save()
    items = list(
        DueItem.objects.select_for_update().filter(
            unit_copy=copy, kind=DueKind.COPY_RECEIVED, done_at__isnull=True
        )
    )
    for item in items:
        item.done_at, item.done_by = now, actor
    if items:
        bulk_update_with_history(items, DueItem, ["done_at", "done_by"], default_user=actor)
    return copy
