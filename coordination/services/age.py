"""Agreed exceptions to the end of the youth unit's responsibility (R16 "unless the managers
agree otherwise"): recorded and withdrawn by a (deputy) unit manager of the case's unit.

History is kept by simple-history on AgeException; a new exception withdraws the one it
replaces, so a case has at most one live exception.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import AgeException, Case
from coordination.selectors_age import (
    age_exception_may_decide,
    responsibility_end_for_case,
    stockholm_today,
)
from units.models import User


@transaction.atomic
def age_exception_record(
    *, actor: User, case: Case, responsibility_ends_on: datetime.date, reason: str
) -> AgeException:
    """Records the agreed end of the youth unit's responsibility for an open youth case (R16);
    the date must lie after today and the reason must be given."""
    if not age_exception_may_decide(user=actor, case=case):
        raise PermissionDenied
    case = Case.objects.select_for_update().select_related("unit", "individual").get(pk=case.pk)
    errors: dict[str, list[str]] = {}
    if not case.is_open:
        errors.setdefault("__all__", []).append(_("The case is closed."))
    elif responsibility_end_for_case(case) is None:
        errors.setdefault("__all__", []).append(
            _("No age rule of the organisation applies to this case.")
        )
    if responsibility_ends_on <= stockholm_today():
        errors.setdefault("responsibility_ends_on", []).append(_("The date must be after today."))
    reason = (reason or "").strip()
    if not reason:
        errors.setdefault("reason", []).append(_("State the reason the managers agreed on."))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for previous in AgeException.objects.filter(case=case, withdrawn_at__isnull=True):
        previous.withdrawn_at = now
        previous.save(update_fields=["withdrawn_at"])
    exception = AgeException(
        case=case, responsibility_ends_on=responsibility_ends_on, reason=reason, decided_by=actor
    )
    exception.full_clean()
    exception.save()
    return exception


@transaction.atomic
def age_exception_withdraw(*, actor: User, exception: AgeException) -> AgeException:
    """Withdraws an agreed exception; the age rules of the organisation apply again (R16)."""
    exception = AgeException.objects.select_for_update().select_related("case").get(pk=exception.pk)
    if not age_exception_may_decide(user=actor, case=exception.case):
        raise PermissionDenied
    if exception.withdrawn_at is not None:
        raise ValidationError(_("The exception is already withdrawn."))
    exception.withdrawn_at = timezone.now()
    exception.save(update_fields=["withdrawn_at"])
    return exception
