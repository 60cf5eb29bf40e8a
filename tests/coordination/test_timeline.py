"""The family timeline on an individual's page (issue 4 item 10): every unit's events of the
person and the family, contents only within the viewer's scope (R4), fixed query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import (
    AccessAction,
    AccessLogEntry,
    AcuteConsultation,
    CarePlanningKind,
    CarePlanningMeeting,
    CoCaseworker,
    CoCaseworkerPurpose,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentOverride,
    ConsentScope,
    Contact,
    ContactChannel,
    JointPlan,
    JointPlanCase,
    JointPlanFollowUp,
    JointPlanStatus,
    OverrideLegalBasis,
    RelationKind,
    ThreePartyMeeting,
    ThreePartyOutcome,
    ThreePartyState,
)
from coordination.selectors import active_case_check
from coordination.selectors_timeline import EVENT_LABELS, EventKind, family_timeline
from coordination.services import case_register, relation_create
from tests.factories import person

pytestmark = pytest.mark.django_db

BOU_SECRET = "BoU-hemlighet: pappan dricker"
VUX_NOTE = "Vuxen-anteckning om boendet"


def page_of(individual) -> str:
    return reverse("coordination:individual_detail", args=[individual.pk])


def every_kind_of_event(case, *, by, other_unit, tag: str) -> None:
    """One record of each kind the timeline shows, on `case`; `tag` marks its texts."""
    organisation = case.unit.organisation
    Contact.objects.create(
        case=case,
        other_unit=other_unit,
        channel=ContactChannel.PHONE,
        information_transfer_needed=True,
        joint_work_plan_needed=False,
        note=f"{tag} contact",
        recorded_by=by,
    )
    plan = JointPlan.objects.create(
        organisation=organisation,
        investigation_approach=f"{tag} approach",
        continued_cooperation=f"{tag} cooperation",
        coordinator=by,
        created_by=by,
        status=JointPlanStatus.SIGNED_OFF,
        signed_off_at=timezone.now(),
        signed_off_by=by,
    )
    JointPlanCase.objects.create(plan=plan, case=case)
    JointPlanFollowUp.objects.create(
        plan=plan, due_on=datetime.date(2026, 1, 10), held_on=datetime.date(2026, 1, 12)
    )
    CoCaseworker.objects.create(
        case=case,
        caseworker=by,
        unit=other_unit,
        purpose=CoCaseworkerPurpose.EXPERTISE,
        purpose_text=f"{tag} co-caseworker",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
        appointed_by=by,
    )
    Consent.objects.create(
        individual=case.individual,
        scope=ConsentScope.SIP,
        form=ConsentForm.WRITTEN,
        given_by=ConsentGivenBy.INDIVIDUAL,
        given_on=datetime.date(2026, 1, 5),
        note=f"{tag} consent",
        recorded_by=by,
    )
    ConsentOverride.objects.create(
        individual=case.individual,
        case=case,
        scope=ConsentScope.HANDOVER,
        action=f"{tag} override",
        legal_basis=OverrideLegalBasis.CHILD_CONCERN,
        reason=f"{tag} reason",
        overridden_by=by,
    )
    ThreePartyMeeting.objects.create(
        case=case,
        requested_unit=other_unit,
        requested_by=by,
        question=f"{tag} question",
        state=ThreePartyState.CLOSED,
        appointed_by=by,
        appointed_caseworker=by,
        appointed_at=timezone.now(),
        pre_meeting_on=datetime.date(2026, 2, 1),
        meeting_on=datetime.date(2026, 2, 8),
        outcome=ThreePartyOutcome.OTHER,
        outcome_note=f"{tag} outcome",
    )
    meeting = CarePlanningMeeting.objects.create(
        case=case,
        kind=CarePlanningKind.SIP,
        held_on=datetime.date(2026, 2, 15),
        no_decisions_taken=True,
        follow_up_on=datetime.date(2026, 3, 15),
        notes=f"{tag} sip notes",
        recorded_by=by,
    )
    meeting.departments.add(case.unit.department)
    AcuteConsultation.objects.create(
        organisation=organisation,
        from_unit=case.unit,
        to_unit=other_unit,
        consulted_manager=by,
        case=case,
        question=f"{tag} acute question",
        agreed=f"{tag} agreed",
        recorded_by=by,
    )


@pytest.fixture
def third_unit(family):
    return family.organisation.units.exclude(pk__in=[family.bou.pk, family.vuxen.pk]).first()


@pytest.fixture
def both_cases(family, third_unit):
    """The child's BoU case has an event of every kind, none of them touching Vuxen; the
    parent has a case at Vuxen with a care-planning meeting."""
    parent_case = case_register(
        actor=family.vuxen_caseworker, individual=family.parent, unit=family.vuxen
    )
    every_kind_of_event(
        family.child_case, by=family.bou_caseworker, other_unit=third_unit, tag=BOU_SECRET
    )
    CarePlanningMeeting.objects.create(
        case=parent_case,
        kind=CarePlanningKind.CARE_PLANNING,
        held_on=datetime.date(2026, 3, 1),
        no_decisions_taken=True,
        follow_up_on=datetime.date(2026, 3, 20),
        notes=VUX_NOTE,
        recorded_by=family.vuxen_caseworker,
    )
    return parent_case


def test_r4_another_units_events_show_type_date_and_unit_but_no_contents(
    client, family, both_cases
):
    # given the Vuxen caseworker, who cannot open the child's BoU case
    client.force_login(family.vuxen_caseworker)

    # when they open the parent's page
    response = client.get(page_of(family.parent))

    # then BoU's SIP shows as a SIP on its date at BoU, with none of its contents
    page = response.content.decode()
    assert response.status_code == 200
    timeline = response.context["timeline"]
    sip = next(e for e in timeline.events if e.kind == EventKind.SIP)
    assert sip.on == datetime.date(2026, 2, 15)
    assert [u.name for u in sip.units] == [family.bou.name]
    assert sip.member.individual == family.child
    assert not sip.open
    assert sip.details == []
    assert "2026-02-15" in page
    assert str(EVENT_LABELS[EventKind.THREE_PARTY_REQUESTED]) in page
    assert str(EVENT_LABELS[EventKind.ACUTE_CONSULTATION]) in page
    assert BOU_SECRET not in page
    assert family.bou_caseworker.get_full_name() not in _timeline_html(page)
    assert reverse("coordination:case_detail", args=[family.child_case.pk]) not in page


def test_r4_own_units_events_show_their_contents_and_a_link(client, family, both_cases):
    client.force_login(family.vuxen_caseworker)

    page = client.get(page_of(family.parent)).content.decode()

    assert VUX_NOTE in page
    assert reverse("coordination:case_detail", args=[both_cases.pk]) in _timeline_html(page)


def test_r4_the_owning_unit_sees_every_kind_of_content(client, family, both_cases):
    client.force_login(family.bou_caseworker)

    response = client.get(page_of(family.child))

    page = response.content.decode()
    for text in (
        "approach",
        "co-caseworker",
        "consent",
        "override",
        "question",
        "outcome",
        "sip notes",
        "agreed",
    ):
        assert f"{BOU_SECRET} {text}" in page, text
    sip = next(e for e in response.context["timeline"].events if e.kind == EventKind.SIP)
    assert (str(_("Departments taking part")), family.bou.department.name) in sip.details
    assert sip.case_id == family.child_case.pk
    kinds = {e.kind for e in response.context["timeline"].events}
    assert {
        EventKind.CASE_OPENED,
        EventKind.PLAN_CREATED,
        EventKind.PLAN_SIGNED_OFF,
        EventKind.FOLLOW_UP_HELD,
        EventKind.CO_CASEWORKER,
        EventKind.CONSENT_GIVEN,
        EventKind.CONSENT_OVERRIDE,
        EventKind.THREE_PARTY_REQUESTED,
        EventKind.THREE_PARTY_APPOINTED,
        EventKind.PRE_MEETING,
        EventKind.THREE_PARTY_HELD,
        EventKind.THREE_PARTY_OUTCOME,
        EventKind.ACUTE_CONSULTATION,
    } <= kinds
    # the parent's Vuxen event is in the child's timeline too, as type, date and unit only
    care = next(
        e
        for e in response.context["timeline"].events
        if e.member.individual == family.parent and e.kind == EventKind.CARE_PLANNING
    )
    assert not care.open
    assert VUX_NOTE not in page


def test_r6_a_contact_is_open_to_both_units_it_joins(client, family, both_cases):
    Contact.objects.create(
        case=family.child_case,
        other_unit=family.vuxen,
        channel=ContactChannel.MEETING,
        information_transfer_needed=False,
        joint_work_plan_needed=True,
        note="Kontakt om gemensam planering",
        recorded_by=family.bou_caseworker,
    )
    client.force_login(family.vuxen_caseworker)

    page = client.get(page_of(family.parent)).content.decode()

    assert "Kontakt om gemensam planering" in page
    assert BOU_SECRET not in page


def test_r4_a_grant_opens_the_other_units_events(client, family, both_cases):
    from coordination.models import GrantReason
    from coordination.services import case_grant

    case_grant(
        actor=family.bou_caseworker,
        case=family.child_case,
        user=family.vuxen_caseworker,
        reason=GrantReason.CO_CASEWORKER,
    )
    client.force_login(family.vuxen_caseworker)

    page = client.get(page_of(family.parent)).content.decode()

    assert f"{BOU_SECRET} sip notes" in page


def test_newest_first_and_at_most_fifty_with_a_count_of_older_ones(client, family):
    for day in range(60):
        Contact.objects.create(
            case=family.child_case,
            other_unit=family.vuxen,
            contacted_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=day),
            channel=ContactChannel.PHONE,
            information_transfer_needed=False,
            joint_work_plan_needed=False,
            recorded_by=family.bou_caseworker,
        )
    client.force_login(family.bou_caseworker)

    response = client.get(page_of(family.child))

    timeline = response.context["timeline"]
    dates = [e.on for e in timeline.events]
    assert len(dates) == 50
    assert dates == sorted(dates, reverse=True)
    assert dates[:2] == sorted([family.child_case.opened_on, datetime.date(2026, 3, 1)])[::-1]
    # 60 contacts and the case's opening: 11 older events are left out
    assert timeline.older_count == 11
    assert timeline.total == 61


def test_the_page_logs_the_family_once_and_the_timeline_adds_no_rows(client, family, both_cases):
    client.force_login(family.vuxen_caseworker)

    client.get(page_of(family.parent))

    # the page's check logs parent and child; the timeline shows no one else
    checked = set(
        AccessLogEntry.objects.filter(action=AccessAction.CHECK).values_list(
            "individual_id", flat=True
        )
    )
    assert checked == {family.parent.pk, family.child.pk}
    assert AccessLogEntry.objects.filter(individual=family.child).count() == 1


def _family_of(size: int, *, family):
    """The parent with `size - 1` children, each child with a BoU case full of events."""
    for year in range(size - 1):
        child = person(born=str(2004 + year), first_name="Barn", last_name=str(year))
        relation_create(
            actor=family.bou_caseworker,
            from_individual=family.parent,
            to_individual=child,
            kind=RelationKind.PARENT_OF,
        )
        case = case_register(actor=family.bou_caseworker, individual=child, unit=family.bou)
        every_kind_of_event(case, by=family.bou_caseworker, other_unit=family.vuxen, tag="x")


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries.captured_queries)


def test_the_timeline_reads_a_fixed_number_of_queries_whatever_the_family(family):
    # given a family of 2 (parent and the fixture's child, plus one more) ...
    case_register(actor=family.vuxen_caseworker, individual=family.parent, unit=family.vuxen)
    every_kind_of_event(
        family.child_case, by=family.bou_caseworker, other_unit=family.vuxen, tag="y"
    )
    check = active_case_check(individual=family.parent, viewer=family.vuxen_caseworker)
    assert len(check.individual_ids) == 2
    small = _queries(
        lambda: family_timeline(
            individual=family.parent, viewer=family.vuxen_caseworker, check=check
        )
    )

    # ... and of 8
    _family_of(7, family=family)
    check = active_case_check(individual=family.parent, viewer=family.vuxen_caseworker)
    assert len(check.individual_ids) == 8
    large = _queries(
        lambda: family_timeline(
            individual=family.parent, viewer=family.vuxen_caseworker, check=check
        )
    )

    assert small == large == 3


def test_the_individual_page_costs_the_same_for_a_family_of_2_and_of_8(
    client, family, django_assert_max_num_queries
):
    case_register(actor=family.vuxen_caseworker, individual=family.parent, unit=family.vuxen)
    every_kind_of_event(
        family.child_case, by=family.bou_caseworker, other_unit=family.vuxen, tag="y"
    )
    client.force_login(family.vuxen_caseworker)
    client.get(page_of(family.parent))  # the session settles on the first request
    small = _queries(lambda: client.get(page_of(family.parent)))

    _family_of(7, family=family)
    with django_assert_max_num_queries(small):
        response = client.get(page_of(family.parent))

    assert len(response.context["timeline"].events) == 50


def _timeline_html(page: str) -> str:
    return page[page.index('id="timeline-heading"') :]
