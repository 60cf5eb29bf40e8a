"""Writes of joint visits and assessments (R31, R32) and of "addiction or risky use noticed at
BoU" (R32).

A joint visit is recorded on the case by its caseworker, a co-caseworker or the unit's
coordinators and managers, with AUDIT and DUDIT when they were used (001). Its recorder or
the case's caseworker corrects it; history keeps every version. "Noticed" starts the
organisation's routines for the event on the case, with the adult unit to discuss with as
the run's other unit; what was noticed is the run's reason for starting.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import (
    AUDIT_MAX,
    DUDIT_MAX,
    Case,
    JointVisit,
    JointVisitKind,
    RoutineRun,
    RoutineTrigger,
)
from coordination.selectors import case_other_units
from coordination.selectors_joint_visits import (
    NoticedWhose,
    addiction_noticed_may,
    addiction_noticed_running,
    addiction_noticed_units,
    joint_visit_caseworker_choices,
    joint_visit_is_member,
    joint_visit_may_correct,
    joint_visit_may_record,
    joint_visit_version,
)
from coordination.services.routine_runs import routine_runs_start_for_event
from units.models import Unit, User

MAX_NOTE = 10000


class JointVisitStaleError(ValidationError):
    """Someone corrected the record after the page was shown."""


def _score_errors(
    errors: dict[str, str], *, name: str, label: str, used: bool, score: int | None, most: int
) -> None:
    if score is None:
        return
    if not used:
        errors[f"{name}_score"] = _("Tick “%(test)s used” to give its score.") % {"test": label}
    elif not 0 <= score <= most:
        errors[f"{name}_score"] = _("The %(test)s score is between 0 and %(most)s.") % {
            "test": label,
            "most": most,
        }


def _validate(
    *,
    case: Case,
    held_on: datetime.date | None,
    caseworker: User | None,
    other_unit: Unit,
    other_caseworker: User | None,
    audit_used: bool,
    audit_score: int | None,
    dudit_used: bool,
    dudit_score: int | None,
    note: str,
    keep: frozenset[int] = frozenset(),
) -> None:
    """Every field's rule at once, each message at its field (in the user's language). People
    in `keep` are left as a correction found them, even if they have left their unit."""
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = _("Enter the date.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("The date cannot be in the future.")
    if caseworker is None:
        errors["caseworker"] = _("Choose who took part for %(unit)s.") % {"unit": case.unit.name}
    elif (
        caseworker.pk not in keep
        and not joint_visit_caseworker_choices(case=case).filter(pk=caseworker.pk).exists()
    ):
        errors["caseworker"] = _("%(person)s is not a member of %(unit)s or a co-caseworker.") % {
            "person": caseworker,
            "unit": case.unit.name,
        }
    if other_caseworker is not None:
        if caseworker is not None and other_caseworker.pk == caseworker.pk:
            errors["other_caseworker"] = _("Choose someone else than the case's caseworker.")
        elif other_caseworker.pk not in keep and not joint_visit_is_member(
            user=other_caseworker, unit=other_unit
        ):
            errors["other_caseworker"] = _("%(person)s is not an active member of %(unit)s.") % {
                "person": other_caseworker,
                "unit": other_unit.name,
            }
    _score_errors(
        errors, name="audit", label="AUDIT", used=audit_used, score=audit_score, most=AUDIT_MAX
    )
    _score_errors(
        errors, name="dudit", label="DUDIT", used=dudit_used, score=dudit_score, most=DUDIT_MAX
    )
    if len(note) > MAX_NOTE:
        errors["note"] = _("Write at most %(most)s characters.") % {"most": MAX_NOTE}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def joint_visit_record(
    *,
    actor: User,
    case: Case,
    other_unit: Unit,
    kind: JointVisitKind | str,
    held_on: datetime.date | None,
    caseworker: User | None,
    other_caseworker: User | None = None,
    audit_used: bool = False,
    audit_score: int | None = None,
    dudit_used: bool = False,
    dudit_score: int | None = None,
    note: str = "",
) -> JointVisit:
    """Records a joint preliminary assessment, visit or assessment with another unit of the
    organisation (R31, R32), with AUDIT and DUDIT when used (001)."""
    if not joint_visit_may_record(user=actor, case=case):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if other_unit is None or not case_other_units(case=case).filter(pk=other_unit.pk).exists():
        errors["other_unit"] = _("Choose another active unit of your organisation.")
    if kind not in JointVisitKind.values:
        errors["kind"] = _("Choose what was done together.")
    if errors:
        raise ValidationError(errors)
    note = (note or "").strip()
    _validate(
        case=case,
        held_on=held_on,
        caseworker=caseworker,
        other_unit=other_unit,
        other_caseworker=other_caseworker,
        audit_used=audit_used,
        audit_score=audit_score,
        dudit_used=dudit_used,
        dudit_score=dudit_score,
        note=note,
    )
    visit = JointVisit(
        case=case,
        other_unit=other_unit,
        kind=kind,
        held_on=held_on,
        caseworker=caseworker,
        other_caseworker=other_caseworker,
        audit_used=audit_used,
        audit_score=audit_score,
        dudit_used=dudit_used,
        dudit_score=dudit_score,
        note=note,
        recorded_by=actor,
    )
    visit.full_clean()
    # The history names the actor also when the service is called outside a request.
    visit._history_user = actor
    visit.save()
    return visit


@transaction.atomic
def joint_visit_correct(
    *,
    actor: User,
    visit: JointVisit,
    seen_version: int,
    held_on: datetime.date | None,
    caseworker: User | None,
    other_caseworker: User | None,
    audit_used: bool,
    audit_score: int | None,
    dudit_used: bool,
    dudit_score: int | None,
    note: str,
) -> JointVisit:
    """Corrects a joint visit: its recorder or the case's caseworker, on an open case. The
    kind and the other unit stay; history keeps the earlier version. Refuses a page shown
    before someone else corrected it."""
    if not joint_visit_may_correct(user=actor, visit=visit):
        raise PermissionDenied
    locked = (
        JointVisit.objects.select_for_update(of=("self",))
        .select_related("case", "case__unit", "other_unit")
        .get(pk=visit.pk)
    )
    if joint_visit_version(visit=locked) != seen_version:
        raise JointVisitStaleError(
            _(
                "Someone corrected this record after you opened the page: see it now. "
                "What you wrote is still in the form."
            )
        )
    note = (note or "").strip()
    _validate(
        case=locked.case,
        held_on=held_on,
        caseworker=caseworker,
        other_unit=locked.other_unit,
        other_caseworker=other_caseworker,
        audit_used=audit_used,
        audit_score=audit_score,
        dudit_used=dudit_used,
        dudit_score=dudit_score,
        note=note,
        keep=frozenset({locked.caseworker_id, locked.other_caseworker_id} - {None}),
    )
    locked.held_on = held_on
    locked.caseworker = caseworker
    locked.other_caseworker = other_caseworker
    locked.audit_used, locked.audit_score = audit_used, audit_score
    locked.dudit_used, locked.dudit_score = dudit_used, dudit_score
    locked.note = note
    locked.full_clean()
    locked._history_user = actor
    locked.save()
    return locked


# --- R32: addiction or risky use noticed at BoU -------------------------------------------


@dataclass(frozen=True)
class NoticedResult:
    started: list[RoutineRun]
    already_running: list[RoutineRun]


@transaction.atomic
def addiction_noticed_record(
    *, actor: User, case: Case, whose: NoticedWhose | str, adult_unit: Unit | None, note: str
) -> NoticedResult:
    """Addiction or risky use noticed in a case at BoU (R32): always discussed with the adult
    unit. Starts the organisation's routines for the event on the case with that unit as the
    other unit; one already running is not started again. What was noticed is kept as the
    started run's reason. Refused (nothing saved) when nothing could be started."""
    if not addiction_noticed_may(user=actor, case=case):
        raise PermissionDenied
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if whose not in NoticedWhose.values:
        errors["whose"] = _("Choose whose addiction or risky use was noticed.")
    if (
        adult_unit is None
        or not addiction_noticed_units(case=case).filter(pk=adult_unit.pk).exists()
    ):
        errors["adult_unit"] = _("Choose an adult unit of your organisation.")
    if not note:
        errors["note"] = _("Write what was noticed.")
    elif len(note) > MAX_NOTE:
        errors["note"] = _("Write at most %(most)s characters.") % {"most": MAX_NOTE}
    if errors:
        raise ValidationError(errors)
    # One running instance per case and routine: the case's row is the lock (as the start).
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
    running = addiction_noticed_running(case=case)
    started = routine_runs_start_for_event(
        event=RoutineTrigger.ADDICTION_NOTICED_AT_BOU,
        case=case,
        actor=actor,
        other_unit=adult_unit,
    )
    if not started:
        if running:
            raise ValidationError(
                _(
                    "%(names)s is already running on this case: nothing new was started. "
                    "Write what you noticed in its steps."
                )
                % {"names": ", ".join(run.definition.name for run in running)}
            )
        raise ValidationError(
            _(
                "The routine could not be started: its steps need units your organisation "
                "does not have. Ask the administrator to look at the routine."
            )
        )
    reason = _("Addiction or risky use noticed in %(whose)s: %(note)s") % {
        "whose": NoticedWhose(whose).label,
        "note": note,
    }
    for run in started:
        run.start_reason = reason
        run.full_clean(validate_constraints=False)
        run._history_user = actor
        run.save(update_fields=["start_reason"])
    return NoticedResult(started=started, already_running=running)
