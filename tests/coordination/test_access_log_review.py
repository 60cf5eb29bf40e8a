"""The log review (issue 3, item 6): who reads which part of the log, filters, the sample,
the recorded review, and the log's append-only guarantee down to the database."""

import datetime
import itertools
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest
from django.test import RequestFactory
from django.urls import reverse

from coordination.models import (
    AccessAction,
    AccessLogEntry,
    AccessLogReview,
    AccessOutcome,
    Individual,
    ReviewResult,
)
from coordination.selectors_access_log import access_log_visible_to
from coordination.services import (
    access_log_cases,
    access_log_denied,
    access_log_record,
    case_register,
    individual_create,
)
from coordination.services.access_log_review import access_log_review_record
from tests.factories import OrganisationFactory, UnitFactory, member
from units.models import Role, Unit, User

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LIST_URL = reverse("access_log:list")
SAMPLE_URL = reverse("access_log:sample")
REVIEWS_URL = reverse("access_log:review_list")
# Skatteverket's test numbers (tests/data/personnummer/).
PIN = "197001239297"
OTHER_PIN = "191212121212"
_request_ids = itertools.count(1)


def local(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


def request_for(user: User, path: str = "/individuals/") -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = user
    request.request_id = f"test-request-{next(_request_ids):04d}"
    return request


def log_read(
    user: User,
    individual: Individual,
    *,
    at: datetime.datetime,
    outcome: AccessOutcome = AccessOutcome.GRANTED,
) -> AccessLogEntry:
    """A read of the individual's data by the user at the given time, through the service."""
    with time_machine.travel(at, tick=False):
        if outcome == AccessOutcome.DENIED:
            access_log_denied(
                request=request_for(user), action=AccessAction.VIEW, individual_id=individual.pk
            )
        else:
            access_log_record(
                request=request_for(user),
                action=AccessAction.VIEW,
                individual_ids=[individual.pk],
            )
    return AccessLogEntry.objects.filter(user=user).order_by("-pk").first()


def shown(response) -> list[AccessLogEntry]:
    return list(response.context["page"].object_list)


@pytest.fixture
def org():
    """One organisation, two units, a caseworker at each, the people of the log."""
    organisation = OrganisationFactory()
    unit_a = UnitFactory(department__organisation=organisation, name="Barn och unga")
    unit_b = UnitFactory(department=unit_a.department, name="Vuxen")

    data = SimpleNamespace()
    data.organisation = organisation
    data.unit_a, data.unit_b = unit_a, unit_b
    data.caseworker_a = member(Role.CASEWORKER, unit=unit_a, username="handlaggare-a")
    data.caseworker_b = member(Role.CASEWORKER, unit=unit_b, username="handlaggare-b")
    data.manager_a = member(Role.UNIT_MANAGER, unit=unit_a, username="chef-a")
    data.controller = member(Role.CONTROLLER, organisation=organisation, username="controller")
    data.person = individual_create(
        first_name="Tolvan", last_name="Tolvansson", identity_number=PIN
    )
    data.other_person = individual_create(
        first_name="Annan", last_name="Person", identity_number=OTHER_PIN
    )
    return data


# --- who sees what -------------------------------------------------------------------------


def test_unit_manager_sees_only_the_entries_of_their_units(client, org):
    # given
    own = log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 9))
    log_read(org.caseworker_b, org.person, at=local(2025, 3, 10, 10))
    client.force_login(org.manager_a)

    # when
    response = client.get(LIST_URL)

    # then
    assert response.status_code == 200
    assert shown(response) == [own]


def test_controller_sees_every_entry_of_their_organisation(client, org):
    # given
    entries = [
        log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 9)),
        log_read(org.caseworker_b, org.other_person, at=local(2025, 3, 10, 10)),
    ]
    client.force_login(org.controller)

    # when
    response = client.get(LIST_URL)

    # then
    assert response.status_code == 200
    assert shown(response) == entries[::-1]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.COORDINATOR, Role.DEPUTY_UNIT_MANAGER])
