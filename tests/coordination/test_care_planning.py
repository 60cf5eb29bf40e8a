"""SIP and care planning (R14): departments, no decisions, the follow-up booked close after,
consent before a SIP (R12), who may record (R4), and the case page's panel."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from coordination.models import (
    AccessLogEntry,
    CarePlanningKind,
    CarePlanningMeeting,
    ConsentForm,
    ConsentGivenBy,
    ConsentOverride,
    ConsentScope,
    GrantReason,
    OverrideLegalBasis,
)
from coordination.services import case_grant, case_register
from coordination.services.care_planning import care_planning_record
from coordination.services.consent import ConsentMissingError, consent_record
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=STOCKHOLM), tick=False)
    return TODAY


@pytest.fixture
def ifo(family):
    return family.organisation.departments.get(code="ifo")


@pytest.fixture
def voo(family):
    return family.organisation.departments.get(code="voo")


def shows(response, text: str) -> bool:
    return escape(text) in response.content.decode()


def sip_consent(family):
    return consent_record(
        actor=family.bou_caseworker,
        individual=family.child,
        scope=ConsentScope.SIP,
        form=ConsentForm.WRITTEN,
        given_by=ConsentGivenBy.GUARDIANS,
        given_on=datetime.date(2026, 6, 1),
    )


def meeting_post(departments, **fields) -> dict:
    return {
        "kind": "care_planning",
        "held_on": "2026-06-10",
        "departments": [d.pk for d in departments],
        "other_participants": "Regionens vårdcentral",
        "no_decisions_taken": "on",
        "follow_up_on": "2026-07-01",
        **fields,
    }


def url(family) -> str:
    return f"/cases/{family.child_case.pk}/care-planning/new/"


def test_r14_care_planning_is_recorded_and_shown_on_the_case_page(client, family, ifo):
    client.force_login(family.bou_caseworker)

    response = client.post(url(family), meeting_post([ifo]))

    assert response.status_code == 302
    meeting = CarePlanningMeeting.objects.get()
    assert list(meeting.departments.all()) == [ifo]
    assert meeting.no_decisions_taken
    assert meeting.consent is None
    page = client.get(f"/cases/{family.child_case.pk}/")
    assert shows(page, str(CarePlanningKind.CARE_PLANNING.label))
    assert "Regionens vårdcentral" in page.content.decode()


def test_r14_no_decisions_are_taken_at_care_planning(client, family, ifo):
    client.force_login(family.bou_caseworker)

    response = client.post(url(family), meeting_post([ifo], no_decisions_taken=""))

    assert response.status_code == 400
    assert shows(
        response,
        _("No decisions are taken at care planning (R14): confirm that none were taken."),
    )
    assert "Regionens vårdcentral" in response.content.decode()
    assert not CarePlanningMeeting.objects.exists()


def test_r14_the_follow_up_comes_after_the_meeting_within_the_organisations_limit(
    client, family, ifo
):
    family.organisation.care_planning_follow_up_days = 14
    family.organisation.save()
    client.force_login(family.bou_caseworker)

    too_late = client.post(url(family), meeting_post([ifo], follow_up_on="2026-06-25"))
    before = client.post(url(family), meeting_post([ifo], follow_up_on="2026-06-10"))
    on_the_limit = client.post(url(family), meeting_post([ifo], follow_up_on="2026-06-24"))

    assert too_late.status_code == 400
    message = _(
        "Book the follow-up meeting close after: at the latest %(days)s days after the "
        "meeting (%(last)s, R14)."
    ) % {"days": 14, "last": "2026-06-24"}
    assert shows(too_late, message)
    assert before.status_code == 400
    assert shows(before, _("The follow-up meeting must come after the meeting."))
    assert on_the_limit.status_code == 302
    assert CarePlanningMeeting.objects.count() == 1


def test_r14_a_meeting_is_recorded_once_held(family, ifo):
    with pytest.raises(ValidationError) as error:
        care_planning_record(
            actor=family.bou_caseworker,
            case=family.child_case,
            kind=CarePlanningKind.CARE_PLANNING,
            held_on=TODAY + datetime.timedelta(days=1),
            departments=[ifo],
            follow_up_on=TODAY + datetime.timedelta(days=10),
            no_decisions_taken=True,
        )
    assert "held_on" in error.value.message_dict


def test_r14_at_least_one_department_takes_part(client, family):
    client.force_login(family.bou_caseworker)

    response = client.post(url(family), meeting_post([]))

    assert response.status_code == 400
    assert not CarePlanningMeeting.objects.exists()


def test_r14_both_departments_take_part_when_the_family_is_active_in_both(client, family, ifo, voo):
    # given the parent is active at the needs-assessment unit of VoO
    bistand = family.organisation.units.get(code="bistand-sol-lss")
    voo_worker = member(Role.CASEWORKER, unit=bistand)
    case_register(actor=voo_worker, individual=family.parent, unit=bistand)
    client.force_login(family.bou_caseworker)

    # when care planning is recorded with IFO alone
    response = client.post(url(family), meeting_post([ifo]))

    # then it is refused, naming the department missing
    assert response.status_code == 400
    message = _(
        "The family is active in %(involved)s: both departments take part when both "
        "may be needed (R14). Add %(missing)s."
    ) % {"involved": f"{ifo}, {voo}", "missing": str(voo)}
    assert shows(response, message)
    assert not CarePlanningMeeting.objects.exists()

    # and with both departments it is recorded
    assert client.post(url(family), meeting_post([ifo, voo])).status_code == 302
    assert CarePlanningMeeting.objects.get().departments.count() == 2


def test_r12_r14_a_sip_is_blocked_without_consent(client, family, ifo):
    client.force_login(family.bou_caseworker)

    response = client.post(url(family), meeting_post([ifo], kind="sip"))

    assert response.status_code == 400
    message = _(
        "Consent is missing: %(scope)s for %(person)s. Record the consent, or state the "
        "legal basis for going ahead without it."
    ) % {"scope": ConsentScope.SIP.label, "person": family.child.full_name}
    assert shows(response, message)
    assert response.context["show_override"] is True
    assert not CarePlanningMeeting.objects.exists()


def test_r12_r14_a_sip_with_consent_links_the_consent(client, family, ifo):
    consent = sip_consent(family)
    client.force_login(family.bou_caseworker)

    response = client.post(url(family), meeting_post([ifo], kind="sip", no_decisions_taken=""))

    assert response.status_code == 302
    meeting = CarePlanningMeeting.objects.get()
    assert meeting.consent == consent
    assert not meeting.no_decisions_taken  # decisions may follow a SIP; only care planning


def test_r12_a_consent_given_after_the_sip_does_not_cover_it(family, ifo):
    sip_consent(family)

    with pytest.raises(ConsentMissingError):
        care_planning_record(
            actor=family.bou_caseworker,
            case=family.child_case,
            kind=CarePlanningKind.SIP,
            held_on=datetime.date(2026, 5, 20),
            departments=[ifo],
            follow_up_on=datetime.date(2026, 6, 20),
            no_decisions_taken=True,
        )


def test_r12_a_sip_without_consent_goes_ahead_on_a_legal_basis_flagged(client, family, ifo):
    client.force_login(family.bou_caseworker)

    response = client.post(
        url(family),
        meeting_post(
            [ifo],
            kind="sip",
            override_legal_basis=OverrideLegalBasis.COMPULSORY_CARE,
            override_reason="LVU-vård pågår; SIP behövs före utskrivning.",
        ),
    )

    assert response.status_code == 302
    assert CarePlanningMeeting.objects.get().consent is None
    override = ConsentOverride.objects.get()
    assert (override.scope, override.case, override.flagged_for_review) == (
        ConsentScope.SIP,
        family.child_case,
        True,
    )


@pytest.mark.parametrize("who", ["caseworker", "co_caseworker", "unit_manager"])
def test_r14_who_may_record(client, family, ifo, who):
    if who == "caseworker":
        user = family.bou_caseworker
    elif who == "co_caseworker":
        user = family.vuxen_caseworker
        case_grant(
            actor=family.bou_caseworker,
            case=family.child_case,
            user=user,
            reason=GrantReason.CO_CASEWORKER,
            valid_until=timezone.now() + datetime.timedelta(days=30),
        )
    else:
        user = member(Role.UNIT_MANAGER, unit=family.bou)
    client.force_login(user)

    assert client.get(url(family)).status_code == 200
    assert client.post(url(family), meeting_post([ifo])).status_code == 302


def test_r4_others_get_404_and_a_logged_denial(client, family, ifo, time_machine):
    colleague = member(Role.CASEWORKER, unit=family.bou)  # sees the case, is not its caseworker
    controller = member(Role.CONTROLLER, organisation=family.organisation)
    case_grant(
        actor=family.bou_caseworker,
        case=family.child_case,
        user=family.vuxen_caseworker,
        reason=GrantReason.CO_CASEWORKER,
        valid_until=timezone.now() + datetime.timedelta(days=1),
    )
    time_machine.move_to(datetime.datetime(2026, 6, 17, 10, 0, tzinfo=STOCKHOLM), tick=False)

    for outsider in (colleague, controller, family.vuxen_caseworker):  # grant has expired
        client.force_login(outsider)
        assert client.get(url(family)).status_code == 404
        assert client.post(url(family), meeting_post([ifo])).status_code == 404
        assert (
            AccessLogEntry.objects.filter(
                user=outsider, outcome="denied", case=family.child_case
            ).count()
            == 2
        )
    assert not CarePlanningMeeting.objects.exists()
    with pytest.raises(Http404):
        care_planning_record(
            actor=colleague,
            case=family.child_case,
            kind=CarePlanningKind.CARE_PLANNING,
            held_on=TODAY,
            departments=[ifo],
            follow_up_on=TODAY + datetime.timedelta(days=7),
            no_decisions_taken=True,
        )


def test_r14_a_colleague_reads_the_meetings_on_the_case_page_without_the_record_link(
    client, family, ifo
):
    care_planning_record(
        actor=family.bou_caseworker,
        case=family.child_case,
        kind=CarePlanningKind.CARE_PLANNING,
        held_on=TODAY,
        departments=[ifo],
        follow_up_on=TODAY + datetime.timedelta(days=7),
        no_decisions_taken=True,
        other_participants="Vårdcentralen Gimo",
    )
    client.force_login(member(Role.CASEWORKER, unit=family.bou))

    page = client.get(f"/cases/{family.child_case.pk}/")

    assert "Vårdcentralen Gimo" in page.content.decode()
    assert url(family) not in page.content.decode()


def test_r14_the_case_page_panel_costs_a_fixed_number_of_queries(
    client, family, ifo, voo, django_assert_max_num_queries
):
    def record(n: int) -> None:
        for i in range(n):
            care_planning_record(
                actor=family.bou_caseworker,
                case=family.child_case,
                kind=CarePlanningKind.CARE_PLANNING,
                held_on=TODAY - datetime.timedelta(days=i),
                departments=[ifo, voo],
                follow_up_on=TODAY + datetime.timedelta(days=7),
                no_decisions_taken=True,
            )

    client.force_login(family.bou_caseworker)
    record(1)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/cases/{family.child_case.pk}/")
    record(7)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"/cases/{family.child_case.pk}/")

    assert len(response.context["care_planning_meetings"]) == 8
