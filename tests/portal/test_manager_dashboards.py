"""The managers' dashboards (issue 6 item 5): escalations waiting at my level (R2, R9), my next
meeting (R21, R22), coming handovers (R17, R18) and overdue items (R17, R26-R29) in my units;
scoped by R4, logged, and in a fixed number of queries."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import (
    AccessAction,
    AccessLogEntry,
    Case,
    DueItem,
    DueKind,
    Escalation,
    EscalationStep,
    Handover,
    HandoverState,
    Order,
    OrderState,
)
from coordination.services import case_register, individual_create
from meetings.models import MeetingSeries, MeetingState, SubmissionKind
from meetings.services.submissions import submission_create
from portal.selectors_manager import manager_escalations
from tests.factories import member
from tests.meetings.factories_meetings import meeting_on
from units.models import EscalationLevel, Organisation, Role, Unit, User

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
D = datetime.date
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=STOCKHOLM)
TODAY = D(2026, 12, 1)
TEXTS = {
    "background": "Diagnos ADHD, utredd 2024.",
    "current_situation": "Stödboende, planering inför flytt.",
    "problem": "Oklart vem som ansvarar för boendet.",
    "question": "Vilken enhet tar ansvar?",
}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Scene:
    organisation: Organisation
    bou: Unit
    vuxen: Unit
    psyk: Unit
    lss: Unit
    bou_worker: User
    bou_deputy: User
    bou_manager: User
    vux_deputy: User
    vux_manager: User
    psyk_manager: User
    ifo_head: User
    voo_head: User


@pytest.fixture
def scene(osthammar) -> Scene:
    """Östhammar (001/002): BoU holds until 20, 21 under LVU (R16); unit managers decide at
    level 2 and department heads at 3 and 4 (R2); the unit managers meet every 14 days (R21)."""
    units = {unit.code: unit for unit in osthammar.units.all()}
    ifo = units["bou"].department
    voo = units["bistand-sol-lss"].department
    return Scene(
        organisation=osthammar,
        bou=units["bou"],
        vuxen=units["vuxen"],
        psyk=units["socialpsykiatri"],
        lss=units["bistand-sol-lss"],
        bou_worker=member(Role.CASEWORKER, unit=units["bou"], first_name="Britt"),
        bou_deputy=member(Role.DEPUTY_UNIT_MANAGER, unit=units["bou"], first_name="Bitte"),
        bou_manager=member(Role.UNIT_MANAGER, unit=units["bou"], first_name="Eva"),
        vux_deputy=member(Role.DEPUTY_UNIT_MANAGER, unit=units["vuxen"], first_name="Dagny"),
        vux_manager=member(Role.UNIT_MANAGER, unit=units["vuxen"], first_name="Ulf"),
        psyk_manager=member(Role.UNIT_MANAGER, unit=units["socialpsykiatri"]),
        ifo_head=member(Role.DEPARTMENT_HEAD, department=ifo, first_name="Göran"),
        voo_head=member(Role.DEPARTMENT_HEAD, department=voo, first_name="Bo"),
    )


def dashboard_url(role: Role) -> str:
    return reverse("portal:dashboard", args=[role.value])


def open_dashboard(client, user: User, role: Role):
    client.force_login(user)
    response = client.get(dashboard_url(role))
    assert response.status_code == 200
    return response


def manager_block(response):
    return response.context["dashboard"].manager


def young(scene: Scene, *, born: D, name: str, unit: Unit | None = None, bases=("sol",)) -> Case:
    unit = unit or scene.bou
    caseworker = scene.bou_worker if unit == scene.bou else member(Role.CASEWORKER, unit=unit)
    first, last = name.split()
    individual = individual_create(first_name=first, last_name=last, birth_date=born)
    return case_register(
        actor=caseworker, individual=individual, unit=unit, legal_bases=list(bases)
    )


def listed(user: User) -> set[int]:
    return set(
        AccessLogEntry.objects.filter(user=user, action=AccessAction.LIST).values_list(
            "individual_id", flat=True
        )
    )


# 1. Escalations waiting at my level (R2, R9)


def escalate(
    scene: Scene, raising: Unit, other: Unit, *, rank: int, days_ago: int, question="Vem?"
) -> Escalation:
    """An open escalation at level `rank` since `days_ago` days, with its step (R9)."""
    level = EscalationLevel.objects.get(organisation=scene.organisation, rank=rank)
    entered = timezone.now() - datetime.timedelta(days=days_ago)
    raised_by = member(Role.CASEWORKER, unit=raising)
    escalation = Escalation.objects.create(
        organisation=scene.organisation,
        raising_unit=raising,
        other_unit=other,
        responsible_unit=raising,
        question=question,
        level=level,
        level_entered_at=entered,
        raised_by=raised_by,
        raised_at=entered,
    )
    EscalationStep.objects.create(
        escalation=escalation, level=level, entered_at=entered, entered_by=raised_by, reason="R9"
    )
    return escalation


def test_r9_unit_manager_sees_the_escalations_at_their_level_oldest_first(scene):
    # given two escalations at level 2 (unit managers) involving BoU, one past its 14 days,
    # one at level 3 (department heads), and one between two other units
    late = escalate(scene, scene.bou, scene.vuxen, rank=2, days_ago=20)
    fresh = escalate(scene, scene.vuxen, scene.bou, rank=2, days_ago=3)
    escalate(scene, scene.bou, scene.vuxen, rank=3, days_ago=30)
    escalate(scene, scene.psyk, scene.vuxen, rank=2, days_ago=40)

    # when BoU's unit manager's queue is read
    block = manager_escalations(user=scene.bou_manager, role=Role.UNIT_MANAGER, now=NOW)

    # then both level-2 escalations of BoU are there, the longest waiting first, with days at
    # the level and the target date (entered + 14 days), the late one overdue
    assert block.count == 2
    assert [row.escalation for row in block.rows] == [late, fresh]
    assert [row.days_at_level for row in block.rows] == [20, 3]
    assert [row.target_on for row in block.rows] == [D(2026, 11, 25), D(2026, 12, 12)]
    assert [row.is_overdue for row in block.rows] == [True, False]
    # the deputy decides at no level in Östhammar (R2), the Socialpsykiatri manager only on
    # its own escalation
    assert (
        manager_escalations(user=scene.bou_deputy, role=Role.DEPUTY_UNIT_MANAGER, now=NOW).count
        == 0
    )
    assert manager_escalations(user=scene.psyk_manager, role=Role.UNIT_MANAGER, now=NOW).count == 1


def test_r9_the_queue_counts_all_and_shows_the_oldest_five(scene):
    for days in range(1, 9):
        escalate(scene, scene.bou, scene.vuxen, rank=2, days_ago=days)

    block = manager_escalations(user=scene.bou_manager, role=Role.UNIT_MANAGER, now=NOW)

    assert block.count == 8
    assert [row.days_at_level for row in block.rows] == [8, 7, 6, 5, 4]


def test_r2_department_head_sees_the_escalations_of_their_departments_units(scene):
    # given level-3 escalations: BoU and Vuxen (both IFO), BoU and Biståndsenheten (IFO and VoO)
    within_ifo = escalate(scene, scene.bou, scene.vuxen, rank=3, days_ago=10)
    across = escalate(scene, scene.lss, scene.bou, rank=3, days_ago=5)

    ifo = manager_escalations(user=scene.ifo_head, role=Role.DEPARTMENT_HEAD, now=NOW)
    voo = manager_escalations(user=scene.voo_head, role=Role.DEPARTMENT_HEAD, now=NOW)

    assert [row.escalation for row in ifo.rows] == [within_ifo, across]
    assert [row.escalation for row in voo.rows] == [across]
    assert not any(row.is_overdue for row in ifo.rows)  # 30 days' target at level 3


def test_r9_the_escalation_block_links_to_each_escalation_and_the_queue(client, scene):
    """Needs the escalation pages' URL names (coordination:escalation_list, _detail)."""
    late = escalate(scene, scene.bou, scene.vuxen, rank=2, days_ago=20)

    page = open_dashboard(client, scene.bou_manager, Role.UNIT_MANAGER).content.decode()

    assert f'href="{reverse("coordination:escalation_detail", args=[late.pk])}"' in page
    assert f'href="{reverse("coordination:escalation_list")}"' in page
    assert scene.bou.name in page
    assert "2026-11-25" in page


