"""Where deviation reports come from (R25): by hand, or proposed when a routine is not
followed: a handover not announced six months ahead (R17), an action without consent (R12),
an escalation past its target time (R2), an order's execution not checked in time (R26), a
review of the access log with remarks. Each event is proposed once to the managers of its
units, pre-filled with units and dates (never the individual) and linked to the event, and
disappears from the proposals once it has its report.

The events are written straight to the database: how coordination raises them is tested
there; here only their shape matters.
"""

import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from coordination.models import (
    AccessLogReview,
    ConsentOverride,
    ConsentScope,
    DueItem,
    DueKind,
    Escalation,
    Order,
    OrderState,
    OverrideLegalBasis,
    ReviewResult,
)
from coordination.services import case_register
from deviations.models import DeviationReport, DeviationSource, DeviationState
from deviations.selectors_proposals import PROPOSAL_WINDOW_DAYS, deviation_proposals_for
from deviations.services_proposals import deviation_propose
from tests.deviations.factories_deviations import (
    NOW,
    STOCKHOLM,
    TODAY,
    D,
    DeviationScene,
    deviation_scene_fixture,  # noqa: F401 - the fixture dev
)
from tests.factories import person

pytestmark = pytest.mark.django_db

PROPOSALS = reverse("deviations:proposals")
FINDINGS = "Läsning av Kim Ungssons journal utan skäl."


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


class Events:
    """One event of each source at BoU, and look-alikes that warrant nothing."""

    def __init__(self, dev: DeviationScene, *, index: int = 0):
        self.dev = dev
        org, bou, beroende = dev.organisation, dev.bou, dev.beroende
        self.young = person(born="2007", first_name="Kim", last_name="Ungsson")
        self.case = case_register(actor=dev.bou_caseworker, individual=self.young, unit=bou)
        shift = datetime.timedelta(days=index)
        # R17: the handover deadline passed on 8 November without an announcement
        self.handover = DueItem.objects.create(
            organisation=org,
            kind=DueKind.HANDOVER_DEADLINE,
            case=self.case,
            period=D(2027, 5, 8) + shift,
            due_on=D(2026, 11, 8) - shift,
            unit=beroende,
        )
        # ... and one not due yet
        DueItem.objects.create(
            organisation=org,
            kind=DueKind.HANDOVER_DEADLINE,
            case=case_register(actor=dev.bou_caseworker, individual=person(born="2008"), unit=bou),
            period=D(2028, 5, 8) + shift,
            due_on=D(2027, 11, 8),
            unit=beroende,
        )
        # R12: a handover sent without consent, and a contact without a case
        self.override = ConsentOverride.objects.create(
            individual=self.young,
            case=self.case,
            scope=ConsentScope.HANDOVER,
            action=f"Handover package sent to {beroende.name}",
            legal_basis=OverrideLegalBasis.NECESSARY_DISCLOSURE,
            reason="Akut.",
            overridden_by=dev.bou_caseworker,
        )
        self.caseless_override = ConsentOverride.objects.create(
            individual=self.young,
            scope=ConsentScope.CONTACT_UNIT,
            action="Kontakt med Kim Ungsson",
            legal_basis=OverrideLegalBasis.CHILD_CONCERN,
            reason="Oro.",
            overridden_by=dev.bou_caseworker,
        )
        # R2: an escalation between BoU and Beroende past its target time
        self.escalation = Escalation.objects.create(
            organisation=org,
            case=self.case,
            raising_unit=bou,
            other_unit=beroende,
            responsible_unit=bou,
            question="Oenighet om Kim Ungsson.",
            level=org.escalation_levels.order_by("rank").first(),
            level_entered_at=at(D(2026, 10, 20)),
            raised_by=dev.bou_caseworker,
            raised_at=at(D(2026, 10, 20)),
        )
        self.escalation_overdue = DueItem.objects.create(
            organisation=org,
            kind=DueKind.ESCALATION_OVERDUE,
            escalation=self.escalation,
            period=D(2026, 10, 20),
            due_on=D(2026, 11, 3),
        )
        # R26: orders received on 20 October; one checked late, one in time, one never
        self.order_late, self.order_on_time, self.order_never = (
            self._order_check(done=at(D(2026, 11, 5))),
            self._order_check(done=at(D(2026, 11, 3), hour=23)),
            self._order_check(done=None),
        )
        # a review of BoU's access log with remarks, and one without
        self.review = self._review(ReviewResult.REMARKS, FINDINGS)
        self.clean_review = self._review(ReviewResult.NO_REMARKS, "")

    def _order_check(self, *, done: datetime.datetime | None) -> DueItem:
        order = Order.objects.create(
            case=self.case,
            provider_unit=self.dev.beroende,
            state=OrderState.RECEIVED,
            created_by=self.dev.bou_caseworker,
            received_on=D(2026, 10, 20),
        )
        return DueItem.objects.create(
            organisation=self.dev.organisation,
            kind=DueKind.ORDER_EXECUTION_CHECK,
            case=self.case,
            order=order,
            period=D(2026, 10, 20),
            due_on=D(2026, 11, 3),
            unit=self.dev.beroende,
            done_at=done,
        )

    def _review(self, result: str, findings: str) -> AccessLogReview:
        return AccessLogReview.objects.create(
            reviewer=self.dev.bou_manager,
            organisation=self.dev.organisation,
            unit=self.dev.bou,
            period_start=D(2026, 10, 1),
            period_end=D(2026, 10, 31),
            result=result,
            findings=findings,
        )

    def expected_for_bou(self) -> set[tuple[str, int]]:
        return {
            (DeviationSource.HANDOVER_NOT_ANNOUNCED, self.handover.pk),
            (DeviationSource.CONSENT_OVERRIDE, self.override.pk),
            (DeviationSource.CONSENT_OVERRIDE, self.caseless_override.pk),
            (DeviationSource.ESCALATION_OVERDUE, self.escalation_overdue.pk),
            (DeviationSource.ORDER_EXECUTION_CHECK_MISSED, self.order_late.pk),
            (DeviationSource.ORDER_EXECUTION_CHECK_MISSED, self.order_never.pk),
            (DeviationSource.ACCESS_LOG_FINDING, self.review.pk),
        }


