"""Writes to the organisation: loading routine settings, users and memberships."""

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.base import DeserializationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from units.models import Department, Membership, Organisation, Role, Unit, User

ADMINISTRATORS_GROUP = "Samverkan administrators"
# Apps whose data an organisation's administrator maintains in the Django admin.
ADMINISTERED_APPS = ("units", "coordination", "meetings", "deviations")


class RoutineSettingsError(Exception):
    """A routine-settings fixture cannot be loaded; the message says why."""


@dataclass(frozen=True)
class OrganisationLoadResult:
    organisation: Organisation
    created: bool
    object_count: int


def _fixture_organisation_code(records: list[dict]) -> str:
    codes = [r["fields"].get("code") for r in records if r.get("model") == "units.organisation"]
    if len(codes) != 1 or not codes[0]:
        raise RoutineSettingsError(_("The fixture must describe exactly one organisation."))
    return codes[0]


@transaction.atomic
def organisation_load(*, path: Path, actor: User | None = None) -> OrganisationLoadResult:
    """Loads one organisation's routine settings from a fixture, once.

    An organisation that already exists is left exactly as it is, so that loading again
    never overwrites what administrators have changed since. Every created row gets its
    first history entry, as if entered by hand.
    """
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RoutineSettingsError(_("No such file: %(path)s") % {"path": path}) from None
    except json.JSONDecodeError as exc:
        raise RoutineSettingsError(
            _("%(path)s is not valid JSON: %(error)s") % {"path": path, "error": exc}
        ) from None
    if not isinstance(records, list):
        raise RoutineSettingsError(_("A fixture is a JSON list of records."))
    code = _fixture_organisation_code(records)
    existing = Organisation.objects.filter(code=code).first()
    if existing is not None:
        return OrganisationLoadResult(organisation=existing, created=False, object_count=0)

    created_by_model: dict[type, list] = defaultdict(list)
    try:
        for deserialized in serializers.deserialize(
            "json", json.dumps(records), handle_forward_references=True
        ):
            instance = deserialized.object
            instance.full_clean()
            deserialized.save()
            created_by_model[type(instance)].append(instance)
    except (DeserializationError, ValidationError) as exc:
        raise RoutineSettingsError(
            _("%(path)s has an invalid record: %(error)s") % {"path": path, "error": exc}
        ) from None

    with translation.override(settings.LANGUAGE_CODE):
        # History is read by everyone, so it is written in the organisation's language.
        reason = _("Loaded from %(name)s") % {"name": path.name}
    for model, instances in created_by_model.items():
        model.history.bulk_history_create(
            instances, default_user=actor, default_change_reason=reason
        )
    organisation = Organisation.objects.get(code=code)
    count = sum(len(instances) for instances in created_by_model.values())
    return OrganisationLoadResult(organisation=organisation, created=True, object_count=count)


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    title: str = "",
) -> User:
    """Creates a person who can sign in; the password is checked against the policy."""
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, title=title
    )
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


def _administrators_group() -> Group:
    group, _created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    # Also on an existing group: models added since it was created (routine definitions,
    # say) reach administrators appointed from then on. add() skips what the group has.
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=ADMINISTERED_APPS))
    return group


@transaction.atomic
def membership_create(
    *,
    user: User,
    role: Role,
    organisation: Organisation,
    unit: Unit | None = None,
    department: Department | None = None,
) -> Membership:
    """Gives a user a role at a unit, department or organisation (R1).

    An administrator also gets access to the Django admin, limited there to the
    organisations they administer.
    """
    membership = Membership(
        user=user, role=role, organisation=organisation, unit=unit, department=department
    )
    membership.full_clean()
    membership.save()
    membership_apply_role_access(membership=membership)
    return membership


def membership_apply_role_access(*, membership: Membership) -> None:
    """An administrator reaches the Django admin, limited there to their organisations."""
    if membership.role != Role.ADMINISTRATOR or not membership.is_active:
        return
    user = membership.user
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(_administrators_group())
