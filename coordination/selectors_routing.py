"""Which unit should take a new case: the organisation's routing rules by age group (R16, R20).

The rules are data (`RoutingRule`, loaded from fixtures/organisations/ and edited in the
admin). They are tried in order of priority, lowest first, and the first whose conditions
all hold decides. The answer names the rule, so that the registering caseworker sees why,
and it is only a proposal: the caseworker registers at one of their own units either way.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from coordination.identity import IdentityNumberError, parse_identity_number
from coordination.models import (
    Case,
    CaseMatter,
    CaseStatus,
    Individual,
    KnownCondition,
    RoutingRule,
)
from coordination.selectors_age import age_on
from units.models import Organisation, Unit


@dataclass(frozen=True)
class PastCase:
    """What routing needs of one of the person's cases: where, and whether or until when."""

    unit_kind: str
    open: bool
    closed_on: datetime.date | None


@dataclass(frozen=True)
class RoutingProposal:
    """The first matching rule, the kind of unit it names, and the organisation's units of it."""

    rule: RoutingRule
    age: int
    units: tuple[Unit, ...]

    @property
    def target_unit_kind(self) -> str:
        return self.rule.target_unit_kind

    @property
    def target_unit_kind_label(self) -> str:
        return self.rule.get_target_unit_kind_display()

    @property
    def has_units(self) -> bool:
        return bool(self.units)

    @property
    def unit_names(self) -> str:
        return ", ".join(unit.name for unit in self.units)

    def proposes(self, unit: Unit) -> bool:
        """Whether registering at `unit` follows the proposal."""
        same_organisation = unit.organisation_id == self.rule.organisation_id
        return same_organisation and unit.kind == self.target_unit_kind


def years_before(on: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier; 29 February becomes 28 February in other years."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def _past_cases(
    *, organisation: Organisation, individual: Individual | None, on: datetime.date
) -> list[PastCase]:
    if individual is None or individual.pk is None:
        # Not registered yet: unknown everywhere (R16, 003's "ej tidigare kända ärenden").
        return []
    rows = Case.objects.filter(
        individual=individual, unit__organisation=organisation, opened_on__lte=on
    ).values_list("unit__kind", "status", "closed_on")
    return [
        PastCase(unit_kind=kind, open=status != CaseStatus.CLOSED, closed_on=closed_on)
        for kind, status, closed_on in rows
    ]


def _known(
    past: Iterable[PastCase], *, unit_kind: str, within_years: int | None, on: datetime.date
) -> bool:
    """Has or had a case at a unit of that kind ("" = any kind), open or closed within the
    window; a closed case without a closing date counts only when the window is "ever"."""
    since = None if within_years is None else years_before(on, within_years)
    for case in past:
        if unit_kind and case.unit_kind != unit_kind:
            continue
        if since is None or case.open:
            return True
        if case.closed_on is not None and case.closed_on >= since:
            return True
    return False


def routing_rule_matches(
    rule: RoutingRule,
    *,
    age: int,
    matter: str,
    past: list[PastCase],
    on: datetime.date,
) -> bool:
    """Whether every condition of the rule holds (age inclusive, matter, known or not)."""
    if rule.min_age is not None and age < rule.min_age:
        return False
    if rule.max_age is not None and age > rule.max_age:
        return False
    if rule.matters and matter not in rule.matters:
        return False
    if matter in (rule.excluded_matters or []):
        return False
    condition = rule.known_condition
    if condition == KnownCondition.ANY:
        return True
    if condition == KnownCondition.UNKNOWN_ANYWHERE:
        return not _known(past, unit_kind="", within_years=rule.known_within_years, on=on)
    known = _known(
        past, unit_kind=rule.known_at_unit_kind, within_years=rule.known_within_years, on=on
    )
    return known if condition == KnownCondition.KNOWN else not known


def routing_birth_date(
    *, identity_number: str | None, birth_date: datetime.date | None
) -> datetime.date | None:
    """The birth date of a person not registered yet: from the number, unless the number
    hides part of it (a coordination number) and a date was typed."""
    if not identity_number:
        return birth_date
    try:
        parsed = parse_identity_number(identity_number)
    except IdentityNumberError:
        return birth_date
    if parsed.birth_date_is_approximate and birth_date:
        return birth_date
    return parsed.birth_date


def routing_propose(
    *,
    organisation: Organisation | int,
    individual: Individual | None = None,
    birth_date: datetime.date | None = None,
    matter: CaseMatter | str = CaseMatter.GENERAL,
    on: datetime.date | None = None,
) -> RoutingProposal | None:
    """The unit kind the organisation's routine names for a new case, and the rule (R16, R20).

    Give the registered `individual`, or for a person not registered yet only the
    `birth_date` (from the identity number): such a person is unknown everywhere. None when
    no rule applies. At most three queries: the rules, the person's cases, the units.
    """
    if individual is not None:
        birth_date = individual.birth_date
    if birth_date is None:
        raise ValueError("routing_propose needs an individual or a birth date")
    on = on or timezone.localdate()
    rules = list(
        RoutingRule.objects.filter(organisation=organisation)
        .select_related("organisation")
        .order_by("priority", "pk")
    )
    if not rules:
        return None
    age = age_on(birth_date, on, leap_day=rules[0].organisation.leap_day_birthday)
    past = _past_cases(organisation=organisation, individual=individual, on=on)
    rule = next(
        (r for r in rules if routing_rule_matches(r, age=age, matter=matter, past=past, on=on)),
        None,
    )
    if rule is None:
        return None
    units = Unit.objects.filter(
        organisation=organisation, kind=rule.target_unit_kind, is_active=True
    ).order_by("name", "pk")
    return RoutingProposal(rule=rule, age=age, units=tuple(units))
