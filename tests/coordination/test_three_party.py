"""Three-party meetings (R13): request, appoint or decline, pre-meeting, meeting, outcome.

Wrong-owner attempts by someone who sees the meeting answer 403 with the meeting page and
the reason, and change nothing; someone outside the meeting's scope gets 404 and a logged
denial (R4). Pages are read in English (the language cookie) so that the assertions do
not depend on the Swedish catalogue.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from coordination.models import (
    AccessLogEntry,
    AccessOutcome,
    GrantReason,
    ThreePartyMeeting,
    ThreePartyOutcome,
    ThreePartyState,
)
from coordination.selectors_three_party import three_party_waiting_for
from coordination.services import case_grant, case_grant_revoke
from coordination.services.three_party import (
    ThreePartyNotOwnerError,
    ThreePartyRuleError,
    three_party_appoint,
    three_party_decline,
    three_party_record_meeting,
    three_party_record_pre_meeting,
    three_party_request,
)
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
REQUEST_DAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=STOCKHOLM)
SUMMARY = "Orosanmälan från skolan"
SECRET = "BOU-SECRET-4711"
QUESTION = "Mamman behöver stöd kring sitt missbruk; vi vill mötas tillsammans med henne."


@pytest.fixture
def scene(family, time_machine):
    time_machine.move_to(REQUEST_DAY, tick=False)
    family.vuxen_deputy = member(
        Role.DEPUTY_UNIT_MANAGER, unit=family.vuxen, first_name="Dagny", last_name="Deputy"
    )
    family.other_vuxen_caseworker = member(
        Role.CASEWORKER, unit=family.vuxen, first_name="Olle", last_name="Annan"
    )
    return family


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def request_meeting(scene) -> ThreePartyMeeting:
    return three_party_request(
        actor=scene.bou_caseworker,
        case=scene.child_case,
        requested_unit=scene.vuxen,
        question=QUESTION,
    )


def appointed(scene) -> ThreePartyMeeting:
    return three_party_appoint(
        actor=scene.vuxen_deputy,
        meeting=request_meeting(scene),
        caseworker=scene.vuxen_caseworker,
    )


def url(name: str, meeting: ThreePartyMeeting) -> str:
    return reverse(f"coordination:three_party_{name}", args=[meeting.pk])


def page_of(response) -> str:
    return response.content.decode()


# The whole flow, each step by its owner


def test_r13_request_appoint_pre_meeting_meeting_outcome(english, scene, time_machine):
    client = english
    # given the BoU caseworker on their case
    client.force_login(scene.bou_caseworker)
    new = reverse("coordination:three_party_request", args=[scene.child_case.pk])
    assert client.get(new).status_code == 200

    # when they ask Vuxen for a three-party meeting
    response = client.post(new, {"requested_unit": scene.vuxen.pk, "question": QUESTION})

    # then the request waits at Vuxen's deputy unit manager
    meeting = ThreePartyMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", meeting)
    assert meeting.state == ThreePartyState.REQUESTED
    assert meeting.requested_by == scene.bou_caseworker
    assert [w.meeting for w in three_party_waiting_for(scene.vuxen_deputy)] == [meeting]

    # and the deputy sees it among the requests to their units
    client.force_login(scene.vuxen_deputy)
    requests = page_of(client.get(reverse("coordination:three_party_requests")))
    assert scene.child.full_name in requests
    assert "Requested" in requests

    # when the deputy appoints a Vuxen caseworker (R13)
    response = client.post(url("appoint", meeting), {"caseworker": scene.vuxen_caseworker.pk})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == ThreePartyState.APPOINTED
    assert meeting.appointed_caseworker == scene.vuxen_caseworker
    assert meeting.appointed_by == scene.vuxen_deputy

    # then the appointed caseworker sees the request, the person and the requester
    client.force_login(scene.vuxen_caseworker)
    page = page_of(client.get(url("detail", meeting)))
    assert scene.child.full_name in page
    assert scene.child.birth_date.isoformat() in page
    assert "Britt Bou" in page
    assert QUESTION in page
    # R4: but nothing of BoU's case
    assert SUMMARY not in page
    assert SECRET not in page
    assert "LVU" not in page
    assert reverse("coordination:case_detail", args=[scene.child_case.pk]) not in page

    # when the appointed caseworker records the pre-meeting, then the meeting
    time_machine.move_to(REQUEST_DAY + datetime.timedelta(days=8), tick=False)
    client.force_login(scene.vuxen_caseworker)  # a new day, a new session
    response = client.post(url("pre_meeting", meeting), {"held_on": "2026-03-05"})
    assert response["Location"] == url("detail", meeting)
    client.force_login(scene.bou_caseworker)
    response = client.post(url("meeting", meeting), {"held_on": "2026-03-10"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == ThreePartyState.MEETING_HELD
    assert meeting.pre_meeting_on == datetime.date(2026, 3, 5)
    assert meeting.meeting_on == datetime.date(2026, 3, 10)

    # and the requesting caseworker records the outcome
    response = client.post(
        url("outcome", meeting),
        {"outcome": ThreePartyOutcome.APPLICATION_MADE, "note": "Ansökan om behandling."},
    )

    # then the meeting is closed, and each step shows its owner and date
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == ThreePartyState.CLOSED
    assert meeting.outcome == ThreePartyOutcome.APPLICATION_MADE
    page = page_of(client.get(url("detail", meeting)))
    assert "Outcome recorded" in page
    assert "Dagny Deputy" in page
    assert "2026-03-05" in page
    assert "2026-03-10" in page
    assert "Application made" in page
    # history keeps every step
    assert meeting.history.count() == 5
    assert three_party_waiting_for(scene.bou_caseworker) == []


def test_r13_the_case_page_lists_the_meetings_and_the_request_link(english, scene):
    meeting = request_meeting(scene)
    english.force_login(scene.bou_caseworker)

    page = page_of(english.get(reverse("coordination:case_detail", args=[scene.child_case.pk])))

    assert url("detail", meeting) in page
    assert "Requested" in page
    assert reverse("coordination:three_party_request", args=[scene.child_case.pk]) in page


def test_r13_decline_needs_a_reason(english, scene):
    meeting = request_meeting(scene)
    english.force_login(scene.vuxen_deputy)

    # when the deputy declines without a reason
    response = english.post(url("decline", meeting), {"reason": "  "})

    # then nothing changes and the form says what is missing
    assert response.status_code == 400
    assert "This field is required." in page_of(response)
    meeting.refresh_from_db()
    assert meeting.state == ThreePartyState.REQUESTED

    # when they give a reason
    response = english.post(url("decline", meeting), {"reason": "Ingen ledig handläggare."})

    # then the requester sees the refusal and why
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == ThreePartyState.DECLINED
    english.force_login(scene.bou_caseworker)
    page = page_of(english.get(url("detail", meeting)))
    assert "Declined" in page
    assert "Ingen ledig handläggare." in page
    assert three_party_waiting_for(scene.vuxen_deputy) == []


def test_r13_request_form_errors_keep_the_input_and_save_nothing(english, scene):
    english.force_login(scene.bou_caseworker)
    new = reverse("coordination:three_party_request", args=[scene.child_case.pk])

    response = english.post(new, {"requested_unit": scene.vuxen.pk, "question": ""})

    assert response.status_code == 400
    assert "This field is required." in page_of(response)
    assert not ThreePartyMeeting.objects.exists()

    # a unit with nobody to receive the request is refused by name
    response = english.post(
        new,
        {"requested_unit": scene.organisation.units.get(code="familjeratt").pk, "question": "x"},
    )
    assert response.status_code == 400
    assert "has no deputy unit manager or unit manager" in page_of(response)
    assert "x</textarea>" in page_of(response)
    assert not ThreePartyMeeting.objects.exists()


def test_r13_the_case_own_unit_cannot_be_requested(scene):
    with pytest.raises(ValidationError) as refused:
        three_party_request(
            actor=scene.bou_caseworker,
            case=scene.child_case,
            requested_unit=scene.bou,
            question="q",
        )
    assert list(refused.value.message_dict) == ["requested_unit"]


def test_r13_unit_managers_receive_the_request_when_the_unit_has_no_deputy(scene):
    unit = scene.organisation.units.get(code="socialpsykiatri")
    manager = member(Role.UNIT_MANAGER, unit=unit)

    meeting = three_party_request(
        actor=scene.bou_caseworker, case=scene.child_case, requested_unit=unit, question="q"
    )

    assert [w.meeting for w in three_party_waiting_for(manager)] == [meeting]
    # once the unit has a deputy, the deputy owns the step (R13)
    deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=unit)
    assert three_party_waiting_for(manager) == []
    assert [w.meeting for w in three_party_waiting_for(deputy)] == [meeting]


# Who may do what


def test_r13_a_co_caseworker_with_a_live_grant_may_request(scene):
    co = scene.vuxen_caseworker
    grant = case_grant(
        actor=scene.bou_caseworker,
        case=scene.child_case,
        user=co,
        reason=GrantReason.CO_CASEWORKER,
    )

    familjeratt = scene.organisation.units.get(code="familjeratt")
    member(Role.DEPUTY_UNIT_MANAGER, unit=familjeratt)

    meeting = three_party_request(
        actor=co,
        case=scene.child_case,
        requested_unit=familjeratt,
        question="q",
    )
    assert meeting.requested_by == co

    case_grant_revoke(actor=scene.bou_caseworker, grant=grant)
    with pytest.raises(ThreePartyNotOwnerError):
        three_party_request(
            actor=co, case=scene.child_case, requested_unit=scene.vuxen, question="q"
        )


def test_r13_a_colleague_at_the_unit_who_is_not_the_caseworker_cannot_request(english, scene):
    colleague = member(Role.CASEWORKER, unit=scene.bou)
    english.force_login(colleague)
    new = reverse("coordination:three_party_request", args=[scene.child_case.pk])

    assert english.get(new).status_code == 403
    response = english.post(new, {"requested_unit": scene.vuxen.pk, "question": "q"})

    assert response.status_code == 403
    assert not ThreePartyMeeting.objects.exists()


@pytest.mark.parametrize(
    ("who", "step", "data", "state"),
    [
        # the requester cannot appoint at the other unit
        ("bou_caseworker", "appoint", {"caseworker": "vuxen_caseworker"}, "requested"),
        # a unit manager does not answer while the unit has a deputy
        ("vuxen_manager", "decline", {"reason": "nej"}, "requested"),
        # the deputy does not record the caseworkers' meetings
        ("vuxen_deputy", "pre_meeting", {"held_on": "2026-03-02"}, "appointed"),
        # the appointed caseworker does not record the outcome
        ("vuxen_caseworker", "outcome", {"outcome": "other", "note": "n"}, "meeting_held"),
    ],
)
def test_r13_a_step_by_someone_else_than_its_owner_is_refused(
    english, scene, time_machine, who, step, data, state
):
    scene.vuxen_manager = member(Role.UNIT_MANAGER, unit=scene.vuxen)
    meeting = request_meeting(scene)
    if state != "requested":
        meeting = three_party_appoint(
            actor=scene.vuxen_deputy, meeting=meeting, caseworker=scene.vuxen_caseworker
        )
    if state == "meeting_held":
        time_machine.move_to(REQUEST_DAY + datetime.timedelta(days=3), tick=False)
        meeting = three_party_record_pre_meeting(
            actor=scene.vuxen_caseworker, meeting=meeting, held_on=datetime.date(2026, 3, 3)
        )
        meeting = three_party_record_meeting(
            actor=scene.vuxen_caseworker, meeting=meeting, held_on=datetime.date(2026, 3, 4)
        )
    before = meeting.history.count()
    english.force_login(getattr(scene, who))
    data = {k: getattr(scene, v).pk if hasattr(scene, v) else v for k, v in data.items()}

    response = english.post(url(step, meeting), data)

    # then 403 with the reason, and nothing is changed
    assert response.status_code == 403
    assert "Only the" in page_of(response)
    meeting.refresh_from_db()
    assert meeting.state == state
    assert meeting.history.count() == before


def test_r13_illegal_moves_are_refused_with_a_specific_message(english, scene):
    meeting = appointed(scene)
    english.force_login(scene.vuxen_caseworker)

    # the meeting cannot be recorded before the pre-meeting
    response = english.post(url("meeting", meeting), {"held_on": "2026-03-02"})

    assert response.status_code == 400
    assert "after the pre-meeting" in page_of(response)
    meeting.refresh_from_db()
    assert meeting.state == ThreePartyState.APPOINTED
    with translation.override("en"), pytest.raises(ThreePartyRuleError, match="only be appointed"):
        three_party_appoint(
            actor=scene.vuxen_deputy, meeting=meeting, caseworker=scene.vuxen_caseworker
        )


def test_r13_dates_follow_each_other_and_are_not_in_the_future(english, scene, time_machine):
    meeting = appointed(scene)
    english.force_login(scene.vuxen_caseworker)

    response = english.post(url("pre_meeting", meeting), {"held_on": "2026-03-09"})
    assert response.status_code == 400
    assert "cannot be in the future" in page_of(response)
    assert 'value="2026-03-09"' in page_of(response)

    time_machine.move_to(REQUEST_DAY + datetime.timedelta(days=10), tick=False)
    english.force_login(scene.vuxen_caseworker)  # a new day, a new session
    english.post(url("pre_meeting", meeting), {"held_on": "2026-03-09"})
    response = english.post(url("meeting", meeting), {"held_on": "2026-03-08"})

    assert response.status_code == 400
    assert "cannot be before the pre-meeting (2026-03-09)" in page_of(response)
    response = english.post(url("meeting", meeting), {"held_on": "inte ett datum"})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.state == ThreePartyState.PRE_MEETING_HELD
    assert meeting.meeting_on is None


def test_r13_only_a_caseworker_of_the_requested_unit_can_be_appointed(scene):
    meeting = request_meeting(scene)

    with pytest.raises(ValidationError) as refused:
        three_party_appoint(
            actor=scene.vuxen_deputy, meeting=meeting, caseworker=scene.bou_caseworker
        )
    assert list(refused.value.message_dict) == ["caseworker"]
    meeting.refresh_from_db()
    assert meeting.state == ThreePartyState.REQUESTED


# Scope (R4) and the access log


def test_r4_the_appointed_caseworker_never_sees_the_requesting_case(english, scene):
    meeting = appointed(scene)
    english.force_login(scene.vuxen_caseworker)

    response = english.get(reverse("coordination:case_detail", args=[scene.child_case.pk]))
    page = page_of(english.get(url("detail", meeting)))

    assert response.status_code == 404
    assert SUMMARY not in page
    assert "Go to the requesting case" not in page


def test_r4_out_of_scope_meeting_answers_404_and_logs_the_denial(english, scene):
    meeting = appointed(scene)
    controller = member(Role.CONTROLLER, organisation=scene.organisation)

    for outsider in (scene.other_vuxen_caseworker, controller):
        english.force_login(outsider)
        assert english.get(url("detail", meeting)).status_code == 404
        response = english.post(url("pre_meeting", meeting), {"held_on": "2026-03-02"})
        assert response.status_code == 404
        denials = AccessLogEntry.objects.filter(user=outsider, outcome=AccessOutcome.DENIED)
        assert denials.count() == 2
        assert set(denials.values_list("case_id", flat=True)) == {scene.child_case.pk}
    meeting.refresh_from_db()
    assert meeting.state == ThreePartyState.APPOINTED


def test_the_meeting_page_logs_the_individual_it_shows(
    english, scene, django_assert_max_num_queries
):
    meeting = appointed(scene)
    english.force_login(scene.vuxen_caseworker)

    with django_assert_max_num_queries(11):
        response = english.get(url("detail", meeting))

    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(user=scene.vuxen_caseworker)
    assert entry.individual == scene.child
    assert entry.outcome == AccessOutcome.GRANTED


def test_the_request_list_is_for_managers_and_logs_each_individual(
    english, scene, django_assert_max_num_queries
):
    for _ in range(3):
        three_party_decline(actor=scene.vuxen_deputy, meeting=request_meeting(scene), reason="r")
    request_meeting(scene)
    english.force_login(scene.vuxen_deputy)

    with django_assert_max_num_queries(10):
        response = english.get(reverse("coordination:three_party_requests"))

    assert response.status_code == 200
    assert page_of(response).count(scene.child.full_name) == 4
    assert AccessLogEntry.objects.filter(user=scene.vuxen_deputy, action="list").count() == 1
    english.force_login(scene.vuxen_caseworker)
    assert english.get(reverse("coordination:three_party_requests")).status_code == 404


def test_my_meetings_lists_those_i_take_part_in(english, scene, django_assert_max_num_queries):
    meeting = appointed(scene)
    english.force_login(scene.vuxen_caseworker)

    with django_assert_max_num_queries(10):
        page = page_of(english.get(reverse("coordination:three_party_mine")))

    assert url("detail", meeting) in page
    english.force_login(scene.other_vuxen_caseworker)
    assert url("detail", meeting) not in page_of(
        english.get(reverse("coordination:three_party_mine"))
    )


# What waits for whom (the dashboard's helper)


def test_r13_waiting_for_names_the_owner_of_each_next_step(
    scene, time_machine, django_assert_num_queries
):
    meeting = request_meeting(scene)

    # requested: the deputy appoints
    [row] = three_party_waiting_for(scene.vuxen_deputy)
    assert (row.step, row.unit, row.individual_name, row.state) == (
        "appoint",
        scene.vuxen,
        scene.child.full_name,
        ThreePartyState.REQUESTED,
    )
    assert row.since == datetime.date(2026, 3, 2)
    assert three_party_waiting_for(scene.bou_caseworker) == []

    # appointed: both caseworkers may record the pre-meeting
    time_machine.move_to(REQUEST_DAY + datetime.timedelta(days=1), tick=False)
    three_party_appoint(
        actor=scene.vuxen_deputy, meeting=meeting, caseworker=scene.vuxen_caseworker
    )
    assert three_party_waiting_for(scene.vuxen_deputy) == []
    for caseworker in (scene.bou_caseworker, scene.vuxen_caseworker):
        [row] = three_party_waiting_for(caseworker)
        assert (row.step, row.since) == ("pre_meeting", datetime.date(2026, 3, 3))
    assert three_party_waiting_for(scene.other_vuxen_caseworker) == []

    # pre-meeting held: both may record the meeting
    meeting = three_party_record_pre_meeting(
        actor=scene.bou_caseworker, meeting=meeting, held_on=datetime.date(2026, 3, 3)
    )
    assert [r.step for r in three_party_waiting_for(scene.vuxen_caseworker)] == ["meeting"]

    # meeting held: only the requesting caseworker records the outcome
    three_party_record_meeting(
        actor=scene.vuxen_caseworker, meeting=meeting, held_on=datetime.date(2026, 3, 3)
    )
    assert three_party_waiting_for(scene.vuxen_caseworker) == []
    [row] = three_party_waiting_for(scene.bou_caseworker)
    assert row.step == "outcome"
    assert row.url == url("detail", meeting)


def test_waiting_for_takes_one_query_however_many_meetings(scene, django_assert_num_queries):
    for _ in range(5):
        request_meeting(scene)
    for _ in range(3):
        appointed(scene)

    with django_assert_num_queries(1):
        deputy_rows = three_party_waiting_for(scene.vuxen_deputy)
    with django_assert_num_queries(1):
        caseworker_rows = three_party_waiting_for(scene.vuxen_caseworker)

    assert len(deputy_rows) == 5
    assert len(caseworker_rows) == 3
    assert {r.individual_name for r in deputy_rows + caseworker_rows} == {scene.child.full_name}