@pytest.fixture
def events(dev) -> Events:
    return Events(dev)


def keys(user) -> list[tuple[str, int]]:
    return [(p.source, p.event_id) for p in deviation_proposals_for(user=user)]


def propose_url(source: str, event_id: int) -> str:
    return reverse("deviations:propose", args=[source, event_id])


def test_r25_each_event_is_proposed_once_to_the_managers_of_its_units(dev, events):
    # BoU's deputy and unit manager get every event of BoU, each once
    for user in (dev.bou_deputy, dev.bou_manager):
        found = keys(user)
        assert len(found) == len(set(found))
        assert set(found) == events.expected_for_bou()
    # Beroende's deputy gets the escalation, in which Beroende is the other unit
    proposals = deviation_proposals_for(user=dev.beroende_deputy)
    assert [(p.source, p.event_id) for p in proposals] == [
        (DeviationSource.ESCALATION_OVERDUE, events.escalation_overdue.pk)
    ]
    assert (proposals[0].reporting_unit, proposals[0].concerned_units) == (
        dev.beroende,
        [dev.bou],
    )
    # a unit with nothing to report gets nothing
    assert keys(dev.psyk_deputy) == []


def test_r25_write_a_report_from_each_proposal(client, dev, events):
    client.force_login(dev.bou_deputy)
    page = client.get(PROPOSALS).content.decode()
    expected = events.expected_for_bou()
    for source, event_id in expected:
        assert propose_url(source, event_id) in page
    # the page names units and dates, never the young person
    assert "Ungsson" not in page
    assert events.young.identity_number not in page

    for source, event_id in sorted(expected):
        # when the deputy writes the report the portal proposes, twice
        first = client.post(propose_url(source, event_id))
        second = client.post(propose_url(source, event_id))
        # then one draft exists, linked to the event, pre-filled without the individual
        report = DeviationReport.objects.get(source=source, **_link(source, event_id))
        assert first.url == second.url == reverse("deviations:draft_edit", args=[report.pk])
        assert report.state == DeviationState.DRAFT
        assert report.reporting_unit == dev.bou
        assert report.reporter_title == "Biträdande enhetschef"
        assert "Ungsson" not in report.what_happened
        assert "Kim" not in report.what_happened
        assert events.young.identity_number not in report.what_happened
        assert FINDINGS not in report.what_happened

    # each source's text and units
    by_source = {r.source: r for r in DeviationReport.objects.order_by("pk")}
    handover = by_source[DeviationSource.HANDOVER_NOT_ANNOUNCED]
    assert "2026-11-08" in handover.what_happened
    assert list(handover.concerned_units.all()) == [dev.beroende]
    escalation = by_source[DeviationSource.ESCALATION_OVERDUE]
    assert "2026-11-03" in escalation.what_happened
    assert "2026-10-20" in escalation.what_happened
    assert list(escalation.concerned_units.all()) == [dev.beroende]
    order = by_source[DeviationSource.ORDER_EXECUTION_CHECK_MISSED]
    assert "2026-10-20" in order.what_happened
    assert dev.beroende.name in order.what_happened
    assert list(order.concerned_units.all()) == [dev.beroende]
    override = by_source[DeviationSource.CONSENT_OVERRIDE]
    assert "2026-11-10" in override.what_happened
    finding = by_source[DeviationSource.ACCESS_LOG_FINDING]
    assert "2026-10-01" in finding.what_happened
    assert finding.access_log_review == events.review
    assert DeviationReport.objects.count() == len(expected)

    # and the proposals are gone, for both units
    page = client.get(PROPOSALS).content.decode()
    assert 'id="proposals"' not in page
    assert 'action="/deviations/proposals/' not in page
    assert keys(dev.bou_deputy) == []
    assert keys(dev.beroende_deputy) == []