def test_without_escalations_the_block_renders_without_the_escalation_pages(client, scene):
    # the block links to the escalation pages only when there is something to link to
    response = open_dashboard(client, scene.bou_manager, Role.UNIT_MANAGER)

    assert manager_block(response).escalations.count == 0
    assert 'href="/escalations' not in section_of(response, "manager-escalations")


# 2. My next meeting (R21, R22)


def manager_meeting(scene: Scene) -> MeetingSeries:
    """Östhammar's unit managers' meeting every 14 days (R21)."""
    return MeetingSeries.objects.get(
        organisation=scene.organisation, code="samverkansmote-verksamhetschefer"
    )


def submit(scene: Scene, meeting, case: Case | None = None):
    return submission_create(
        actor=scene.bou_deputy,
        meeting=meeting,
        kind=SubmissionKind.INDIVIDUAL if case else SubmissionKind.ANONYMOUS,
        case=case,
        **TEXTS,
    ).submission


def test_r22_unit_manager_sees_the_next_meeting_with_its_agenda_as_participants_do(client, scene):
    # given a cancelled meeting tomorrow, the next one on 9 December and a later one
    series = manager_meeting(scene)
    cancelled = meeting_on(series, D(2026, 12, 2))
    cancelled.state = MeetingState.CANCELLED
    cancelled.save()
    meeting = meeting_on(series, D(2026, 12, 9))
    meeting_on(series, D(2026, 12, 23))
    child = young(scene, born=D(2012, 12, 20), name="Kim Ungsson")
    item = submit(scene, meeting, child)
    submit(scene, meeting)

    # when a BoU unit manager opens the dashboard
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = open_dashboard(client, scene.bou_manager, Role.UNIT_MANAGER)

    # then the meeting of 9 December: state, cutoff (12:00 the day before), two submissions,
    # the person's name and age on the meeting day, the anonymous one as such, and links
    next_meeting = manager_block(response).next_meeting
    assert next_meeting.meeting == meeting
    assert next_meeting.submission_count == 2
    assert next_meeting.cutoff == datetime.datetime(2026, 12, 8, 12, 0, tzinfo=STOCKHOLM)
    assert not next_meeting.cutoff_passed
    section = section_of(response, "manager-next-meeting")
    for shown in ("2026-12-09 13:00", "Planned", "2026-12-08 12:00", "Kim Ungsson, 13 years"):
        assert shown in section
    assert "Anonymous consultation" in section
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in section
    assert reverse("meetings:meeting_agenda_pdf", args=[meeting.pk]) in section
    assert reverse("meetings:submission_detail", args=[item.pk]) in section
    # R22 / access log: the agenda is logged as its page logs it, one row per case shown
    viewed = AccessLogEntry.objects.filter(user=scene.bou_manager, action=AccessAction.VIEW)
    assert list(viewed.values_list("case_id", flat=True)) == [child.pk]


