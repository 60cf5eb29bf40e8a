"""Writes to routine definitions (R30): creating one, and revising it into a new version.

A definition is never changed in place: revising copies the current version with the
changes into version n + 1 and marks the old one not current, in one transaction, so a
routine already running on the old version keeps the steps it started with.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coordination.models import RoutineDefinition, RoutineStep
from units.models import Organisation, Role, User
from units.selectors import organisation_list_for_user

# What an administrator may change between versions; organisation and code stay.
DEFINITION_FIELDS = ("name", "source", "rules", "trigger", "description")
STEP_FIELDS = (
    "position",
    "title",
    "instructions",
    "responsible_as_written",
    "responsible_role",
    "responsible_party",
    "responsible_unit_kind",
    "second_unit_kind",
    "deadline_days",
    "deadline_from",
    "mandatory",
    "completed_by",
)


class RoutineDefinitionNotCurrentError(ValidationError):
    """The version being revised is no longer current: someone revised it first."""


def _require_administrator(actor: User, organisation: Organisation) -> None:
    if actor.is_superuser:
        return
    administered = organisation_list_for_user(user=actor, roles={Role.ADMINISTRATOR})
    if not administered.filter(pk=organisation.pk).exists():
        raise PermissionDenied


def _steps_of(definition: RoutineDefinition) -> list[dict[str, Any]]:
    return list(definition.steps.order_by("position").values(*STEP_FIELDS))


def _normalised_steps(steps: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The steps with every field given, unknown fields refused, in order of position."""
    defaults = {f.name: f.get_default() for f in RoutineStep._meta.concrete_fields}
    normalised = []
    for step in steps:
        unknown = set(step) - set(STEP_FIELDS)
        if unknown:
            raise ValidationError(
                _("Unknown step fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
            )
        normalised.append({name: step.get(name, defaults[name]) for name in STEP_FIELDS})
    return sorted(normalised, key=lambda step: step["position"] or 0)


def _save_steps(
    *, actor: User, definition: RoutineDefinition, steps: list[dict[str, Any]], reason: str
) -> None:
    if not steps:
        raise ValidationError(_("A routine needs at least one step."))
    definition.steps_check([step["position"] for step in steps])
    for values in steps:
        step = RoutineStep(definition=definition, **values)
        try:
            step.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                _("Step %(position)s: %(errors)s")
                % {"position": values["position"], "errors": "; ".join(exc.messages)}
            ) from None
        step._history_user = actor  # simple-history's hook when no request is at hand
        step._change_reason = reason
        step.save()


@transaction.atomic
def routine_definition_create(
    *,
    actor: User,
    organisation: Organisation,
    code: str,
    name: str,
    steps: Sequence[Mapping[str, Any]],
    trigger: str = "manual",
    source: str = "",
    rules: str = "",
    description: str = "",
) -> RoutineDefinition:
    """Creates version 1 of a new routine with its ordered steps (R30)."""
    _require_administrator(actor, organisation)
    definition = RoutineDefinition(
        organisation=organisation,
        code=code,
        version=1,
        is_current=True,
        name=name,
        trigger=trigger,
        source=source,
        rules=rules,
        description=description,
    )
    definition.full_clean()
    definition._history_user = actor
    definition.save()
    _save_steps(actor=actor, definition=definition, steps=_normalised_steps(steps), reason="")
    return definition


@transaction.atomic
def routine_definition_revise(
    *,
    actor: User,
    definition: RoutineDefinition,
    changes: Mapping[str, Any] | None = None,
    steps: Sequence[Mapping[str, Any]] | None = None,
    reason: str = "",
) -> RoutineDefinition:
    """Saves a changed routine as a new current version; the old one stays as it was.

    `changes` holds new values of the definition's own fields, `steps` the complete new list
    of steps (None keeps the steps as they are). Nothing changed, nothing saved: the same
    version is returned. Two administrators revising the same version at once are
    serialised by a row lock: the second is told a newer version exists.
    """
    _require_administrator(actor, definition.organisation)
    changes = dict(changes or {})
    unknown = set(changes) - set(DEFINITION_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed in a new version: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    locked = RoutineDefinition.objects.select_for_update().get(pk=definition.pk)
    if not locked.is_current:
        raise RoutineDefinitionNotCurrentError(
            _(
                "Version %(version)s of “%(name)s” is no longer current: someone saved a newer "
                "version. Open the current version and make the change there."
            )
            % {"version": locked.version, "name": locked.name}
        )
    old_steps = _steps_of(locked)
    new_steps = old_steps if steps is None else _normalised_steps(steps)
    unchanged = all(getattr(locked, f) == v for f, v in changes.items())
    if unchanged and new_steps == old_steps:
        return locked

    latest = RoutineDefinition.objects.filter(
        organisation_id=locked.organisation_id, code=locked.code
    ).aggregate(latest=Max("version"))["latest"]
    locked.is_current = False
    locked._history_user = actor
    locked._change_reason = reason
    locked.save(update_fields=["is_current"])

    revised = RoutineDefinition(
        organisation_id=locked.organisation_id,
        code=locked.code,
        version=latest + 1,
        is_current=True,
        **{f: changes.get(f, getattr(locked, f)) for f in DEFINITION_FIELDS},
    )
    revised.full_clean()
    revised._history_user = actor
    revised._change_reason = reason
    revised.save()
    _save_steps(actor=actor, definition=revised, steps=new_steps, reason=reason)
    return revised
