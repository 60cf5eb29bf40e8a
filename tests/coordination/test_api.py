"""The REST API: token auth, the scope rule (R4), the check (R3), the access log, JSON errors.

The `family` fixture (tests/coordination/conftest.py): a parent without a case, the
parent's child with an open LVU case at BoU (Britt Bou), and a caseworker at Vuxen (Vera).
"""

import datetime
import io
import json
from collections import Counter

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coordination.api.authentication import TokenByOneQuery
from coordination.api.selectors import active_case_check_by_id
from coordination.api.serializers import ActiveCaseCheckSerializer
from coordination.models import (
    AccessAction,
    AccessLogEntry,
    AccessOutcome,
    Case,
    CaseGrant,
    GrantReason,
    Individual,
    ProtectedIdentity,
    Relation,
    RelationKind,
)
from coordination.permissions import individual_visible_to
from coordination.selectors import active_case_check
from coordination.services import (
    access_log_record,
    case_grant,
    case_grant_revoke,
    case_register,
    household_join,
    relation_create,
)
from tests.factories import UserFactory, member, person
from units.models import Membership, Role

pytestmark = pytest.mark.django_db

SECRETS = (
    "BOU-SECRET-4711",
    "Orosanmälan från skolan",
    "lvu",
    "procapita",
    "status",
    "legal_bases",
)


