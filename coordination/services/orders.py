"""Orders to in-house open care (R26-R29), one service per step.

The ordering case's caseworker (or an active co-caseworker) writes the assignment and sends
it with the individual's consent to written material going to a provider (R12); a member of
the provider unit receives it or refuses it with a written reason; the ordering unit's
administrative coordinator records the execution check; the kick-off meeting marks the order
executed; the provider writes (and revises) the implementation plan, a copy going to the
caseworker; the caseworker records the follow-ups, need by need, and closes the order, or
records the guardians' early termination with the assessment R28 asks for; the provider
completes the closing documentation.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from coordination.models import (
    ORDER_TRANSITIONS,
    Case,
    ClosingReason,
    ConsentScope,
    DueItem,
    DueKind,
    NeedResult,
    Order,
    OrderFollowUp,
    OrderImplementationPlan,
    OrderNeed,
    OrderNeedAssessment,
    OrderState,
    RoutineTrigger,
)
from coordination.selectors_age import age_on, stockholm_today
from coordination.selectors_orders import (
    PROVIDER_MANAGER_ROLES,
    order_acute_allowed,
    order_checker,
    order_may_write,
    order_provider_member,
    order_provider_units,
    order_treater_candidates,
)
from coordination.services.consent import ConsentOverrideInput, consent_require
from coordination.services.notifications import notify
from coordination.services.routine_runs import routine_runs_start_for_event
from units.models import UNIT_ROLES, Membership, Role, Unit, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_NEEDS = 20


def _locked(order: Order) -> Order:
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related(
            "case", "case__unit", "case__unit__organisation", "case__individual", "provider_unit"
        )
        .get(pk=order.pk)
    )


def _transition(order: Order, to: OrderState) -> None:
    """Refuses a move the transition map does not allow (STYLE rule 6)."""
    if to not in ORDER_TRANSITIONS[order.state]:
        raise ValidationError(
            _("The order is %(state)s; this step is not possible now.")
            % {"state": order.get_state_display().lower()}
        )
    order.state = to


def _require_state(order: Order, *states: str) -> None:
    if order.state not in states:
        raise ValidationError(
            _("The order is %(state)s; this step is not possible now.")
            % {"state": order.get_state_display().lower()}
        )


def _require_writer(actor: User, case: Case) -> None:
    if not order_may_write(user=actor, case=case):
        raise PermissionDenied


def _require_provider(actor: User, order: Order) -> None:
    if not order_provider_member(user=actor, unit_id=order.provider_unit_id):
        raise PermissionDenied


def _clean_needs(needs: list[str]) -> list[str]:
    return [need.strip() for need in needs if need and need.strip()]


def _validate_assignment(
    *,
    case: Case,
    provider_unit: Unit,
    acute: bool,
    needs: list[str],
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not case.is_open:
        errors.setdefault("__all__", []).append(_("The case is closed."))
    if not order_provider_units(case=case).filter(pk=provider_unit.pk).exists():
        errors.setdefault("provider_unit", []).append(
            _("Choose one of the organisation's open-care units.")
        )
    if acute and not order_acute_allowed(case=case):
        errors.setdefault("acute", []).append(
            _("An acute order is possible only while the case is under investigation (R29).")
        )
    if len(needs) > MAX_NEEDS:
        errors.setdefault("needs", []).append(
            _("Write at most %(count)s needs.") % {"count": MAX_NEEDS}
        )
    if starts_on and ends_on and ends_on <= starts_on:
        errors.setdefault("ends_on", []).append(
            _("The intervention must end after the day it starts.")
        )
    if errors:
        raise ValidationError(errors)


def _set_needs(order: Order, needs: list[str]) -> None:
    order.needs.all().delete()
    OrderNeed.objects.bulk_create(
        [OrderNeed(order=order, position=i, text=text) for i, text in enumerate(needs, start=1)]
    )
    OrderNeed.history.bulk_history_create(list(order.needs.all()))


@transaction.atomic
def order_start(
    *,
    actor: User,
    case: Case,
    provider_unit: Unit,
    acute: bool = False,
    needs: list[str],
    account: str = "",
    goals: str = "",
    intervention: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Order:
    """Starts writing an order with its assignment (R26; acute and simplified, R29)."""
    _require_writer(actor, case)
    needs = _clean_needs(needs)
    _validate_assignment(
        case=case,
        provider_unit=provider_unit,
        acute=acute,
        needs=needs,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    order = Order(
        case=case,
        provider_unit=provider_unit,
        acute=acute,
        account=account.strip(),
        goals=goals.strip(),
        intervention=intervention.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    order.full_clean()
    order.save()
    _set_needs(order, needs)
    # R26, R30: the order being written is the trigger of the organisation's order routine
    # (004); the provider is the run's other unit.
    routine_runs_start_for_event(
        event=RoutineTrigger.ORDER_DRAFTED, case=case, actor=actor, other_unit=provider_unit
    )
    return order


@transaction.atomic
def order_update(
    *,
    actor: User,
    order: Order,
    provider_unit: Unit,
    acute: bool = False,
    needs: list[str],
    account: str = "",
    goals: str = "",
    intervention: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Order:
    """Rewrites the assignment while the order is a draft."""
    order = _locked(order)
    _require_writer(actor, order.case)
    _require_state(order, OrderState.DRAFT)
    needs = _clean_needs(needs)
    _validate_assignment(
        case=order.case,
        provider_unit=provider_unit,
        acute=acute,
        needs=needs,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    order.provider_unit = provider_unit
    order.acute = acute
    order.account = account.strip()
    order.goals = goals.strip()
    order.intervention = intervention.strip()
    order.starts_on = starts_on
    order.ends_on = ends_on
    order.full_clean()
    order.save()
    _set_needs(order, needs)
    return order


def _missing_to_send(order: Order) -> dict[str, str]:
    """R26: needs, goals, the intervention and its time limit; R29: an acute order needs
    only a short account, the most acute needs and the time limit."""
    missing: dict[str, str] = {}
    if not order.needs.exists():
        missing["needs"] = _("Write at least one need of the assignment.")
    required = ("account",) if order.acute else ("goals", "intervention")
    for name in required:
        if not getattr(order, name).strip():
            missing[name] = _("Write this part of the assignment before sending it.")
    if order.starts_on is None:
        missing["starts_on"] = _("The intervention is time-limited: give the day it starts.")
    if order.ends_on is None:
        missing["ends_on"] = _("The intervention is time-limited: give the day it ends.")
    return missing


def _provider_manager_ids(unit_id: int) -> list[int]:
    """The provider unit's (deputy) unit managers; all its members when it has none."""
    members = Membership.objects.filter(unit_id=unit_id, is_active=True, user__is_active=True)
    managers = list(
        members.filter(role__in=PROVIDER_MANAGER_ROLES).values_list("user_id", flat=True)
    )
    return managers or list(members.filter(role__in=UNIT_ROLES).values_list("user_id", flat=True))