def test_r22_the_next_meeting_shows_a_frozen_agenda_and_skips_held_meetings(client, scene):
    series = manager_meeting(scene)
    held = meeting_on(series, D(2026, 12, 1))
    held.state = MeetingState.HELD
    held.save()
    frozen = meeting_on(series, D(2026, 12, 2))
    frozen.state = MeetingState.AGENDA_FROZEN
    frozen.save()

    next_meeting = manager_block(
        open_dashboard(client, scene.vux_manager, Role.UNIT_MANAGER)
    ).next_meeting

    assert next_meeting.meeting == frozen
    assert next_meeting.cutoff_passed
    assert next_meeting.items == []
    assert not AccessLogEntry.objects.filter(user=scene.vux_manager).exists()


def test_r21_whoever_is_no_participant_sees_no_agenda(client, scene):
    # given the unit managers' meeting with an item about a BoU child
    meeting = meeting_on(manager_meeting(scene), D(2026, 12, 9))
    submit(scene, meeting, young(scene, born=D(2012, 12, 20), name="Kim Ungsson"))

    # when the BoU deputy (a submitter, not a participant) and the department head look
    for user, role in (
        (scene.bou_deputy, Role.DEPUTY_UNIT_MANAGER),
        (scene.ifo_head, Role.DEPARTMENT_HEAD),
    ):
        response = open_dashboard(client, user, role)

        # then no meeting and no name
        assert manager_block(response).next_meeting is None
        assert "Kim Ungsson" not in response.content.decode()
        assert not AccessLogEntry.objects.filter(user=user).exists()


