"""When the youth unit's responsibility for a case ends (R16) and when to give notice (R17).

`responsibility_ends` answers for many cases at once in a constant number of queries, so the
deadline sweep can call it with thousands of cases per batch.
"""

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import AgeCondition, AgeException, AgeThreshold, Case, CaseStatus
from coordination.models.cases import LegalBasis
from units.models import Membership, Organisation, Role, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Who may agree an exception for a case of their unit (R16 "unless the managers agree").
DECIDING_ROLES = frozenset({Role.UNIT_MANAGER, Role.DEPUTY_UNIT_MANAGER})

# Thresholds about where an application goes, not about the end of responsibility (R16).
_NOT_AN_END = frozenset(
    {AgeCondition.FINANCIAL_AID_APPLICATION, AgeCondition.HOUSING_SUPPORT_APPLICATION}
)


def stockholm_today() -> datetime.date:
    """Today in Stockholm, whatever the server's zone (STYLE rule 9)."""
    return timezone.localdate(timezone=STOCKHOLM)


def birthday(birth_date: datetime.date, age: int, *, leap_day: str = "03-01") -> datetime.date:
    """The date of the age-th birthday; 29 February falls on 1 March (or 28 February, as the
    organisation chooses) in common years (R16)."""
    year = birth_date.year + age
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        month, day = (int(part) for part in leap_day.split("-"))
        return datetime.date(year, month, day)
    return birth_date.replace(year=year)


def age_on(birth_date: datetime.date, on: datetime.date, *, leap_day: str = "03-01") -> int:
    """Whole years on `on`; someone born on 29 February turns a year older on the day the
    organisation's setting names in common years (R16: 1 March by default)."""
    years = on.year - birth_date.year
    return years - (on < birthday(birth_date, years, leap_day=leap_day))


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month, `months` earlier, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ResponsibilityEnd:
    """The end of the youth unit's responsibility for one case and why (R16, R17)."""

    ends_on: datetime.date
    age: int | None
    condition: str
    reason: str
    threshold: AgeThreshold | None
    exception: AgeException | None
    notice_on: datetime.date
    first_notice_on: datetime.date | None


def _applies(threshold: AgeThreshold, bases: set[str]) -> bool:
    """Whether a threshold's condition holds for a case with these legal bases (R16)."""
    condition = threshold.condition
    if condition == AgeCondition.NONE:
        return True
    if condition == AgeCondition.LVU:
        return LegalBasis.LVU in bases
    if condition == AgeCondition.FAMILY_HOME_UPPER_SECONDARY:
        return {LegalBasis.FAMILY_HOME_PLACEMENT, LegalBasis.UPPER_SECONDARY_STUDIES} <= bases
    if condition == AgeCondition.PLACED_BY_FAMILY_CARE:
        # 003's wording: placed by family care, i.e. an ongoing family-home placement.
        return LegalBasis.FAMILY_HOME_PLACEMENT in bases
    return False


def _threshold_reason(threshold: AgeThreshold) -> str:
    values = {
        "unit": threshold.get_from_unit_kind_display(),
        "age": threshold.age,
        "condition": threshold.get_condition_display(),
    }
    if threshold.condition == AgeCondition.NONE:
        return _("%(unit)s until turning %(age)d (rule of the organisation)") % values
    return _("%(unit)s until turning %(age)d: %(condition)s (rule of the organisation)") % values


def _with_unit_and_individual(cases: list[Case]) -> list[Case]:
    """The cases with unit and individual loaded: as given when the caller select_related
    them, else fetched again in one query."""
    if all(Case.unit.is_cached(case) and Case.individual.is_cached(case) for case in cases):
        return cases
    by_pk = Case.objects.select_related("unit", "individual").in_bulk([c.pk for c in cases])
    return [by_pk[case.pk] for case in cases if case.pk in by_pk]


def _live_on(exception: AgeException, on: datetime.date) -> bool:
    decided = timezone.localdate(exception.decided_at, timezone=STOCKHOLM)
    withdrawn = exception.withdrawn_at and timezone.localdate(
        exception.withdrawn_at, timezone=STOCKHOLM
    )
    return decided <= on and (not withdrawn or withdrawn > on)