def _link(source: str, event_id: int) -> dict:
    if source == DeviationSource.CONSENT_OVERRIDE:
        return {"consent_override_id": event_id}
    if source == DeviationSource.ACCESS_LOG_FINDING:
        return {"access_log_review_id": event_id}
    return {"due_item_id": event_id}


def test_r25_one_report_per_event_whichever_unit_writes_it(client, dev, events):
    # given Beroende writes the report on the escalation first
    client.force_login(dev.beroende_deputy)
    response = client.post(
        propose_url(DeviationSource.ESCALATION_OVERDUE, events.escalation_overdue.pk)
    )
    report = DeviationReport.objects.get()
    assert response.url == reverse("deviations:draft_edit", args=[report.pk])
    assert (report.reporting_unit, list(report.concerned_units.all())) == (dev.beroende, [dev.bou])
    # then BoU is no longer offered it, and cannot open Beroende's draft through it
    assert (DeviationSource.ESCALATION_OVERDUE, events.escalation_overdue.pk) not in keys(
        dev.bou_deputy
    )
    client.force_login(dev.bou_deputy)
    response = client.post(
        propose_url(DeviationSource.ESCALATION_OVERDUE, events.escalation_overdue.pk)
    )
    assert response.status_code == 404
    assert DeviationReport.objects.count() == 1


def test_r25_what_is_not_proposed_cannot_be_written_from_a_proposal(client, dev, events):
    client.force_login(dev.bou_deputy)
    refused = [
        (DeviationSource.ORDER_EXECUTION_CHECK_MISSED, events.order_on_time.pk),  # checked in time
        (DeviationSource.ACCESS_LOG_FINDING, events.clean_review.pk),  # no remarks
        (DeviationSource.HANDOVER_NOT_ANNOUNCED, events.escalation_overdue.pk),  # wrong source
        (DeviationSource.MANUAL, events.handover.pk),
        ("no_such_source", events.handover.pk),
        (DeviationSource.HANDOVER_NOT_ANNOUNCED, 999999),
    ]
    for source, event_id in refused:
        assert client.post(propose_url(source, event_id)).status_code == 404
    # another unit's managers, caseworkers and the controller cannot use BoU's events
    for user in (dev.psyk_deputy, dev.bou_caseworker, dev.controller, dev.other_manager):
        client.force_login(user)
        assert (
            client.post(
                propose_url(DeviationSource.ACCESS_LOG_FINDING, events.review.pk)
            ).status_code
            == 404
        )
    for user in (dev.bou_caseworker, dev.controller):
        client.force_login(user)
        assert client.get(PROPOSALS).status_code == 404
    assert not DeviationReport.objects.exists()


