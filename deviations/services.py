"""Writing deviation reports (R25): part 1 by the reporting unit, the dialogue with the same
level at the other unit, part 2 together, both signatures with the password re-entered, sent
to the controller, filed by the controller.

Every move locks the report and goes through `deviation_transition`, which refuses the moves
DEVIATION_TRANSITIONS lacks; who may make it is deviations/permissions.py's. A user with no
side on the report gets PermissionDenied (the pages answer 404); a side acting in the wrong
state gets a ValidationError saying why.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.selectors_age import STOCKHOLM, stockholm_today
from deviations.models import (
    DEVIATION_TRANSITIONS,
    DeviationReport,
    DeviationSignature,
    DeviationSource,
    DeviationState,
    DialogueChannel,
    SignatureParty,
)
from deviations.permissions import (
    ACTIONS,
    OTHER,
    REPORTING,
    deviation_access_for,
    deviation_sides,
)
from deviations.selectors import (
    deviation_counterpart_choices,
    deviation_other_unit_for,
    reporting_unit_ids,
)
from units.models import Membership, Unit, User

_TEXT_FIELDS = ("what_happened", "perception", "improvement_proposals", "reporter_title")
_PART_TWO_FIELDS = ("joint_summary", "remaining_problems", "action", "action_follow_up_on")
_SIDE_OF_PARTY = {SignatureParty.REPORTING: REPORTING, SignatureParty.OTHER: OTHER}


def _clean_part_one(
    *, reporting_unit: Unit, concerned_units: list[Unit], fields: dict[str, str]
) -> dict[str, str]:
    cleaned = {name: (fields.get(name) or "").strip() for name in _TEXT_FIELDS}
    errors: dict[str, list[str]] = {}
    if not cleaned["what_happened"]:
        errors["what_happened"] = [_("Describe what happened.")]
    concerned_error = _concerned_units_error(reporting_unit, concerned_units)
    if concerned_error:
        errors["concerned_units"] = [concerned_error]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _concerned_units_error(reporting_unit: Unit, concerned_units: list[Unit]) -> str | None:
    if not concerned_units:
        return _("Choose the unit or units the deviation concerns.")
    if any(unit.organisation_id != reporting_unit.organisation_id for unit in concerned_units):
        return _("Choose units of your own organisation.")
    if any(unit.pk == reporting_unit.pk for unit in concerned_units):
        return _("The units concerned are the other units, not your own.")
    return None


def _save(report: DeviationReport, actor: User) -> DeviationReport:
    report._history_user = actor  # simple-history's hook when no request is at hand
    # The database guards one report per event (the one-to-one keys).
    report.full_clean(exclude=["concerned_units"], validate_unique=False)
    report.save()
    return report


def _save_with_units(
    report: DeviationReport, actor: User, concerned_units: list[Unit]
) -> DeviationReport:
    _save(report, actor)
    report.concerned_units.set(concerned_units)
    return report


def _lock(report: DeviationReport) -> DeviationReport:
    return (
        DeviationReport.objects.select_for_update()
        .prefetch_related("concerned_units")
        .get(pk=report.pk)
    )


def _require(actor: User, action: str, report: DeviationReport) -> frozenset[str]:
    """The actor's sides on the report if they may take the action in its present state;
    PermissionDenied when they hold no side that may, a ValidationError when the state is
    wrong for it."""
    sides_allowed, states = ACTIONS[action]
    sides = deviation_sides(deviation_access_for(actor), report)
    if not sides & sides_allowed:
        raise PermissionDenied
    if report.state not in states:
        raise ValidationError(
            _("This cannot be done now: the report is %(state)s.")
            % {"state": report.get_state_display().lower()}
        )
    return sides


def deviation_transition(report: DeviationReport, to: str) -> None:
    """Moves the (locked, unsaved) report to `to`, refusing moves DEVIATION_TRANSITIONS
    lacks."""
    if to not in DEVIATION_TRANSITIONS[report.state]:
        raise ValidationError(
            _("A report that is %(state)s cannot become %(to)s.")
            % {
                "state": report.get_state_display().lower(),
                "to": DeviationState(to).label.lower(),
            }
        )
    report.state = to


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
    return _save_with_units(report, actor, concerned_units)


@transaction.atomic
def deviation_draft_update(
    *, actor: User, report: DeviationReport, concerned_units: list[Unit], **fields: str
) -> DeviationReport:
    """Changes a draft's part 1; history keeps every version (R25)."""
    report = _lock(report)
    _require(actor, "edit_part1", report)
    cleaned = _clean_part_one(
        reporting_unit=report.reporting_unit, concerned_units=concerned_units, fields=fields
    )
    for name, value in cleaned.items():
        setattr(report, name, value)
    return _save_with_units(report, actor, concerned_units)