@pytest.mark.parametrize("url", [LIST_URL, SAMPLE_URL, REVIEWS_URL])
def test_other_roles_get_404(client, org, role, url):
    # given
    log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 9))
    client.force_login(member(role, unit=org.unit_a))

    # when
    response = client.get(url)

    # then
    assert response.status_code == 404


def test_department_head_and_administrator_get_404(client, org):
    # given
    head = member(Role.DEPARTMENT_HEAD, department=org.unit_a.department)
    administrator = member(Role.ADMINISTRATOR, organisation=org.organisation)

    for user in (head, administrator):
        client.force_login(user)

        # when
        response = client.get(LIST_URL)

        # then
        assert response.status_code == 404


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_another_organisations_controller_sees_none(client, org):
    # given
    log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 9))
    stranger = member(Role.CONTROLLER, organisation=OrganisationFactory())
    client.force_login(stranger)

    # when
    response = client.get(LIST_URL)

    # then
    assert response.status_code == 200
    assert shown(response) == []
    assert list(access_log_visible_to(stranger).exclude(user=stranger)) == []


def test_an_inactive_membership_no_longer_opens_the_log(client, org):
    # given
    org.manager_a.memberships.update(is_active=False)
    client.force_login(org.manager_a)

    # when
    response = client.get(LIST_URL)

    # then
    assert response.status_code == 404
    assert not access_log_visible_to(org.manager_a).exists()


def test_unit_filter_offers_only_the_units_the_viewer_may_see(client, org):
    # given
    UnitFactory(name="Annan kommuns enhet")
    client.force_login(org.manager_a)

    # when
    response = client.get(LIST_URL)

    # then
    assert list(response.context["form"].fields["unit"].queryset) == [org.unit_a]


def test_unit_manager_cannot_filter_on_a_unit_outside_their_scope(client, org):
    # given
    log_read(org.caseworker_b, org.person, at=local(2025, 3, 10, 9))
    client.force_login(org.manager_a)

    # when
    response = client.get(LIST_URL, {"unit": org.unit_b.pk})

    # then
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert response.context["page"] is None


# --- filters -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["700123-9297", "7001239297", "19700123-9297", PIN, "id"])
def test_filter_by_individual_takes_the_number_in_any_form_or_the_id(client, org, typed):
    # given
    wanted = log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 9))
    log_read(org.caseworker_a, org.other_person, at=local(2025, 3, 10, 10))
    client.force_login(org.controller)
    typed = str(org.person.pk) if typed == "id" else typed

    # when
    response = client.get(LIST_URL, {"individual": typed})

    # then
    assert response.status_code == 200
    assert shown(response) == [wanted]


def test_filter_by_individual_with_a_wrong_check_digit_says_so_and_keeps_the_input(client, org):
    # given
    client.force_login(org.controller)

    # when
    response = client.get(LIST_URL, {"individual": "700123-9298"})

    # then
    assert response.status_code == 400
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["individual"]] == ["checksum"]
    assert form["individual"].value() == "700123-9298"
    assert 'value="700123-9298"' in response.content.decode()


def test_filter_by_user_and_by_unit(client, org):
    # given
    by_a = log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 9))
    by_b = log_read(org.caseworker_b, org.person, at=local(2025, 3, 10, 10))
    client.force_login(org.controller)

    # when
    by_user = client.get(LIST_URL, {"username": "HANDLAGGARE-B"})
    by_unit = client.get(LIST_URL, {"unit": org.unit_a.pk})

    # then
    assert shown(by_user) == [by_b]
    assert shown(by_unit) == [by_a]