def responsibility_ends(
    cases: Iterable[Case], *, on: datetime.date | None = None
) -> dict[int, ResponsibilityEnd]:
    """The end of the youth unit's responsibility for each open case at a unit kind with age
    thresholds (R16), keyed by case id; an exception the managers agreed and have not
    withdrawn by `on` (default today) overrides the thresholds. Cases at other unit kinds, or
    without an applicable threshold, are absent.

    Queries: two (the organisations' thresholds, the cases' exceptions) when the caller passes
    cases with `select_related("unit", "individual")`; otherwise one more to fetch those.
    """
    on = on or stockholm_today()
    cases = [case for case in cases if case.status != CaseStatus.CLOSED]
    if not cases:
        return {}
    cases = _with_unit_and_individual(cases)
    organisation_ids = {case.unit.organisation_id for case in cases}
    kinds = {case.unit.kind for case in cases}
    thresholds: dict[tuple[int, str], list[AgeThreshold]] = defaultdict(list)
    for threshold in AgeThreshold.objects.filter(
        organisation_id__in=organisation_ids, from_unit_kind__in=kinds
    ).select_related("organisation"):
        if threshold.condition not in _NOT_AN_END:
            thresholds[threshold.organisation_id, threshold.from_unit_kind].append(threshold)
    candidates = [c for c in cases if (c.unit.organisation_id, c.unit.kind) in thresholds]
    if not candidates:
        return {}
    exceptions: dict[int, AgeException] = {}
    for exception in AgeException.objects.filter(
        case_id__in=[c.pk for c in candidates], decided_at__date__lte=on
    ).order_by("case_id", "decided_at", "pk"):
        if _live_on(exception, on):
            exceptions[exception.case_id] = exception  # the latest decided wins

    result: dict[int, ResponsibilityEnd] = {}
    # One translated reason per threshold, not per case: a sweep asks for thousands of cases.
    reasons: dict[int, str] = {}
    for case in candidates:
        rows = thresholds[case.unit.organisation_id, case.unit.kind]
        bases = set(case.legal_bases or [])
        applicable = [t for t in rows if _applies(t, bases)]
        exception = exceptions.get(case.pk)
        if not applicable and exception is None:
            continue
        organisation: Organisation = rows[0].organisation
        born = case.individual.birth_date
        leap_day = organisation.leap_day_birthday
        # The latest applicable threshold wins; at equal ages a stated condition explains more.
        threshold = (
            max(applicable, key=lambda t: (t.age, t.condition != AgeCondition.NONE))
            if applicable
            else None
        )
        if exception is not None:
            ends_on = exception.responsibility_ends_on
            reason = _("Agreed exception: %(reason)s") % {"reason": exception.reason}
        else:
            ends_on = birthday(born, threshold.age, leap_day=leap_day)
            reason = reasons.get(threshold.pk) or reasons.setdefault(
                threshold.pk, _threshold_reason(threshold)
            )
        first_age = organisation.handover_first_notice_age
        result[case.pk] = ResponsibilityEnd(
            ends_on=ends_on,
            age=threshold.age if threshold and exception is None else None,
            condition=threshold.condition if threshold and exception is None else "",
            reason=reason,
            threshold=threshold if exception is None else None,
            exception=exception,
            notice_on=months_before(ends_on, organisation.handover_notice_months),
            first_notice_on=(
                birthday(born, first_age, leap_day=leap_day) if first_age is not None else None
            ),
        )
    return result


def responsibility_end_for_case(
    case: Case, *, on: datetime.date | None = None
) -> ResponsibilityEnd | None:
    """The end of the youth unit's responsibility for one case, or None (R16)."""
    return responsibility_ends([case], on=on).get(case.pk)


def age_exception_may_decide(*, user: User, case: Case) -> bool:
    """A unit manager or deputy unit manager of the case's unit, with an active membership
    (R16: the managers agree). One query."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user, unit_id=case.unit_id, role__in=DECIDING_ROLES, is_active=True
    ).exists()


def age_exception_live_for_case(*, case: Case) -> AgeException | None:
    """The case's exception that has not been withdrawn, the latest decided; one query."""
    return (
        AgeException.objects.filter(case=case, withdrawn_at__isnull=True)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


def age_exception_list_for_case(*, case: Case) -> list[AgeException]:
    """Every exception recorded for the case, newest first, withdrawn ones included."""
    return list(
        AgeException.objects.filter(case=case)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
    )
