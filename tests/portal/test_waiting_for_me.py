"""The dashboard's "waiting for me" list (issue 4 item 11): the next steps a caseworker,
coordinator or deputy unit manager owns, each with whom, when and a link, in fixed queries."""

import datetime
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import (
    AccessAction,
    AccessLogEntry,
    Case,
    CaseStatus,
    CoCaseworker,
    CoCaseworkerPurpose,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentScope,
    Individual,
    JointPlan,
    JointPlanCase,
    JointPlanFollowUp,
    ThreePartyMeeting,
    ThreePartyState,
)
from coordination.selectors_waiting import WaitingKind, waiting_for_me
from coordination.services import case_register, case_transition
from tests.factories import member, person
from units.models import Role, Unit, User
from units.services import membership_create

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@dataclass
class Setting:
    bou: Unit
    vuxen: Unit
    bou_caseworker: User
    vuxen_caseworker: User
    vuxen_deputy: User
    child: Individual
    child_case: Case


@pytest.fixture
def now(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def setting(osthammar, now) -> Setting:
    bou = osthammar.units.get(code="bou")
    vuxen = osthammar.units.get(kind="vuxen")
    bou_caseworker = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
    vuxen_caseworker = member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Vux")
    vuxen_deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=vuxen, first_name="Dag", last_name="Bitr")
    child = person(born="2012", first_name="Kim", last_name="Förälder")
    child_case = case_register(actor=bou_caseworker, individual=child, unit=bou)
    return Setting(bou, vuxen, bou_caseworker, vuxen_caseworker, vuxen_deputy, child, child_case)


def kinds(user, role=Role.CASEWORKER) -> list[str]:
    return [item.kind for item in waiting_for_me(user=user, role=role)]


def three_party(setting, **fields) -> ThreePartyMeeting:
    fields.setdefault("requested_unit", setting.vuxen)
    fields.setdefault("requested_by", setting.bou_caseworker)
    return ThreePartyMeeting.objects.create(
        case=setting.child_case, question="Behov av gemensamt möte", **fields
    )


def appointed(setting, **fields) -> ThreePartyMeeting:
    fields.setdefault("state", ThreePartyState.APPOINTED)
    return three_party(
        setting,
        appointed_by=setting.vuxen_deputy,
        appointed_caseworker=setting.vuxen_caseworker,
        appointed_at=timezone.now(),
        **fields,
    )


# R13: who owns a meeting's next step is three_party_waiting_for's rule, used as is


def meeting_url(meeting: ThreePartyMeeting) -> str:
    return reverse("coordination:three_party_detail", args=[meeting.pk])


def test_r13_a_request_waits_for_the_requested_units_deputy_manager(setting):
    meeting = three_party(setting)
    other_deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=setting.bou)
    vuxen_manager = member(Role.UNIT_MANAGER, unit=setting.vuxen)

    items = waiting_for_me(user=setting.vuxen_deputy, role=Role.DEPUTY_UNIT_MANAGER)

    assert [item.kind for item in items] == [WaitingKind.APPOINT]
    assert items[0].person == "Kim Förälder"
    assert items[0].on == TODAY
    assert not items[0].is_due_date
    # R4: the requesting case belongs to BoU, so the deputy gets no link into it, only
    # to the meeting's own page
    assert items[0].case_id is None
    assert items[0].meeting_url == meeting_url(meeting)
    assert kinds(other_deputy, Role.DEPUTY_UNIT_MANAGER) == []
    # the unit has a deputy: its unit manager does not appoint
    assert kinds(vuxen_manager, Role.UNIT_MANAGER) == []
    # the request is not the caseworkers' step
    assert WaitingKind.APPOINT not in kinds(setting.bou_caseworker)


