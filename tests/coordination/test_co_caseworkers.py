"""Co-caseworkers (R17, R20): appointed from another unit for a period, reading the case
through a grant that opens on the first day and closes when the last day is over (R4)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from coordination.models import (
    AccessLogEntry,
    AccessOutcome,
    CaseGrant,
    CoCaseworker,
    CoCaseworkerPurpose,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentOverride,
    ConsentScope,
    GrantReason,
    OverrideLegalBasis,
)
from coordination.permissions import case_visible_to
from coordination.selectors_co_caseworkers import CoCaseworkerState, stockholm_today
from coordination.services import case_register
from coordination.services.co_caseworkers import co_caseworker_appoint, co_caseworker_revoke
from coordination.services.consent import ConsentMissingError, consent_missing_message
from coordination.tasks import co_caseworker_grants_activate
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def stockholm(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


def appoint_url(case) -> str:
    return reverse("coordination:co_caseworker_appoint", args=[case.pk])


def revoke_url(appointment) -> str:
    return reverse("coordination:co_caseworker_revoke", args=[appointment.case_id, appointment.pk])


def appoint(family, *, by=None, caseworker=None, unit=None, days=30, starts_in=0, **fields):
    today = stockholm_today()
    return co_caseworker_appoint(
        actor=by or family.bou_caseworker,
        case=family.child_case,
        caseworker=caseworker or family.vuxen_caseworker,
        unit=unit or family.vuxen,
        purpose=fields.pop("purpose", CoCaseworkerPurpose.EXPERTISE),
        starts_on=today + datetime.timedelta(days=starts_in),
        ends_on=today + datetime.timedelta(days=starts_in + days),
        **fields,
    )


def form_data(family, **fields):
    today = stockholm_today()
    data = {
        "caseworker": family.vuxen_caseworker.pk,
        "unit": family.vuxen.pk,
        "purpose": CoCaseworkerPurpose.EXPERTISE,
        "purpose_text": "Stöd kring missbruk i familjen",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=60)).isoformat(),
    }
    data.update(fields)
    return data


def denials(user):
    return AccessLogEntry.objects.filter(user=user, outcome=AccessOutcome.DENIED)


# Appointing ------------------------------------------------------------------------------


def test_r17_the_responsible_caseworker_appoints_and_the_co_caseworker_reads_the_case(
    client, family
):
    # given the child's case is closed to the Vuxen caseworker (R4)
    assert family.child_case not in case_visible_to(family.vuxen_caseworker)

    # when the responsible BoU caseworker appoints the Vuxen caseworker from today
    client.force_login(family.bou_caseworker)
    response = client.post(appoint_url(family.child_case), form_data(family))

    # then the appointment is saved with a co-caseworker grant until the end of the period
    assert response.status_code == 302
    appointment = CoCaseworker.objects.get(case=family.child_case)
    assert appointment.caseworker == family.vuxen_caseworker
    assert appointment.unit == family.vuxen
    assert appointment.appointed_by == family.bou_caseworker
    assert appointment.grant.reason == GrantReason.CO_CASEWORKER
    assert appointment.grant.user == family.vuxen_caseworker

    # and the panel on the case page lists the co-caseworker as active
    page = client.get(reverse("coordination:case_detail", args=[family.child_case.pk]))
    assert "Vera Vux" in page.content.decode()
    assert [a.state for a in page.context["appointments"]] == [CoCaseworkerState.ACTIVE]

    # and the co-caseworker reads the case's contents on the ordinary case page
    client.force_login(family.vuxen_caseworker)
    response = client.get(reverse("coordination:case_detail", args=[family.child_case.pk]))
    assert response.status_code == 200
    assert "BOU-SECRET-4711" in response.content.decode()


@pytest.mark.parametrize("role", [Role.UNIT_MANAGER, Role.DEPUTY_UNIT_MANAGER])
def test_r20_a_manager_of_the_case_unit_appoints(client, family, role):
    manager = member(role, unit=family.bou)
    client.force_login(manager)

    response = client.post(appoint_url(family.child_case), form_data(family))

    assert response.status_code == 302
    assert family.child_case in case_visible_to(family.vuxen_caseworker)


def test_the_form_offers_the_other_units_caseworkers(client, family):
    other_bou = member(Role.CASEWORKER, unit=family.bou, first_name="Bo", last_name="Samma")
    client.force_login(family.bou_caseworker)

    response = client.get(appoint_url(family.child_case))

    candidates = list(response.context["form"].fields["caseworker"].queryset)
    assert family.vuxen_caseworker in candidates
    assert other_bou not in candidates
    assert "Vera Vux (Vuxengruppen)" in response.content.decode()


@pytest.mark.parametrize(
    ("case_name", "changes", "field", "expected"),
    [
        (
            "end before start",
            {"starts_on": "+10", "ends_on": "+5"},
            "ends_on",
            "The end date is before the start date.",
        ),
        ("appointee at the case's own unit", {"unit": "bou"}, "unit", "Barn och ungdom"),
        ("appointee without membership", {"unit": "familjeratt"}, "caseworker", "Familjerätt"),
    ],
)
def test_a_refused_appointment_saves_nothing_and_says_why(
    client, family, case_name, changes, field, expected
):
    # given the form filled in with one thing wrong
    today = stockholm_today()
    data = form_data(family)
    for key, value in changes.items():
        if key == "unit":
            data[key] = family.organisation.units.get(code=value).pk
        else:
            data[key] = (today + datetime.timedelta(days=int(value))).isoformat()
    client.force_login(family.bou_caseworker)

    # when it is sent
    response = client.post(appoint_url(family.child_case), data)

    # then nothing is saved, the message names the problem and what was typed is kept
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(_(expected) in error for error in errors), errors
    assert not CoCaseworker.objects.exists()
    assert not CaseGrant.objects.exists()
    assert "Stöd kring missbruk i familjen" in response.content.decode()


def test_an_overlapping_appointment_of_the_same_person_is_refused(client, family):
    first = appoint(family, days=30)
    client.force_login(family.bou_caseworker)

    today = stockholm_today()
    response = client.post(
        appoint_url(family.child_case),
        form_data(family, starts_on=(today + datetime.timedelta(days=20)).isoformat()),
    )

    assert response.status_code == 400
    [error] = response.context["form"].errors["caseworker"]
    assert f"{first.starts_on:%Y-%m-%d}" in error
    assert f"{first.ends_on:%Y-%m-%d}" in error
    assert CoCaseworker.objects.count() == 1


def test_nonsense_input_answers_with_the_form_not_an_error(client, family):
    client.force_login(family.bou_caseworker)

    response = client.post(
        appoint_url(family.child_case),
        {"caseworker": "x", "unit": "999999", "purpose": "boss", "starts_on": "2026-13-45"},
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"caseworker", "unit", "purpose", "starts_on"}
    assert not CoCaseworker.objects.exists()


def test_the_same_person_may_be_appointed_again_after_a_period_ended(family, time_machine):
    # given an appointment that has ended
    time_machine.move_to(stockholm(2027, 1, 10, 9), tick=False)
    first = appoint(family, days=5)
    time_machine.move_to(stockholm(2027, 2, 1, 9), tick=False)
    assert family.child_case not in case_visible_to(family.vuxen_caseworker)

    # when the same person is appointed again
    second = appoint(family, days=5)

    # then the new period opens the case, and the first is still recorded as ended
    assert family.child_case in case_visible_to(family.vuxen_caseworker)
    first.refresh_from_db()
    assert (first.revoked_at, first.ends_on) == (None, datetime.date(2027, 1, 15))
    assert second.grant.valid_until == stockholm(2027, 2, 7)


# The period, Stockholm days and DST ------------------------------------------------------


@pytest.mark.parametrize(
    ("appointed_at", "starts_on", "ends_on", "last_minute_utc"),
    [
        # Summer time starts on Sunday 28 March 2027: the last day has 23 hours.
        (
            stockholm(2027, 3, 20, 10),
            datetime.date(2027, 3, 27),
            datetime.date(2027, 3, 28),
            datetime.datetime(2027, 3, 28, 21, 59, tzinfo=datetime.UTC),
        ),
        # Summer time ends on Sunday 31 October 2027: the last day has 25 hours.
        (
            stockholm(2027, 10, 20, 10),
            datetime.date(2027, 10, 30),
            datetime.date(2027, 10, 31),
            datetime.datetime(2027, 10, 31, 22, 59, tzinfo=datetime.UTC),
        ),
    ],
    ids=["spring", "autumn"],
)
def test_r17_the_grant_opens_and_closes_on_stockholm_days_across_dst(
    family, time_machine, appointed_at, starts_on, ends_on, last_minute_utc
):
    # given an appointment made ahead of its period
    time_machine.move_to(appointed_at, tick=False)
    appointment = co_caseworker_appoint(
        actor=family.bou_caseworker,
        case=family.child_case,
        caseworker=family.vuxen_caseworker,
        unit=family.vuxen,
        purpose=CoCaseworkerPurpose.EXPERTISE,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    assert appointment.grant is None

    # when the periodic task runs in the last minute before the first day, nothing opens
    time_machine.move_to(
        datetime.datetime.combine(starts_on, datetime.time(0), tzinfo=STOCKHOLM)
        - datetime.timedelta(minutes=1),
        tick=False,
    )
    assert co_caseworker_grants_activate() == 0
    assert family.child_case not in case_visible_to(family.vuxen_caseworker)

    # and when it runs just after midnight of the first day, the case opens
    time_machine.move_to(
        datetime.datetime.combine(starts_on, datetime.time(0, 1), tzinfo=STOCKHOLM), tick=False
    )
    assert co_caseworker_grants_activate() == 1
    assert family.child_case in case_visible_to(family.vuxen_caseworker)

    # then it stays open through the last minute of the last day (a 23- or 25-hour day)
    appointment.refresh_from_db()
    assert appointment.grant.valid_until == last_minute_utc + datetime.timedelta(minutes=1)
    time_machine.move_to(last_minute_utc, tick=False)
    assert family.child_case in case_visible_to(family.vuxen_caseworker)

    # and closes by itself at midnight, Stockholm time
    time_machine.move_to(last_minute_utc + datetime.timedelta(minutes=1), tick=False)
    assert family.child_case not in case_visible_to(family.vuxen_caseworker)


def test_a_period_starting_in_the_future_opens_nothing_before_it(client, family):
    appointment = appoint(family, starts_in=3)

    assert appointment.grant is None
    assert family.child_case not in case_visible_to(family.vuxen_caseworker)
    client.force_login(family.bou_caseworker)
    page = client.get(reverse("coordination:case_detail", args=[family.child_case.pk]))
    assert [a.state for a in page.context["appointments"]] == [CoCaseworkerState.COMING]


def test_the_activation_task_is_idempotent_and_skips_revoked_and_ended(family, time_machine):
    # given two appointments starting on the 10th, one revoked before it began, one ended
    time_machine.move_to(stockholm(2027, 5, 1, 9), tick=False)
    second_worker = member(Role.COORDINATOR, unit=family.vuxen)
    third_worker = member(Role.CASEWORKER, unit=family.vuxen)
    kept = appoint(family, starts_in=9, days=10)
    appoint(family, caseworker=second_worker, starts_in=9, days=10)
    revoked = appoint(family, caseworker=third_worker, starts_in=9, days=10)
    co_caseworker_revoke(actor=family.bou_caseworker, appointment=revoked)
    ended = appoint(family, caseworker=member(Role.CASEWORKER, unit=family.vuxen), days=2)

    # when the task runs on the 10th, twice
    time_machine.move_to(stockholm(2027, 5, 10, 0, 5), tick=False)
    first_run = co_caseworker_grants_activate()
    second_run = co_caseworker_grants_activate()

    # then the two live appointments got one grant each, and nothing more the second time
    assert (first_run, second_run) == (2, 0)
    assert CoCaseworker.objects.filter(grant__isnull=False).count() == 3  # "ended" granted at once
    kept.refresh_from_db()
    revoked.refresh_from_db()
    ended.refresh_from_db()
    assert kept.grant is not None
    assert revoked.grant is None
    assert family.child_case not in case_visible_to(third_worker)
    assert family.child_case not in case_visible_to(ended.caseworker)
    assert CaseGrant.objects.filter(reason=GrantReason.CO_CASEWORKER).count() == 3


# Revoking --------------------------------------------------------------------------------


def test_revoking_removes_access_at_once(client, family):
    # given an active co-caseworker who reads the case
    appointment = appoint(family)
    case_url = reverse("coordination:case_detail", args=[family.child_case.pk])
    client.force_login(family.vuxen_caseworker)
    assert client.get(case_url).status_code == 200

    # when the responsible caseworker revokes the appointment
    client.force_login(family.bou_caseworker)
    response = client.post(revoke_url(appointment))

    # then it is recorded as revoked, and the next read is refused and logged
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.revoked_by == family.bou_caseworker
    assert appointment.grant.revoked_at is not None
    client.force_login(family.vuxen_caseworker)
    assert client.get(case_url).status_code == 404
    assert denials(family.vuxen_caseworker).filter(case=family.child_case).exists()
    client.force_login(family.bou_caseworker)
    page = client.get(case_url)
    assert [a.state for a in page.context["appointments"]] == [CoCaseworkerState.REVOKED]


def test_the_panel_shows_coming_active_ended_and_revoked(client, family, time_machine):
    time_machine.move_to(stockholm(2027, 4, 1, 9), tick=False)
    ended = appoint(family, caseworker=member(Role.CASEWORKER, unit=family.vuxen), days=1)
    time_machine.move_to(stockholm(2027, 4, 5, 9), tick=False)
    active = appoint(family)
    coming = appoint(family, caseworker=member(Role.CASEWORKER, unit=family.vuxen), starts_in=5)
    revoked = appoint(family, caseworker=member(Role.COORDINATOR, unit=family.vuxen))
    co_caseworker_revoke(actor=family.bou_caseworker, appointment=revoked)
    client.force_login(family.bou_caseworker)

    page = client.get(reverse("coordination:case_detail", args=[family.child_case.pk]))

    states = {a.pk: a.state for a in page.context["appointments"]}
    assert states == {
        ended.pk: CoCaseworkerState.ENDED,
        active.pk: CoCaseworkerState.ACTIVE,
        coming.pk: CoCaseworkerState.COMING,
        revoked.pk: CoCaseworkerState.REVOKED,
    }
    html = page.content.decode()
    assert html.count(f'action="{revoke_url(active)}"') == 1
    assert f'action="{revoke_url(coming)}"' in html
    assert f'action="{revoke_url(ended)}"' not in html
    assert f'action="{revoke_url(revoked)}"' not in html


# Out of scope: 404 and a logged denial (R4) ---------------------------------------------


@pytest.fixture
def outsiders(family):
    return {
        "other unit's caseworker": family.vuxen_caseworker,
        "BoU caseworker not responsible": member(Role.CASEWORKER, unit=family.bou),
        "controller": member(Role.CONTROLLER, organisation=family.organisation),
    }


@pytest.mark.parametrize(
    "who", ["other unit's caseworker", "BoU caseworker not responsible", "controller"]
)
def test_appointing_out_of_scope_is_404_and_logged(client, family, outsiders, who):
    user = outsiders[who]
    client.force_login(user)

    get = client.get(appoint_url(family.child_case))
    post = client.post(appoint_url(family.child_case), form_data(family))

    assert (get.status_code, post.status_code) == (404, 404)
    assert denials(user).filter(case=family.child_case).count() == 2
    assert not CoCaseworker.objects.exists()


@pytest.mark.parametrize(
    "who", ["other unit's caseworker", "BoU caseworker not responsible", "controller"]
)
def test_revoking_out_of_scope_is_404_and_logged(client, family, outsiders, who):
    # given an appointment (the other unit's caseworker is the co-caseworker here)
    appointment = appoint(family)
    user = outsiders[who]
    client.force_login(user)

    response = client.post(revoke_url(appointment))

    assert response.status_code == 404
    assert denials(user).filter(case=family.child_case).count() == 1
    appointment.refresh_from_db()
    assert appointment.revoked_at is None
    assert family.child_case in case_visible_to(family.vuxen_caseworker)


def test_an_appointment_of_another_case_is_404(client, family):
    appointment = appoint(family)
    other_case = member(Role.CASEWORKER, unit=family.bou)
    own_case = case_register(actor=other_case, individual=family.parent, unit=family.bou)
    client.force_login(other_case)

    response = client.post(
        reverse("coordination:co_caseworker_revoke", args=[own_case.pk, appointment.pk])
    )

    assert response.status_code == 404
    assert denials(other_case).filter(case=own_case).exists()
    appointment.refresh_from_db()
    assert appointment.revoked_at is None


def test_revoking_twice_says_so(client, family):
    appointment = appoint(family)
    client.force_login(family.bou_caseworker)
    client.post(revoke_url(appointment))

    response = client.post(revoke_url(appointment), follow=True)

    assert response.status_code == 200
    assert _("The appointment is already revoked.") in response.content.decode()


# Transition needs handover consent (R12, R17) -------------------------------------------


def test_r12_a_transition_without_handover_consent_is_blocked_then_overridden(client, family):
    client.force_login(family.bou_caseworker)
    data = form_data(family, purpose=CoCaseworkerPurpose.TRANSITION)

    # when a transition co-caseworker is appointed without the child's handover consent
    response = client.post(appoint_url(family.child_case), data)

    # then nothing is saved, the consent message is shown and the override is offered
    assert response.status_code == 400
    message = consent_missing_message(
        individual=family.child, scope=ConsentScope.HANDOVER, unit=family.vuxen
    )
    assert message in response.context["form"].non_field_errors()
    html = response.content.decode()
    assert 'name="override_legal_basis"' in html
    assert 'name="override_reason"' in html
    assert not CoCaseworker.objects.exists()
    assert not ConsentOverride.objects.exists()

    # when the legal basis is given without a reason, the reason is asked for
    response = client.post(
        appoint_url(family.child_case),
        {**data, "override_legal_basis": OverrideLegalBasis.NECESSARY_DISCLOSURE},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["override_reason"]
    assert not CoCaseworker.objects.exists()
    assert not ConsentOverride.objects.exists()

    # when the override is filled in, the appointment goes ahead
    response = client.post(
        appoint_url(family.child_case),
        {
            **data,
            "override_legal_basis": OverrideLegalBasis.NECESSARY_DISCLOSURE,
            "override_reason": "Överlämning inom en månad, vårdnadshavare nås inte.",
        },
    )

    # then the appointment is saved and the override recorded, flagged for review
    assert response.status_code == 302
    appointment = CoCaseworker.objects.get()
    assert appointment.purpose == CoCaseworkerPurpose.TRANSITION
    override = ConsentOverride.objects.get()
    assert override.flagged_for_review
    assert override.case == family.child_case
    assert override.individual == family.child
    assert override.scope == ConsentScope.HANDOVER
    assert override.legal_basis == OverrideLegalBasis.NECESSARY_DISCLOSURE
    assert override.overridden_by == family.bou_caseworker


def test_r12_a_transition_with_handover_consent_for_the_unit_goes_ahead(family):
    # Recorded directly: the consent's own rules are tested with the consent feature.
    Consent.objects.create(
        individual=family.child,
        scope=ConsentScope.HANDOVER,
        unit=family.vuxen,
        form=ConsentForm.WRITTEN,
        given_by=ConsentGivenBy.GUARDIANS,
        recorded_by=family.bou_caseworker,
    )

    appointment = appoint(family, purpose=CoCaseworkerPurpose.TRANSITION)

    assert appointment.grant is not None
    assert not ConsentOverride.objects.exists()


def test_r12_consent_for_another_unit_does_not_cover_the_transition(family):
    Consent.objects.create(
        individual=family.child,
        scope=ConsentScope.HANDOVER,
        unit=family.organisation.units.get(code="socialpsykiatri"),
        form=ConsentForm.WRITTEN,
        given_by=ConsentGivenBy.GUARDIANS,
        recorded_by=family.bou_caseworker,
    )

    with pytest.raises(ConsentMissingError):
        appoint(family, purpose=CoCaseworkerPurpose.TRANSITION)
    assert not CoCaseworker.objects.exists()


# The appointee's list --------------------------------------------------------------------


def test_the_appointee_sees_the_cases_where_they_are_co_caseworker(
    client, family, django_assert_max_num_queries
):
    # given one active and one coming appointment, and one revoked
    active = appoint(family)
    parent_case = case_register(
        actor=family.bou_caseworker, individual=family.parent, unit=family.bou
    )
    coming = co_caseworker_appoint(
        actor=family.bou_caseworker,
        case=parent_case,
        caseworker=family.vuxen_caseworker,
        unit=family.vuxen,
        purpose=CoCaseworkerPurpose.EXPERTISE,
        starts_on=stockholm_today() + datetime.timedelta(days=7),
        ends_on=stockholm_today() + datetime.timedelta(days=30),
    )
    client.force_login(family.vuxen_caseworker)

    # when the appointee opens the list
    with django_assert_max_num_queries(10):
        response = client.get(reverse("coordination:co_caseworker_mine"))

    # then both are listed; only the active one links to the case
    assert response.status_code == 200
    assert [a.pk for a in response.context["appointments"]] == [active.pk, coming.pk]
    html = response.content.decode()
    assert reverse("coordination:case_detail", args=[family.child_case.pk]) in html
    assert reverse("coordination:case_detail", args=[parent_case.pk]) not in html
    assert family.parent.full_name in html
    assert "Orosanmälan från skolan" not in html
    # and each person shown is logged
    logged = AccessLogEntry.objects.filter(user=family.vuxen_caseworker, action="list")
    assert set(logged.values_list("individual_id", flat=True)) == {
        family.child.pk,
        family.parent.pk,
    }


def test_the_list_is_for_unit_roles_only(client, family):
    controller = member(Role.CONTROLLER, organisation=family.organisation)
    client.force_login(controller)

    assert client.get(reverse("coordination:co_caseworker_mine")).status_code == 404


def test_the_activation_task_runs_through_celery_by_its_name(family, time_machine):
    # given an appointment starting tomorrow (the beat entry names the task by this name)
    time_machine.move_to(stockholm(2027, 6, 1, 12), tick=False)
    appoint(family, starts_in=1)
    time_machine.move_to(stockholm(2027, 6, 2, 0, 10), tick=False)

    # when the task runs as a worker would run it
    result = co_caseworker_grants_activate.apply()

    # then the case opens to the co-caseworker
    assert co_caseworker_grants_activate.name == "coordination.tasks.co_caseworker_grants_activate"
    assert result.get() == 1
    assert family.child_case in case_visible_to(family.vuxen_caseworker)
