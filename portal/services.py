"""Demo data for trying the portal: users for every role and a few test individuals."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from coordination.models import Individual
from coordination.services import individual_create
from units.models import Department, Membership, Organisation, Role, Unit, User
from units.services import membership_create, user_create


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
    """Creates the demo users and individuals described in a demo file, once.

    What exists already (a user by username, an individual by identity number) is left
    as it is, so that running `make run` again keeps everything entered since.
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
    except ValidationError as exc:
        raise DemoDataError(f"{path.name}: {exc}") from None
    return result
