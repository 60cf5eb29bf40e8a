"""Loading an organisation's routine settings in tests, as organisation_load does, fast.

Most tests start from an organisation's routine settings, and organisation_load spends
~170 queries on Östhammar (natural keys, full_clean, unique checks). The first load of a
code in a test process runs organisation_load itself and remembers the rows it saved;
later loads insert the same rows again (new primary keys, foreign keys mapped, raw saves
and history with the same change reason, as organisation_load does) in ~40 queries. Each
test still loads inside its own transaction, so what a test sees and changes is exactly as
before. A fixture the copy cannot reproduce exactly (many-to-many values, references to
rows outside the fixture, inherited models, explicit primary keys) is always loaded by
organisation_load. tests/test_organisations.py checks that a copy equals a fresh load.
"""

import copy
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_save

from units.management.commands.load_organisation import organisation_fixture_dir
from units.models import Organisation
from units.services import organisation_load


@dataclass(frozen=True)
class _Row:
    model: type[models.Model]
    pk: Any  # as first saved; foreign keys of later rows point to it
    values: dict[str, Any]  # attname -> value as saved, for each field the copy sets


@dataclass(frozen=True)
class _OrganisationRows:
    code: str
    rows: tuple[_Row, ...]
    change_reason: str


_ORGANISATION_ROWS: dict[str, _OrganisationRows | None] = {}


def _fk_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]


def _rows_of(code: str, path: Path, saved: list[models.Model]) -> _OrganisationRows | None:
    """The rows organisation_load saved, if inserting them again reproduces the load."""
    records = json.loads(path.read_text(encoding="utf-8"))
    if len(records) != len(saved):
        return None
    position = {(type(obj)._meta.concrete_model, obj.pk): index for index, obj in enumerate(saved)}
    rows = []
    for index, (record, obj) in enumerate(zip(records, saved, strict=True)):
        meta = obj._meta
        if record.get("model") != meta.label_lower or meta.parents or "pk" in record:
            return None
        fields = record.get("fields", {})
        if any(fields.get(f.name) for f in meta.many_to_many):
            return None
        for field in _fk_fields(type(obj)):
            value = getattr(obj, field.attname)
            if value is None:
                continue
            target = (field.related_model._meta.concrete_model, value)
            if not field.target_field.primary_key or position.get(target, index) >= index:
                return None  # a row outside the fixture, or one saved later
        # What the fixture leaves out and the field defaults is made afresh, as the
        # deserializer's Model(**data) makes it (a callable default runs again).
        copied = [
            f
            for f in meta.concrete_fields
            if not f.primary_key
            and (
                f.name in fields
                or f.attname in fields
                or not (f.has_default() or f.has_db_default())
            )
        ]
        rows.append(
            _Row(
                model=type(obj),
                pk=obj.pk,
                values={f.attname: copy.deepcopy(getattr(obj, f.attname)) for f in copied},
            )
        )
    first = saved[0].history.first()
    if first is None or first.history_user_id is not None:
        return None
    return _OrganisationRows(code=code, rows=tuple(rows), change_reason=first.history_change_reason)


def _organisation_load_remembered(code: str, path: Path) -> Organisation:
    """organisation_load, noting the rows it saves (raw saves, in the fixture's order)."""
    saved: list[models.Model] = []

    def note(sender, instance, created, raw, **kwargs):
        if raw and created:
            saved.append(instance)

    uid = "tests.organisations.remember"
    post_save.connect(note, weak=False, dispatch_uid=uid)
    try:
        result = organisation_load(path=path)
    finally:
        post_save.disconnect(dispatch_uid=uid)
    if result.created:
        _ORGANISATION_ROWS[code] = _rows_of(code, path, saved)
    return result.organisation


@transaction.atomic
def _organisation_insert_again(remembered: _OrganisationRows) -> Organisation:
    """The rows organisation_load saved, saved again as it saves them."""
    existing = Organisation.objects.filter(code=remembered.code).first()
    if existing is not None:
        return existing  # organisation_load leaves an existing organisation as it is
    new_pks: dict[tuple[type[models.Model], Any], Any] = {}
    created_by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for row in remembered.rows:
        obj = row.model()
        for attname, value in row.values.items():
            setattr(obj, attname, copy.deepcopy(value))
        for field in _fk_fields(row.model):
            value = row.values.get(field.attname)
            if value is not None:
                target = (field.related_model._meta.concrete_model, value)
                setattr(obj, field.attname, new_pks[target])
        models.Model.save_base(obj, raw=True)
        new_pks[(row.model._meta.concrete_model, row.pk)] = obj.pk
        created_by_model[row.model].append(obj)
    for model, instances in created_by_model.items():
        model.history.bulk_history_create(
            instances, default_user=None, default_change_reason=remembered.change_reason
        )
    return Organisation.objects.get(code=remembered.code)


def organisation_load_fast(code: str) -> Organisation:
    """Loads fixtures/organisations/<code>.json with the effect of organisation_load."""
    remembered = _ORGANISATION_ROWS.get(code)
    if remembered is None:
        return _organisation_load_remembered(code, organisation_fixture_dir() / f"{code}.json")
    return _organisation_insert_again(remembered)