def test_r9_date_range_is_inclusive_in_swedish_local_days(client, org):
    # given: 23:30 and 00:30 around two Stockholm midnights (UTC is one hour behind in March)
    log_read(org.caseworker_a, org.person, at=local(2025, 3, 9, 23, 30))
    first = log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 0, 30))
    last = log_read(org.caseworker_a, org.person, at=local(2025, 3, 11, 23, 30))
    log_read(org.caseworker_a, org.person, at=local(2025, 3, 12, 0, 30))
    client.force_login(org.controller)

    # when
    response = client.get(LIST_URL, {"date_from": "2025-03-10", "date_to": "2025-03-11"})

    # then
    assert shown(response) == [last, first]


def test_invalid_date_shows_an_error_and_keeps_what_was_typed(client, org):
    # given
    client.force_login(org.controller)

    # when
    response = client.get(LIST_URL, {"date_from": "2025-02-30", "username": "chef-a"})

    # then
    assert response.status_code == 400
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["date_from"]] == ["invalid"]
    page = response.content.decode()
    assert 'value="2025-02-30"' in page
    assert 'value="chef-a"' in page
    assert 'role="alert"' in page
    assert 'aria-invalid="true"' in page


def test_a_period_that_ends_before_it_starts_is_an_error(client, org):
    # given
    client.force_login(org.controller)

    # when
    response = client.get(LIST_URL, {"date_from": "2025-03-11", "date_to": "2025-03-10"})

    # then
    assert response.status_code == 400
    assert "date_to" in response.context["form"].errors


def test_the_list_shows_what_a_reviewer_needs_and_highlights_denials(client, org):
    # given
    log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 9), outcome=AccessOutcome.DENIED)
    client.force_login(org.manager_a)

    # when
    response = client.get(LIST_URL)

    # then
    entry = shown(response)[0]
    page = response.content.decode()
    assert entry.outcome == AccessOutcome.DENIED
    assert "2025-03-10 09:00:00" in page
    assert "19700123-9297" in page
    assert "Tolvan Tolvansson" in page
    assert "handlaggare-a" in page
    assert entry.request_id in page
    assert f"<strong>{entry.get_outcome_display()}</strong>" in page


def test_the_list_is_paginated_by_50(client, org):
    # given
    for minute in range(51):
        log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 9, minute))
    client.force_login(org.controller)

    # when: the controller's own reads of the log are rows of the organisation too
    first = client.get(LIST_URL, {"username": "handlaggare-a"})
    second = client.get(LIST_URL, {"username": "handlaggare-a", "page": 2})

    # then
    assert len(shown(first)) == 50
    assert len(shown(second)) == 1
    assert first.context["page"].paginator.count == 51


@pytest.mark.parametrize("count", [5, 60])
def test_list_page_costs_a_fixed_number_of_queries(
    client, org, count, django_assert_max_num_queries
):
    # given: rows with and without a case, at two units
    case = case_register(actor=org.caseworker_a, individual=org.person, unit=org.unit_a)
    for index in range(count):
        user = org.caseworker_a if index % 2 else org.caseworker_b
        with time_machine.travel(local(2025, 3, 10, 9, index % 60), tick=False):
            access_log_cases(request=request_for(user), action=AccessAction.VIEW, cases=[case])
    client.force_login(org.controller)

    # when
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL, {"date_from": "2025-03-01"})

    # then
    assert response.status_code == 200
    assert len(shown(response)) == min(count, 50)


# --- reading the log is logged -------------------------------------------------------------


def test_reading_the_log_writes_one_read_log_row_with_the_viewer(client, org):
    # given
    log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 9))
    client.force_login(org.manager_a)
    before = AccessLogEntry.objects.count()

    # when
    response = client.get(LIST_URL, {"username": "handlaggare-a"})

    # then
    assert AccessLogEntry.objects.count() == before + 1
    row = AccessLogEntry.objects.latest("pk")
    assert row.user == org.manager_a
    assert row.action == AccessAction.READ_LOG
    assert row.individual is None
    assert row.user_unit == org.unit_a
    assert row.organisation == org.organisation
    assert row.user_role == Role.UNIT_MANAGER
    assert row.path == f"{LIST_URL}?username=handlaggare-a"
    assert row.request_id == response["X-Request-ID"]


