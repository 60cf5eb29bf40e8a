"""Writes about cases: registration, status changes (R5), contacts, person-level grants."""

import datetime

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import (
    CASE_TRANSITIONS,
    Case,
    CaseGrant,
    CaseStatus,
    ConsentScope,
    Contact,
    ContactChannel,
    ExternalSystem,
    GrantReason,
    Individual,
)
from coordination.permissions import VIEW_CONTENTS, unit_ids_of
from coordination.selectors import active_case_check
from coordination.selectors_handovers import handover_blocks_intervention
from coordination.services.consent import ConsentOverrideInput, consent_require
from coordination.services.routine_runs import routine_runs_start_for_case_registered
from units.models import Role, Unit, User


class CaseRuleError(ValidationError):
    """A routine rule refuses the change; the message says which and what to do."""


@transaction.atomic
def case_register(
    *,
    actor: User,
    individual: Individual,
    unit: Unit,
    caseworker: User | None = None,
    legal_bases: list[str] | None = None,
    external_system: ExternalSystem | str = "",
    external_reference: str = "",
    opened_on: datetime.date | None = None,
    matter: str | None = None,
) -> Case:
    """Opens a case at one of the actor's units (R3); one open case per person and unit.

    `matter` (a CaseMatter value, the model's default when None) is what the case is
    about, as routing by age group reads it (R16, R20).
    """
    if unit.pk not in set(unit_ids_of(actor).values_list("unit_id", flat=True)):
        raise ValidationError({"unit": _("You can only register cases at your own units.")})
    caseworker = caseworker or actor
    case = Case(
        individual=individual,
        unit=unit,
        caseworker=caseworker,
        legal_bases=legal_bases or [],
        external_system=external_system,
        external_reference=external_reference,
        opened_on=opened_on or timezone.localdate(),
    )
    if matter:
        case.matter = matter
    case.full_clean(validate_constraints=False)
    if caseworker != actor and not caseworker.memberships.filter(unit=unit).exists():
        raise ValidationError({"caseworker": _("The caseworker must belong to the unit.")})
    duplicate = _("%(unit)s already has an open case for this person.") % {"unit": unit}
    if Case.objects.filter(individual=individual, unit=unit).exclude(status="closed").exists():
        raise ValidationError({"__all__": duplicate})
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # The other of two simultaneous registrations won (unique open case per unit).
        raise ValidationError({"__all__": duplicate}) from None
    # R30: a registration may be a routine's trigger event (a guardian with addiction, 001).
    routine_runs_start_for_case_registered(case=case, actor=actor)
    return case


@transaction.atomic
def case_assess_contact_need(*, actor: User, case: Case, contact_needed: bool) -> Case:
    """Records whether contact with the units where the person is active is needed (R5)."""
    case.contact_needed = contact_needed
    case.contact_assessed_at = timezone.now()
    case.save(update_fields=["contact_needed", "contact_assessed_at"])
    return case