def _item(order: Order, kind: str, period: datetime.date, due_on: datetime.date) -> DueItem:
    """The order's item of this kind and period, raised once (the unique constraint)."""
    # Saved one by one, so simple-history records the creation itself.
    item, _created = DueItem.objects.get_or_create(
        order=order,
        kind=kind,
        period=period,
        defaults={
            "organisation_id": order.case.unit.organisation_id,
            "case_id": order.case_id,
            "due_on": due_on,
            "unit_id": order.provider_unit_id,
        },
    )
    return item


def _items_done(items: QuerySet[DueItem], *, actor: User) -> None:
    rows = list(items.select_for_update().filter(done_at__isnull=True))
    now = timezone.now()
    for row in rows:
        row.done_at, row.done_by = now, actor
    if rows:
        bulk_update_with_history(rows, DueItem, ["done_at", "done_by"], default_user=actor)


def _order_items(order: Order, *kinds: str) -> QuerySet[DueItem]:
    return DueItem.objects.filter(order=order, kind__in=kinds)


def _sent_at(case: Case, sent_on: datetime.date | None) -> datetime.datetime:
    """Now, or noon (Stockholm) of the day the order went by post (R29: an acute order's
    assignment is sent by post and noted afterwards)."""
    if sent_on is None:
        return timezone.now()
    if sent_on > stockholm_today():
        raise ValidationError({"sent_on": _("The day of sending cannot be in the future.")})
    if sent_on < case.opened_on:
        raise ValidationError({"sent_on": _("The order cannot be sent before the case opened.")})
    return datetime.datetime.combine(sent_on, datetime.time(12), tzinfo=STOCKHOLM)


