"""Reads for the API, shaped for a fixed query budget; every one starts from the scope rule (R4).

`active_case_check_by_id` answers what `coordination.selectors.active_case_check` answers
(tests/coordination/test_api.py compares the two for viewers in and out of scope, with
live, expired, revoked and other-permission grants and registering units) in one SQL
statement: the scope rule of `coordination.permissions.individual_visible_to` for the one
id, the individual, its relations both ways, its household, and the open cases of all of
them at units other than the viewer's. Written as SQL because building and compiling the
same through the ORM took more time than everything else in the request; on PostgreSQL
it is a prepared statement, because planning it took longer than running it
(docs/performance.md). With token authentication (one query) and the access log (two)
the endpoint makes four queries (issue 3, item 9).

Where the ORM selector leaves an order to the database (cases at the same unit opened
the same day, relations of one person), this one orders by id.
"""

import re

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import CHILD_RELATIONS, Individual
from coordination.permissions import VIEW_CONTENTS
from coordination.selectors import (
    _BACKWARD_LABEL,
    _FORWARD_LABEL,
    SELF,
    ActiveElsewhere,
    CheckResult,
    FamilyMember,
    date_from_db,
)
from units.models import UNIT_ROLES, Unit, User

_ROLES = tuple(sorted(str(role) for role in UNIT_ROLES))
_HOUSEHOLD = "household"
_HOUSEHOLD_MEMBER = _("household member")  # as in `coordination.selectors.family_from`

# Only %s placeholders are formatted in; every value goes in as a query parameter. Plain SQL
# that PostgreSQL and SQLite both run (the tests run on both).
#
# own_units is `unit_ids_of`; target is `individual_visible_to(user).filter(pk=id)`: a case
# of the individual at one of those units, or a live grant on a case of the individual
# (codename, not revoked, no end or an end in the future), or registered by one of them.
# family is `relations_of` (both ways) and the household; the last part is
# `check_result_for`: open cases of everyone found, at units other than the viewer's.
# Rows: part 0 the individual, 1 a relation, 2 a housemate, 3 an open case elsewhere.
_CHECK_SQL = f"""
WITH own_units AS (
    SELECT m.unit_id FROM units_membership m
    WHERE m.user_id = %s AND m.is_active AND m.unit_id IS NOT NULL
      AND m.role IN ({", ".join(["%s"] * len(_ROLES))})
),
target AS (
    SELECT i.id, i.household_id FROM coordination_individual i
    WHERE i.id = %s AND (
        i.registered_by_unit_id IN (SELECT unit_id FROM own_units)
        OR EXISTS (
            SELECT 1 FROM coordination_case c
            WHERE c.individual_id = i.id AND c.unit_id IN (SELECT unit_id FROM own_units)
        )
        OR EXISTS (
            SELECT 1 FROM coordination_casegrant g
            JOIN coordination_case c ON c.id = g.content_object_id
            JOIN auth_permission p ON p.id = g.permission_id
            WHERE c.individual_id = i.id AND g.user_id = %s AND p.codename = %s
              AND g.revoked_at IS NULL AND (g.valid_until IS NULL OR g.valid_until > %s)
        )
    )
),
family AS (
    SELECT t.id AS person_id, '' AS relation, 0 AS part, 0 AS seq FROM target t
    UNION ALL
    SELECT r.to_individual_id, r.kind, 1, r.id FROM coordination_relation r
    JOIN target t ON r.from_individual_id = t.id
    UNION ALL
    SELECT r.from_individual_id, '~' || r.kind, 1, r.id FROM coordination_relation r
    JOIN target t ON r.to_individual_id = t.id
    UNION ALL
    SELECT i.id, '{_HOUSEHOLD}', 2, i.id FROM coordination_individual i
    JOIN target t ON i.household_id = t.household_id AND i.id <> t.id
)
SELECT f.part, f.seq, f.relation, p.id, p.first_name, p.last_name, p.birth_date,
       p.protected_identity, p.household_id, p.registered_by_unit_id,
       NULL AS unit_name, NULL AS opened_on, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL
FROM family f JOIN coordination_individual p ON p.id = f.person_id
UNION ALL
SELECT 3, c.id, NULL, c.individual_id, NULL, NULL, NULL, NULL, NULL, NULL,
       u.name, c.opened_on, u.id, u.short_name, u.kind, u.email, u.phone,
       w.id, w.username, w.first_name, w.last_name, w.email, w.phone
FROM coordination_case c
JOIN units_unit u ON u.id = c.unit_id
JOIN units_user w ON w.id = c.caseworker_id
WHERE c.individual_id IN (SELECT person_id FROM family) AND c.status <> 'closed'
  AND c.unit_id NOT IN (SELECT unit_id FROM own_units)
ORDER BY 1, 11, 12, 2
"""  # noqa: S608

