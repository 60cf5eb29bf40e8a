"""The active-case check as one raw SQL query: the yardstick for the API (issue 3, item 9).

Same answer as the API's `active_case_check_by_id` for one fixed viewer: who may run it
(anyone with a unit role, R3, or with the person in scope: a case at one of the viewer's
units, a live grant, or registered by one of them), relations both ways, the household,
and the open cases at units other than the viewer's, with unit, caseworker and since-date.
Authentication is a shared token compared in memory, so the one query is all the view asks
of the database.
"""

import hmac

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from units.models import UNIT_ROLES

_ROLES = tuple(sorted(str(role) for role in UNIT_ROLES))
_ROLE_PLACEHOLDERS = ", ".join(["%s"] * len(_ROLES))

# Only %s placeholders are formatted in; every value goes in as a query parameter.
_CHECK_SQL = f"""
WITH own_units AS (
    SELECT m.unit_id FROM units_membership m
    WHERE m.user_id = %s AND m.is_active AND m.unit_id IS NOT NULL
      AND m.role IN ({_ROLE_PLACEHOLDERS})
),
target AS (
    SELECT i.id, i.household_id FROM coordination_individual i
    WHERE i.id = %s AND (
        EXISTS (SELECT 1 FROM own_units)
        OR i.registered_by_unit_id IN (SELECT unit_id FROM own_units)
        OR EXISTS (
            SELECT 1 FROM coordination_case c
            WHERE c.individual_id = i.id AND c.unit_id IN (SELECT unit_id FROM own_units)
        )
        OR EXISTS (
            SELECT 1 FROM coordination_casegrant g
            JOIN coordination_case c ON c.id = g.content_object_id
            JOIN auth_permission p ON p.id = g.permission_id
            WHERE c.individual_id = i.id AND g.user_id = %s
              AND p.codename = 'view_case_contents' AND g.revoked_at IS NULL
              AND (g.valid_until IS NULL OR g.valid_until > %s)
        )
    )
),
family AS (
    SELECT t.id AS individual_id, 'self' AS relation, 0 AS rank FROM target t
    UNION ALL
    SELECT r.to_individual_id, r.kind, 1 FROM coordination_relation r
    JOIN target t ON r.from_individual_id = t.id
    UNION ALL
    SELECT r.from_individual_id, '~' || r.kind, 2 FROM coordination_relation r
    JOIN target t ON r.to_individual_id = t.id
    UNION ALL
    SELECT i.id, 'household', 3 FROM coordination_individual i
    JOIN target t ON i.household_id = t.household_id AND i.id <> t.id
)
SELECT f.individual_id, f.relation, p.first_name, p.last_name, p.birth_date,
       p.protected_identity, c.opened_on, u.id, u.name, u.phone, u.email,
       w.first_name, w.last_name, w.phone, w.email
FROM family f
JOIN coordination_individual p ON p.id = f.individual_id
LEFT JOIN coordination_case c
    ON c.individual_id = f.individual_id AND c.status <> 'closed'
   AND c.unit_id NOT IN (SELECT unit_id FROM own_units)
LEFT JOIN units_unit u ON u.id = c.unit_id
LEFT JOIN units_user w ON w.id = c.caseworker_id
ORDER BY f.rank, p.birth_date, f.individual_id, u.name, c.opened_on
"""  # noqa: S608

# How the person relates to the individual checked; "~" marks a relation seen backwards.
_LABELS = {
    "self": "the person",
    "household": "household member",
    "guardian_of": "child",
    "parent_of": "child",
    "partner_of": "partner",
    "household_member_with": "household member",
    "legal_guardian_of": "person under guardianship",
    "~guardian_of": "guardian",
    "~parent_of": "parent",
    "~partner_of": "partner",
    "~household_member_with": "household member",
    "~legal_guardian_of": "legal guardian or trustee",
}
_CHILD = frozenset({"guardian_of", "parent_of"})


@require_GET
def active_cases_bare(request: HttpRequest, individual_id: int) -> HttpResponse:
    """The family and its open cases at other units, in one query; 404 when out of scope."""
    header = request.headers.get("Authorization", "")
    if not hmac.compare_digest(header.encode(), f"Token {settings.BENCH_TOKEN}".encode()):
        return JsonResponse({"detail": "Authentication credentials were not provided."}, 401)
    viewer = settings.BENCH_VIEWER_ID
    with connection.cursor() as cursor:
        cursor.execute(_CHECK_SQL, [viewer, *_ROLES, individual_id, viewer, timezone.now()])
        rows = cursor.fetchall()
    if not rows:
        raise Http404
    family: dict[int, dict] = {}
    first_relation: dict[int, str] = {}
    active_elsewhere = []
    for (
        person_id, relation, first_name, last_name, birth_date, protected, since,
        unit_id, unit_name, unit_phone, unit_email,
        worker_first, worker_last, worker_phone, worker_email,
    ) in rows:  # fmt: skip
        # A person related in two ways (partner and housemate) is listed once, cases too.
        if first_relation.setdefault(person_id, relation) != relation:
            continue
        member = family.setdefault(
            person_id,
            {
                "id": person_id,
                "name": f"{first_name} {last_name}",
                "birth_date": birth_date,
                "relation": _LABELS[relation],
                "is_child": relation in _CHILD,
                "protected": protected != "none",
            },
        )
        if unit_id is not None:
            active_elsewhere.append(
                {
                    "individual_id": member["id"],
                    "relation": member["relation"],
                    "unit": {"id": unit_id, "name": unit_name, "phone": unit_phone,
                             "email": unit_email},
                    "caseworker": {"name": f"{worker_first} {worker_last}",
                                   "phone": worker_phone, "email": worker_email},
                    "since": since,
                }
            )  # fmt: skip
    people = list(family.values())
    return JsonResponse(
        {
            "individual": people[0],
            "family": people[1:],
            "is_active_elsewhere": bool(active_elsewhere),
            "active_elsewhere": active_elsewhere,
        }
    )