def test_r13_a_unit_without_a_deputy_has_its_unit_manager_appoint(setting):
    psykiatri = setting.bou.organisation.units.get(code="socialpsykiatri")
    manager = member(Role.UNIT_MANAGER, unit=psykiatri, first_name="Ulla", last_name="Chef")
    three_party(setting, requested_unit=psykiatri)

    [item] = waiting_for_me(user=manager, role=Role.UNIT_MANAGER)

    assert item.kind == WaitingKind.APPOINT
    assert item.person == "Kim Förälder"
    # the request is the unit manager's, not the deputy's of another unit
    assert kinds(setting.vuxen_deputy, Role.DEPUTY_UNIT_MANAGER) == []
    # once the unit has a deputy, the deputy appoints instead
    deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=psykiatri)
    assert kinds(manager, Role.UNIT_MANAGER) == []
    assert kinds(deputy, Role.DEPUTY_UNIT_MANAGER) == [WaitingKind.APPOINT]


def test_r13_a_request_is_shown_in_the_role_the_user_decides_in(setting):
    # a deputy of Vuxen who is also a caseworker sees the request on the deputy dashboard
    three_party(setting)
    membership_create(
        user=setting.vuxen_deputy,
        role=Role.CASEWORKER,
        organisation=setting.vuxen.organisation,
        unit=setting.vuxen,
    )

    assert kinds(setting.vuxen_deputy, Role.CASEWORKER) == []
    assert kinds(setting.vuxen_deputy, Role.UNIT_MANAGER) == []
    assert kinds(setting.vuxen_deputy, Role.DEPUTY_UNIT_MANAGER) == [WaitingKind.APPOINT]


def test_r13_an_appointed_meeting_waits_for_both_caseworkers_to_record_the_pre_meeting(setting):
    meeting = appointed(setting)

    assert kinds(setting.bou_caseworker) == [WaitingKind.PRE_MEETING]
    assert kinds(setting.vuxen_caseworker) == [WaitingKind.PRE_MEETING]
    assert kinds(setting.vuxen_deputy, Role.DEPUTY_UNIT_MANAGER) == []
    # both link to the meeting's page; neither gets a link into a case through it (R4)
    [mine] = waiting_for_me(user=setting.bou_caseworker, role=Role.CASEWORKER)
    [theirs] = waiting_for_me(user=setting.vuxen_caseworker, role=Role.CASEWORKER)
    assert mine.meeting_url == theirs.meeting_url == meeting_url(meeting)
    assert mine.case_id is None
    assert theirs.case_id is None
    assert mine.on == TODAY


def test_r13_the_cases_caseworker_who_did_not_ask_owns_no_step(setting):
    # a co-caseworker from Vuxen asked: the steps are the requester's and the appointee's
    requester = member(Role.CASEWORKER, unit=setting.vuxen)
    appointed(setting, requested_by=requester)

    assert kinds(requester) == [WaitingKind.PRE_MEETING]
    assert kinds(setting.vuxen_caseworker) == [WaitingKind.PRE_MEETING]
    assert kinds(setting.bou_caseworker) == []


@pytest.mark.parametrize(
    ("fields", "kind", "on", "appointee_too"),
    [
        (
            {"pre_meeting_on": datetime.date(2026, 3, 9)},
            WaitingKind.PRE_MEETING,
            TODAY,
            True,
        ),
        (
            {"state": ThreePartyState.PRE_MEETING_HELD, "pre_meeting_on": TODAY},
            WaitingKind.MEETING,
            TODAY,
            True,
        ),
        (
            {
                "state": ThreePartyState.PRE_MEETING_HELD,
                "pre_meeting_on": datetime.date(2026, 2, 20),
                "meeting_on": datetime.date(2026, 3, 20),
            },
            WaitingKind.MEETING,
            datetime.date(2026, 2, 20),
            True,
        ),
        (
            {"state": ThreePartyState.MEETING_HELD, "meeting_on": datetime.date(2026, 2, 27)},
            WaitingKind.OUTCOME,
            datetime.date(2026, 2, 27),
            # the requesting caseworker records the outcome
            False,
        ),
    ],
)
def test_r13_each_following_step_waits_for_its_owners(setting, fields, kind, on, appointee_too):
    appointed(setting, **fields)

    [item] = waiting_for_me(user=setting.bou_caseworker, role=Role.CASEWORKER)

    assert item.kind == kind
    assert item.on == on
    assert not item.is_due_date
    assert kinds(setting.vuxen_caseworker) == ([kind] if appointee_too else [])