def test_drawing_a_sample_is_a_read_of_the_log_too(client, org):
    # given
    log_read(org.caseworker_a, org.person, at=local(2025, 3, 10, 9))
    client.force_login(org.controller)

    # when
    client.get(SAMPLE_URL, sample_params(org.controller, org.organisation))

    # then
    row = AccessLogEntry.objects.latest("pk")
    assert (row.user, row.action) == (org.controller, AccessAction.READ_LOG)
    assert row.path.startswith(f"{SAMPLE_URL}?")


# --- the sample and the review -------------------------------------------------------------


def sample_params(user: User, organisation, *, unit: Unit | None = None, size: int = 20):
    key = f"unit-{unit.pk}" if unit else f"organisation-{organisation.pk}"
    return {"scope": key, "period_start": "2025-03-01", "period_end": "2025-03-31", "size": size}


def test_sample_has_the_requested_size_within_the_period_and_scope(client, org):
    # given: 30 rows in March at unit A, rows outside the period, and rows of unit B
    in_march = {
        log_read(org.caseworker_a, org.person, at=local(2025, 3, 1 + day % 30, 12)).pk
        for day in range(30)
    }
    log_read(org.caseworker_a, org.person, at=local(2025, 2, 28, 23, 59))
    log_read(org.caseworker_a, org.person, at=local(2025, 4, 1, 0, 1))
    log_read(org.caseworker_b, org.person, at=local(2025, 3, 15, 12))
    client.force_login(org.manager_a)

    # when
    response = client.get(
        SAMPLE_URL, sample_params(org.manager_a, org.organisation, unit=org.unit_a, size=10)
    )

    # then
    assert response.status_code == 200
    sample = response.context["sample"]
    assert len(sample) == 10
    assert len({entry.pk for entry in sample}) == 10
    assert {entry.pk for entry in sample} <= in_march
    review_form = response.context["review_form"]
    assert review_form.initial["sample"] == [entry.pk for entry in sample]


def test_sample_size_must_be_between_1_and_200(client, org):
    # given
    client.force_login(org.controller)

    for size in (0, 201, "tjugo"):
        # when
        response = client.get(
            SAMPLE_URL, sample_params(org.controller, org.organisation) | {"size": size}
        )

        # then
        assert response.status_code == 400
        assert "size" in response.context["form"].errors
        assert response.context["form"]["size"].value() == str(size)


def test_sample_form_offers_only_the_viewers_own_scopes(client, org):
    # given
    client.force_login(org.manager_a)

    # when
    response = client.get(SAMPLE_URL)
    tampered = client.get(SAMPLE_URL, sample_params(org.manager_a, org.organisation))

    # then
    assert [key for key, _ in response.context["form"].fields["scope"].choices] == [
        f"unit-{org.unit_a.pk}"
    ]
    assert tampered.status_code == 400
    assert "scope" in tampered.context["form"].errors


def review_post(scope: str, sample: list[int], **fields) -> dict:
    return {
        "scope": scope,
        "period_start": "2025-03-01",
        "period_end": "2025-03-31",
        "sample": sample,
        "result": ReviewResult.NO_REMARKS,
        "findings": "",
        "follow_up": "",
        **fields,
    }


def test_unit_manager_records_a_review_with_its_sample(client, org):
    # given
    entries = [log_read(org.caseworker_a, org.person, at=local(2025, 3, d, 9)) for d in (3, 4)]
    client.force_login(org.manager_a)
    data = review_post(
        f"unit-{org.unit_a.pk}",
        [e.pk for e in entries],
        result=ReviewResult.REMARKS,
        findings="En läsning saknade koppling till ärende.",
        follow_up="Samtal med handläggaren 2025-04-10.",
    )

    # when
    response = client.post(SAMPLE_URL, data)

    # then
    assert response.status_code == 302
    assert response.url == REVIEWS_URL
    review = AccessLogReview.objects.get()
    assert review.reviewer == org.manager_a
    assert (review.organisation, review.unit) == (org.organisation, org.unit_a)
    assert (review.period_start, review.period_end) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 3, 31),
    )
    assert set(review.sample.all()) == set(entries)
    assert review.result == ReviewResult.REMARKS
    assert review.findings == "En läsning saknade koppling till ärende."
    assert review.history.get().history_user == org.manager_a


