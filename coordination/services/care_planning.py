"""SIP and care planning of a case (R14): who may record one, and the recording itself.

Both departments attend when the family is active in both (computed from the active-case
check, R3); no decisions are taken at care planning; the follow-up meeting is booked
within the organisation's limit; a SIP needs the individual's consent (R12).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import (
    CarePlanningKind,
    CarePlanningMeeting,
    Case,
    CaseStatus,
    Consent,
    ConsentScope,
    GrantReason,
)
from coordination.permissions import case_visible_to, live_grants
from coordination.selectors import family_of
from coordination.services.consent import ConsentOverrideInput, consent_require
from units.models import Department, Membership, Role, User


def care_planning_can_record(*, user: User, case: Case) -> bool:
    """The case's caseworker, a co-caseworker with a live grant, or a manager of its unit."""
    if not user.is_authenticated or not user.is_active:
        return False
    if case.caseworker_id == user.pk:
        return True
    if (
        live_grants(user)
        .filter(content_object_id=case.pk, reason=GrantReason.CO_CASEWORKER)
        .exists()
    ):
        return True
    return Membership.objects.filter(
        user=user, is_active=True, unit_id=case.unit_id, role=Role.UNIT_MANAGER
    ).exists()


def care_planning_departments_involved(*, case: Case) -> QuerySet[Department]:
    """The departments where the person or the family has an open case (R3, R14).

    The same people the active-case check covers, but every unit counted, the viewer's
    own included: the question is which departments may be needed, not what to show.
    """
    people = [case.individual_id, *(m.individual.pk for m in family_of(individual=case.individual))]
    open_cases = Case.objects.filter(individual_id__in=people).exclude(status=CaseStatus.CLOSED)
    return Department.objects.filter(units__cases__in=open_cases).distinct().order_by("name")


@transaction.atomic
def care_planning_record(
    *,
    actor: User,
    case: Case,
    kind: CarePlanningKind | str,
    held_on: datetime.date,
    departments: list[Department] | QuerySet[Department],
    follow_up_on: datetime.date,
    no_decisions_taken: bool,
    other_participants: str = "",
    notes: str = "",
    override: ConsentOverrideInput | None = None,
) -> CarePlanningMeeting:
    """Records a SIP or a care-planning meeting held on a case (R14; R12 for the SIP)."""
    if not case_visible_to(actor).filter(pk=case.pk).exists() or not care_planning_can_record(
        user=actor, case=case
    ):
        raise Http404
    organisation = case.unit.organisation
    departments = list(departments)
    errors: dict[str, str] = {}
    if not departments:
        errors["departments"] = _("Choose at least one department taking part.")
    elif any(d.organisation_id != organisation.pk for d in departments):
        errors["departments"] = _("Choose departments of the case's organisation.")
    else:
        involved = list(care_planning_departments_involved(case=case))
        missing = [d for d in involved if d not in departments]
        if len(involved) > 1 and missing:
            errors["departments"] = _(
                "The family is active in %(involved)s: both departments take part when both "
                "may be needed (R14). Add %(missing)s."
            ) % {
                "involved": ", ".join(str(d) for d in involved),
                "missing": ", ".join(str(d) for d in missing),
            }
    if held_on > timezone.localdate():
        errors["held_on"] = _("Record the meeting once it has been held.")
    if kind == CarePlanningKind.CARE_PLANNING and not no_decisions_taken:
        errors["no_decisions_taken"] = _(
            "No decisions are taken at care planning (R14): confirm that none were taken."
        )
    limit = organisation.care_planning_follow_up_days
    if follow_up_on <= held_on:
        errors["follow_up_on"] = _("The follow-up meeting must come after the meeting.")
    elif follow_up_on > held_on + datetime.timedelta(days=limit):
        errors["follow_up_on"] = _(
            "Book the follow-up meeting close after: at the latest %(days)s days after the "
            "meeting (%(last)s, R14)."
        ) % {"days": limit, "last": (held_on + datetime.timedelta(days=limit)).isoformat()}
    if errors:
        raise ValidationError(errors)
    meeting = CarePlanningMeeting(
        case=case,
        kind=kind,
        held_on=held_on,
        other_participants=other_participants.strip(),
        no_decisions_taken=no_decisions_taken,
        follow_up_on=follow_up_on,
        notes=notes.strip(),
        recorded_by=actor,
    )
    meeting.full_clean()
    if kind == CarePlanningKind.SIP:
        # R12: consent before a SIP, valid on the day of the meeting.
        allowed = consent_require(
            actor=actor,
            individual=case.individual,
            scope=ConsentScope.SIP,
            action=_("SIP on %(day)s") % {"day": held_on.isoformat()},
            case=case,
            override=override,
            on=held_on,
        )
        meeting.consent = allowed if isinstance(allowed, Consent) else None
    meeting.save()
    meeting.departments.set(departments)
    return meeting