# 3. Coming handovers in my units (R17, R18)


@dataclass
class Youths:
    overdue: Case
    soon: Case
    later: Case
    announced: Case
    lvu: Case
    handover: Handover


def youths(scene: Scene) -> Youths:
    """Young people at BoU around their 20th birthday; today is 2026-12-01, the horizon
    2027-03-01; the handover is announced six months before (R17)."""
    overdue = young(scene, born=D(2007, 3, 15), name="Anna Sen")  # announce by 2026-09-15
    soon = young(scene, born=D(2007, 8, 20), name="Bertil Snart")  # announce by 2027-02-20
    later = young(scene, born=D(2007, 12, 20), name="Cecilia Sedan")  # by 2027-06-20
    announced = young(scene, born=D(2007, 2, 10), name="David Skickad")  # passes 2027-02-10
    # R16: under LVU, BoU holds until 21: announce by 2026-09-01
    lvu = young(scene, born=D(2006, 3, 1), name="Erik Lvu", bases=("lvu",))
    handover = Handover.objects.create(
        case=announced,
        receiving_unit=scene.vuxen,
        passes_on=D(2027, 2, 10),
        state=HandoverState.SENT,
        sent_at=timezone.now(),
        created_by=scene.bou_worker,
    )
    return Youths(overdue, soon, later, announced, lvu, handover)


def test_r17_bou_manager_sees_who_is_to_be_announced_or_handed_over(client, scene):
    cases = youths(scene)
    # an adult at Vuxen of the same age is no handover
    young(scene, born=D(2007, 3, 15), name="Vux Vuxensson", unit=scene.vuxen)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = open_dashboard(client, scene.bou_deputy, Role.DEPUTY_UNIT_MANAGER)

    block = manager_block(response).handovers
    rows = [(row.name, row.on, row.date_kind, row.is_overdue) for row in block.rows]
    assert rows == [
        ("Erik Lvu", D(2026, 9, 1), "announce", True),
        ("Anna Sen", D(2026, 9, 15), "announce", True),
        ("David Skickad", D(2027, 2, 10), "passes", False),
        ("Bertil Snart", D(2027, 2, 20), "announce", False),
    ]
    section = section_of(response, "manager-handovers")
    assert "Announce by 2026-09-15" in section
    assert "Responsibility passes 2027-02-10" in section
    assert "Sent to the receiving unit" in section
    assert "Not yet announced" in section
    assert f"{scene.bou.name} → {scene.vuxen.name}" in section
    assert reverse("coordination:case_detail", args=[cases.soon.pk]) in section
    assert "Cecilia Sedan" not in section
    assert "Vux Vuxensson" not in section
    # access log: one list row per person named
    named = {c.individual_id for c in (cases.overdue, cases.soon, cases.announced, cases.lvu)}
    assert listed(scene.bou_deputy) == named


def test_r18_receiving_unit_sees_the_handovers_announced_to_it(client, scene):
    cases = youths(scene)

    response = open_dashboard(client, scene.vux_deputy, Role.DEPUTY_UNIT_MANAGER)

    # only the announced one: the others are BoU's and not yet sent (R4)
    block = manager_block(response).handovers
    assert [(row.side, row.name, row.on) for row in block.rows] == [
        ("receiving", "David Skickad", D(2027, 2, 10))
    ]
    section = section_of(response, "manager-handovers")
    assert reverse("coordination:handover_detail", args=[cases.handover.pk]) in section
    assert reverse("coordination:case_detail", args=[cases.announced.pk]) not in section
    for hidden in ("Anna Sen", "Bertil Snart", "Erik Lvu"):
        assert hidden not in response.content.decode()
    assert listed(scene.vux_deputy) == {cases.announced.individual_id}


