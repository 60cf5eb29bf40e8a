"""The fixtures' fast organisation load (tests/organisations.py) equals organisation_load."""

import datetime

import pytest
import time_machine
from django.db import transaction

from tests import organisations
from units.management.commands.load_organisation import organisation_fixture_dir
from units.services import organisation_load

CODES = sorted(path.stem for path in organisation_fixture_dir().glob("*.json"))
STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))


def _rows_and_history(models: list) -> dict:
    """Every row of the models and of their history, primary keys replaced by positions."""
    position = {}
    for model in models:
        pks = model._base_manager.order_by("pk").values_list("pk", flat=True)
        position.update({(model, pk): index for index, pk in enumerate(pks)})

    def normal(model, field, value):
        if value is not None and (field.many_to_one or field.one_to_one):
            return (field.related_model._meta.label, position[(field.related_model, value)])
        return value

    dump = {}
    for model in models:
        fields = model._meta.concrete_fields
        rows = model._base_manager.order_by("pk").values_list(*[f.attname for f in fields])
        dump[model._meta.label] = [
            {
                f.name: position[(model, v)] if f.primary_key else normal(model, f, v)
                for f, v in zip(fields, row, strict=True)
            }
            for row in rows
        ]
        history = model.history.model
        fields = [f for f in history._meta.concrete_fields if f.name != "history_id"]
        rows = history._base_manager.order_by("history_id").values_list(
            *[f.attname for f in fields]
        )
        pk_name = model._meta.pk.name
        dump[history._meta.label] = [
            {
                f.name: position[(model, v)] if f.name == pk_name else normal(model, f, v)
                for f, v in zip(fields, row, strict=True)
            }
            for row in rows
        ]
    return dump


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_an_organisation_inserted_again_equals_a_fresh_load(code):
    # given the rows of a first load remembered on another day
    earlier = datetime.datetime(2025, 3, 1, 9, tzinfo=STOCKHOLM)
    with time_machine.travel(earlier, tick=False), transaction.atomic():
        organisations._organisation_load_remembered(
            code, organisation_fixture_dir() / f"{code}.json"
        )
        transaction.set_rollback(True)
    remembered = organisations._ORGANISATION_ROWS[code]
    assert remembered is not None, f"{code}.json is loaded by organisation_load every time"
    models = list(dict.fromkeys(row.model for row in remembered.rows))

    # when the organisation is loaded fresh, and inserted again, at the same moment
    moment = datetime.datetime(2026, 11, 8, 14, tzinfo=STOCKHOLM)
    with time_machine.travel(moment, tick=False), transaction.atomic():
        organisation_load(path=organisation_fixture_dir() / f"{code}.json")
        fresh = _rows_and_history(models)
        transaction.set_rollback(True)
    with time_machine.travel(moment, tick=False), transaction.atomic():
        again = organisations._organisation_insert_again(remembered)
        inserted = _rows_and_history(models)
        transaction.set_rollback(True)

    # then every row and every history entry is the same
    assert again.code == code
    assert inserted == fresh
    assert sum(len(rows) for rows in fresh.values()) == 2 * len(remembered.rows)