@transaction.atomic
def case_transition(*, actor: User, case: Case, to: CaseStatus) -> Case:
    """Moves a case along CASE_TRANSITIONS; investigation needs contacts first (R5);
    interventions wait until a handover to the case's unit has passed (R18)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if to not in CASE_TRANSITIONS[case.status]:
        raise CaseRuleError(
            _("A case cannot go from %(from)s to %(to)s.")
            % {"from": case.get_status_display(), "to": CaseStatus(to).label}
        )
    if to == CaseStatus.INTERVENTION and (blocked := handover_blocks_intervention(case)):
        raise CaseRuleError(blocked)
    if to == CaseStatus.INVESTIGATION:
        _require_contacts_before_investigation(actor=actor, case=case)
    case.status = to
    if to == CaseStatus.CLOSED:
        case.closed_on = timezone.localdate()
    case.save(update_fields=["status", "closed_on"])
    return case


def _require_contacts_before_investigation(*, actor: User, case: Case) -> None:
    """R5: when an investigation starts, contact with each unit where the person is active."""
    check = active_case_check(individual=case.individual, viewer=actor)
    own_person = [e for e in check.active_elsewhere if e.member.individual.pk == case.individual_id]
    contacted = set(case.contacts.values_list("other_unit_id", flat=True))
    missing = sorted({str(e.unit) for e in own_person if e.unit.pk not in contacted})
    if missing:
        raise CaseRuleError(
            _(
                "The person is active at %(units)s. Record the contact with each unit "
                "before the investigation starts (R5)."
            )
            % {"units": ", ".join(missing)}
        )


@transaction.atomic
def contact_record(
    *,
    actor: User,
    case: Case,
    other_unit: Unit,
    channel: ContactChannel,
    information_transfer_needed: bool,
    joint_work_plan_needed: bool,
    contacted_on: datetime.date | None = None,
    other_caseworker: User | None = None,
    participants: str = "",
    note: str = "",
    for_handover: bool = False,
    override: ConsentOverrideInput | None = None,
) -> Contact:
    """Records a contact with another unit's caseworker (R6) and its two decisions.

    A contact that starts a handover needs the individual's consent to the handover to that
    unit, or an override on a legal basis (R12); without either it raises
    ConsentMissingError and nothing is saved.
    """
    contact = Contact(
        case=case,
        other_unit=other_unit,
        other_caseworker=other_caseworker,
        contacted_on=contacted_on or timezone.localdate(),
        channel=channel,
        participants=participants,
        information_transfer_needed=information_transfer_needed,
        joint_work_plan_needed=joint_work_plan_needed,
        for_handover=for_handover,
        note=note,
        recorded_by=actor,
    )
    contact.full_clean()
    if for_handover:
        consent_require(
            actor=actor,
            individual=case.individual,
            scope=ConsentScope.HANDOVER,
            action=_("Contact with %(unit)s that starts a handover") % {"unit": other_unit.name},
            unit=other_unit,
            case=case,
            override=override,
        )
    contact.save()
    return contact


@transaction.atomic
def case_grant(
    *,
    actor: User,
    case: Case,
    user: User,
    reason: GrantReason,
    valid_until: datetime.datetime | None = None,
    reason_text: str = "",
) -> CaseGrant:
    """Opens one case's contents to one person (R4), for a reason and usually until a time."""
    if reason == GrantReason.ACTIVE_DECISION and not reason_text.strip():
        raise ValidationError({"reason_text": _("State the reason for reading the case.")})
    if valid_until is not None and valid_until <= timezone.now():
        raise ValidationError({"valid_until": _("The end must be in the future.")})
    grant = CaseGrant(
        user=user,
        permission=Permission.objects.get(codename=VIEW_CONTENTS),
        content_object=case,
        reason=reason,
        reason_text=reason_text.strip(),
        granted_by=actor,
        valid_until=valid_until,
        flagged_for_review=reason == GrantReason.ACTIVE_DECISION,
    )
    grant.full_clean(exclude=["permission"], validate_unique=False)
    # Guardian keeps one row per person, case and permission; an earlier grant (perhaps
    # ended, and referred to by a co-caseworker appointment) is renewed in place, so its
    # history stays one line of events.
    existing = (
        CaseGrant.objects.select_for_update()
        .filter(user=user, content_object=case, permission=grant.permission)
        .first()
    )
    if existing is None:
        grant.save()
        return grant
    for field in ("reason", "reason_text", "granted_by", "valid_until", "flagged_for_review"):
        setattr(existing, field, getattr(grant, field))
    existing.granted_at = timezone.now()
    existing.revoked_at = None
    existing.save()
    return existing


@transaction.atomic
def case_read_with_reason(*, actor: User, case: Case, reason_text: str) -> CaseGrant:
    """An active decision (R4): a stated reason opens a case for a few hours, flagged for review."""
    organisation = case.unit.organisation
    if not organisation.cross_unit_read_allowed:
        raise ValidationError(_("Your organisation does not allow reading other units' cases."))
    if not actor.memberships.filter(
        organisation=organisation, role__in=[Role.CASEWORKER, Role.COORDINATOR], is_active=True
    ).exists():
        raise ValidationError(_("Only caseworkers and coordinators may read with a reason."))
    hours = organisation.cross_unit_read_hours
    return case_grant(
        actor=actor,
        case=case,
        user=actor,
        reason=GrantReason.ACTIVE_DECISION,
        reason_text=reason_text,
        valid_until=timezone.now() + datetime.timedelta(hours=hours),
    )


@transaction.atomic
def case_grant_revoke(*, actor: User, grant: CaseGrant) -> CaseGrant:
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    return grant
