"""Writes about joint work plans (R7, R8, R11): create, edit, unit rows, agree, coordinator,
follow-ups held.

One plan is linked to every involved case (R7). Every change after an agreement clears
the agreements and returns a signed-off plan to draft, so that what was agreed is always
what the plan says; recording that a follow-up was held records what happened, not what
was agreed, and leaves the agreements. History is kept by simple-history; the acting user
is recorded on each historical row.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import (
    Case,
    JointPlan,
    JointPlanCase,
    JointPlanFollowUp,
    JointPlanResponsibility,
    JointPlanStatus,
)
from coordination.permissions import require_case
from coordination.selectors_plans import (
    CLEARED_REASON,
    case_plan_creatable_by,
    coordinator_propose,
    plan_caseworkers,
    plan_linkable_cases,
    plan_permissions,
)
from units.models import Unit, User


def _save(obj, actor: User, reason: str | None = None) -> None:
    obj.full_clean(validate_constraints=False)
    obj._history_user = actor  # simple-history's hook when no request is at hand
    if reason:
        obj._change_reason = reason
    obj.save()


def _linkable_ids(*, actor: User, case: Case, exclude=()) -> set[int]:
    return {e.case_id for e in plan_linkable_cases(user=actor, case=case, exclude_case_ids=exclude)}


def _cases(case_ids: Iterable[int]) -> list[Case]:
    return list(
        Case.objects.filter(pk__in=list(case_ids)).select_related(
            "unit", "caseworker", "individual"
        )
    )


def _propose(plan: JointPlan) -> None:
    cases = _cases(plan.plan_cases.values_list("case_id", flat=True))
    proposal = coordinator_propose(cases=cases)
    plan.coordinator = proposal.caseworker
    plan.coordinator_reason = proposal.reason[:300]


def _follow_ups_set(plan: JointPlan, actor: User, dates: Iterable[datetime.date]) -> bool:
    """Makes the plan's coming follow-up dates exactly `dates`; True if anything changed.
    Follow-ups already held are kept: they record what happened."""
    wanted = set(dates)
    existing = list(plan.follow_ups.all())
    changed = False
    for follow_up in existing:
        if follow_up.held_on is None and follow_up.due_on not in wanted:
            follow_up._history_user = actor
            follow_up.delete()
            changed = True
    have = {f.due_on for f in existing}
    for due_on in sorted(wanted - have):
        _save(JointPlanFollowUp(plan=plan, due_on=due_on), actor)
        changed = True
    return changed


def _agreements_clear(plan: JointPlan, actor: User) -> bool:
    """A change after an agreement clears every agreement; a signed-off plan is a draft
    again (item 2). True if anything was cleared."""
    cleared = False
    for link in plan.plan_cases.filter(approved_by__isnull=False):
        link.approved_by = None
        link.approved_at = None
        _save(link, actor, CLEARED_REASON)
        cleared = True
    if plan.status == JointPlanStatus.SIGNED_OFF:
        plan.status = JointPlanStatus.DRAFT
        plan.signed_off_at = None
        plan.signed_off_by = None
        cleared = True
    return cleared


@transaction.atomic
def plan_create(
    *,
    actor: User,
    case: Case,
    investigation_approach: str,
    continued_cooperation: str,
    other_case_ids: Iterable[int],
    follow_up_dates: Iterable[datetime.date] = (),
    responsibility: str = "",
) -> JointPlan:
    """Starts a joint work plan from a case, linked to the chosen cases at other units (R7).

    Only the case's caseworker or a co-caseworker with a live grant starts one; the other
    cases come from the active-case check, so the creator links them without seeing them.
    """
    require_case(actor, case.pk)
    if not case_plan_creatable_by(actor, case):
        raise Http404
    other_case_ids = set(other_case_ids) - {case.pk}
    if not other_case_ids:
        raise ValidationError(
            {"other_cases": _("Choose at least one case at another unit to plan with.")}
        )
    if other_case_ids - _linkable_ids(actor=actor, case=case):
        raise ValidationError(
            {"other_cases": _("Choose among the open cases the active-case check shows.")}
        )
    cases = _cases({case.pk, *other_case_ids})
    proposal = coordinator_propose(cases=cases)
    plan = JointPlan(
        organisation_id=case.unit.organisation_id,
        investigation_approach=investigation_approach,
        continued_cooperation=continued_cooperation,
        coordinator=proposal.caseworker,
        coordinator_reason=proposal.reason[:300],
        created_by=actor,
    )
    _save(plan, actor)
    for linked in sorted(cases, key=lambda c: c.pk):
        _save(JointPlanCase(plan=plan, case=linked), actor)
    if responsibility.strip():
        _save(
            JointPlanResponsibility(plan=plan, unit=case.unit, responsibility=responsibility),
            actor,
        )
    _follow_ups_set(plan, actor, follow_up_dates)
    return plan


def _require_edit_text(actor: User, plan: JointPlan) -> None:
    if not plan_permissions(user=actor, plan=plan).edit_text:
        raise Http404


@transaction.atomic
def plan_update(
    *,
    actor: User,
    plan: JointPlan,
    investigation_approach: str,
    continued_cooperation: str,
    follow_up_dates: Iterable[datetime.date],
) -> bool:
    """Changes the plan's common text and follow-up dates (any involved caseworker, R7).

    Returns whether earlier agreements were cleared by the change.
    """
    plan = JointPlan.objects.select_for_update().get(pk=plan.pk)
    _require_edit_text(actor, plan)
    changed = (
        plan.investigation_approach != investigation_approach
        or plan.continued_cooperation != continued_cooperation
    )
    plan.investigation_approach = investigation_approach
    plan.continued_cooperation = continued_cooperation
    changed = _follow_ups_set(plan, actor, follow_up_dates) or changed
    if not changed:
        return False
    cleared = _agreements_clear(plan, actor)
    _save(plan, actor, CLEARED_REASON if cleared else None)
    return cleared


@transaction.atomic
def plan_responsibility_set(
    *, actor: User, plan: JointPlan, unit: Unit, responsibility: str
) -> bool:
    """Writes one unit's responsibility (R11); only that unit's involved caseworker may.

    Returns whether earlier agreements were cleared by the change.
    """
    plan = JointPlan.objects.select_for_update().get(pk=plan.pk)
    if unit.pk not in plan_permissions(user=actor, plan=plan).edit_unit_ids:
        raise Http404
    if not responsibility.strip():
        raise ValidationError({"responsibility": _("Describe what the unit is responsible for.")})
    row = JointPlanResponsibility.objects.filter(plan=plan, unit=unit).first()
    if row is not None and row.responsibility == responsibility:
        return False
    row = row or JointPlanResponsibility(plan=plan, unit=unit)
    row.responsibility = responsibility
    _save(row, actor)
    cleared = _agreements_clear(plan, actor)
    if cleared:
        _save(plan, actor, CLEARED_REASON)
    return cleared


@transaction.atomic
def plan_cases_add(
    *, actor: User, plan: JointPlan, from_case: Case, case_ids: Iterable[int]
) -> bool:
    """Links more cases, from the active-case check of one of the actor's linked cases (R7).

    The coordinator is proposed again unless a manager chose one (R8). Returns whether
    earlier agreements were cleared.
    """
    plan = JointPlan.objects.select_for_update().get(pk=plan.pk)
    _require_edit_text(actor, plan)
    linked = set(plan.plan_cases.values_list("case_id", flat=True))
    if from_case.pk not in linked:
        raise Http404
    case_ids = set(case_ids) - linked
    if not case_ids:
        raise ValidationError({"cases": _("Choose at least one case to add.")})
    if case_ids - _linkable_ids(actor=actor, case=from_case, exclude=linked):
        raise ValidationError(
            {"cases": _("Choose among the open cases the active-case check shows.")}
        )
    for case_id in sorted(case_ids):
        _save(JointPlanCase(plan=plan, case_id=case_id), actor)
    if plan.coordinator_overridden_by_id is None:
        _propose(plan)
    cleared = _agreements_clear(plan, actor)
    _save(plan, actor, CLEARED_REASON if cleared else None)
    return cleared


@transaction.atomic
def plan_agree(*, actor: User, plan: JointPlan) -> JointPlan:
    """The actor agrees to the plan for each linked case they are responsible for; when
    every case has agreed the plan is signed off by the last to agree (item 2)."""
    plan = JointPlan.objects.select_for_update().get(pk=plan.pk)
    links = list(plan.plan_cases.select_related("case"))
    mine = [link for link in links if link.case.caseworker_id == actor.pk]
    if not mine:
        raise Http404
    pending = [link for link in mine if link.approved_by_id is None]
    if not pending:
        raise ValidationError(_("You have already agreed to this plan."))
    now = timezone.now()
    for link in pending:
        link.approved_by = actor
        link.approved_at = now
        _save(link, actor)
    if all(link.approved_by_id for link in links):
        plan.status = JointPlanStatus.SIGNED_OFF
        plan.signed_off_at = now
        plan.signed_off_by = actor
        _save(plan, actor)
    return plan


@transaction.atomic
def plan_coordinator_override(
    *, actor: User, plan: JointPlan, coordinator: User, reason: str
) -> JointPlan:
    """A unit manager or deputy of an involved unit chooses the coordinator among the
    linked cases' caseworkers, with a reason kept in the history (R8)."""
    plan = JointPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan_permissions(user=actor, plan=plan).override:
        raise ValidationError(
            _("Only a unit manager or deputy unit manager of an involved unit may choose.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for choosing this caseworker.")})
    if coordinator.pk not in {u.pk for u in plan_caseworkers(plan)}:
        raise ValidationError(
            {"coordinator": _("Choose one of the caseworkers of the linked cases.")}
        )
    plan.coordinator = coordinator
    plan.coordinator_overridden_by = actor
    plan.coordinator_override_reason = reason.strip()
    _save(plan, actor, _("Coordinator chosen by a manager: %(reason)s") % {"reason": reason})
    return plan


@transaction.atomic
def plan_follow_up_hold(
    *,
    actor: User,
    plan: JointPlan,
    follow_up_id: int,
    held_on: datetime.date,
    note: str = "",
) -> JointPlanFollowUp:
    """Records that a follow-up of the plan was held, with a note (R7, R11); any involved
    caseworker may. Kept in the plan's history; the agreements stay, because this records
    what happened rather than changing what was agreed."""
    plan = JointPlan.objects.select_for_update().get(pk=plan.pk)
    _require_edit_text(actor, plan)
    follow_up = JointPlanFollowUp.objects.filter(
        plan=plan, pk=follow_up_id, held_on__isnull=True
    ).first()
    if follow_up is None:
        raise Http404
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The follow-up cannot have been held in the future.")})
    created_on = timezone.localdate(plan.created_at)
    if held_on < created_on:
        raise ValidationError(
            {
                "held_on": _(
                    "The follow-up cannot have been held before the plan was created (%(date)s)."
                )
                % {"date": created_on.isoformat()}
            }
        )
    follow_up.held_on = held_on
    follow_up.note = note.strip()
    _save(follow_up, actor)
    return follow_up
