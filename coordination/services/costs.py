"""Cost responsibility (R33): record an intervention with the split the organisation's rules
propose, consult the BoU operations manager for 18-20 year olds (R20), agree, dispute up the
escalation ladder to the department heads, and record their decision.

A dispute is an escalation (coordination.services.escalations) started at the lowest level the
department heads decide at ("Oklarheter avseende kostnader för insatser hanteras av
avdelningschefer", 003), so the ladder's notifications, access grants and target times apply.
The decision is recorded here, by a decider at that level, in one transaction with the
escalation's own decision; an escalation decided on its own page leaves the split for whoever
decided it to record here. While disputed, the proposed split stays in the allocations (R9:
responsibility for ongoing interventions stays with the unit that decided them).

The other side cannot read the case (R4), so it is told: when a split waits for its agreement
(proposed, after any consultation R20 requires; or back after its dispute was withdrawn), one
"cost split waiting for your unit's agreement" due item is raised for the intervention and
each person who may answer for that side is notified once. Agreeing, disputing or deciding
marks the item done.
"""

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from coordination.db import history_created, insert_new
from coordination.models import (
    COST_TRANSITIONS,
    Case,
    CostAllocation,
    CostShare,
    CostState,
    DueItem,
    DueKind,
    Escalation,
    EscalationState,
    Intervention,
    InterventionKind,
)
from coordination.selectors_costs import (
    ProposedShare,
    cost_agreeable,
    cost_answerer_ids,
    cost_answers_for_other_side,
    cost_consultees,
    cost_counterpart_unit,
    cost_disputable,
    cost_dispute_level,
    cost_has_other_side,
    cost_has_say,
    cost_interventions_with_sides,
    cost_may_consult,
    cost_may_decide,
    cost_may_record,
    cost_other_side_unit_id,
    cost_proposal,
    cost_user_on_side_of,
)
from coordination.selectors_escalations import escalation_other_case
from coordination.services.escalations import (
    escalation_decide,
    escalation_open_at_level,
    local_date,
)
from coordination.services.notifications import notify
from units.models import Department, Unit, User

WAITING = DueKind.COST_AGREEMENT_WAITING
_WAITING_COLUMNS = (
    "organisation_id",
    "kind",
    "intervention_id",
    "period",
    "due_on",
    "unit_id",
    "raised_at",
)


@dataclass(frozen=True)
class ShareInput:
    """A bearer (a unit or a department) and its share in whole percent."""

    unit: Unit | None
    department: Department | None
    percent: int


def _lock(intervention: Intervention) -> Intervention:
    return (
        Intervention.objects.select_for_update(of=("self",))
        .select_related(
            "case__unit__department",
            "case__unit__organisation",
            "case__individual",
            "providing_unit",
            "rule",
            "escalation",
        )
        .get(pk=intervention.pk)
    )


def _transition(intervention: Intervention, state: str) -> None:
    if state not in COST_TRANSITIONS[intervention.state]:
        raise ValidationError(
            _("The cost is %(state)s and cannot change that way.")
            % {"state": intervention.get_state_display().lower()}
        )
    intervention.state = state


def _save(intervention: Intervention, actor: User) -> None:
    intervention.full_clean()
    intervention._history_user = actor
    intervention.save()


def validate_shares(shares: list[ShareInput], *, organisation_id: int) -> None:
    """One or more bearers, each once and of the organisation, shares summing to 100."""
    if not shares:
        raise ValidationError(_("Name at least one bearer of the cost."))
    seen = set()
    for share in shares:
        bearer = share.unit or share.department
        if bearer is None or (share.unit and share.department):
            raise ValidationError(_("Each share names either a unit or a department."))
        if bearer.organisation_id != organisation_id:
            raise ValidationError(_("Choose units and departments of your own organisation."))
        key = ("unit", share.unit.pk) if share.unit else ("department", share.department.pk)
        if key in seen:
            raise ValidationError(
                _("%(bearer)s is named twice; give it one share.") % {"bearer": bearer}
            )
        seen.add(key)
        if not 1 <= share.percent <= 100:
            raise ValidationError(_("Each share is a whole percent from 1 to 100."))
    total = sum(share.percent for share in shares)
    if total != 100:
        raise ValidationError(
            _("The shares add up to %(total)s percent; they must add up to 100.") % {"total": total}
        )


def _set_shares(intervention: Intervention, shares, actor: User) -> None:
    for old in list(intervention.shares.all()):
        old._history_user = actor
        old.delete()
    for share in shares:
        row = CostShare(
            intervention=intervention,
            unit=share.unit,
            department=share.department,
            percent=share.percent,
        )
        row.full_clean()
        row._history_user = actor
        row.save()