@transaction.atomic
def order_send(
    *,
    actor: User,
    order: Order,
    override: ConsentOverrideInput | None = None,
    sent_on: datetime.date | None = None,
) -> Order:
    """Sends the order to the provider unit and notes the sending (R26); `sent_on` notes an
    earlier day it went by post.

    Needs the individual's consent to written material going to a provider, or an override
    on a legal basis (R12): without either it raises ConsentMissingError and nothing changes.
    The provider unit's (deputy) unit managers are notified.
    """
    order = _locked(order)
    case = order.case
    _require_writer(actor, case)
    _require_state(order, OrderState.DRAFT)
    sent_at = _sent_at(case, sent_on)
    _validate_assignment(
        case=case,
        provider_unit=order.provider_unit,
        acute=order.acute,
        needs=list(order.needs.values_list("text", flat=True)),
        starts_on=order.starts_on,
        ends_on=order.ends_on,
    )
    missing = _missing_to_send(order)
    if missing:
        raise ValidationError(missing)
    consent_require(
        actor=actor,
        individual=case.individual,
        scope=ConsentScope.WRITTEN_MATERIAL,
        case=case,
        action=_("Order sent to %(unit)s") % {"unit": order.provider_unit.name},
        override=override,
    )
    _transition(order, OrderState.SENT)
    order.sent_at = sent_at
    order.sent_by = actor
    order.save(update_fields=["state", "sent_at", "sent_by"])
    sent_day = timezone.localtime(sent_at, STOCKHOLM).date()
    item = _item(order, DueKind.ORDER_SENT, sent_day, sent_day)
    notify(recipient_ids_by_item={item.pk: _provider_manager_ids(order.provider_unit_id)})
    return order


def _require_treater(order: Order, treater: User | None) -> None:
    if treater is None:
        return
    if not order_treater_candidates(unit_id=order.provider_unit_id).filter(pk=treater.pk).exists():
        raise ValidationError(
            {
                "treater": _("%(person)s does not work at %(unit)s.")
                % {"person": treater, "unit": order.provider_unit.name}
            }
        )


@transaction.atomic
def order_receive(
    *,
    actor: User,
    order: Order,
    received_on: datetime.date | None = None,
    treater: User | None = None,
) -> Order:
    """The provider unit records the day it received the order (R26); the execution check
    falls due from that day. A treater may be named already."""
    order = _locked(order)
    _require_provider(actor, order)
    _require_state(order, OrderState.SENT)
    today = stockholm_today()
    received_on = received_on or today
    sent_on = timezone.localtime(order.sent_at, STOCKHOLM).date()
    if received_on > today:
        raise ValidationError({"received_on": _("The day of receipt cannot be in the future.")})
    if received_on < sent_on:
        raise ValidationError(
            {
                "received_on": _("The order was sent on %(day)s; it cannot be received before.")
                % {"day": f"{sent_on:%Y-%m-%d}"}
            }
        )
    _require_treater(order, treater)
    _transition(order, OrderState.RECEIVED)
    order.received_on = received_on
    order.received_by = actor
    if treater is not None:
        order.treater = treater
    order.save(update_fields=["state", "received_on", "received_by", "treater"])
    _items_done(_order_items(order, DueKind.ORDER_SENT), actor=actor)
    return order


def _ordering_manager_ids(unit_id: int) -> list[int]:
    """R26: a refusal goes in writing to the ordering unit's 1:e socialsekreterare (deputy
    unit manager); to its unit manager when it has none."""
    members = Membership.objects.filter(unit_id=unit_id, is_active=True, user__is_active=True)
    deputies = list(members.filter(role=Role.DEPUTY_UNIT_MANAGER).values_list("user_id", flat=True))
    return deputies or list(
        members.filter(role=Role.UNIT_MANAGER).values_list("user_id", flat=True)
    )


@transaction.atomic
def order_refuse(*, actor: User, order: Order, reason: str) -> Order:
    """The provider will not execute the order and says why in writing (R26); the caseworker
    and the ordering unit's deputy unit manager are notified."""
    order = _locked(order)
    _require_provider(actor, order)
    _require_state(order, OrderState.SENT, OrderState.RECEIVED)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Write why the order will not be executed: it goes to the caseworker.")}
        )
    _transition(order, OrderState.REFUSED)
    order.refused_at = timezone.now()
    order.refused_by = actor
    order.refusal_reason = reason.strip()
    order.save(update_fields=["state", "refused_at", "refused_by", "refusal_reason"])
    _items_done(_order_items(order, DueKind.ORDER_SENT, DueKind.ORDER_EXECUTION_CHECK), actor=actor)
    today = stockholm_today()
    item = _item(order, DueKind.ORDER_REFUSED, today, today)
    recipients = {order.case.caseworker_id, *_ordering_manager_ids(order.case.unit_id)}
    notify(recipient_ids_by_item={item.pk: recipients})
    return order