@pytest.mark.parametrize("state", [ThreePartyState.CLOSED, ThreePartyState.DECLINED])
def test_r13_a_finished_meeting_waits_for_no_one(setting, state):
    appointed(setting, state=state)

    assert kinds(setting.bou_caseworker) == []
    assert kinds(setting.vuxen_caseworker) == []
    assert kinds(setting.vuxen_deputy, Role.DEPUTY_UNIT_MANAGER) == []


# R12: consents that run out within 30 days


def consent(setting, **fields) -> Consent:
    fields.setdefault("given_on", datetime.date(2025, 6, 1))
    return Consent.objects.create(
        individual=setting.child,
        scope=ConsentScope.SIP,
        form=ConsentForm.WRITTEN,
        given_by=ConsentGivenBy.GUARDIANS,
        recorded_by=setting.bou_caseworker,
        **fields,
    )


def test_r12_a_consent_expiring_within_30_days_waits_for_the_caseworker(setting, time_machine):
    consent(setting, valid_until=datetime.date(2026, 4, 15))

    # 44 days before: not yet
    assert kinds(setting.bou_caseworker) == []

    # 30 days before: on the list, with the expiry as due date and a link to the case
    time_machine.move_to(datetime.datetime(2026, 3, 16, 9, 0, tzinfo=datetime.UTC), tick=False)
    [item] = waiting_for_me(user=setting.bou_caseworker, role=Role.CASEWORKER)
    assert item.kind == WaitingKind.CONSENT_EXPIRING
    assert item.on == datetime.date(2026, 4, 15)
    assert item.is_due_date
    assert item.case_id == setting.child_case.pk
    # another unit's caseworker has no case of the child
    assert kinds(setting.vuxen_caseworker) == []

    # the day after it expired: gone
    time_machine.move_to(datetime.datetime(2026, 4, 16, 9, 0, tzinfo=datetime.UTC), tick=False)
    assert kinds(setting.bou_caseworker) == []


def test_r12_a_renewed_or_withdrawn_consent_waits_for_no_one(setting):
    consent(setting, valid_until=datetime.date(2026, 3, 20))
    consent(setting, valid_until=datetime.date(2026, 3, 25), withdrawn_on=TODAY)
    assert kinds(setting.bou_caseworker) == [WaitingKind.CONSENT_EXPIRING]

    consent(setting, given_on=TODAY, valid_until=datetime.date(2027, 3, 1))

    assert kinds(setting.bou_caseworker) == []


# R7: joint work plans


def plan(setting, *cases) -> JointPlan:
    joint_plan = JointPlan.objects.create(
        organisation=setting.bou.organisation,
        investigation_approach="Var för sig",
        continued_cooperation="Avstämning varje månad",
        coordinator=setting.bou_caseworker,
        created_by=setting.bou_caseworker,
    )
    for case in cases:
        JointPlanCase.objects.create(
            plan=joint_plan,
            case=case,
            approved_by=setting.bou_caseworker,
            approved_at=timezone.now(),
        )
    return joint_plan


def test_r7_follow_ups_due_within_14_days_or_overdue_wait_for_the_plans_caseworkers(
    setting, time_machine
):
    joint_plan = plan(setting, setting.child_case)
    JointPlanFollowUp.objects.create(plan=joint_plan, due_on=datetime.date(2026, 3, 20))
    JointPlanFollowUp.objects.create(
        plan=joint_plan, due_on=datetime.date(2026, 3, 1), held_on=datetime.date(2026, 3, 1)
    )

    # 18 days before: not yet; the follow-up already held never
    assert kinds(setting.bou_caseworker) == []

    # 14 days before: due
    time_machine.move_to(datetime.datetime(2026, 3, 6, 9, 0, tzinfo=datetime.UTC), tick=False)
    [item] = waiting_for_me(user=setting.bou_caseworker, role=Role.CASEWORKER)
    assert item.kind == WaitingKind.FOLLOW_UP
    assert not item.is_overdue

    # after the date and not held: overdue, still there
    time_machine.move_to(datetime.datetime(2026, 3, 25, 9, 0, tzinfo=datetime.UTC), tick=False)
    [item] = waiting_for_me(user=setting.bou_caseworker, role=Role.CASEWORKER)
    assert item.is_overdue
    assert kinds(setting.vuxen_caseworker) == []