_PREPARED = "samverkan_active_case_check"
_PARAM_COUNT = _CHECK_SQL.count("%s")
_numbered = iter(range(1, _PARAM_COUNT + 1))
_CHECK_SQL_NUMBERED = re.sub(r"%s", lambda _match: f"${next(_numbered)}", _CHECK_SQL)
_EXECUTE_SQL = f"EXECUTE {_PREPARED} ({', '.join(['%s'] * _PARAM_COUNT)})"

_INDIVIDUAL_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "birth_date",
    "protected_identity",
    "household_id",
    "registered_by_unit_id",
)
_UNIT_FIELDS = ("id", "name", "short_name", "kind", "email", "phone")
_CASEWORKER_FIELDS = ("id", "username", "first_name", "last_name", "email", "phone")


def _in_model_order(model, names: tuple[str, ...]) -> tuple[str, ...]:
    # Model.from_db takes a subset of the values in the order of the model's fields.
    order = [f.attname for f in model._meta.concrete_fields if f.attname in names]
    if tuple(order) != names:
        raise ImproperlyConfigured(f"{model.__name__}: read {names} in the order {order}")
    return names


_in_model_order(Individual, _INDIVIDUAL_FIELDS)
_in_model_order(Unit, _UNIT_FIELDS)
_in_model_order(User, _CASEWORKER_FIELDS)


def active_case_check_by_id(*, user: User, individual_id: int) -> CheckResult | None:
    """The active-case check (R3, R4) for an individual in the user's scope, or None; one
    query (on PostgreSQL, the first call on a connection also sends its PREPARE).

    Only individuals in scope: an id is no way to learn about strangers' families. A person
    not yet in scope is checked by identity number while registering a case (R3).

    The people come with the fields the check shows (name, birth date, protection,
    household, registering unit); the rest load on first use. Units and caseworkers come
    with the fields of `coordination.selectors.CHECK_CASE_FIELDS`.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [user.pk, *_ROLES, individual_id, user.pk, VIEW_CONTENTS, now]
    with connection.cursor() as cursor:
        _execute_check(cursor, params)
        rows = cursor.fetchall()
    if not rows or rows[0][0] != 0:
        return None
    return _check_from_rows(rows, db=connection.alias)


def _execute_check(cursor, params: list) -> None:
    """_CHECK_SQL; on PostgreSQL as a prepared statement of the connection, because
    planning the query took about four times as long as running it (0.8-1.4 ms against
    0.2-0.4 ms). Prepared once per connection: a prepared statement lasts as long as the
    session and outlives rollbacks. PostgreSQL replans it by itself after a migration
    changes a table it reads; one that changes the type of a column it returns makes it
    fail until the connection is renewed (at most DATABASE_CONN_MAX_AGE, or the restart
    of a deploy). Not for a pooler that hands one session to several clients
    (PgBouncer in transaction mode); the portal connects to PostgreSQL directly."""
    if connection.vendor != "postgresql":
        cursor.execute(_CHECK_SQL, params)
        return
    raw = connection.connection
    if getattr(connection, "_active_case_check_prepared_on", None) is not raw:
        cursor.execute(f"PREPARE {_PREPARED} AS {_CHECK_SQL_NUMBERED}")
        connection._active_case_check_prepared_on = raw
    cursor.execute(_EXECUTE_SQL, params)


def _check_from_rows(rows: list[tuple], *, db: str) -> CheckResult:
    """The rows of _CHECK_SQL shaped as `family_from` and `check_result_for` shape them: the
    first relation found names a person (relations in id order, then housemates), the
    family sorted children first and then by birth date, the cases as the query ordered
    them (unit name, opening date, id)."""
    individual = Individual.from_db(db, _INDIVIDUAL_FIELDS, _person(rows[0]))
    people: dict[int, FamilyMember] = {individual.pk: FamilyMember(individual, str(SELF), False)}
    family: list[FamilyMember] = []
    active_elsewhere: list[ActiveElsewhere] = []
    for row in rows[1:]:
        part = row[0]
        if part == 3:
            active_elsewhere.append(
                ActiveElsewhere(
                    member=people[row[3]],
                    unit=Unit.from_db(db, _UNIT_FIELDS, (row[12], row[10], *row[13:17])),
                    caseworker=User.from_db(db, _CASEWORKER_FIELDS, row[17:23]),
                    since=date_from_db(row[11]),
                    case_id=row[1],
                )
            )
            continue
        if row[3] in people:
            continue
        relation = row[2]
        if part == 2:
            label, is_child = str(_HOUSEHOLD_MEMBER), False
        elif relation.startswith("~"):
            label, is_child = str(_BACKWARD_LABEL[relation[1:]]), False
        else:
            label, is_child = str(_FORWARD_LABEL[relation]), relation in CHILD_RELATIONS
        other = Individual.from_db(db, _INDIVIDUAL_FIELDS, _person(row))
        people[other.pk] = member = FamilyMember(other, label, is_child)
        family.append(member)
    family.sort(key=lambda m: (not m.is_child, m.individual.birth_date))
    return CheckResult(individual=individual, family=family, active_elsewhere=active_elsewhere)


def _person(row: tuple) -> tuple:
    return (*row[3:6], date_from_db(row[6]), *row[7:10])