@transaction.atomic
def order_execution_check(*, actor: User, order: Order, answer: str) -> Order:
    """The administrative coordinator records asking the provider about execution and its
    answer (R26); the execution-check item is done."""
    order = _locked(order)
    if not order_checker(user=actor, order=order):
        raise PermissionDenied
    _require_state(order, OrderState.RECEIVED, OrderState.EXECUTED)
    if not answer.strip():
        raise ValidationError({"answer": _("Write what the provider answered about execution.")})
    order.execution_checked_at = timezone.now()
    order.execution_checked_by = actor
    order.execution_answer = answer.strip()
    order.save(update_fields=["execution_checked_at", "execution_checked_by", "execution_answer"])
    _items_done(_order_items(order, DueKind.ORDER_EXECUTION_CHECK), actor=actor)
    return order


@transaction.atomic
def order_kick_off(
    *,
    actor: User,
    order: Order,
    kick_off_on: datetime.date,
    treater: User,
    plan_agreed_by: datetime.date | None = None,
) -> Order:
    """The kick-off meeting is held: the order is executed (R26). Recorded by the caseworker,
    who leads it, or by the provider; the responsible treater and the day the implementation
    plan is agreed to be ready are noted (R27)."""
    order = _locked(order)
    if not (
        order_may_write(user=actor, case=order.case)
        or order_provider_member(user=actor, unit_id=order.provider_unit_id)
    ):
        raise PermissionDenied
    _require_state(order, OrderState.RECEIVED)
    errors: dict[str, str] = {}
    if kick_off_on > stockholm_today():
        errors["kick_off_on"] = _("Record the kick-off once it has been held.")
    elif order.received_on and kick_off_on < order.received_on:
        errors["kick_off_on"] = _(
            "The order was received on %(day)s; the kick-off cannot be before."
        ) % {"day": f"{order.received_on:%Y-%m-%d}"}
    if plan_agreed_by is not None and plan_agreed_by < kick_off_on:
        errors["plan_agreed_by"] = _("The plan cannot be due before the kick-off.")
    if errors:
        raise ValidationError(errors)
    _require_treater(order, treater)
    _transition(order, OrderState.EXECUTED)
    order.kick_off_on = kick_off_on
    order.kick_off_recorded_by = actor
    order.treater = treater
    order.plan_agreed_by = plan_agreed_by
    order.save(
        update_fields=["state", "kick_off_on", "kick_off_recorded_by", "treater", "plan_agreed_by"]
    )
    # Executed: asking about execution is no longer needed.
    _items_done(_order_items(order, DueKind.ORDER_EXECUTION_CHECK), actor=actor)
    return order


@transaction.atomic
def order_plan_write(
    *, actor: User, order: Order, content: str, with_family: bool
) -> OrderImplementationPlan:
    """The provider writes the implementation plan, or a revision of it, with the family; a
    copy goes to the caseworker (R27)."""
    order = _locked(order)
    _require_provider(actor, order)
    _require_state(order, OrderState.EXECUTED)
    if not content.strip():
        raise ValidationError({"content": _("Write the implementation plan.")})
    if not with_family:
        raise ValidationError(
            {"with_family": _("The implementation plan is drawn up with the family (R27).")}
        )
    version = (order.plans.aggregate(last=Max("version"))["last"] or 0) + 1
    plan = OrderImplementationPlan(
        order=order, version=version, content=content.strip(), with_family=True, written_by=actor
    )
    plan.full_clean()
    plan.save()
    _items_done(_order_items(order, DueKind.ORDER_PLAN_DUE), actor=actor)
    today = stockholm_today()
    item = _item(order, DueKind.ORDER_PLAN_COPY, today, today)
    if item.done_at is not None:
        # A further revision the same day: the caseworker has a new copy to read.
        item.done_at, item.done_by = None, None
        item.save(update_fields=["done_at", "done_by"])
    notify(recipient_ids_by_item={item.pk: [order.case.caseworker_id]})
    return plan


@transaction.atomic
def order_plan_copy_read(*, actor: User, order: Order) -> int:
    """The caseworker has read the plan's copy on the order page (R27); returns how many
    copy items that marks done."""
    if order.case.caseworker_id != actor.pk:
        return 0
    items = _order_items(order, DueKind.ORDER_PLAN_COPY).filter(done_at__isnull=True)
    if not items.exists():
        return 0
    count = items.count()
    _items_done(items, actor=actor)
    return count