@transaction.atomic
def deviation_part1_submit(*, actor: User, report: DeviationReport) -> DeviationReport:
    """Sends part 1 to the units concerned (R25); from now on it does not change, and their
    deputy unit managers and unit managers see the report. Its date becomes today's."""
    report = _lock(report)
    _require(actor, "submit_part1", report)
    errors: dict[str, list[str]] = {}
    if not report.what_happened.strip():
        errors["what_happened"] = [_("Describe what happened.")]
    concerned_error = _concerned_units_error(
        report.reporting_unit, list(report.concerned_units.all())
    )
    if concerned_error:
        errors["concerned_units"] = [concerned_error]
    if not report.reporter_title.strip():
        errors["reporter_title"] = [
            _("Write the reporter's title: part 1 is signed with name and title.")
        ]
    if errors:
        raise ValidationError(errors)
    deviation_transition(report, DeviationState.PART1_SUBMITTED)
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.reported_on = stockholm_today()
    return _save(report, actor)


@transaction.atomic
def deviation_dialogue_record(
    *,
    actor: User,
    report: DeviationReport,
    counterpart: Membership,
    held_on: datetime.date,
    channel: str,
    notes: str = "",
) -> DeviationReport:
    """Records the reporter's contact with the same level at the other unit (R25): when,
    with whom, how. It may be corrected until part 2 is written."""
    report = _lock(report)
    _require(actor, "record_dialogue", report)
    errors: dict[str, list[str]] = {}
    if not deviation_counterpart_choices(report).filter(pk=counterpart.pk).exists():
        errors["counterpart"] = [
            _(
                "Choose a deputy unit manager or unit manager of a unit the report concerns "
                "(R25: the same level at the other unit)."
            )
        ]
    submitted_on = timezone.localtime(report.submitted_at, STOCKHOLM).date()
    if held_on > stockholm_today():
        errors["held_on"] = [_("The dialogue cannot be held in the future.")]
    elif held_on < submitted_on:
        errors["held_on"] = [
            _("The dialogue follows part 1, sent on %(day)s.") % {"day": f"{submitted_on:%Y-%m-%d}"}
        ]
    if channel not in DialogueChannel.values:
        errors["channel"] = [_("Choose how the dialogue was held.")]
    if errors:
        raise ValidationError(errors)
    if report.state == DeviationState.PART1_SUBMITTED:
        deviation_transition(report, DeviationState.DIALOGUE_RECORDED)
    report.dialogue_on = held_on
    report.dialogue_with_id = counterpart.user_id
    report.dialogue_unit_id = counterpart.unit_id
    report.dialogue_channel = channel
    report.dialogue_notes = notes.strip()
    report.dialogue_recorded_by = actor
    return _save(report, actor)


def _active_signatures(report: DeviationReport):
    return DeviationSignature.objects.filter(report=report, voided_at__isnull=True)