def test_controller_review_covers_the_organisation_without_a_unit(client, org):
    # given
    entries = [
        log_read(org.caseworker_a, org.person, at=local(2025, 3, 3, 9)),
        log_read(org.caseworker_b, org.person, at=local(2025, 3, 4, 9)),
    ]
    client.force_login(org.controller)

    # when
    client.post(
        SAMPLE_URL, review_post(f"organisation-{org.organisation.pk}", [e.pk for e in entries])
    )

    # then
    review = AccessLogReview.objects.get()
    assert review.unit is None
    assert review.organisation == org.organisation
    assert review.sample.count() == 2


def test_findings_are_required_for_remarks_and_the_input_is_kept(client, org):
    # given
    entry = log_read(org.caseworker_a, org.person, at=local(2025, 3, 3, 9))
    client.force_login(org.manager_a)
    data = review_post(
        f"unit-{org.unit_a.pk}",
        [entry.pk],
        result=ReviewResult.REMARKS,
        findings="  ",
        follow_up="Uppföljning i maj.",
    )

    # when
    response = client.post(SAMPLE_URL, data)

    # then
    assert response.status_code == 400
    assert not AccessLogReview.objects.exists()
    form = response.context["review_form"]
    assert "findings" in form.errors
    assert form["follow_up"].value() == "Uppföljning i maj."
    assert form["result"].value() == ReviewResult.REMARKS
    assert response.context["sample"] == [entry]
    assert "Uppföljning i maj." in response.content.decode()


def test_findings_are_required_for_remarks_in_the_service_too(org):
    # given
    entry = log_read(org.caseworker_a, org.person, at=local(2025, 3, 3, 9))

    # when
    with pytest.raises(ValidationError) as error:
        access_log_review_record(
            actor=org.manager_a,
            organisation=org.organisation,
            unit=org.unit_a,
            period_start=datetime.date(2025, 3, 1),
            period_end=datetime.date(2025, 3, 31),
            sample_ids=[entry.pk],
            result=ReviewResult.REMARKS,
            findings="",
            follow_up="",
        )

    # then
    assert "findings" in error.value.message_dict
    assert not AccessLogReview.objects.exists()


@pytest.mark.parametrize("outside", ["other_unit", "other_period", "missing"])
def test_tampered_sample_ids_are_rejected_and_nothing_is_saved(client, org, outside):
    # given
    own = log_read(org.caseworker_a, org.person, at=local(2025, 3, 3, 9))
    foreign = {
        "other_unit": lambda: log_read(org.caseworker_b, org.person, at=local(2025, 3, 3, 9)).pk,
        "other_period": lambda: log_read(org.caseworker_a, org.person, at=local(2025, 4, 1)).pk,
        "missing": lambda: 999_999,
    }[outside]()
    client.force_login(org.manager_a)

    # when
    response = client.post(
        SAMPLE_URL, review_post(f"unit-{org.unit_a.pk}", [own.pk, foreign], follow_up="Kvar")
    )

    # then
    assert response.status_code == 400
    assert not AccessLogReview.objects.exists()
    assert "sample" in response.context["review_form"].errors
    shown_again = response.context["sample"]
    assert own in shown_again
    assert all(entry.user_unit == org.unit_a for entry in shown_again)  # never another unit's
    assert response.context["review_form"]["follow_up"].value() == "Kvar"