def test_r18_a_draft_or_cancelled_handover_is_not_shown_to_the_receiving_unit(client, scene):
    cases = youths(scene)
    cases.handover.state = HandoverState.DRAFT
    cases.handover.save()

    block = manager_block(open_dashboard(client, scene.vux_deputy, Role.DEPUTY_UNIT_MANAGER))

    assert block.handovers.rows == []
    assert block.handovers.total == 0


def test_r4_department_head_sees_counts_per_unit_and_no_names(client, scene):
    youths(scene)

    response = open_dashboard(client, scene.ifo_head, Role.DEPARTMENT_HEAD)

    block = manager_block(response).handovers
    assert block.rows == []
    counts = {
        entry.unit.code: (entry.sending, entry.receiving, entry.overdue, entry.first_on)
        for entry in block.by_unit
    }
    assert counts == {
        "bou": (4, 0, 2, D(2026, 9, 1)),
        "vuxen": (0, 1, 0, D(2027, 2, 10)),
    }
    page = response.content.decode()
    for name in ("Anna Sen", "Bertil Snart", "David Skickad", "Erik Lvu"):
        assert name not in page
    assert scene.bou.name in section_of(response, "manager-handovers")
    assert not AccessLogEntry.objects.filter(user=scene.ifo_head).exists()
    # the other department's head sees none of them
    voo = manager_block(open_dashboard(client, scene.voo_head, Role.DEPARTMENT_HEAD))
    assert voo.handovers.total == 0


# 4. Overdue items in my units (R17, R26-R29)


def due(case: Case, kind: str, due_on: D, **fields) -> DueItem:
    return DueItem.objects.create(
        organisation_id=case.unit.organisation_id,
        kind=kind,
        case=case,
        period=fields.pop("period", due_on),
        due_on=due_on,
        **fields,
    )


def order_to(scene: Scene, case: Case, provider: Unit) -> Order:
    return Order.objects.create(
        case=case,
        provider_unit=provider,
        state=OrderState.RECEIVED,
        sent_at=timezone.now(),
        received_on=D(2026, 11, 1),
        created_by=scene.bou_worker,
    )


def test_r17_r26_unit_manager_sees_overdue_items_of_the_unit_by_kind(client, scene):
    # given a BoU case with an open handover deadline and its overdue item, a done one,
    # one not yet due, and an order to Vuxen whose execution check (BoU's) and plan
    # (Vuxen's) are late
    case = young(scene, born=D(2007, 3, 15), name="Anna Sen")
    deadline = due(case, DueKind.HANDOVER_DEADLINE, D(2026, 9, 15), unit=scene.vuxen)
    due(case, DueKind.HANDOVER_OVERDUE, D(2026, 10, 15), unit=scene.vuxen)
    due(case, DueKind.HANDOVER_FIRST_NOTICE, D(2025, 3, 15), done_at=timezone.now())
    due(case, DueKind.HANDOVER_REMINDER, D(2026, 12, 5))
    other = young(scene, born=D(2012, 5, 5), name="Olle Order")
    order = order_to(scene, other, scene.vuxen)
    due(other, DueKind.ORDER_EXECUTION_CHECK, D(2026, 11, 15), order=order, unit=scene.vuxen)
    due(other, DueKind.ORDER_PLAN_DUE, D(2026, 11, 20), order=order, unit=scene.vuxen)
    # another unit's late item
    psyk_case = young(scene, born=D(1990, 1, 1), name="Psyk Person", unit=scene.psyk)
    due(psyk_case, DueKind.RESPONSIBILITY_PASSES, D(2026, 11, 1), unit=scene.psyk)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = open_dashboard(client, scene.bou_manager, Role.UNIT_MANAGER)

    # then BoU's three, the oldest kind first, each with its oldest item named
    overdue = manager_block(response).overdue
    assert [(group.kind, group.count) for group in overdue.kinds] == [
        (DueKind.HANDOVER_DEADLINE, 1),
        (DueKind.HANDOVER_OVERDUE, 1),
        (DueKind.ORDER_EXECUTION_CHECK, 1),
    ]
    first = overdue.kinds[0].rows[0]
    assert (first.item, first.days_overdue, first.name) == (deadline, 77, "Anna Sen")
    section = section_of(response, "manager-overdue")
    assert "Handover to be announced" in section
    assert reverse("coordination:case_detail", args=[case.pk]) in section
    assert reverse("coordination:order_detail", args=[order.pk]) in section
    assert "Psyk Person" not in section
    assert listed(scene.bou_manager) >= {case.individual_id, other.individual_id}

    # and Vuxen's manager, the order's provider, sees the plan that is late, not BoU's
    # handover items, which only name Vuxen as the receiving unit
    vux = manager_block(open_dashboard(client, scene.vux_manager, Role.UNIT_MANAGER)).overdue
    assert [(group.kind, group.count) for group in vux.kinds] == [(DueKind.ORDER_PLAN_DUE, 1)]
    assert vux.kinds[0].rows[0].name == "Olle Order"
    assert listed(scene.vux_manager) == {other.individual_id}