def _months(first: datetime.date, last: datetime.date):
    """(first day of the month, days of the period in it, days in the month) for each month."""
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        days_in_month = calendar.monthrange(year, month)[1]
        start = max(first, datetime.date(year, month, 1))
        end = min(last, datetime.date(year, month, days_in_month))
        yield datetime.date(year, month, 1), (end - start).days + 1, days_in_month
        month += 1
        if month == 13:
            year, month = year + 1, 1


def _split(amount: int, percents: list[int]) -> list[int]:
    """The amount split by percents in whole öre; the rounding remainder goes to the first."""
    parts = [amount * percent // 100 for percent in percents]
    parts[0] += amount - sum(parts)
    return parts


def allocations_rebuild(intervention: Intervention) -> int:
    """The intervention's monthly allocations per bearer, made again from its split: each
    month's cost is the monthly cost pro rata by the days of the period in it."""
    CostAllocation.objects.filter(intervention=intervention).delete()
    shares = list(intervention.shares.select_related("unit").order_by("-percent", "pk"))
    joint = len(shares) > 1
    organisation_id = intervention.case.unit.organisation_id
    rows = []
    for month, days, days_in_month in _months(intervention.period_from, intervention.period_to):
        amount = intervention.monthly_cost_ore * days // days_in_month
        for share, part in zip(shares, _split(amount, [s.percent for s in shares]), strict=True):
            rows.append(
                CostAllocation(
                    intervention=intervention,
                    month=month,
                    organisation_id=organisation_id,
                    department_id=share.unit.department_id if share.unit else share.department_id,
                    unit=share.unit,
                    joint=joint,
                    amount_ore=part,
                )
            )
    CostAllocation.objects.bulk_create(rows)
    return len(rows)


def _settle_if_no_other_side(intervention: Intervention, actor: User, now) -> None:
    """A cost borne wholly by the deciding unit or its own department needs no one else's
    agreement; it is agreed once any required consultation is recorded."""
    if intervention.consultation_required and intervention.consulted_id is None:
        return
    if not cost_has_other_side(intervention):
        _transition(intervention, CostState.AGREED)
        intervention.agreed_by, intervention.agreed_at = actor, now


# --- Telling the other side (R33, R4) -------------------------------------------------------


@transaction.atomic
def intervention_cost_waiting_raise(*, actor: User, intervention_ids: Iterable[int]) -> int:
    """Tells the other side that a split waits for its agreement: for each intervention whose
    split is agreeable and has another side, one open "waiting for your agreement" item (no
    case: the other side cannot read it, R4) and a notification to each person who may answer
    for that side, the actor apart. Idempotent: an open item is reused and `notify` creates no
    notification twice. A fixed number of queries for any number of interventions; returns
    the notifications created. The callers hold the interventions' rows locked."""
    interventions = [
        intervention
        for intervention in cost_interventions_with_sides(intervention_ids=list(intervention_ids))
        if cost_agreeable(intervention) and cost_has_other_side(intervention)
    ]
    if not interventions:
        return 0
    now = timezone.now()
    day = local_date(now)
    existing = DueItem.objects.filter(intervention__in=interventions, kind=WAITING).filter(
        Q(done_at__isnull=True) | Q(period__gte=day)
    )
    open_items: dict[int, int] = {}
    taken: dict[int, set[datetime.date]] = defaultdict(set)
    for pk, intervention_id, period, done_at in existing.values_list(
        "pk", "intervention_id", "period", "done_at"
    ):
        taken[intervention_id].add(period)
        if done_at is None:
            open_items[intervention_id] = pk
    rows = []
    for intervention in interventions:
        if intervention.pk in open_items:
            continue
        # The period is the day of the proposal; a split proposed again the same day (its
        # dispute withdrawn) takes the next free day, so each proposal keeps its own item.
        period = day
        while period in taken[intervention.pk]:
            period += datetime.timedelta(days=1)
        rows.append(
            (
                intervention.case.unit.organisation_id,
                WAITING,
                intervention.pk,
                period,
                day,
                cost_other_side_unit_id(intervention),
                now,
            )
        )
    created = insert_new(DueItem, _WAITING_COLUMNS, rows, returning=("id", "intervention_id"))
    if created:
        history_created(DueItem, [pk for pk, _intervention_id in created], when=now)
    item_of = open_items | {intervention_id: pk for pk, intervention_id in created}
    answerers = cost_answerer_ids(interventions)
    return notify(
        recipient_ids_by_item={
            item_of[intervention.pk]: [
                user_id for user_id in answerers[intervention.pk] if user_id != actor.pk
            ]
            for intervention in interventions
            if intervention.pk in item_of
        }
    )


def _waiting_done(intervention: Intervention, actor: User, now: datetime.datetime) -> None:
    """The split has been answered: its open "waiting for your agreement" items are done."""
    items = list(
        DueItem.objects.select_for_update().filter(
            intervention=intervention, kind=WAITING, done_at__isnull=True
        )
    )
    for item in items:
        item.done_at, item.done_by = now, actor
    if items:
        bulk_update_with_history(items, DueItem, ["done_at", "done_by"], default_user=actor)


@transaction.atomic
def intervention_cost_reopened(*, actor: User, escalation: Escalation) -> int:
    """A cost dispute withdrawn (the units settled it themselves) puts the split back before
    the other side: it is told again. For `escalation_withdraw`, in its transaction."""
    ids = list(
        Intervention.objects.select_for_update()
        .filter(escalation=escalation, state=CostState.DISPUTED)
        .values_list("pk", flat=True)
    )
    return intervention_cost_waiting_raise(actor=actor, intervention_ids=ids)


@transaction.atomic
def intervention_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    decided_on: datetime.date,
    period_from: datetime.date,
    period_to: datetime.date,
    providing_unit: Unit,
    monthly_cost_ore: int,
    in_homelessness: bool = False,
    description: str = "",
) -> Intervention:
    """The deciding unit records an intervention; its cost split is the one the organisation's
    rules propose (R33), agreed at once when no other unit or department bears any of it."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("unit__department", "unit__organisation", "individual")
        .get(pk=case.pk)
    )
    if not cost_may_record(user=actor, case=case):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if kind not in InterventionKind.values:
        errors["kind"] = _("Choose the kind of intervention.")
    if period_to < period_from:
        errors["period_to"] = _("The period ends before it starts.")
    if decided_on > period_from:
        errors["decided_on"] = _("The intervention is decided on or before its first day.")
    if providing_unit.organisation_id != case.unit.organisation_id:
        errors["providing_unit"] = _("Choose one of your organisation's units.")
    if monthly_cost_ore <= 0:
        errors["monthly_cost"] = _("Give the cost per month, more than 0 kronor.")
    if errors:
        raise ValidationError(errors)
    proposal = cost_proposal(
        case=case, kind=kind, period_from=period_from, in_homelessness=in_homelessness
    )
    now = timezone.now()
    intervention = Intervention(
        case=case,
        kind=kind,
        description=description.strip(),
        decided_on=decided_on,
        period_from=period_from,
        period_to=period_to,
        providing_unit=providing_unit,
        monthly_cost_ore=monthly_cost_ore,
        in_homelessness=in_homelessness,
        age_at_start=proposal.age,
        rule=proposal.rule,
        recorded_by=actor,
        recorded_at=now,
        consultation_required=proposal.requires_consultation,
    )
    _save(intervention, actor)
    _set_shares(intervention, proposal.shares, actor)
    _settle_if_no_other_side(intervention, actor, now)
    if intervention.state != CostState.PROPOSED:
        _save(intervention, actor)
    allocations_rebuild(intervention)
    if cost_agreeable(intervention):
        intervention_cost_waiting_raise(actor=actor, intervention_ids=[intervention.pk])
    return intervention


@transaction.atomic
def intervention_consultation_record(
    *,
    actor: User,
    intervention: Intervention,
    consulted: User | None,
    consulted_on: datetime.date | None,
    note: str = "",
) -> Intervention:
    """Who was consulted about the cost decision, and when (R20: with the BoU operations
    manager for 18-20 year olds)."""
    intervention = _lock(intervention)
    if not cost_may_consult(user=actor, intervention=intervention):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if (
        consulted is None
        or not cost_consultees(intervention=intervention).filter(pk=consulted.pk).exists()
    ):
        errors["consulted"] = _("Choose whom the routine says to consult.")
    today = local_date(timezone.now())
    if consulted_on is None:
        errors["consulted_on"] = _("Give the day of the consultation.")
    elif consulted_on > today:
        errors["consulted_on"] = _("The consultation cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    intervention.consulted, intervention.consulted_on = consulted, consulted_on
    intervention.consultation_note = note.strip()
    _settle_if_no_other_side(intervention, actor, timezone.now())
    _save(intervention, actor)
    if intervention.state == CostState.PROPOSED:
        intervention_cost_waiting_raise(actor=actor, intervention_ids=[intervention.pk])
    return intervention


@transaction.atomic
def intervention_cost_agree(*, actor: User, intervention: Intervention) -> Intervention:
    """The other side agrees to the proposed split; its "waiting" item is done."""
    intervention = _lock(intervention)
    if intervention.consultation_required and intervention.consulted_id is None:
        raise ValidationError(_("Record the consultation the routine requires first."))
    if not cost_answers_for_other_side(user=actor, intervention=intervention):
        raise PermissionDenied
    if not cost_agreeable(intervention):
        # Someone on the other side answered first, or the dispute is still open.
        raise ValidationError(
            _("The cost split no longer waits for agreement: it is %(state)s.")
            % {"state": intervention.get_state_display().lower()}
        )
    _transition(intervention, CostState.AGREED)
    now = timezone.now()
    intervention.agreed_by, intervention.agreed_at = actor, now
    _save(intervention, actor)
    _waiting_done(intervention, actor, now)
    return intervention


def _split_text(intervention: Intervention) -> str:
    return ", ".join(
        f"{share.bearer} {share.percent} %"
        for share in intervention.shares.select_related("unit", "department")
    )


def _dispute_refusal(intervention: Intervention) -> str:
    if intervention.state != CostState.PROPOSED:
        return _("The cost split can no longer be disputed: it is %(state)s.") % {
            "state": intervention.get_state_display().lower()
        }
    if not intervention.case.is_open:
        return _("The case is closed; the cost split can no longer be disputed.")
    return _("There is no other unit to dispute this cost with.")


@transaction.atomic
def intervention_cost_dispute(
    *, actor: User, intervention: Intervention, reason: str
) -> Intervention:
    """Either side disputes the proposed split: the question goes up the escalation ladder to
    the department heads (003, R33). The proposed split stays until they decide (R9)."""
    intervention = _lock(intervention)
    if not cost_has_say(user=actor, intervention=intervention):
        raise PermissionDenied
    if not cost_disputable(intervention):
        raise ValidationError(_dispute_refusal(intervention))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the cost split is disputed.")})
    case = intervention.case
    counterpart = cost_counterpart_unit(intervention=intervention)
    level = cost_dispute_level(organisation=case.unit.organisation)
    if counterpart is None or level is None:
        raise ValidationError(_("There is no other unit to dispute this cost with."))
    _transition(intervention, CostState.DISPUTED)
    question = _("Cost responsibility for %(kind)s %(start)s to %(end)s: %(reason)s") % {
        "kind": intervention.get_kind_display().lower(),
        "start": intervention.period_from,
        "end": intervention.period_to,
        "reason": reason,
    }
    positions = _("Proposed split: %(split)s (%(rule)s).") % {
        "split": _split_text(intervention),
        "rule": intervention.rule.name if intervention.rule else _("the deciding unit, R9"),
    }
    actor_at_counterpart = cost_user_on_side_of(user=actor, unit=counterpart, case_unit=case.unit)
    raising, other = (counterpart, case.unit) if actor_at_counterpart else (case.unit, counterpart)
    escalation = escalation_open_at_level(
        actor=actor,
        organisation=case.unit.organisation,
        level=level,
        reason=question,
        case=case,
        other_case=escalation_other_case(case=case, other_unit=counterpart),
        raising_unit=raising,
        other_unit=other,
        responsible_unit=case.unit,
        question=question,
        positions=positions,
    )
    intervention.escalation = escalation
    _save(intervention, actor)
    _waiting_done(intervention, actor, timezone.now())
    return intervention


@transaction.atomic
def intervention_cost_decide(
    *,
    actor: User,
    intervention: Intervention,
    shares: list[ShareInput],
    decision: str,
    seen_level_id: int | None = None,
) -> Intervention:
    """The department heads' decision on a disputed cost: the split they decided, and the
    escalation decided with it in the same transaction (or already decided on its page, by
    the actor)."""
    intervention = _lock(intervention)
    if not cost_may_decide(user=actor, intervention=intervention):
        raise PermissionDenied
    decision = decision.strip()
    escalation = intervention.escalation
    if escalation.state == EscalationState.DECIDED:
        decision = decision or escalation.decision
    if not decision:
        raise ValidationError({"decision": _("Write the decision.")})
    validate_shares(shares, organisation_id=intervention.case.unit.organisation_id)
    if escalation.state == EscalationState.OPEN:
        escalation_decide(
            actor=actor, escalation=escalation, decision=decision, seen_level_id=seen_level_id
        )
    _transition(intervention, CostState.DECIDED)
    now = timezone.now()
    intervention.decision, intervention.decided_by, intervention.decided_at = decision, actor, now
    _set_shares(
        intervention, [ProposedShare(s.unit, s.department, s.percent) for s in shares], actor
    )
    _save(intervention, actor)
    _waiting_done(intervention, actor, now)
    allocations_rebuild(intervention)
    return intervention