def test_the_service_rejects_a_sample_outside_the_actors_scope(org):
    # given
    foreign = log_read(org.caseworker_b, org.person, at=local(2025, 3, 3, 9))

    # when
    with pytest.raises(ValidationError) as error:
        access_log_review_record(
            actor=org.manager_a,
            organisation=org.organisation,
            unit=org.unit_a,
            period_start=datetime.date(2025, 3, 1),
            period_end=datetime.date(2025, 3, 31),
            sample_ids=[foreign.pk],
            result=ReviewResult.NO_REMARKS,
            findings="",
            follow_up="",
        )

    # then
    assert "sample" in error.value.message_dict
    assert not AccessLogReview.objects.exists()


def test_the_service_refuses_a_review_of_a_unit_the_actor_does_not_manage(org):
    # given
    entry = log_read(org.caseworker_b, org.person, at=local(2025, 3, 3, 9))

    # when
    with pytest.raises(ValidationError):
        access_log_review_record(
            actor=org.manager_a,
            organisation=org.organisation,
            unit=org.unit_b,
            period_start=datetime.date(2025, 3, 1),
            period_end=datetime.date(2025, 3, 31),
            sample_ids=[entry.pk],
            result=ReviewResult.NO_REMARKS,
            findings="",
            follow_up="",
        )

    # then
    assert not AccessLogReview.objects.exists()


def test_earlier_reviews_are_listed_within_scope(client, org):
    # given
    entry_a = log_read(org.caseworker_a, org.person, at=local(2025, 3, 3, 9))
    entry_b = log_read(org.caseworker_b, org.person, at=local(2025, 3, 3, 9))
    manager_b = member(Role.UNIT_MANAGER, unit=org.unit_b)
    common = {
        "organisation": org.organisation,
        "period_start": datetime.date(2025, 3, 1),
        "period_end": datetime.date(2025, 3, 31),
        "result": ReviewResult.NO_REMARKS,
        "findings": "",
        "follow_up": "",
    }
    review_a = access_log_review_record(
        actor=org.manager_a, unit=org.unit_a, sample_ids=[entry_a.pk], **common
    )
    review_b = access_log_review_record(
        actor=manager_b, unit=org.unit_b, sample_ids=[entry_b.pk], **common
    )

    # when
    client.force_login(org.manager_a)
    as_manager = client.get(REVIEWS_URL)
    client.force_login(org.controller)
    as_controller = client.get(REVIEWS_URL)

    # then
    assert list(as_manager.context["page"].object_list) == [review_a]
    assert as_manager.context["page"].object_list[0].sample_size == 1
    assert set(as_controller.context["page"].object_list) == {review_a, review_b}


# --- the log is append-only ----------------------------------------------------------------


def test_an_entry_cannot_be_saved_again(org):
    # given
    entry = log_read(org.caseworker_a, org.person, at=local(2025, 3, 3, 9))

    # when / then
    entry.action = AccessAction.EXPORT
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).action == AccessAction.VIEW


def test_querysets_cannot_update_or_delete_entries(org):
    # given
    entry = log_read(org.caseworker_a, org.person, at=local(2025, 3, 3, 9))
    rows = AccessLogEntry.objects.filter(pk=entry.pk)

    # when / then
    with pytest.raises(PermissionError):
        rows.update(action=AccessAction.EXPORT)
    with pytest.raises(PermissionError):
        rows.delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk, action=AccessAction.VIEW).exists()


def test_the_database_refuses_update_of_entries(org):
    # given
    entry = log_read(org.caseworker_a, org.person, at=local(2025, 3, 3, 9))

    # when / then: a trigger (migration 0004), on PostgreSQL and SQLite alike
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE coordination_accesslogentry SET action = 'x'")
    assert AccessLogEntry.objects.filter(pk=entry.pk, action=AccessAction.VIEW).exists()


def test_postgresql_refuses_delete_of_entries(org):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE for Django's test flush (migration 0004)")
    # given
    entry = log_read(org.caseworker_a, org.person, at=local(2025, 3, 3, 9))

    # when / then
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM coordination_accesslogentry")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