def test_r25_events_older_than_a_year_are_not_proposed(dev, events):
    later = NOW + datetime.timedelta(days=PROPOSAL_WINDOW_DAYS + 10)
    with time_machine.travel(later, tick=False):
        assert keys(dev.bou_deputy) == [
            # the handover deadline of a year on, not yet due then, has passed by now
            (DeviationSource.HANDOVER_NOT_ANNOUNCED, p)
            for p in DueItem.objects.filter(due_on=D(2027, 11, 8)).values_list("pk", flat=True)
        ]


def test_r25_proposals_page_has_constant_queries(client, dev, django_assert_max_num_queries):
    Events(dev)
    client.force_login(dev.bou_deputy)
    client.get(PROPOSALS)  # the session's first save
    with django_assert_max_num_queries(12) as few:
        response = client.get(PROPOSALS)
    assert response.status_code == 200
    for index in range(1, 4):
        Events(dev, index=index)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(PROPOSALS)
    assert response.content.decode().count('class="button">') >= 4 * 7


def test_r25_a_report_by_hand_has_no_event(client, dev):
    client.force_login(dev.bou_deputy)
    response = client.post(
        reverse("deviations:draft_create"),
        {
            "reporting_unit": dev.bou.pk,
            "concerned_units": [dev.beroende.pk],
            "what_happened": "Kallelsen kom för sent.",
            "reporter_title": "Biträdande enhetschef",
        },
    )
    report = DeviationReport.objects.get()
    assert response.status_code == 302
    assert report.source == DeviationSource.MANUAL
    assert (report.due_item, report.consent_override, report.access_log_review) == (
        None,
        None,
        None,
    )
    assert report.reported_on == TODAY


def _offer(user, source: str, event) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load deviation_offers %}{% deviation_offer source event %}")
    return template.render(Context({"request": request, "source": source, "event": event}))


def test_r25_the_event_pages_offer_the_report_and_then_lead_to_it(dev, events):
    # an escalation's page offers BoU's and Beroende's managers the report on its overdue item
    propose = propose_url(DeviationSource.ESCALATION_OVERDUE, events.escalation_overdue.pk)
    for user in (dev.bou_deputy, dev.beroende_deputy):
        assert propose in _offer(user, DeviationSource.ESCALATION_OVERDUE, events.escalation)
    # nothing for a caseworker, an unconcerned unit or the controller (nothing sent yet)
    for user in (dev.bou_caseworker, dev.psyk_deputy, dev.controller):
        assert _offer(user, DeviationSource.ESCALATION_OVERDUE, events.escalation).strip() == ""
    # a log review with remarks, and an order checked late, likewise; one in time offers nothing
    review = _offer(dev.bou_manager, DeviationSource.ACCESS_LOG_FINDING, events.review)
    assert propose_url(DeviationSource.ACCESS_LOG_FINDING, events.review.pk) in review
    on_time = events.order_on_time.order
    assert (
        _offer(dev.bou_deputy, DeviationSource.ORDER_EXECUTION_CHECK_MISSED, on_time).strip() == ""
    )
    # once BoU has written the report, its managers are led to it, Beroende's to nothing yet
    report = deviation_propose(
        actor=dev.bou_deputy,
        source=DeviationSource.ESCALATION_OVERDUE,
        event_id=events.escalation_overdue.pk,
    )
    detail = reverse("deviations:report_detail", args=[report.pk])
    assert detail in _offer(dev.bou_manager, DeviationSource.ESCALATION_OVERDUE, events.escalation)
    assert (
        _offer(dev.beroende_deputy, DeviationSource.ESCALATION_OVERDUE, events.escalation).strip()
        == ""
    )
    # and to the report once part 1 is sent to Beroende
    dev.advance(report, DeviationState.PART1_SUBMITTED)
    assert detail in _offer(
        dev.beroende_deputy, DeviationSource.ESCALATION_OVERDUE, events.escalation
    )