def test_r7_a_plan_waits_for_the_agreement_of_each_case_that_has_not_agreed(setting):
    adult = person(born="1980", first_name="Petra", last_name="Förälder")
    adult_case = case_register(actor=setting.vuxen_caseworker, individual=adult, unit=setting.vuxen)
    joint_plan = plan(setting, setting.child_case)
    JointPlanCase.objects.create(plan=joint_plan, case=adult_case)

    [item] = waiting_for_me(user=setting.vuxen_caseworker, role=Role.CASEWORKER)

    assert item.kind == WaitingKind.AGREE_PLAN
    assert item.person == "Petra Förälder"
    assert item.case_id == adult_case.pk
    assert kinds(setting.bou_caseworker) == []


# R17, R20: co-caseworker appointments that end


def test_r17_an_appointment_ending_within_14_days_waits_for_holder_and_appointer(
    setting, time_machine
):
    appointment = CoCaseworker.objects.create(
        case=setting.child_case,
        caseworker=setting.vuxen_caseworker,
        unit=setting.vuxen,
        purpose=CoCaseworkerPurpose.TRANSITION,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 3, 31),
        appointed_by=setting.bou_caseworker,
    )
    assert kinds(setting.vuxen_caseworker) == []

    time_machine.move_to(datetime.datetime(2026, 3, 17, 9, 0, tzinfo=datetime.UTC), tick=False)
    assert kinds(setting.vuxen_caseworker) == [WaitingKind.CO_CASEWORKER_ENDING]
    assert kinds(setting.bou_caseworker) == [WaitingKind.CO_CASEWORKER_ENDING]

    appointment.revoked_at = timezone.now()
    appointment.save()
    assert kinds(setting.vuxen_caseworker) == []


def test_items_of_closed_cases_wait_for_no_one(setting, time_machine):
    consent(setting, valid_until=datetime.date(2026, 3, 20))
    JointPlanFollowUp.objects.create(
        plan=plan(setting, setting.child_case), due_on=datetime.date(2026, 3, 10)
    )
    assert sorted(kinds(setting.bou_caseworker)) == [
        WaitingKind.CONSENT_EXPIRING,
        WaitingKind.FOLLOW_UP,
    ]

    case_transition(actor=setting.bou_caseworker, case=setting.child_case, to=CaseStatus.CLOSED)

    assert kinds(setting.bou_caseworker) == []


# the dashboard pages


def many_items(setting, count: int, *, caseworker: User, requested_unit: Unit) -> None:
    """`count` children, each with a request, an appointed meeting and an expiring consent."""
    for number in range(count):
        child = person(born="2010", first_name="Barn", last_name=f"Nummer{number}")
        case = case_register(actor=caseworker, individual=child, unit=setting.bou)
        for state in (ThreePartyState.REQUESTED, ThreePartyState.APPOINTED):
            ThreePartyMeeting.objects.create(
                case=case,
                requested_unit=requested_unit,
                requested_by=caseworker,
                question="Fråga",
                state=state,
                appointed_caseworker=setting.vuxen_caseworker,
                appointed_at=timezone.now(),
            )
        Consent.objects.create(
            individual=child,
            scope=ConsentScope.SIP,
            form=ConsentForm.ORAL,
            given_by=ConsentGivenBy.GUARDIANS,
            given_on=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2026, 3, 20),
            recorded_by=caseworker,
        )