def test_r17_overdue_counts_all_and_shows_the_oldest_three_per_kind(client, scene):
    for number in range(5):
        case = young(scene, born=D(2007, 3, 15), name=f"Ung Nummer{number}")
        due(case, DueKind.HANDOVER_DEADLINE, D(2026, 9, 10 + number))

    overdue = manager_block(open_dashboard(client, scene.bou_manager, Role.UNIT_MANAGER)).overdue

    [group] = overdue.kinds
    assert group.count == 5
    assert [row.item.due_on for row in group.rows] == [
        D(2026, 9, 10),
        D(2026, 9, 11),
        D(2026, 9, 12),
    ]
    assert overdue.total == 5


def test_r4_department_head_sees_overdue_counts_with_unit_names_only(client, scene):
    case = young(scene, born=D(2007, 3, 15), name="Anna Sen")
    due(case, DueKind.HANDOVER_DEADLINE, D(2026, 9, 15))
    lss_case = young(scene, born=D(1990, 1, 1), name="Lss Person", unit=scene.lss)
    due(lss_case, DueKind.RESPONSIBILITY_PASSES, D(2026, 11, 1))

    response = open_dashboard(client, scene.ifo_head, Role.DEPARTMENT_HEAD)

    overdue = manager_block(response).overdue
    assert [(group.kind, group.count) for group in overdue.kinds] == [
        (DueKind.HANDOVER_DEADLINE, 1)
    ]
    row = overdue.kinds[0].rows[0]
    assert (row.name, row.unit_name, row.case_id) == ("", scene.bou.name, None)
    section = section_of(response, "manager-overdue")
    assert scene.bou.name in section
    assert "Anna Sen" not in response.content.decode()
    assert not AccessLogEntry.objects.filter(user=scene.ifo_head).exists()
    voo = manager_block(open_dashboard(client, scene.voo_head, Role.DEPARTMENT_HEAD)).overdue
    assert [group.kind for group in voo.kinds] == [DueKind.RESPONSIBILITY_PASSES]


# Query counts: the page reads the same for one row per block as for many


