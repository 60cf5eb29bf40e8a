"""Demo data for trying the portal: users for every role, test individuals, families and cases."""

import datetime
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from coordination.models import (
    Case,
    CaseStatus,
    ContactChannel,
    Individual,
    Relation,
    RelationKind,
)
from coordination.permissions import unit_ids_of
from coordination.services import (
    case_register,
    case_transition,
    contact_record,
    household_join,
    individual_create,
    relation_create,
)
from units.models import Department, Membership, Organisation, Role, Unit, User
from units.services import membership_create, user_create

# The steps `case_transition` takes a new demo case through to reach the file's status.
# Closed is left out: a closed demo case would be registered again on every run.
_STATUS_PATH: dict[str, list[CaseStatus]] = {
    CaseStatus.REGISTERED: [],
    CaseStatus.PRELIMINARY_ASSESSMENT: [CaseStatus.PRELIMINARY_ASSESSMENT],
    CaseStatus.INVESTIGATION: [CaseStatus.PRELIMINARY_ASSESSMENT, CaseStatus.INVESTIGATION],
    CaseStatus.INTERVENTION: [
        CaseStatus.PRELIMINARY_ASSESSMENT,
        CaseStatus.INVESTIGATION,
        CaseStatus.INTERVENTION,
    ],
}


class DemoDataError(Exception):
    """Demo data cannot be created; the message says why."""


@dataclass
class DemoLogin:
    username: str
    role: Role
    place: str
    created: bool


@dataclass
class DemoResult:
    organisation: Organisation
    password: str
    logins: list[DemoLogin] = field(default_factory=list)
    individuals_created: int = 0
    households_created: int = 0
    relations_created: int = 0
    cases_created: int = 0
    contacts_recorded: int = 0


def demo_fixture_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "demo"


def _place(organisation: Organisation, entry: dict) -> tuple[Unit | None, Department | None]:
    unit = department = None
    try:
        if entry.get("unit"):
            unit = Unit.objects.get(organisation=organisation, code=entry["unit"])
        if entry.get("department"):
            department = Department.objects.get(organisation=organisation, code=entry["department"])
    except (Unit.DoesNotExist, Department.DoesNotExist):
        raise DemoDataError(
            f"Demo user {entry['username']}: no unit or department "
            f"{entry.get('unit') or entry.get('department')!r} in {organisation.code}"
        ) from None
    return unit, department


def _membership_at(user, role, organisation, unit, department):
    # The same place as Membership's unique constraints: a unit implies its department.
    memberships = Membership.objects.filter(user=user, role=role)
    if unit is not None:
        return memberships.filter(unit=unit)
    if department is not None:
        return memberships.filter(department=department, unit__isnull=True)
    return memberships.filter(organisation=organisation, department__isnull=True, unit__isnull=True)


@transaction.atomic
def demo_data_create(*, path: Path) -> DemoResult:
    """Creates the demo users, individuals, households, relations and cases of a demo file, once.

    What exists already (a user by username, an individual by identity number, a relation
    by its two people and kind, a household member, an open case of the person at the unit)
    is left as it is, so that running `make run` again keeps everything entered since.
    """
    if not settings.DEMO_DATA_ALLOWED:
        raise DemoDataError("Demo data with known passwords is refused in this environment.")
    spec = json.loads(path.read_text(encoding="utf-8"))
    try:
        organisation = Organisation.objects.get(code=spec["organisation"])
    except Organisation.DoesNotExist:
        raise DemoDataError(
            f"Load the organisation first: manage.py load_organisation {spec['organisation']}"
        ) from None
    result = DemoResult(organisation=organisation, password=spec["password"])
    try:
        _users_create(spec, organisation, result)
        _individuals_create(spec, result)
        demo = _Demo(spec=spec, organisation=organisation, file=path.name)
        _households_create(demo, result)
        _relations_create(demo, result)
        _cases_create(demo, result)
    except ValidationError as exc:
        raise DemoDataError(f"{path.name}: {exc}") from None
    return result


def _users_create(spec: dict, organisation: Organisation, result: DemoResult) -> None:
    for entry in spec["users"]:
        role = Role(entry["role"])
        unit, department = _place(organisation, entry)
        user = User.objects.filter(username=entry["username"]).first()
        created = user is None
        if created:
            user = user_create(
                username=entry["username"],
                first_name=entry["first_name"],
                last_name=entry["last_name"],
                email=entry["email"],
                title=entry.get("title", ""),
                password=spec["password"],
            )
        holds_role = _membership_at(user, role, organisation, unit, department).exists()
        if not holds_role:
            membership_create(
                user=user,
                role=role,
                organisation=organisation,
                unit=unit,
                department=department,
            )
        place = unit or department or organisation
        result.logins.append(DemoLogin(user.username, role, str(place), created))


def _individuals_create(spec: dict, result: DemoResult) -> None:
    for entry in spec["individuals"]:
        if Individual.objects.filter(identity_number=entry["identity_number"]).exists():
            continue
        individual_create(
            first_name=entry["first_name"],
            last_name=entry["last_name"],
            identity_number=entry["identity_number"],
            protected_identity=entry.get("protected_identity", "none"),
        )
        result.individuals_created += 1