@transaction.atomic
def deviation_part2_write(
    *,
    actor: User,
    report: DeviationReport,
    joint_summary: str,
    remaining_problems: str = "",
    action: str = "",
    action_follow_up_on: datetime.date | None = None,
) -> DeviationReport:
    """Part 2, written together after the dialogue (R25): the joint summary with the solution,
    the remaining problems, the action and the day it is followed up. Either side writes it.

    A change after a signature voids the signatures given (kept, marked void) and the report
    is signed again: each party signs the text both agreed on. Saving unchanged text voids
    nothing.
    """
    report = _lock(report)
    _require(actor, "write_part2", report)
    values = {
        "joint_summary": joint_summary.strip(),
        "remaining_problems": remaining_problems.strip(),
        "action": action.strip(),
        "action_follow_up_on": action_follow_up_on,
    }
    errors: dict[str, list[str]] = {}
    if not values["joint_summary"]:
        errors["joint_summary"] = [_("Write the joint summary with the solution.")]
    if values["action"] and action_follow_up_on is None:
        errors["action_follow_up_on"] = [_("Give the day the action is followed up.")]
    elif action_follow_up_on is not None and not values["action"]:
        errors["action"] = [_("Describe the action that is followed up.")]
    elif (
        action_follow_up_on is not None
        and action_follow_up_on != report.action_follow_up_on
        and action_follow_up_on < stockholm_today()
    ):
        errors["action_follow_up_on"] = [_("The follow-up day has passed.")]
    if errors:
        raise ValidationError(errors)
    unchanged = all(getattr(report, name) == values[name] for name in _PART_TWO_FIELDS)
    if unchanged and report.state != DeviationState.DIALOGUE_RECORDED:
        return report
    for name, value in values.items():
        setattr(report, name, value)
    signatures = list(_active_signatures(report))
    if signatures:
        now = timezone.now()
        for signature in signatures:
            signature.voided_at = now
            signature._history_user = actor
            signature.save(update_fields=["voided_at"])
    if report.state != DeviationState.PART2_DRAFTED:
        deviation_transition(report, DeviationState.PART2_DRAFTED)
    return _save(report, actor)


@transaction.atomic
def deviation_sign(
    *, actor: User, report: DeviationReport, party: str, title: str, password: str
) -> DeviationSignature:
    """One party signs part 2 with name and title (R25), after re-entering the password.

    The password is checked with `check_password`, not `authenticate`: a wrong one here is
    refused with nothing saved and does not count towards the sign-in lockout (django-axes
    watches authentication only), so a mistyped signature cannot lock anyone out of the
    portal. The two parties sign in either order and must be two people.
    """
    if not password or not actor.check_password(password):
        raise ValidationError({"password": [_("The password is wrong. Nothing was signed.")]})
    report = _lock(report)
    sides = _require(actor, "sign", report)
    errors: dict[str, list[str]] = {}
    if party not in _SIDE_OF_PARTY or _SIDE_OF_PARTY[party] not in sides:
        raise ValidationError({"party": [_("You cannot sign for that party.")]})
    active = {signature.party: signature for signature in _active_signatures(report)}
    if party in active:
        raise ValidationError({"party": [_("This party has already signed.")]})
    if any(signature.user_id == actor.pk for signature in active.values()):
        errors["party"] = [_("You have signed for the other party: each party signs in person.")]
    if not title.strip():
        errors["title"] = [_("Write your title: the report is signed with name and title.")]
    if errors:
        raise ValidationError(errors)
    if party == SignatureParty.REPORTING:
        unit = report.reporting_unit
    else:
        unit = deviation_other_unit_for(user=actor, report=report)
    signature = DeviationSignature(
        report=report,
        party=party,
        unit=unit,
        user=actor,
        title=title.strip(),
        signed_at=timezone.now(),
    )
    signature._history_user = actor
    signature.full_clean(validate_constraints=False)
    signature.save()
    if active:
        deviation_transition(report, DeviationState.SIGNED)
    elif party == SignatureParty.REPORTING:
        deviation_transition(report, DeviationState.SIGNED_REPORTING)
    else:
        deviation_transition(report, DeviationState.SIGNED_OTHER)
    _save(report, actor)
    return signature


@transaction.atomic
def deviation_send(*, actor: User, report: DeviationReport) -> DeviationReport:
    """Sends the report, signed by both parties, to the organisation's controller (R25)."""
    report = _lock(report)
    _require(actor, "send", report)
    if _active_signatures(report).count() != len(SignatureParty.values):
        raise ValidationError(_("Both parties sign before the report is sent."))
    deviation_transition(report, DeviationState.SENT)
    report.sent_at = timezone.now()
    report.sent_by = actor
    return _save(report, actor)


@transaction.atomic
def deviation_file(*, actor: User, report: DeviationReport) -> DeviationReport:
    """The controller files a report sent to them (R25: "collects and stores them"); the only
    write the controller makes on a report."""
    report = _lock(report)
    _require(actor, "file", report)
    deviation_transition(report, DeviationState.FILED)
    report.filed_at = timezone.now()
    report.filed_by = actor
    return _save(report, actor)