def dashboard(role: str) -> str:
    return reverse("portal:dashboard", args=[role])


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.COORDINATOR, Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER]
)
def test_the_dashboards_cost_the_same_for_none_one_and_many_items(
    client, setting, role, django_assert_max_num_queries
):
    # given a user of the role, with nothing waiting yet
    requested_unit = setting.vuxen
    if role == Role.DEPUTY_UNIT_MANAGER:
        user, caseworker = setting.vuxen_deputy, setting.bou_caseworker
    elif role == Role.UNIT_MANAGER:
        # R13: a unit without a deputy has its unit manager appoint
        requested_unit = setting.bou.organisation.units.get(code="socialpsykiatri")
        user, caseworker = member(role, unit=requested_unit), setting.bou_caseworker
    else:
        user = caseworker = member(role, unit=setting.bou)
    client.force_login(user)
    client.get(dashboard(role))  # the session settles on the first request
    with CaptureQueriesContext(connection) as none:
        response = client.get(dashboard(role))
    assert response.context["dashboard"].waiting == []

    # when one child has items, then the page reads no more: only the access log is
    # written, once the list names someone (the acting membership and one INSERT)
    many_items(setting, 1, caseworker=caseworker, requested_unit=requested_unit)
    with CaptureQueriesContext(connection) as one:
        response = client.get(dashboard(role))
    assert len(response.context["dashboard"].waiting) >= 1
    assert len(one.captured_queries) == len(none.captured_queries) + 2
    [insert] = [q["sql"] for q in one.captured_queries if q["sql"].startswith("INSERT")]
    assert "accesslogentry" in insert

    # when seven children have items, then still no more
    many_items(setting, 6, caseworker=caseworker, requested_unit=requested_unit)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(dashboard(role))
    assert len(response.context["dashboard"].waiting) >= 7


def test_the_dashboard_names_people_without_identity_numbers_and_logs_each(client, setting):
    meeting = appointed(setting)
    consent(setting, valid_until=datetime.date(2026, 3, 20))
    client.force_login(setting.bou_caseworker)

    response = client.get(dashboard("caseworker"))

    page = response.content.decode()
    assert "Kim Förälder" in page
    assert setting.child.identity_number not in page
    assert setting.child.identity_number[2:8] not in page
    assert "2026-03-20" in page
    # the consent links to the case, the meeting to its own page
    assert reverse("coordination:case_detail", args=[setting.child_case.pk]) in page
    assert reverse("coordination:three_party_detail", args=[meeting.pk]) in page
    # one row per individual shown, even though the child is named twice
    rows = AccessLogEntry.objects.filter(user=setting.bou_caseworker, action=AccessAction.LIST)
    assert list(rows.values_list("individual_id", flat=True)) == [setting.child.pk]


def test_the_deputy_manager_dashboard_shows_requests_without_a_link_into_the_case(client, setting):
    three_party(setting)
    client.force_login(setting.vuxen_deputy)

    page = client.get(dashboard("deputy_unit_manager")).content.decode()

    assert "Kim Förälder" in page
    assert reverse("coordination:case_detail", args=[setting.child_case.pk]) not in page
    assert AccessLogEntry.objects.filter(
        user=setting.vuxen_deputy, individual=setting.child
    ).exists()


def test_r13_the_unit_manager_dashboard_shows_requests_to_a_unit_without_a_deputy(client, setting):
    psykiatri = setting.bou.organisation.units.get(code="socialpsykiatri")
    manager = member(Role.UNIT_MANAGER, unit=psykiatri)
    meeting = three_party(setting, requested_unit=psykiatri)
    client.force_login(manager)

    page = client.get(dashboard("unit_manager")).content.decode()

    assert "Kim Förälder" in page
    assert reverse("coordination:three_party_detail", args=[meeting.pk]) in page
    # R4: no link into BoU's case
    assert reverse("coordination:case_detail", args=[setting.child_case.pk]) not in page
    rows = AccessLogEntry.objects.filter(user=manager, action=AccessAction.LIST)
    assert list(rows.values_list("individual_id", flat=True)) == [setting.child.pk]


def test_an_empty_list_says_so_and_logs_no_one(client, setting):
    client.force_login(setting.vuxen_caseworker)

    response = client.get(dashboard("caseworker"))

    assert response.status_code == 200
    assert response.context["dashboard"].waiting == []
    assert not AccessLogEntry.objects.filter(user=setting.vuxen_caseworker).exists()