def api_client(user) -> APIClient:
    """A client that authenticates the way an integration does: a token in the header."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def check_url(individual) -> str:
    return f"/api/individuals/{individual.pk}/active-cases/"


def new_rows(user, before: int):
    return AccessLogEntry.objects.filter(user=user, pk__gt=before).order_by("pk")


def last_log_pk() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# Authentication ---------------------------------------------------------------------------


def test_a_token_from_drf_create_token_authenticates(family):
    # given a token created the documented way
    out = io.StringIO()
    call_command("drf_create_token", family.bou_caseworker.username, stdout=out)
    key = out.getvalue().split()[2]
    client = APIClient()

    # when the caseworker calls the API with it
    response = client.get(f"/api/individuals/{family.child.pk}/", HTTP_AUTHORIZATION=f"Token {key}")

    # then they are served
    assert response.status_code == 200
    assert response.json()["id"] == family.child.pk


@pytest.mark.parametrize("header", [None, "Token not-a-real-token", "Bearer abc"])
def test_without_valid_credentials_the_api_answers_401(family, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get(f"/api/individuals/{family.child.pk}/")

    assert response.status_code == 401
    assert "detail" in response.json()
    assert not AccessLogEntry.objects.exists()


def test_the_browser_session_authenticates_too(client, family):
    client.force_login(family.bou_caseworker)

    response = client.get(f"/api/individuals/{family.child.pk}/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/individuals/", "/api/individuals/{child}/", "/api/cases/", "/api/relations/"]
)
def test_the_browsable_api_renders_for_a_browser(client, family, url):
    client.force_login(family.bou_caseworker)

    response = client.get(url.format(child=family.child.pk), headers={"Accept": "text/html"})

    assert response.status_code in {200, 405}
    assert response["Content-Type"].startswith("text/html")


# Scope and access log (R4) ----------------------------------------------------------------


def test_r4_another_units_caseworker_gets_404_and_the_denial_is_logged(family):
    # given the child's case is at BoU
    client = api_client(family.vuxen_caseworker)

    # when Vuxen's caseworker asks for the child
    response = client.get(f"/api/individuals/{family.child.pk}/")

    # then 404, the same as a missing person, and the refusal is in the log
    assert response.status_code == 404
    assert response.json() == {"detail": "Hittades inte."}
    denial = AccessLogEntry.objects.get(user=family.vuxen_caseworker)
    assert denial.outcome == AccessOutcome.DENIED
    assert denial.individual == family.child
    assert denial.action == AccessAction.VIEW


def test_r4_a_missing_individual_answers_like_a_forbidden_one(family):
    client = api_client(family.vuxen_caseworker)

    response = client.get("/api/individuals/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Hittades inte."}
    denial = AccessLogEntry.objects.get(user=family.vuxen_caseworker)
    assert (denial.outcome, denial.individual_id) == (AccessOutcome.DENIED, None)


def test_r4_the_owning_units_caseworker_sees_the_person_and_a_view_row_is_written(family):
    client = api_client(family.bou_caseworker)

    response = client.get(
        f"/api/individuals/{family.child.pk}/", HTTP_X_REQUEST_ID="api-test-request-0001"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["identity_number"] == (
        f"{family.child.identity_number[:8]}-{family.child.identity_number[8:]}"
    )
    assert (body["first_name"], body["last_name"]) == ("Kim", "Förälder")
    assert body["is_verified"] is True
    row = AccessLogEntry.objects.get(user=family.bou_caseworker)
    assert row.action == AccessAction.VIEW
    assert row.outcome == AccessOutcome.GRANTED
    assert row.individual == family.child
    assert row.user_unit == family.bou
    assert row.user_role == Role.CASEWORKER
    assert row.request_id == "api-test-request-0001"
    assert row.path == f"/api/individuals/{family.child.pk}/"


def test_r4_a_protected_persons_address_phone_and_email_are_left_out(family):
    # given a protected person and an unprotected one, both registered by BoU
    contact = {"address": "Storgatan 1", "phone": "070-1234567", "email": "a@example.se"}
    protected = person(
        born="1985",
        protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION,
        registered_by_unit=family.bou,
        **contact,
    )
    plain = person(born="1985", registered_by_unit=family.bou, **contact)
    client = api_client(family.bou_caseworker)

    protected_body = client.get(f"/api/individuals/{protected.pk}/").json()
    plain_body = client.get(f"/api/individuals/{plain.pk}/").json()

    assert not {"address", "phone", "email"} & protected_body.keys()
    assert "Storgatan" not in json.dumps(protected_body)
    assert protected_body["protected_identity"] == ProtectedIdentity.PROTECTED_REGISTRATION
    assert protected_body["is_protected"] is True
    assert {k: plain_body[k] for k in contact} == contact


def test_r4_search_finds_by_number_in_any_form_within_scope_and_logs_each_person(family):
    client = api_client(family.bou_caseworker)
    number = family.child.identity_number
    short = f"{number[2:8]}-{number[8:]}"

    response = client.get("/api/individuals/", {"q": short})

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [family.child.pk]
    row = AccessLogEntry.objects.get(user=family.bou_caseworker)
    assert (row.action, row.individual_id) == (AccessAction.SEARCH, family.child.pk)


def test_r4_search_outside_scope_finds_nothing(family):
    client = api_client(family.vuxen_caseworker)

    response = client.get("/api/individuals/", {"q": "Kim Förälder"})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_r4_the_case_list_holds_only_visible_cases_and_logs_each(family):
    bou = api_client(family.bou_caseworker)
    vuxen = api_client(family.vuxen_caseworker)

    bou_list = bou.get("/api/cases/", {"individual": family.child.pk}).json()
    vuxen_list = vuxen.get("/api/cases/").json()

    assert [c["id"] for c in bou_list["results"]] == [family.child_case.pk]
    assert vuxen_list["count"] == 0
    row = AccessLogEntry.objects.get(user=family.bou_caseworker)
    assert (row.action, row.case_id) == (AccessAction.LIST, family.child_case.pk)


def test_r4_a_case_of_another_unit_answers_404_and_the_denial_names_the_case(family):
    client = api_client(family.vuxen_caseworker)

    response = client.get(f"/api/cases/{family.child_case.pk}/")

    assert response.status_code == 404
    assert "BOU-SECRET-4711" not in response.content.decode()
    denial = AccessLogEntry.objects.get(user=family.vuxen_caseworker)
    assert (denial.outcome, denial.case_id, denial.individual_id) == (
        AccessOutcome.DENIED,
        family.child_case.pk,
        family.child.pk,
    )


def test_r4_the_owning_unit_reads_the_case_contents(family):
    client = api_client(family.bou_caseworker)

    body = client.get(f"/api/cases/{family.child_case.pk}/").json()

    assert body["external_reference"] == "BOU-SECRET-4711"
    assert body["legal_bases"] == ["lvu"]
    assert body["unit"]["id"] == family.bou.pk
    row = AccessLogEntry.objects.get(user=family.bou_caseworker)
    assert (row.action, row.case_id) == (AccessAction.VIEW, family.child_case.pk)


# The active-case check (R3, R4) -----------------------------------------------------------


def in_vuxen_scope(family) -> None:
    """Vuxen registered the parent (e.g. on an application), so the parent is in its scope."""
    family.parent.registered_by_unit = family.vuxen
    family.parent.save()


def test_r3_r4_the_check_names_bou_and_its_caseworker_and_nothing_of_the_case(family):
    # given the Vuxen caseworker has registered the parent, whose child is at BoU
    in_vuxen_scope(family)
    client = api_client(family.vuxen_caseworker)

    # when they run the check for the parent
    response = client.get(check_url(family.parent))

    # then BoU, its caseworker and the date are shown, for the child
    assert response.status_code == 200
    body = response.json()
    assert body.keys() == {"individual", "is_active_elsewhere", "family", "active_elsewhere"}
    assert body["is_active_elsewhere"] is True
    [entry] = body["active_elsewhere"]
    assert entry.keys() == {"member", "unit", "caseworker", "since"}  # R4: nothing else
    assert entry["unit"] == {
        "id": family.bou.pk,
        "name": family.bou.name,
        "kind": family.bou.kind,
    }
    assert entry["caseworker"] == {
        "name": "Britt Bou",
        "phone": "0173-111 11",
        "email": family.bou_caseworker.email,
    }
    assert entry["member"] == {"id": family.child.pk, "name": "Kim Förälder", "relation": "barn"}
    assert entry["since"] == family.child_case.opened_on.isoformat()
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text
    # and one CHECK row per person shown: the parent and the child
    rows = AccessLogEntry.objects.filter(user=family.vuxen_caseworker)
    assert sorted(rows.values_list("individual_id", flat=True)) == sorted(
        [family.parent.pk, family.child.pk]
    )
    assert set(rows.values_list("action", flat=True)) == {AccessAction.CHECK}


@pytest.mark.parametrize(
    "who",
    ["controller", "no membership", "department head", "caseworker out of scope"],
    ids=lambda w: w,
)
def test_r3_the_check_needs_the_person_in_scope_and_a_refusal_is_logged(family, who):
    # An id is no way to learn about a stranger's family: out of scope answers 404 (R4).
    user = {
        "controller": lambda: member(Role.CONTROLLER, organisation=family.organisation),
        "no membership": UserFactory,
        "department head": lambda: member(Role.DEPARTMENT_HEAD, department=family.bou.department),
        "caseworker out of scope": lambda: family.vuxen_caseworker,
    }[who]()
    client = api_client(user)

    response = client.get(check_url(family.parent))

    assert response.status_code == 404
    denial = AccessLogEntry.objects.get(user=user)
    assert (denial.action, denial.outcome, denial.individual_id) == (
        AccessAction.CHECK,
        AccessOutcome.DENIED,
        family.parent.pk,
    )


def _family_situations(family):
    """Different shapes: relations both ways, a household, a second unit, a closed case."""
    partner = person(born="1971", first_name="Pat")
    household_join(actor=family.vuxen_caseworker, individuals=[family.parent, partner])
    relation_create(
        actor=family.vuxen_caseworker,
        from_individual=family.parent,
        to_individual=partner,
        kind=RelationKind.PARTNER_OF,
    )
    case_register(actor=family.vuxen_caseworker, individual=partner, unit=family.vuxen)
    other = family.organisation.units.get(code="socialpsykiatri")
    closed = case_register(
        actor=member(Role.CASEWORKER, unit=other), individual=family.parent, unit=other
    )
    closed.status = "closed"
    closed.save()
    return [family.parent, family.child, partner]


@pytest.mark.parametrize("viewer", ["vuxen_caseworker", "bou_caseworker"])
def test_r3_the_apis_check_answers_exactly_what_the_selector_answers(family, viewer):
    # given a family of several shapes
    people = _family_situations(family)
    user = getattr(family, viewer)

    visible = set(individual_visible_to(user).values_list("pk", flat=True))
    for individual in people:
        # when both implementations run the check
        actual = active_case_check_by_id(user=user, individual_id=individual.pk)
        if individual.pk not in visible:
            assert actual is None
            continue
        expected = active_case_check(individual=individual, viewer=user)

        # then they agree on the person, the family and every case elsewhere
        assert actual.individual == expected.individual
        assert actual.family == expected.family
        assert actual.active_elsewhere == expected.active_elsewhere


@pytest.mark.parametrize("size", [2, 12])
def test_r3_the_check_costs_at_most_six_queries_whatever_the_family_size(
    family, size, django_assert_max_num_queries
):
    """The whole request with token auth, at most six (issue 3, item 9); it takes four: the
    token and its user; the check (scope, person, relations, household and open cases at
    other units, one statement, prepared once per connection on PostgreSQL); the caller's
    memberships for the log; the log rows, one insert."""
    # given a parent, a partner and children living together, every child active at BoU
    members = [person(born="1971", first_name="Pat")] if size > 2 else []
    children = [person(born="2016") for _ in range(size - 1 - len(members))]
    for child in children:
        relation_create(
            actor=family.bou_caseworker,
            from_individual=family.parent,
            to_individual=child,
            kind=RelationKind.GUARDIAN_OF,
        )
        case_register(actor=family.bou_caseworker, individual=child, unit=family.bou)
    household_join(actor=family.vuxen_caseworker, individuals=[family.parent, *members, *children])
    in_vuxen_scope(family)
    client = api_client(family.vuxen_caseworker)

    # when the Vuxen caseworker runs the check for the parent
    with django_assert_max_num_queries(6):
        response = client.get(check_url(family.parent))

    # then everyone is covered: the child of the fixture and the new members
    body = response.json()
    assert len(body["family"]) == size
    assert len(body["active_elsewhere"]) == len(children) + 1


def _scope_situations(family):
    """People in and out of scope of several viewers: by case, by grant (live, expired,
    revoked, another permission), by registering unit, and strangers."""
    people = _family_situations(family)
    now = timezone.now()
    socialpsykiatri = family.organisation.units.get(code="socialpsykiatri")
    viewers = {
        "vuxen": family.vuxen_caseworker,
        "bou": family.bou_caseworker,
        "granted": member(Role.CASEWORKER, unit=socialpsykiatri),
        "controller": member(Role.CONTROLLER, organisation=family.organisation),
        "no membership": UserFactory(),
        "two units": member(Role.COORDINATOR, unit=socialpsykiatri),
    }
    Membership.objects.create(
        user=viewers["two units"],
        organisation=family.organisation,
        department=family.vuxen.department,
        unit=family.vuxen,
        role=Role.UNIT_MANAGER,
    )
    # A stranger registered by Vuxen, with a case at BoU: in Vuxen's scope, not in BoU's.
    stranger = person(born="1980", first_name="Sam", registered_by_unit=family.vuxen)
    case_register(actor=family.bou_caseworker, individual=stranger, unit=family.bou)
    outsider = person(born="1990", first_name="Ola")  # registered by nobody, no case
    # Grants to the controller and to the Socialpsykiatri caseworker, in four states.
    live = person(born="1975", first_name="Lova")
    expired = person(born="1976", first_name="Eja")
    revoked = person(born="1977", first_name="Rolf")
    other_permission = person(born="1978", first_name="Per")
    for individual in (live, expired, revoked, other_permission):
        case = case_register(actor=family.bou_caseworker, individual=individual, unit=family.bou)
        relation_create(
            actor=family.bou_caseworker,
            from_individual=individual,
            to_individual=family.child,
            kind=RelationKind.PARENT_OF,
        )
        for viewer in (viewers["granted"], viewers["controller"]):
            grant = case_grant(
                actor=family.bou_caseworker,
                case=case,
                user=viewer,
                reason=GrantReason.CO_CASEWORKER,
                valid_until=now + datetime.timedelta(days=1),
            )
            if individual is expired:
                CaseGrant.objects.filter(pk=grant.pk).update(
                    valid_until=now - datetime.timedelta(minutes=1)
                )
            elif individual is revoked:
                case_grant_revoke(actor=family.bou_caseworker, grant=grant)
            elif individual is other_permission:
                CaseGrant.objects.filter(pk=grant.pk).update(
                    permission=Permission.objects.get(codename="change_case")
                )
    # A grant without an end on the child's case, for the Socialpsykiatri caseworker.
    case_grant(
        actor=family.bou_caseworker,
        case=family.child_case,
        user=viewers["granted"],
        reason=GrantReason.CO_CASEWORKER,
    )
    everyone = [*people, stranger, outsider, live, expired, revoked, other_permission]
    return viewers, everyone


def assert_same_order_up_to_ties(actual: list, expected: list, *, key) -> None:
    """The same items in the same order, except among items of equal sort key: the
    selector's ORM query leaves their order to the database, the SQL check orders them by
    id (case id, relation id)."""
    assert Counter(actual) == Counter(expected)
    assert [key(item) for item in actual] == [key(item) for item in expected]


def test_r3_r4_the_sql_check_agrees_with_the_selector_for_every_viewer_and_person(family):
    # given viewers whose scope comes from cases, grants in every state and registrations
    viewers, everyone = _scope_situations(family)
    missing = max(p.pk for p in everyone) + 1000
    checked = 0

    for name, user in viewers.items():
        visible = set(individual_visible_to(user).values_list("pk", flat=True))
        for individual in everyone:
            # when the API's check runs for each person
            actual = active_case_check_by_id(user=user, individual_id=individual.pk)

            # then it answers exactly for those in scope (R4) ...
            assert (actual is not None) == (individual.pk in visible), (name, individual)
            if actual is None:
                continue
            checked += 1
            # ... and what the ORM selector answers, field for field
            expected = active_case_check(individual=individual, viewer=user)
            assert actual.individual == expected.individual
            assert_same_order_up_to_ties(
                actual.family,
                expected.family,
                key=lambda m: (not m.is_child, m.individual.birth_date),
            )
            assert_same_order_up_to_ties(
                actual.active_elsewhere,
                expected.active_elsewhere,
                key=lambda e: (e.unit.name, e.since),
            )
            by_case = {e.case_id: e for e in expected.active_elsewhere}
            for got in actual.active_elsewhere:
                want = by_case[got.case_id]
                assert (got.unit.name, got.unit.kind, got.unit.short_name) == (
                    want.unit.name,
                    want.unit.kind,
                    want.unit.short_name,
                )
                assert (str(got.caseworker), got.caseworker.phone, got.caseworker.email) == (
                    str(want.caseworker),
                    want.caseworker.phone,
                    want.caseworker.email,
                )
            by_person = {m.individual.pk: m for m in expected.family}
            for got in actual.family:
                want = by_person[got.individual.pk]
                assert got.individual.full_name == want.individual.full_name
                assert got.individual.birth_date == want.individual.birth_date
        assert active_case_check_by_id(user=user, individual_id=missing) is None
    # the situations cover both answers: several people in scope, and several not
    assert 10 < checked < len(viewers) * len(everyone)


def test_r4_grants_open_the_check_only_while_live_and_for_the_right_permission(family):
    viewers, everyone = _scope_situations(family)
    by_name = {p.first_name: p for p in everyone}

    def allowed(user):
        return {
            name
            for name in ("Lova", "Eja", "Rolf", "Per", "Sam", "Ola")
            if active_case_check_by_id(user=user, individual_id=by_name[name].pk)
        }

    # a live grant opens the person; expired, revoked and another permission do not
    assert allowed(viewers["controller"]) == {"Lova"}
    assert allowed(viewers["granted"]) == {"Lova"}
    # registered by Vuxen opens Sam to Vuxen only; BoU sees the people of its own cases
    assert allowed(viewers["vuxen"]) == {"Sam"}
    assert allowed(viewers["bou"]) == {"Lova", "Eja", "Rolf", "Per", "Sam"}
    assert allowed(viewers["no membership"]) == set()


def test_r3_the_lean_check_serializer_writes_what_drf_writes(family):
    viewers, everyone = _scope_situations(family)
    serializer = ActiveCaseCheckSerializer()
    shown = 0
    for user in viewers.values():
        for individual in everyone:
            check = active_case_check_by_id(user=user, individual_id=individual.pk)
            if check is None:
                continue
            shown += len(check.active_elsewhere)
            assert serializer.to_representation(check) == serializer.field_by_field(check)
    assert shown > 5


def test_r3_the_check_writes_one_complete_log_row_per_person_shown(family):
    # given a coordinator at two units (the first membership is at Socialpsykiatri)
    viewers, everyone = _scope_situations(family)
    user = viewers["two units"]
    outsider = next(p for p in everyone if p.first_name == "Ola")
    in_scope = person(born="1985", registered_by_unit=family.vuxen)
    client = api_client(user)
    before = last_log_pk()

    # when the check runs with a request id from the proxy
    response = client.get(check_url(outsider), HTTP_X_REQUEST_ID="api-check-request-01")
    assert response.status_code == 404  # nobody registered Ola and Ola has no case
    response = client.get(check_url(in_scope), HTTP_X_REQUEST_ID="api-check-request-02")

    # then the denial and the person shown are each one row with every column filled
    assert response.status_code == 200
    first = Membership.objects.filter(user=user).order_by("pk").first()
    rows = list(new_rows(user, before))
    assert [
        (
            r.individual_id,
            r.action,
            r.outcome,
            r.organisation_id,
            r.user_unit_id,
            r.user_role,
            r.path,
            r.request_id,
        )
        for r in rows
    ] == [
        (
            outsider.pk,
            AccessAction.CHECK,
            AccessOutcome.DENIED,
            first.organisation_id,
            first.unit_id,
            first.role,
            check_url(outsider),
            "api-check-request-01",
        ),
        (
            in_scope.pk,
            AccessAction.CHECK,
            AccessOutcome.GRANTED,
            first.organisation_id,
            first.unit_id,
            first.role,
            check_url(in_scope),
            "api-check-request-02",
        ),
    ]
    assert all(r.at is not None and r.case_id is None for r in rows)


def test_the_access_log_writes_more_rows_than_one_statement_carries(family, rf):
    # given more people than SQLite takes in one INSERT (999 parameters, 11 per row)
    people = Individual.objects.bulk_create(
        Individual(first_name="Many", last_name=str(n), birth_date="1970-01-01") for n in range(120)
    )
    ids = list(Individual.objects.filter(first_name="Many").values_list("pk", flat=True))
    assert len(ids) == len(people)
    request = rf.get("/api/individuals/")
    request.user = family.vuxen_caseworker
    request.request_id = "many-rows-request"

    # when they are logged as one list
    written = access_log_record(request=request, action=AccessAction.LIST, individual_ids=ids)

    # then every one is written once
    assert written == len(ids)
    rows = AccessLogEntry.objects.filter(request_id="many-rows-request")
    assert sorted(rows.values_list("individual_id", flat=True)) == sorted(ids)


@pytest.mark.parametrize(
    "header", [None, "Token not-a-real-token", "Bearer abc", "Token", "Token a b"]
)
def test_the_checks_token_authentication_refuses_like_drfs(family, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get(check_url(family.child))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "detail" in response.json()
    assert not AccessLogEntry.objects.exists()


def test_the_checks_token_authentication_reads_the_user_as_drf_does(family, rf):
    user = family.bou_caseworker
    user.last_login = timezone.now()
    user.save()
    token, _ = Token.objects.get_or_create(user=user)

    ours = TokenByOneQuery().authenticate_credentials(token.key)
    drfs = TokenAuthentication().authenticate_credentials(token.key)

    for ours_object, drfs_object in zip(ours, drfs, strict=True):
        assert type(ours_object) is type(drfs_object)
        for field in type(drfs_object)._meta.concrete_fields:
            assert getattr(ours_object, field.attname) == getattr(drfs_object, field.attname)
    assert ours[1].user is ours[0]
    assert timezone.is_aware(ours[0].last_login)


def test_the_check_refuses_the_token_of_an_inactive_user(family):
    client = api_client(family.bou_caseworker)
    family.bou_caseworker.is_active = False
    family.bou_caseworker.save()

    response = client.get(check_url(family.child))

    assert response.status_code == 401
    assert not AccessLogEntry.objects.exists()


def test_the_check_answers_a_browser_session_too(client, family):
    client.force_login(family.bou_caseworker)

    response = client.get(check_url(family.child), HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json()["individual"]["id"] == family.child.pk


def test_r3_a_new_case_returns_the_check_with_it(family):
    # given the parent is not yet in Vuxen's scope
    client = api_client(family.vuxen_caseworker)

    # when Vuxen registers a case by the parent's number (short form)
    number = family.parent.identity_number
    response = client.post(
        "/api/cases/",
        {
            "identity_number": f"{number[2:8]}-{number[8:]}",
            "legal_bases": ["sol", "lvm", "sol"],
            "external_system": "viva",
            "external_reference": "VUX-1",
        },
        format="json",
    )

    # then the case is registered for the parent at Vuxen, with BoU shown in the check
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get(unit=family.vuxen)
    assert case.individual == family.parent
    assert case.legal_bases == ["sol", "lvm"]
    assert body["case"]["id"] == case.pk
    assert response["Location"] == body["case"]["url"]
    [entry] = body["active_case_check"]["active_elsewhere"]
    assert entry["unit"]["id"] == family.bou.pk
    assert "BOU-SECRET-4711" not in response.content.decode()
    actions = set(
        AccessLogEntry.objects.filter(user=family.vuxen_caseworker).values_list("action", flat=True)
    )
    assert actions == {AccessAction.VIEW, AccessAction.CHECK}


def test_r3_a_new_number_registers_the_person_with_the_case(family):
    client = api_client(family.vuxen_caseworker)
    number = person(born="1961").identity_number
    Individual.objects.filter(identity_number=number).delete()

    missing_names = client.post("/api/cases/", {"identity_number": number}, format="json")
    response = client.post(
        "/api/cases/",
        {"identity_number": number, "first_name": "Ny", "last_name": "Person"},
        format="json",
    )

    assert missing_names.status_code == 400
    assert "first_name" in missing_names.json()
    assert response.status_code == 201
    individual = Individual.objects.get(identity_number=number)
    assert individual.registered_by_unit == family.vuxen
    assert individual.history.latest().history_user == family.vuxen_caseworker


def test_a_second_open_case_at_the_same_unit_is_refused_as_400(family):
    client = api_client(family.bou_caseworker)

    response = client.post("/api/cases/", {"individual": family.child.pk}, format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert Case.objects.filter(unit=family.bou).count() == 1


def test_r4_a_case_for_an_individual_id_out_of_scope_is_refused_and_logged(family):
    client = api_client(family.vuxen_caseworker)

    response = client.post("/api/cases/", {"individual": family.child.pk}, format="json")

    assert response.status_code == 400
    assert "individual" in response.json()
    assert not Case.objects.filter(unit=family.vuxen).exists()
    denial = AccessLogEntry.objects.get(user=family.vuxen_caseworker)
    assert (denial.outcome, denial.individual_id) == (AccessOutcome.DENIED, family.child.pk)


# Registering individuals and relations ----------------------------------------------------


def test_an_individual_is_registered_at_the_callers_unit(family):
    client = api_client(family.vuxen_caseworker)
    number = person(born="1985").identity_number
    Individual.objects.filter(identity_number=number).delete()

    response = client.post(
        "/api/individuals/",
        {"identity_number": number, "first_name": "Ada", "last_name": "Api"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    individual = Individual.objects.get(identity_number=number)
    assert individual.registered_by_unit == family.vuxen
    assert response.json()["url"].endswith(f"/api/individuals/{individual.pk}/")
    assert individual.history.latest().history_user == family.vuxen_caseworker


def test_a_caseworker_of_several_units_names_the_unit(family):
    # given a caseworker at both BoU and Vuxen
    user = member(Role.CASEWORKER, unit=family.bou)
    member(Role.CASEWORKER, unit=family.vuxen, username=user.username)
    client = api_client(user)
    data = {"first_name": "Utan", "last_name": "Nummer", "birth_date": "2001-02-03"}

    without_unit = client.post("/api/individuals/", data, format="json")
    foreign_unit = client.post(
        "/api/individuals/",
        {**data, "unit": family.organisation.units.get(code="socialpsykiatri").pk},
        format="json",
    )
    with_unit = client.post("/api/individuals/", {**data, "unit": family.vuxen.pk}, format="json")

    assert without_unit.status_code == 400
    assert "unit" in without_unit.json()
    assert foreign_unit.status_code == 400
    assert "unit" in foreign_unit.json()
    assert with_unit.status_code == 201
    assert with_unit.json()["is_verified"] is False
    assert Individual.objects.get(pk=with_unit.json()["id"]).registered_by_unit == family.vuxen


def test_r4_a_duplicate_number_links_the_existing_person_only_within_scope(family):
    number = family.child.identity_number
    data = {"identity_number": number, "first_name": "Kim", "last_name": "Förälder"}

    # when BoU (who sees the child) and Vuxen (who does not) register the number again
    seen = api_client(family.bou_caseworker).post("/api/individuals/", data, format="json")
    unseen = api_client(family.vuxen_caseworker).post("/api/individuals/", data, format="json")

    # then both get 400 naming the field; only BoU is told who it is
    assert seen.status_code == unseen.status_code == 400
    assert seen.json()["identity_number"] == [
        "En person med det här personnumret är redan registrerad."
    ]
    assert seen.json()["existing"]["id"] == family.child.pk
    assert seen.json()["existing"]["url"].endswith(f"/api/individuals/{family.child.pk}/")
    assert unseen.json().keys() == {"identity_number"}
    assert str(family.child.pk) not in unseen.content.decode()
    denial = AccessLogEntry.objects.get(user=family.vuxen_caseworker)
    assert denial.outcome == AccessOutcome.DENIED


def test_r4_no_unit_role_no_registration(family):
    controller = member(Role.CONTROLLER, organisation=family.organisation)

    response = api_client(controller).post(
        "/api/individuals/",
        {"first_name": "A", "last_name": "B", "birth_date": "2000-01-01"},
        format="json",
    )

    assert response.status_code == 403
    assert not Individual.objects.filter(first_name="A").exists()


def test_r3_a_relation_links_two_people_in_scope(family):
    partner = person(born="1971", registered_by_unit=family.bou)
    client = api_client(family.bou_caseworker)

    response = client.post(
        "/api/relations/",
        {"from_individual": partner.pk, "to_individual": family.child.pk, "kind": "guardian_of"},
        format="json",
    )

    assert response.status_code == 201
    relation = Relation.objects.get(pk=response.json()["id"])
    assert (relation.from_individual, relation.kind) == (partner, RelationKind.GUARDIAN_OF)
    assert relation.created_by == family.bou_caseworker


def test_r4_a_relation_to_someone_out_of_scope_is_refused_and_logged(family):
    own = person(born="1971", registered_by_unit=family.vuxen)
    client = api_client(family.vuxen_caseworker)

    response = client.post(
        "/api/relations/",
        {"from_individual": own.pk, "to_individual": family.child.pk, "kind": "guardian_of"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json().keys() == {"to_individual"}
    assert not Relation.objects.filter(from_individual=own).exists()
    denial = AccessLogEntry.objects.get(user=family.vuxen_caseworker)
    assert (denial.outcome, denial.individual_id) == (AccessOutcome.DENIED, family.child.pk)


# Errors are JSON, name the field, and are never a 500 ------------------------------------


BAD_POSTS = [
    ("/api/individuals/", {"first_name": {"a": 1}, "last_name": "X"}, "first_name"),
    (
        "/api/individuals/",
        {"first_name": "A", "last_name": "B", "birth_date": "31/12"},
        "birth_date",
    ),
    ("/api/individuals/", {"first_name": "A", "last_name": "B"}, "birth_date"),
    ("/api/individuals/", {"first_name": "A", "last_name": "B", "unit": "bou"}, "unit"),
    ("/api/individuals/", {"identity_number": 191212121212, "first_name": "A"}, "last_name"),
    (
        "/api/individuals/",
        {"first_name": "A", "last_name": "B", "protected_identity": "secret"},
        "protected_identity",
    ),
    ("/api/cases/", {"individual": "abc"}, "individual"),
    ("/api/cases/", {}, "individual"),
    ("/api/cases/", {"individual": 1, "identity_number": "191212121212"}, "individual"),
    ("/api/cases/", {"identity_number": "19121212-1212", "legal_bases": "sol"}, "legal_bases"),
    ("/api/cases/", {"identity_number": "19121212-1212", "legal_bases": ["sfb"]}, "legal_bases"),
    (
        "/api/cases/",
        {"identity_number": "19121212-1212", "external_reference": "X-1"},
        "external_system",
    ),
    ("/api/cases/", {"identity_number": "19121212-1212", "unit": 10**30}, "unit"),
    ("/api/cases/", {"individual": 999999}, "individual"),
    ("/api/relations/", {"from_individual": 1, "to_individual": 2, "kind": "x"}, "kind"),
    (
        "/api/relations/",
        {"from_individual": "a", "to_individual": 2, "kind": "x"},
        "from_individual",
    ),
    (
        "/api/relations/",
        {"from_individual": 999998, "to_individual": 999999, "kind": "partner_of"},
        "from_individual",
    ),
    ("/api/relations/", [1, 2], "non_field_errors"),
]


@pytest.mark.parametrize(("url", "data", "field"), BAD_POSTS)
def test_bad_input_is_a_400_naming_the_field(family, url, data, field):
    client = api_client(family.vuxen_caseworker)

    response = client.post(url, data, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("19121212-1213", "Kontrollsiffran stämmer inte: kontrollera de fyra sista siffrorna."),
        ("121212", "Ett personnummer har 10 eller 12 siffror."),
        ("19121312-1212", None),
    ],
)
def test_an_invalid_identity_number_gets_its_specific_swedish_message(family, number, message):
    client = api_client(family.vuxen_caseworker)

    response = client.post(
        "/api/individuals/",
        {"identity_number": number, "first_name": "A", "last_name": "B"},
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()["identity_number"]
    assert len(errors) == 1
    if message:
        assert errors == [message]


def test_a_post_to_an_unknown_api_path_is_a_json_404(family):
    response = api_client(family.vuxen_caseworker).post("/api/nowhere/", {}, format="json")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_body_that_is_not_json_is_a_400(family):
    client = api_client(family.vuxen_caseworker)

    response = client.post("/api/individuals/", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/cases/?individual=abc", 400, "individual"),
        ("/api/cases/?individual=-1", 400, "individual"),
        ("/api/individuals/?q=" + "x" * 200, 400, "q"),
        ("/api/individuals/?limit=abc&offset=-5", 200, None),
        ("/api/individuals/abc/", 404, "detail"),
        ("/api/individuals/99999999999999999999999/", 404, "detail"),
        ("/api/cases/999999/", 404, "detail"),
        ("/api/individuals/999999/active-cases/", 404, "detail"),
        ("/api/nowhere/", 404, "detail"),
    ],
)
def test_bad_urls_and_parameters_answer_json_never_500(family, url, status, field):
    client = api_client(family.vuxen_caseworker)

    response = client.get(url)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    if field:
        assert field in response.json()


# Query counts of the lists ----------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_the_lists_cost_the_same_for_1_and_30_rows(family, rows, django_assert_max_num_queries):
    """Token, count, page, memberships for the log, log insert: five queries per list."""
    for _ in range(rows):
        individual = person(born="1985", registered_by_unit=family.vuxen)
        case_register(actor=family.vuxen_caseworker, individual=individual, unit=family.vuxen)
    client = api_client(family.vuxen_caseworker)

    with django_assert_max_num_queries(5):
        cases = client.get("/api/cases/")
    with django_assert_max_num_queries(5):
        people = client.get("/api/individuals/")
    with django_assert_max_num_queries(4):
        found = client.get("/api/individuals/", {"q": "Person"})

    assert cases.json()["count"] == rows
    assert people.json()["count"] == rows
    assert found.json()["count"] == rows
    assert AccessLogEntry.objects.filter(action=AccessAction.SEARCH).count() == rows


# The schema and its documentation ---------------------------------------------------------


def test_the_schema_is_valid_openapi(family):
    client = api_client(family.vuxen_caseworker)

    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert "/api/individuals/{id}/active-cases/" in schema["paths"]
    assert "/api/cases/" in schema["paths"]


def test_the_schema_needs_sign_in():
    assert APIClient().get("/api/schema/").status_code in {401, 403}


def test_the_docs_page_lists_the_endpoints_without_loading_anything_from_outside(client, family):
    client.force_login(family.vuxen_caseworker)

    response = client.get("/api/docs/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "/api/individuals/{id}/active-cases/" in page
    assert "drf_create_token" in page
    assert "cdn" not in page.lower()
    assert '<script src="http' not in page