@transaction.atomic
def order_follow_up_record(
    *,
    actor: User,
    order: Order,
    held_on: datetime.date,
    summary: str,
    assessments: dict[int, tuple[str, str]],
) -> OrderFollowUp:
    """The caseworker documents a follow-up, measured against every need of the assignment
    (R27); the follow-up items are done and the next one falls due from this day."""
    order = _locked(order)
    _require_writer(actor, order.case)
    _require_state(order, OrderState.EXECUTED)
    needs = list(order.needs.order_by("position"))
    errors: dict[str, str] = {}
    if held_on > stockholm_today():
        errors["held_on"] = _("Record the follow-up once it has been held.")
    elif order.kick_off_on and held_on < order.kick_off_on:
        errors["held_on"] = _("The follow-up cannot be before the kick-off (%(day)s).") % {
            "day": f"{order.kick_off_on:%Y-%m-%d}"
        }
    for need in needs:
        result = assessments.get(need.pk, ("", ""))[0]
        if result not in NeedResult.values:
            errors[f"need_{need.pk}"] = _("Assess this need: met, partly met or not met.")
    unknown = set(assessments) - {need.pk for need in needs}
    if unknown:
        errors["__all__"] = _("Assess only the needs of this order's assignment.")
    if errors:
        raise ValidationError(errors)
    follow_up = OrderFollowUp(
        order=order, held_on=held_on, summary=summary.strip(), recorded_by=actor
    )
    follow_up.full_clean()
    follow_up.save()
    rows = [
        OrderNeedAssessment(
            follow_up=follow_up,
            need=need,
            result=assessments[need.pk][0],
            comment=assessments[need.pk][1].strip(),
        )
        for need in needs
    ]
    OrderNeedAssessment.objects.bulk_create(rows)
    OrderNeedAssessment.history.bulk_history_create(list(follow_up.assessments.all()))
    _items_done(_order_items(order, DueKind.ORDER_FOLLOW_UP), actor=actor)
    return follow_up


def _close(order: Order, *, actor: User, reason: str, note: str, closed_on: datetime.date):
    _transition(order, OrderState.CLOSED)
    order.closed_on = closed_on
    order.closed_by = actor
    order.closing_reason = reason
    order.closing_note = note
    _items_done(_order_items(order, DueKind.ORDER_FOLLOW_UP, DueKind.ORDER_PLAN_DUE), actor=actor)


def _validate_closed_on(order: Order, closed_on: datetime.date) -> None:
    if closed_on > stockholm_today():
        raise ValidationError({"closed_on": _("The order cannot be closed in the future.")})
    if order.kick_off_on and closed_on < order.kick_off_on:
        raise ValidationError({"closed_on": _("The order cannot be closed before its kick-off.")})


@transaction.atomic
def order_close(
    *,
    actor: User,
    order: Order,
    reason: str,
    note: str = "",
    closed_on: datetime.date | None = None,
) -> Order:
    """The caseworker closes the intervention (R28): when a follow-up has shown that the goals
    are met, or with a written reason when the provider judges that it is not working or for
    another reason. The provider's closing documentation falls due."""
    order = _locked(order)
    _require_writer(actor, order.case)
    _require_state(order, OrderState.EXECUTED)
    closed_on = closed_on or stockholm_today()
    _validate_closed_on(order, closed_on)
    if reason == ClosingReason.GUARDIANS_ENDED:
        raise ValidationError(
            {"reason": _("Record the guardians' early termination with its assessment (R28).")}
        )
    if reason not in ClosingReason.values:
        raise ValidationError({"reason": _("Choose why the order is closed.")})
    if reason == ClosingReason.GOALS_MET:
        latest = order.follow_ups.order_by("-held_on", "-pk").first()
        results = set(latest.assessments.values_list("result", flat=True)) if latest else set()
        if results != {NeedResult.MET}:
            raise ValidationError(
                {
                    "reason": _(
                        "The goals are met when the latest follow-up has found every need met "
                        "(R28). Record that follow-up first."
                    )
                }
            )
    elif not note.strip():
        raise ValidationError({"note": _("Write why the intervention ends.")})
    _close(order, actor=actor, reason=reason, note=note.strip(), closed_on=closed_on)
    order.save()
    return order


