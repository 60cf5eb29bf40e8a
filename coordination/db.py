"""Set-based inserts for the deadline engine: one statement for many rows, returning exactly
the rows it inserted, and their history rows written by the database in one more.

Django's ``bulk_create(ignore_conflicts=True)`` returns no ids, and simple-history's
``bulk_history_create`` builds one Python object per row; at a sweep's scale (tens of
thousands of rows) both cost more than the inserts themselves (docs/performance.md).
The SQL here is the same on PostgreSQL and SQLite (3.35 or later: ``RETURNING``).
"""

import datetime
from collections.abc import Sequence

from django.db import connection, models

# Rows per statement: at most a few columns each, well under SQLite's 32,766 parameters.
CHUNK = 500
_HISTORY_OWN = ("history_id", "history_date", "history_change_reason", "history_type")


def _adapter(field: models.Field):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None


def insert_new(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence],
    *,
    returning: Sequence[str] = ("id",),
) -> list[tuple]:
    """``INSERT ... ON CONFLICT DO NOTHING RETURNING``: the rows that did not clash with a
    unique constraint are inserted, and their `returning` columns come back. A row that
    exists already, or that a concurrent transaction inserted first, is skipped and not
    returned, so each caller learns exactly what it created."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    fields = [by_column[column] for column in columns]
    adapters = [(index, adapt) for index, f in enumerate(fields) if (adapt := _adapter(f))]
    table = connection.ops.quote_name(model._meta.db_table)
    column_sql = ", ".join(connection.ops.quote_name(column) for column in columns)
    returning_sql = ", ".join(connection.ops.quote_name(column) for column in returning)
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    created: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            params: list = []
            for row in chunk:
                values = list(row)
                for index, adapt in adapters:
                    values[index] = adapt(values[index])
                params += values
            cursor.execute(
                f"INSERT INTO {table} ({column_sql}) "  # noqa: S608 (names from the model)
                f"VALUES {', '.join([one_row] * len(chunk))} "
                f"ON CONFLICT DO NOTHING RETURNING {returning_sql}",
                params,
            )
            created += cursor.fetchall()
    return created


def history_created(
    model: type[models.Model], ids: Sequence[int], *, when: datetime.datetime
) -> None:
    """simple-history's creation rows ("+") for rows inserted without the ORM's save(),
    copied by the database from the rows themselves (one statement per CHUNK ids)."""
    history = model.history.model
    copied = [
        f.column
        for f in history._meta.concrete_fields
        if f.column not in _HISTORY_OWN and f.column != "history_user_id"
    ]
    quote = connection.ops.quote_name
    copied_sql = ", ".join(quote(column) for column in copied)
    when_db = connection.ops.adapt_datetimefield_value(when)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = list(ids[start : start + CHUNK])
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 (model names)
                f"({copied_sql}, history_date, history_change_reason, history_type, "
                f"history_user_id) SELECT {copied_sql}, %s, NULL, '+', NULL "
                f"FROM {quote(model._meta.db_table)} "
                f"WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                [when_db, *chunk],
            )