def rows_of_every_kind(scene: Scene, count: int, *, start: int = 0) -> None:
    """`count` of each: escalations at level 2 and 3, agenda items (named and anonymous),
    young people to be announced and announced to Vuxen, overdue handover items of BoU and
    an order's overdue items on both sides (BoU orders, Vuxen provides)."""
    series = manager_meeting(scene)
    meeting = series.meetings.filter(date=D(2026, 12, 9)).first() or meeting_on(
        series, D(2026, 12, 9)
    )
    for number in range(start, start + count):
        escalate(scene, scene.bou, scene.vuxen, rank=2, days_ago=number + 1)
        escalate(scene, scene.vuxen, scene.bou, rank=3, days_ago=number + 1)
        case = young(scene, born=D(2007, 3, 1 + number), name=f"Sen Nummer{number}")
        due(case, DueKind.HANDOVER_DEADLINE, D(2026, 9, 1 + number), unit=scene.vuxen)
        due(case, DueKind.HANDOVER_OVERDUE, D(2026, 10, 1 + number), unit=scene.vuxen)
        sent = young(scene, born=D(2007, 2, 1 + number), name=f"Skickad Nummer{number}")
        Handover.objects.create(
            case=sent,
            receiving_unit=scene.vuxen,
            passes_on=D(2027, 2, 1 + number),
            state=HandoverState.SENT,
            sent_at=timezone.now(),
            created_by=scene.bou_worker,
        )
        child = young(scene, born=D(2012, 1, 1 + number), name=f"Barn N{number}")
        submit(scene, meeting, child)
        submit(scene, meeting)
        order = order_to(scene, child, scene.vuxen)
        due(child, DueKind.ORDER_EXECUTION_CHECK, D(2026, 11, 1 + number), order=order)
        due(child, DueKind.ORDER_PLAN_DUE, D(2026, 11, 1 + number), order=order, unit=scene.vuxen)


@pytest.mark.parametrize(
    ("user_of", "role"),
    [
        (lambda scene: scene.bou_deputy, Role.DEPUTY_UNIT_MANAGER),
        (lambda scene: scene.bou_manager, Role.UNIT_MANAGER),
        (lambda scene: scene.vux_manager, Role.UNIT_MANAGER),
        (lambda scene: scene.ifo_head, Role.DEPARTMENT_HEAD),
    ],
    ids=["bou-deputy", "bou-manager", "vuxen-manager", "ifo-head"],
)
def test_the_manager_dashboards_cost_the_same_for_one_and_many_rows(
    client, scene, user_of, role, django_assert_max_num_queries
):
    user = user_of(scene)
    client.force_login(user)
    client.get(dashboard_url(role))  # the session settles on the first request
    rows_of_every_kind(scene, 1)
    with CaptureQueriesContext(connection) as one:
        response = client.get(dashboard_url(role))
    assert response.status_code == 200
    shown = manager_block(response)
    assert shown.overdue.total >= 1
    assert shown.handovers.total >= 1

    rows_of_every_kind(scene, 6, start=1)
    with django_assert_max_num_queries(len(one.captured_queries)) as many_queries:
        response = client.get(dashboard_url(role))

    assert len(many_queries.captured_queries) == len(one.captured_queries)
    many = manager_block(response)
    assert many.overdue.total == 7 * shown.overdue.total
    assert many.handovers.total == 7 * shown.handovers.total
    if role == Role.DEPARTMENT_HEAD:
        assert many.escalations.count == 7
    elif role == Role.UNIT_MANAGER:
        assert many.escalations.count == 7
        assert many.next_meeting.submission_count == 14


def test_the_bou_deputys_handovers_list_is_cut_at_fifteen_and_logs_only_those_shown(client, scene):
    for number in range(20):
        young(scene, born=D(2007, 3, 1 + number), name=f"Sen Nummer{number}")

    response = open_dashboard(client, scene.bou_deputy, Role.DEPUTY_UNIT_MANAGER)

    block = manager_block(response).handovers
    assert (block.total, len(block.rows)) == (20, 15)
    assert len(listed(scene.bou_deputy)) == 15


# Swedish by default


def test_the_manager_blocks_are_in_swedish_by_default(client, scene):
    """Needs scripts/translations/manager_dashboards.py merged into locale/."""
    page = open_dashboard(client, scene.bou_manager, Role.UNIT_MANAGER).content.decode()

    for heading in (
        "Eskaleringar som väntar på din nivå",
        "Ditt nästa möte",
        "Kommande överlämningar i dina enheter",
        "Försenat i dina enheter",
    ):
        assert heading in page


def section_of(response, section_id: str) -> str:
    """The HTML of one <section> of the page, by its id."""
    page = response.content.decode()
    start = page.index(f'id="{section_id}"')
    return page[start : page.index("</section>", start)]