@transaction.atomic
def order_guardians_end(
    *,
    actor: User,
    order: Order,
    requested_on: datetime.date,
    assessment: str,
    continues_without_guardians: bool | None = None,
    investigation_warranted: bool | None = None,
) -> Order:
    """The guardians want to end the intervention early (R28).

    For a child of the organisation's consent age (15) or older the caseworker records
    whether the intervention can continue towards the child without the parents' consent; if
    it does, the order keeps running. Otherwise it is closed, and the caseworker records
    whether concern for the child's development warrants opening an investigation.
    """
    order = _locked(order)
    _require_writer(actor, order.case)
    _require_state(order, OrderState.EXECUTED)
    organisation = order.case.unit.organisation
    errors: dict[str, str] = {}
    if requested_on > stockholm_today():
        errors["requested_on"] = _("The day cannot be in the future.")
    if not assessment.strip():
        errors["assessment"] = _("Write your assessment.")
    age = age_on(order.case.individual.birth_date, requested_on)
    old_enough = age >= organisation.child_consent_age
    if old_enough and continues_without_guardians is None:
        errors["continues_without_guardians"] = _(
            "The child is %(age)s or older: assess whether the intervention can continue "
            "towards the child without the parents' consent (R28)."
        ) % {"age": organisation.child_consent_age}
    if not old_enough and continues_without_guardians:
        errors["continues_without_guardians"] = _(
            "The child is under %(age)s: the intervention cannot continue without the "
            "guardians' consent (R28)."
        ) % {"age": organisation.child_consent_age}
    continues = bool(old_enough and continues_without_guardians)
    if not continues and investigation_warranted is None:
        errors["investigation_warranted"] = _(
            "Assess whether concern for the child's development warrants an investigation (R28)."
        )
    if errors:
        raise ValidationError(errors)
    order.guardians_ended_on = requested_on
    order.continues_without_guardians = continues_without_guardians if old_enough else None
    order.investigation_warranted = None if continues else investigation_warranted
    order.termination_assessment = assessment.strip()
    if not continues:
        closed_on = max(requested_on, order.kick_off_on or requested_on)
        _close(
            order,
            actor=actor,
            reason=ClosingReason.GUARDIANS_ENDED,
            note=assessment.strip(),
            closed_on=closed_on,
        )
    order.save()
    return order


@transaction.atomic
def order_investigation_record(
    *,
    actor: User,
    order: Order,
    started_on: datetime.date,
    continues: bool,
    agreement: str,
) -> Order:
    """An investigation starts during the ongoing intervention (R29): the caseworker records
    whether the intervention continues meanwhile and the agreement on how."""
    order = _locked(order)
    _require_writer(actor, order.case)
    _require_state(order, OrderState.EXECUTED)
    errors: dict[str, str] = {}
    if started_on > stockholm_today():
        errors["started_on"] = _("The day cannot be in the future.")
    if not agreement.strip():
        errors["agreement"] = (
            _("Write how the intervention is carried out during the investigation.")
            if continues
            else _("Write how the intervention is ended with the treater and the family.")
        )
    if errors:
        raise ValidationError(errors)
    order.investigation_started_on = started_on
    order.continues_during_investigation = continues
    order.investigation_agreement = agreement.strip()
    order.save(
        update_fields=[
            "investigation_started_on",
            "continues_during_investigation",
            "investigation_agreement",
        ]
    )
    return order


@transaction.atomic
def order_documentation_complete(*, actor: User, order: Order) -> Order:
    """The provider has completed its documentation of the closed intervention (R27)."""
    order = _locked(order)
    _require_provider(actor, order)
    _require_state(order, OrderState.CLOSED)
    if order.documentation_done_at is not None:
        raise ValidationError(_("The closing documentation is already recorded."))
    order.documentation_done_at = timezone.now()
    order.documentation_done_by = actor
    order.save(update_fields=["documentation_done_at", "documentation_done_by"])
    _items_done(_order_items(order, DueKind.ORDER_CLOSING_DOCUMENTATION), actor=actor)
    return order


@transaction.atomic
def order_cancel(*, actor: User, order: Order, reason: str) -> Order:
    """The caseworker withdraws the order before the kick-off, with a reason."""
    order = _locked(order)
    _require_writer(actor, order.case)
    _require_state(order, OrderState.DRAFT, OrderState.SENT, OrderState.RECEIVED)
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the order is cancelled.")})
    _transition(order, OrderState.CANCELLED)
    order.cancel_reason = reason.strip()
    order.save(update_fields=["state", "cancel_reason"])
    _items_done(_order_items(order, DueKind.ORDER_SENT, DueKind.ORDER_EXECUTION_CHECK), actor=actor)
    return order
