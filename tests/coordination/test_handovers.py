"""The handover from BoU to Vuxen (R17, R18): the package, consent (R12), the receiving side's
steps, and responsibility passing on the 20th birthday, once."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from coordination.models import (
    AccessAction,
    AccessLogEntry,
    AccessOutcome,
    Case,
    CaseStatus,
    CoCaseworker,
    CoCaseworkerPurpose,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentOverride,
    ConsentScope,
    DueItem,
    DueKind,
    Handover,
    HandoverState,
    Individual,
    Notification,
    OverrideLegalBasis,
)
from coordination.permissions import case_visible_to
from coordination.selectors_handovers import handover_blocks_intervention
from coordination.services import CaseRuleError, case_register, case_transition, individual_create
from coordination.services.consent import ConsentOverrideInput, consent_missing_message
from coordination.services.deadlines import deadlines_sweep
from coordination.services.handovers import (
    handover_appoint,
    handover_receive,
    handover_send,
    handover_start,
)
from coordination.tasks_handovers import handovers_pass_due
from tests.factories import member
from units.models import Organisation, Role, Unit, User

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
D = datetime.date
BORN = D(2007, 5, 8)  # turns 20 on 2027-05-08: BoU's responsibility ends (R16, R17)
BIRTHDAY = D(2027, 5, 8)
NOTICE_DAY = D(2026, 11, 10)  # within six months of the birthday
SECRET_SUMMARY = "Orosanmälan från skolan om hemsituationen."
SECRET_REFERENCE = "BOU-SECRET-4711"
PACKAGE = {
    "background": "Bor med mamma, pappa i Uppsala.",
    "legal_guardian": "Ingen god man.",
    "current_situation": "Studerar på gymnasiet, vill flytta hemifrån.",
    "problems_and_investigations": "ADHD-utredning 2021.",
    "interventions_and_planning": "Kontaktperson enligt SoL, planeras fortsätta.",
}


def stockholm(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


@dataclass
class Scene:
    organisation: Organisation
    bou: Unit
    vuxen: Unit
    bou_worker: User
    bou_colleague: User
    vux_worker: User
    vux_deputy: User
    vux_manager: User
    young: Individual
    case: Case


@pytest.fixture
def scene(osthammar) -> Scene:
    """A 19-year-old at BoU, six months before turning 20 (001: handover at 20)."""
    bou = osthammar.units.get(code="bou")
    vuxen = osthammar.units.get(kind="vuxen")
    with time_machine.travel(stockholm(NOTICE_DAY), tick=False):
        bou_worker = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
        young = individual_create(first_name="Kim", last_name="Ung", birth_date=BORN)
        case = case_register(
            actor=bou_worker,
            individual=young,
            unit=bou,
            external_system="procapita",
            external_reference=SECRET_REFERENCE,
        )
        case.summary = SECRET_SUMMARY
        case.save()
    return Scene(
        organisation=osthammar,
        bou=bou,
        vuxen=vuxen,
        bou_worker=bou_worker,
        bou_colleague=member(Role.CASEWORKER, unit=bou),
        vux_worker=member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Vux"),
        vux_deputy=member(Role.DEPUTY_UNIT_MANAGER, unit=vuxen, first_name="Dagny"),
        vux_manager=member(Role.UNIT_MANAGER, unit=vuxen),
        young=young,
        case=case,
    )


@pytest.fixture
def on_notice_day():
    with time_machine.travel(stockholm(NOTICE_DAY), tick=False):
        yield


def consent(s: Scene) -> Consent:
    return Consent.objects.create(
        individual=s.young,
        scope=ConsentScope.HANDOVER,
        unit=s.vuxen,
        form=ConsentForm.WRITTEN,
        given_by=ConsentGivenBy.INDIVIDUAL,
        recorded_by=s.bou_worker,
    )


def draft(s: Scene) -> Handover:
    return handover_start(
        actor=s.bou_worker, case=s.case, receiving_unit=s.vuxen, passes_on=BIRTHDAY, **PACKAGE
    )


def sent(s: Scene) -> Handover:
    consent(s)
    return handover_send(actor=s.bou_worker, handover=draft(s))


def appointed(s: Scene) -> Handover:
    handover = sent(s)
    handover_receive(actor=s.vux_deputy, handover=handover)
    return handover_appoint(actor=s.vux_deputy, handover=handover, caseworker=s.vux_worker)


def url(name: str, *args) -> str:
    return reverse(f"coordination:{name}", args=args)


def denials(user: User) -> int:
    return AccessLogEntry.objects.filter(user=user, outcome=AccessOutcome.DENIED).count()


# R17: the caseworker starts from the case; the day is the 20th birthday, the unit an adult one.
def test_r17_start_page_prefills_the_20th_birthday_and_offers_adult_units(
    client, scene, on_notice_day
):
    client.force_login(scene.bou_worker)

    response = client.get(url("handover_start", scene.case.pk))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["passes_on"] == BIRTHDAY
    units = list(form.fields["receiving_unit"].queryset)
    assert scene.vuxen in units
    assert scene.bou not in units


# R18: the package is saved as a draft; an empty required part refuses sending, by name.
def test_r18_package_saved_then_send_refused_without_its_parts(client, scene, on_notice_day):
    consent(scene)
    client.force_login(scene.bou_worker)
    data = {"receiving_unit": scene.vuxen.pk, "passes_on": BIRTHDAY.isoformat()}

    response = client.post(url("handover_start", scene.case.pk), data)

    handover = Handover.objects.get()
    assert response.status_code == 302
    assert handover.state == HandoverState.DRAFT
    response = client.post(url("handover_send", handover.pk), {})
    assert response.status_code == 400
    assert escape(_("Write this part of the package before sending it (R18).")) in (
        response.content.decode()
    )
    handover.refresh_from_db()
    assert handover.state == HandoverState.DRAFT


# The form keeps what was typed and says what is wrong; nothing is saved.
def test_start_with_a_past_day_is_refused_and_keeps_the_input(client, scene, on_notice_day):
    client.force_login(scene.bou_worker)
    data = {"receiving_unit": scene.vuxen.pk, "passes_on": "2020-01-01", **PACKAGE}

    response = client.post(url("handover_start", scene.case.pk), data)

    assert response.status_code == 400
    assert escape(_("The day responsibility passes must be in the future.")) in (
        response.content.decode()
    )
    assert PACKAGE["background"] in response.content.decode()
    assert not Handover.objects.exists()


# R12: no consent to the handover to Vuxen, no sending; the override fields appear.
def test_r12_send_without_consent_is_refused_and_offers_the_override(client, scene, on_notice_day):
    handover = draft(scene)
    client.force_login(scene.bou_worker)

    response = client.post(url("handover_send", handover.pk), {})

    assert response.status_code == 400
    body = response.content.decode()
    missing = consent_missing_message(
        individual=scene.young, scope=ConsentScope.HANDOVER, unit=scene.vuxen
    )
    assert escape(missing) in body
    assert 'name="override_legal_basis"' in body
    handover.refresh_from_db()
    assert handover.state == HandoverState.DRAFT
    assert not DueItem.objects.filter(kind=DueKind.HANDOVER_SENT).exists()

    # with a legal basis and a reason it goes, and the override is recorded for review
    response = client.post(
        url("handover_send", handover.pk),
        {
            "override_legal_basis": OverrideLegalBasis.CHILD_CONCERN,
            "override_reason": "Akut behov av fortsatt stöd.",
        },
    )
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.state == HandoverState.SENT
    assert ConsentOverride.objects.filter(case=scene.case, scope=ConsentScope.HANDOVER).exists()


# R17: sending answers the sweep's deadline: its items are done and the reminders stop; the
# receiving unit's deputy unit manager is notified.
def test_r17_sending_closes_the_deadline_and_notifies_the_receiving_deputy(scene, on_notice_day):
    deadlines_sweep(today=NOTICE_DAY)
    open_kinds = set(
        scene.case.due_items.filter(done_at__isnull=True).values_list("kind", flat=True)
    )
    assert DueKind.HANDOVER_DEADLINE in open_kinds

    sent(scene)

    assert not scene.case.due_items.filter(
        kind__in=[
            DueKind.HANDOVER_FIRST_NOTICE,
            DueKind.HANDOVER_DEADLINE,
            DueKind.HANDOVER_REMINDER,
            DueKind.HANDOVER_OVERDUE,
        ],
        done_at__isnull=True,
    ).exists()
    item = scene.case.due_items.get(kind=DueKind.HANDOVER_SENT)
    assert item.unit == scene.vuxen
    assert set(Notification.objects.filter(due_item=item).values_list("recipient", flat=True)) == {
        scene.vux_deputy.pk
    }
    # a later sweep raises no reminder for an announced handover
    assert deadlines_sweep(today=NOTICE_DAY + datetime.timedelta(days=30)).total == 0


# R18, R4: the receiving side reads the package, never the youth case's other contents.
def test_r18_receiving_deputy_sees_the_package_but_not_the_case(client, scene, on_notice_day):
    handover = sent(scene)
    client.force_login(scene.vux_deputy)

    listing = client.get(url("handover_incoming"))
    detail = client.get(url("handover_detail", handover.pk))
    case_page = client.get(url("case_detail", scene.case.pk))

    assert listing.status_code == 200
    assert scene.young.full_name in listing.content.decode()
    assert detail.status_code == 200
    body = detail.content.decode()
    assert PACKAGE["current_situation"] in body
    for secret in (SECRET_SUMMARY, SECRET_REFERENCE):
        assert secret not in body
        assert secret not in listing.content.decode()
    assert case_page.status_code == 404
    # one access-log row per showing of the individual
    rows = AccessLogEntry.objects.filter(
        user=scene.vux_deputy, individual=scene.young, outcome=AccessOutcome.GRANTED
    )
    assert set(rows.values_list("action", flat=True)) == {AccessAction.LIST, AccessAction.VIEW}


# R18: receipt, the receiving caseworker (co-caseworker until the birthday, R17), the meeting.
def test_r18_receive_appoint_and_joint_meeting(client, scene, on_notice_day):
    handover = sent(scene)
    client.force_login(scene.vux_deputy)

    assert client.post(url("handover_receive", handover.pk)).status_code == 302
    response = client.post(
        url("handover_appoint", handover.pk), {"caseworker": scene.vux_worker.pk}
    )

    assert response.status_code == 302
    handover.refresh_from_db()
    assert (handover.state, handover.received_by) == (HandoverState.RECEIVED, scene.vux_deputy) or (
        handover.state == HandoverState.APPOINTED
    )
    assert handover.receiving_caseworker == scene.vux_worker
    appointment = CoCaseworker.objects.get(case=scene.case, caseworker=scene.vux_worker)
    assert appointment.purpose == CoCaseworkerPurpose.TRANSITION
    assert appointment.ends_on == BIRTHDAY
    assert case_visible_to(scene.vux_worker).filter(pk=scene.case.pk).exists()
    # the receiving caseworker hears of it and records the joint meeting
    assert Notification.objects.filter(
        recipient=scene.vux_worker, due_item__kind=DueKind.HANDOVER_SENT
    ).exists()
    client.force_login(scene.vux_worker)
    response = client.post(url("handover_meeting", handover.pk), {"joint_meeting_on": "2027-01-15"})
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.joint_meeting_on == D(2027, 1, 15)
    # a meeting after the day responsibility passes is refused, with the reason
    response = client.post(url("handover_meeting", handover.pk), {"joint_meeting_on": "2027-06-01"})
    assert response.status_code == 400
    refusal = _("The joint meeting is held before responsibility passes (%(day)s).") % {
        "day": "2027-05-08"
    }
    assert escape(refusal) in response.content.decode()


# R12: an appointment after a send on an override rests on the same legal basis.
def test_r12_appointment_after_an_override_send(scene, on_notice_day):
    handover = handover_send(
        actor=scene.bou_worker,
        handover=draft(scene),
        override=ConsentOverrideInput(
            legal_basis=OverrideLegalBasis.CHILD_CONCERN, reason="Brådskande"
        ),
    )
    handover_receive(actor=scene.vux_deputy, handover=handover)

    handover_appoint(actor=scene.vux_deputy, handover=handover, caseworker=scene.vux_worker)

    assert CoCaseworker.objects.filter(case=scene.case, caseworker=scene.vux_worker).exists()


# R17: on the 20th birthday responsibility passes: a case at Vuxen, BoU's closed, both told.
def test_r17_responsibility_passes_on_the_birthday_once(scene):
    with time_machine.travel(stockholm(NOTICE_DAY), tick=False):
        handover = appointed(scene)

    with time_machine.travel(stockholm(BIRTHDAY - datetime.timedelta(days=1), 23), tick=False):
        assert handovers_pass_due() == 0  # not yet
    with time_machine.travel(stockholm(BIRTHDAY, 0), tick=False):
        first = handovers_pass_due()
        second = handovers_pass_due()

    assert (first, second) == (1, 0)  # idempotent
    handover.refresh_from_db()
    scene.case.refresh_from_db()
    assert handover.state == HandoverState.PASSED
    assert handover.passed_at is not None
    receiving = handover.receiving_case
    assert (receiving.unit, receiving.caseworker, receiving.opened_on) == (
        scene.vuxen,
        scene.vux_worker,
        BIRTHDAY,
    )
    assert (scene.case.status, scene.case.closed_on) == (CaseStatus.CLOSED, BIRTHDAY)
    assert Case.objects.filter(individual=scene.young, unit=scene.vuxen).count() == 1
    told = set(
        Notification.objects.filter(due_item__kind=DueKind.RESPONSIBILITY_PASSES).values_list(
            "recipient", flat=True
        )
    )
    assert told == {scene.bou_worker.pk, scene.vux_worker.pk}
    # history is kept (simple-history) for the handover and the closed case
    assert handover.history.filter(state=HandoverState.PASSED).count() == 1
    assert scene.case.history.filter(status=CaseStatus.CLOSED).count() == 1


# R17: an open case at Vuxen for the same person is linked, not duplicated.
def test_r17_passing_links_an_open_case_at_the_receiving_unit(scene):
    with time_machine.travel(stockholm(NOTICE_DAY), tick=False):
        handover = appointed(scene)
        existing = case_register(actor=scene.vux_worker, individual=scene.young, unit=scene.vuxen)

    with time_machine.travel(stockholm(BIRTHDAY, 8), tick=False):
        assert handovers_pass_due() == 1

    handover.refresh_from_db()
    assert handover.receiving_case == existing
    assert Case.objects.filter(individual=scene.young, unit=scene.vuxen).count() == 1


# R18: interventions at the receiving unit start only once responsibility has passed.
def test_r18_no_intervention_at_the_receiving_unit_before_the_day(scene):
    with time_machine.travel(stockholm(NOTICE_DAY), tick=False):
        appointed(scene)
        vuxen_case = case_register(actor=scene.vux_worker, individual=scene.young, unit=scene.vuxen)
        message = handover_blocks_intervention(vuxen_case)
        assert message is not None
        assert "2027-05-08" in message
        # the youth case itself is not blocked
        assert handover_blocks_intervention(scene.case) is None

        # and the status change itself is refused with that message (case_transition)
        # (the investigation stage reached directly: its R5 contact rule is tested elsewhere)
        Case.objects.filter(pk=vuxen_case.pk).update(status=CaseStatus.INVESTIGATION)
        with pytest.raises(CaseRuleError, match="2027-05-08"):
            case_transition(actor=scene.vux_worker, case=vuxen_case, to=CaseStatus.INTERVENTION)
        vuxen_case.refresh_from_db()
        assert vuxen_case.status == CaseStatus.INVESTIGATION

    with time_machine.travel(stockholm(BIRTHDAY, 8), tick=False):
        handovers_pass_due()
        assert handover_blocks_intervention(vuxen_case) is None


# R4: outside the audience every handover page answers 404 and the denial is logged.
def test_r4_handover_pages_refuse_outsiders(client, scene, on_notice_day):
    handover = draft(scene)
    outsider = member(Role.CASEWORKER, unit=scene.organisation.units.get(name="Socialpsykiatri"))
    no_membership = member(Role.CONTROLLER, organisation=scene.organisation)

    # a draft is the sending side's: Vuxen's deputy does not see it yet
    for user in (scene.vux_deputy, scene.vux_worker, outsider, no_membership):
        client.force_login(user)
        before = denials(user)
        assert client.get(url("handover_detail", handover.pk)).status_code == 404
        assert denials(user) == before + 1
    # a BoU colleague reads it but may not send it, nor start another
    client.force_login(scene.bou_colleague)
    assert client.get(url("handover_detail", handover.pk)).status_code == 200
    assert client.post(url("handover_send", handover.pk), {}).status_code == 404
    assert client.get(url("handover_start", scene.case.pk)).status_code == 404
    # once sent, a Vuxen caseworker who is not appointed still does not see it
    consent(scene)
    handover_send(actor=scene.bou_worker, handover=handover)
    client.force_login(scene.vux_worker)
    assert client.get(url("handover_detail", handover.pk)).status_code == 404
    assert client.post(url("handover_receive", handover.pk)).status_code == 404
    # and the sending caseworker may not confirm receipt for Vuxen
    client.force_login(scene.bou_worker)
    assert client.post(url("handover_receive", handover.pk)).status_code == 404
    handover.refresh_from_db()
    assert handover.state == HandoverState.SENT


# R17: the sending caseworker cancels with a reason; the transition access ends with it.
def test_r17_cancel_needs_a_reason_and_ends_the_transition_access(client, scene, on_notice_day):
    handover = appointed(scene)
    client.force_login(scene.bou_worker)

    response = client.post(url("handover_cancel", handover.pk), {"reason": ""})
    assert response.status_code == 400
    handover.refresh_from_db()
    assert handover.state == HandoverState.APPOINTED

    response = client.post(url("handover_cancel", handover.pk), {"reason": "Flyttar till Uppsala."})

    assert response.status_code == 302
    handover.refresh_from_db()
    assert (handover.state, handover.cancel_reason) == (
        HandoverState.CANCELLED,
        "Flyttar till Uppsala.",
    )
    assert not case_visible_to(scene.vux_worker).filter(pk=scene.case.pk).exists()
    # a new handover may be started after a cancelled one
    assert client.get(url("handover_start", scene.case.pk)).status_code == 200


def test_handovers_to_my_units_list_has_constant_queries(
    client, scene, on_notice_day, django_assert_max_num_queries
):
    consent_for = []
    for number in range(4):
        young = individual_create(first_name=f"Ung{number}", last_name="Person", birth_date=BORN)
        case = case_register(actor=scene.bou_worker, individual=young, unit=scene.bou)
        Consent.objects.create(
            individual=young,
            scope=ConsentScope.HANDOVER,
            unit=scene.vuxen,
            form=ConsentForm.WRITTEN,
            given_by=ConsentGivenBy.INDIVIDUAL,
            recorded_by=scene.bou_worker,
        )
        handover = handover_start(
            actor=scene.bou_worker,
            case=case,
            receiving_unit=scene.vuxen,
            passes_on=BIRTHDAY,
            **PACKAGE,
        )
        consent_for.append(handover_send(actor=scene.bou_worker, handover=handover))
    client.force_login(scene.vux_deputy)

    with django_assert_max_num_queries(12):
        response = client.get(url("handover_incoming"))

    assert response.status_code == 200
    assert len(response.context["handovers"]) == 4


def test_case_panel_offers_the_start_to_the_caseworker_only(scene, on_notice_day):
    template = Template("{% load cooperation_handovers %}{% case_handovers case %}")

    def render(user) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return template.render(Context({"request": request, "case": scene.case}))

    assert url("handover_start", scene.case.pk) in render(scene.bou_worker)
    assert url("handover_start", scene.case.pk) not in render(scene.bou_colleague)
    handover = draft(scene)
    assert url("handover_detail", handover.pk) in render(scene.bou_worker)