@dataclass
class _Demo:
    """Looks up the people, units and users a demo file's families and cases name."""

    spec: dict
    organisation: Organisation
    file: str

    def individual(self, number: str) -> Individual:
        listed = {entry["identity_number"] for entry in self.spec["individuals"]}
        individual = Individual.objects.filter(identity_number=number).first()
        if number not in listed or individual is None:
            raise DemoDataError(f"{self.file}: {number} is not one of the file's individuals")
        return individual

    def unit(self, code: str) -> Unit:
        unit = Unit.objects.filter(organisation=self.organisation, code=code).first()
        if unit is None:
            raise DemoDataError(f"{self.file}: no unit {code!r} in {self.organisation.code}")
        return unit

    def user(self, username: str) -> User:
        listed = {entry["username"] for entry in self.spec["users"]}
        user = User.objects.filter(username=username).first()
        if username not in listed or user is None:
            raise DemoDataError(f"{self.file}: {username} is not one of the file's users")
        return user

    def unit_member(self, username: str, unit: Unit) -> User:
        """A demo user who holds a unit role at the unit (R4: the case belongs to the unit)."""
        user = self.user(username)
        if not unit_ids_of(user).filter(unit_id=unit.pk).exists():
            raise DemoDataError(f"{self.file}: {username} holds no unit role at {unit.code}")
        return user

    @cached_property
    def actor(self) -> User:
        """Who records the families: the organisation's first demo caseworker (the login)."""
        first = next((e for e in self.spec["users"] if e["role"] == Role.CASEWORKER), None)
        if first is None:
            raise DemoDataError(f"{self.file}: families need a demo caseworker to record them")
        return self.user(first["username"])


def _households_create(demo: _Demo, result: DemoResult) -> None:
    # R3: the check covers everyone living together. A person already in a household
    # (perhaps moved by a user since) stays there; only people without one join.
    for numbers in demo.spec.get("households", []):
        people = [demo.individual(number) for number in numbers]
        joining = [person for person in people if person.household_id is None]
        if not joining:
            continue
        housed = next((person for person in people if person.household_id), None)
        household_join(actor=demo.actor, individuals=([housed] if housed else []) + joining)
        if housed is None:
            result.households_created += 1


def _relations_create(demo: _Demo, result: DemoResult) -> None:
    for entry in demo.spec.get("relations", []):
        from_individual = demo.individual(entry["from"])
        to_individual = demo.individual(entry["to"])
        kind = RelationKind(entry["kind"])
        if Relation.objects.filter(
            from_individual=from_individual, to_individual=to_individual, kind=kind
        ).exists():
            continue
        relation_create(
            actor=demo.actor,
            from_individual=from_individual,
            to_individual=to_individual,
            kind=kind,
        )
        result.relations_created += 1


def _cases_create(demo: _Demo, result: DemoResult) -> None:
    for entry in demo.spec.get("cases", []):
        individual = demo.individual(entry["identity_number"])
        unit = demo.unit(entry["unit"])
        status = entry.get("status", CaseStatus.REGISTERED)
        if status not in _STATUS_PATH:
            raise DemoDataError(
                f"{demo.file}: a demo case cannot start as {status!r}; "
                f"use one of {', '.join(_STATUS_PATH)}"
            )
        if (
            Case.objects.filter(individual=individual, unit=unit)
            .exclude(status=CaseStatus.CLOSED)
            .exists()
        ):
            continue
        try:
            result.contacts_recorded += _case_create(demo, entry, individual, unit, status)
        except ValidationError as exc:
            raise DemoDataError(
                f"{demo.file}: the case of {individual.identity_number} at {unit.code}: "
                f"{' '.join(exc.messages)}"
            ) from None
        result.cases_created += 1


def _case_create(demo: _Demo, entry: dict, individual: Individual, unit: Unit, status: str) -> int:
    """Registers one demo case, records its contacts, moves it to its status; returns contacts."""
    # The caseworker registers the case at their own unit, as in the portal (R3).
    caseworker = demo.unit_member(entry["caseworker"], unit)
    opened_on = _date(entry.get("opened_on"))
    case = case_register(
        actor=caseworker,
        individual=individual,
        unit=unit,
        caseworker=caseworker,
        legal_bases=entry.get("legal_bases", []),
        external_system=entry.get("external_system", ""),
        external_reference=entry.get("external_reference", ""),
        opened_on=opened_on,
    )
    contacts = entry.get("contacts", [])
    for contact in contacts:
        other_unit = demo.unit(contact["other_unit"])
        other = contact.get("other_caseworker")
        contact_record(
            actor=caseworker,
            case=case,
            other_unit=other_unit,
            other_caseworker=demo.unit_member(other, other_unit) if other else None,
            channel=ContactChannel(contact["channel"]),
            information_transfer_needed=contact["information_transfer_needed"],
            joint_work_plan_needed=contact["joint_work_plan_needed"],
            contacted_on=_date(contact.get("contacted_on")) or opened_on,
            note=contact.get("note", ""),
        )
    # Through the transition service, so that R5 holds for demo cases too: an
    # investigation of a person active elsewhere needs the contacts recorded above.
    for step in _STATUS_PATH[status]:
        case = case_transition(actor=caseworker, case=case, to=step)
    return len(contacts)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
