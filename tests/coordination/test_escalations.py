"""The escalation ladder's services (R2, R9, R4, R23), on the Stockholm district of routine 003.

1 caseworkers (not in writing) → 2 deputy unit managers → 3 unit managers → 4 department heads.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from coordination.models import (
    CaseGrant,
    CaseStatus,
    CoCaseworkerPurpose,
    DueItem,
    DueKind,
    Escalation,
    EscalationState,
    EscalationStep,
    GrantReason,
    Notification,
    StepOutcome,
)
from coordination.permissions import case_visible_to
from coordination.selectors_escalations import (
    escalation_decider_ids,
    escalation_is_party,
    escalation_may_decide,
    escalations_waiting_for,
)
from coordination.services import case_grant, case_register, case_transition
from coordination.services.co_caseworkers import co_caseworker_appoint
from coordination.services.escalations import (
    escalation_decide,
    escalation_party_ids,
    escalation_raise_from_submission,
    escalation_raise_further,
    escalation_withdraw,
)
from tests.coordination.factories_escalations import (
    MEETING_OUTCOME,
    MEETING_TEXTS,
    POSITIONS,
    QUESTION,
    escalated_item,
    ladder_fixture,  # noqa: F401 - the fixture `ladder`
)
from tests.factories import UnitFactory, member, person
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are matched in English here; the pages' Swedish is tested in
    test_escalation_pages.py."""
    with translation.override("en"):
        yield


def notified(kind: str, escalation: Escalation) -> list[int]:
    """Who was notified of the escalation's items of this kind, one entry per notification."""
    return sorted(
        Notification.objects.filter(
            due_item__escalation=escalation, due_item__kind=kind
        ).values_list("recipient_id", flat=True)
    )


def nothing_written() -> None:
    assert not Escalation.objects.exists()
    assert not EscalationStep.objects.exists()
    assert not DueItem.objects.filter(escalation__isnull=False).exists()
    assert not CaseGrant.objects.filter(reason=GrantReason.ESCALATION).exists()


def sees(user, case) -> bool:
    return case_visible_to(user).filter(pk=case.pk).exists()


# --- Raising (R9, R2) ---------------------------------------------------------------------


def test_r9_a_caseworker_raises_in_writing_to_the_deputy_unit_managers(ladder):
    # when the BoU caseworker raises the disagreement with Socialpsykiatri
    escalation = ladder.raise_()

    # then it waits at level 2 (level 1 is the caseworkers themselves, R2), about both cases
    assert escalation.level == ladder.level(2)
    assert escalation.state == EscalationState.OPEN
    assert (escalation.case, escalation.other_case) == (ladder.case, ladder.psyk_case)
    assert (escalation.raising_unit, escalation.other_unit) == (ladder.bou, ladder.psykiatri)
    assert (escalation.question, escalation.positions) == (QUESTION, POSITIONS)
    # R9: the raising unit keeps the ongoing interventions unless told otherwise
    assert escalation.responsible_unit == ladder.bou
    step = EscalationStep.objects.get(escalation=escalation)
    assert (step.level, step.entered_by, step.left_at, step.outcome) == (
        ladder.level(2),
        ladder.caseworker,
        None,
        "",
    )
    # and both units' deputies see it in their queue and are told once
    deputies = sorted([ladder.bou_deputy.pk, ladder.psyk_deputy.pk])
    assert notified(DueKind.ESCALATION_WAITING, escalation) == deputies
    for deputy in (ladder.bou_deputy, ladder.psyk_deputy):
        assert list(escalations_waiting_for(user=deputy)) == [escalation]
    for other in (ladder.bou_manager, ladder.iof_head, ladder.caseworker):
        assert not escalations_waiting_for(user=other).exists()
    item = DueItem.objects.get(escalation=escalation)
    assert item.period == timezone.localdate()
    assert item.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert item.case is None
    # its creation is in the history once, not twice
    assert item.history.count() == 1


def test_r9_the_responsible_unit_may_be_the_other_unit_and_must_be_one_of_the_two(ladder):
    with pytest.raises(ValidationError) as refused:
        ladder.raise_(responsible_unit=ladder.beroende)
    assert "responsible_unit" in refused.value.message_dict
    nothing_written()

    escalation = ladder.raise_(responsible_unit=ladder.psykiatri)

    assert escalation.responsible_unit == ladder.psykiatri


def test_r9_without_an_open_case_at_the_other_unit_there_is_no_other_case(ladder):
    ladder.psyk_case.status = CaseStatus.CLOSED
    ladder.psyk_case.save()

    escalation = ladder.raise_()

    assert escalation.other_case is None


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("caseworker", True),
        ("colleague", True),  # a member of the case's unit with a unit role
        ("bou_deputy", True),
        ("psyk_caseworker", False),  # the other unit: raises from its own case
        ("outsider", False),
        ("iof_head", False),
        ("controller", False),
    ],
)
def test_r9_only_an_involved_caseworker_raises(ladder, who, may):
    actor = getattr(ladder, who)
    if may:
        assert ladder.raise_(actor=actor).raised_by == actor
    else:
        with pytest.raises(PermissionDenied):
            ladder.raise_(actor=actor)
        nothing_written()


def test_r9_a_co_caseworker_with_a_live_grant_raises(ladder):
    co = member(Role.CASEWORKER, unit=ladder.beroende)
    co_caseworker_appoint(
        actor=ladder.caseworker,
        case=ladder.case,
        caseworker=co,
        unit=ladder.beroende,
        purpose=CoCaseworkerPurpose.EXPERTISE,
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )

    escalation = ladder.raise_(actor=co)

    assert escalation.raised_by == co
    assert escalation.raising_unit == ladder.bou


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"question": "   "}, "question"),
        ({"other_unit": None}, "other_unit"),
        ("same unit", "other_unit"),
        ("other organisation", "other_unit"),
        ("closed case", "__all__"),
    ],
)
def test_r9_bad_input_is_refused_and_changes_nothing(ladder, change, field):
    if change == "same unit":
        change = {"other_unit": ladder.bou}
    elif change == "other organisation":
        change = {"other_unit": UnitFactory()}
    elif change == "closed case":
        case_transition(actor=ladder.caseworker, case=ladder.case, to=CaseStatus.CLOSED)
        change = {}

    with pytest.raises(ValidationError) as refused:
        ladder.raise_(**change)

    assert field in refused.value.message_dict
    nothing_written()


def test_r9_one_open_escalation_per_case_and_other_unit(ladder):
    first = ladder.raise_()

    with pytest.raises(ValidationError, match=f"#{first.pk}"):
        ladder.raise_(actor=ladder.colleague)

    assert Escalation.objects.count() == 1
    # with another unit it is a separate question
    assert ladder.raise_(other_unit=ladder.beroende).pk != first.pk


def test_r2_a_level_nobody_decides_at_is_refused_clearly(ladder):
    ladder.bou_deputy.memberships.update(is_active=False)
    ladder.psyk_deputy.memberships.update(is_active=False)

    with pytest.raises(ValidationError, match="level 2"):
        ladder.raise_()

    nothing_written()


# --- Up the ladder to a decision (R2, R9) ---------------------------------------------------


def test_r2_raised_further_through_every_level_and_decided_at_the_top(ladder):
    escalation = ladder.raise_()

    # the deputy cannot resolve it: level 3, the unit managers
    escalation = escalation_raise_further(
        actor=ladder.psyk_deputy, escalation=escalation, reason="Inte löst på avstämningsmötet."
    )
    assert escalation.level == ladder.level(3)
    managers = sorted([ladder.bou_manager.pk, ladder.psyk_manager.pk])
    assert notified(DueKind.ESCALATION_WAITING, escalation) == sorted(
        [ladder.bou_deputy.pk, ladder.psyk_deputy.pk, *managers]
    )
    assert not escalations_waiting_for(user=ladder.psyk_deputy).exists()

    # the unit manager cannot either: level 4, the department heads of both departments
    escalation = escalation_raise_further(
        actor=ladder.bou_manager, escalation=escalation, reason="Kostnadsfråga."
    )
    assert escalation.level == ladder.level(4)
    assert list(escalations_waiting_for(user=ladder.aof_head)) == [escalation]

    # at the top there is no level above
    with pytest.raises(ValidationError, match="top of the ladder"):
        escalation_raise_further(actor=ladder.iof_head, escalation=escalation, reason="Vidare")

    # the IoF head decides
    escalation = escalation_decide(
        actor=ladder.iof_head, escalation=escalation, decision="BoU behåller till 21 år."
    )

    assert escalation.state == EscalationState.DECIDED
    assert (escalation.decision, escalation.closed_by) == (
        "BoU behåller till 21 år.",
        ladder.iof_head,
    )
    steps = list(EscalationStep.objects.filter(escalation=escalation).order_by("entered_at", "pk"))
    assert [(s.level.rank, s.outcome) for s in steps] == [
        (2, StepOutcome.RAISED),
        (3, StepOutcome.RAISED),
        (4, StepOutcome.DECIDED),
    ]
    assert all(s.left_at is not None for s in steps)
    assert [s.entered_by for s in steps] == [
        ladder.caseworker,
        ladder.psyk_deputy,
        ladder.bou_manager,
    ]
    assert [s.reason for s in steps] == [
        QUESTION,
        "Inte löst på avstämningsmötet.",
        "Kostnadsfråga.",
    ]
    # one waiting item per level visit, all done now; the queue is empty
    waiting = DueItem.objects.filter(escalation=escalation, kind=DueKind.ESCALATION_WAITING)
    assert waiting.count() == 3
    assert not waiting.filter(done_at__isnull=True).exists()
    assert not escalations_waiting_for(user=ladder.iof_head).exists()
    # every party but the one who decided is told the decision, once each (R9)
    parties = [
        ladder.caseworker,
        ladder.psyk_caseworker,
        ladder.bou_deputy,
        ladder.psyk_deputy,
        ladder.bou_manager,
        ladder.psyk_manager,
        ladder.aof_head,
    ]
    assert notified(DueKind.ESCALATION_DECIDED, escalation) == sorted(u.pk for u in parties)
    assert ladder.colleague.pk not in escalation_party_ids(escalation)


def test_r9_two_moves_on_one_day_keep_one_waiting_item_per_level(ladder):
    escalation = ladder.at_level(4)

    periods = list(
        DueItem.objects.filter(escalation=escalation, kind=DueKind.ESCALATION_WAITING)
        .order_by("period")
        .values_list("period", flat=True)
    )

    today = timezone.localdate()
    assert periods == [today + datetime.timedelta(days=n) for n in range(3)]
    assert notified(DueKind.ESCALATION_WAITING, escalation).count(ladder.iof_head.pk) == 1


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("bou_deputy", True),
        ("psyk_deputy", True),
        ("bou_manager", False),  # level 3, not yet
        ("iof_head", False),
        ("caseworker", False),
        ("psyk_caseworker", False),
        ("outsider", False),
    ],
)
def test_r9_only_the_current_levels_deciders_decide_or_raise_further(ladder, who, may):
    escalation = ladder.raise_()
    actor = getattr(ladder, who)

    assert escalation_may_decide(user=actor, escalation=escalation) == may
    if may:
        assert escalation_decide(actor=actor, escalation=escalation, decision="Beslut.").closed_by
        return
    for move in (
        lambda: escalation_decide(actor=actor, escalation=escalation, decision="Beslut."),
        lambda: escalation_raise_further(actor=actor, escalation=escalation, reason="Vidare."),
    ):
        with pytest.raises(PermissionDenied):
            move()
    escalation.refresh_from_db()
    assert (escalation.state, escalation.level) == (EscalationState.OPEN, ladder.level(2))


def test_r9_an_empty_decision_or_reason_changes_nothing(ladder):
    escalation = ladder.raise_()

    with pytest.raises(ValidationError) as empty_decision:
        escalation_decide(actor=ladder.bou_deputy, escalation=escalation, decision="  ")
    with pytest.raises(ValidationError) as empty_reason:
        escalation_raise_further(actor=ladder.bou_deputy, escalation=escalation, reason="")
    with pytest.raises(ValidationError) as empty_withdrawal:
        escalation_withdraw(actor=ladder.caseworker, escalation=escalation, reason="")

    assert "decision" in empty_decision.value.message_dict
    assert "reason" in empty_reason.value.message_dict
    assert "reason" in empty_withdrawal.value.message_dict
    escalation.refresh_from_db()
    assert (escalation.state, escalation.level) == (EscalationState.OPEN, ladder.level(2))
    assert EscalationStep.objects.filter(escalation=escalation, left_at__isnull=True).count() == 1
    assert DueItem.objects.filter(escalation=escalation).count() == 1


def test_r9_a_page_left_open_while_a_colleague_moved_it_is_refused(ladder):
    # given both deputies opened the page at level 2, and one raised it to level 3
    escalation = ladder.raise_()
    seen = escalation.level_id
    escalation_raise_further(
        actor=ladder.bou_deputy, escalation=escalation, reason="Vidare.", seen_level_id=seen
    )

    # when a unit manager, at level 3 now, decides from a page still showing level 2
    with pytest.raises(ValidationError, match="moved to level 3"):
        escalation_decide(
            actor=ladder.psyk_manager, escalation=escalation, decision="Beslut.", seen_level_id=seen
        )

    escalation.refresh_from_db()
    assert escalation.state == EscalationState.OPEN


def test_r9_a_closed_escalation_cannot_be_moved_again(ladder):
    escalation = ladder.raise_()
    escalation_decide(actor=ladder.bou_deputy, escalation=escalation, decision="Beslut.")

    for move in (
        lambda: escalation_decide(actor=ladder.psyk_deputy, escalation=escalation, decision="X"),
        lambda: escalation_raise_further(
            actor=ladder.psyk_deputy, escalation=escalation, reason="X"
        ),
        lambda: escalation_withdraw(actor=ladder.caseworker, escalation=escalation, reason="X"),
    ):
        with pytest.raises(ValidationError, match=r"This escalation is already decided\."):
            move()

    escalation.refresh_from_db()
    assert (escalation.decision, escalation.closed_by) == ("Beslut.", ladder.bou_deputy)
    assert (
        Notification.objects.filter(due_item__kind=DueKind.ESCALATION_DECIDED).count()
        == len(escalation_party_ids(escalation)) - 1
    )


# --- Withdrawing ------------------------------------------------------------------------------


def test_r9_the_raiser_withdraws_and_every_party_is_told(ladder):
    escalation = ladder.at_level(3)

    escalation = escalation_withdraw(
        actor=ladder.caseworker, escalation=escalation, reason="Vi löste det själva."
    )

    assert escalation.state == EscalationState.WITHDRAWN
    assert (escalation.decision, escalation.closed_by) == (
        "Vi löste det själva.",
        ladder.caseworker,
    )
    step = EscalationStep.objects.get(escalation=escalation, level=ladder.level(3))
    assert step.outcome == StepOutcome.WITHDRAWN
    told = [
        ladder.psyk_caseworker,
        ladder.bou_deputy,
        ladder.psyk_deputy,
        ladder.bou_manager,
        ladder.psyk_manager,
    ]
    assert notified(DueKind.ESCALATION_WITHDRAWN, escalation) == sorted(u.pk for u in told)
    assert not escalations_waiting_for(user=ladder.bou_manager).exists()
    with pytest.raises(ValidationError, match="withdrawn"):
        escalation_decide(actor=ladder.bou_manager, escalation=escalation, decision="X")


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("colleague", True),  # raised it
        ("caseworker", True),  # the raising case's caseworker
        ("bou_deputy", False),
        ("psyk_caseworker", False),
        ("outsider", False),
    ],
)
def test_r9_who_may_withdraw(ladder, who, may):
    escalation = ladder.raise_(actor=ladder.colleague)
    actor = getattr(ladder, who)

    if may:
        escalation_withdraw(actor=actor, escalation=escalation, reason="Löst.")
        escalation.refresh_from_db()
        assert escalation.state == EscalationState.WITHDRAWN
    else:
        with pytest.raises(PermissionDenied):
            escalation_withdraw(actor=actor, escalation=escalation, reason="Löst.")
        escalation.refresh_from_db()
        assert escalation.state == EscalationState.OPEN


# --- Access for the managers on the path (R4, R9) ---------------------------------------------


def test_r4_the_managers_on_the_path_see_both_cases_until_the_decision(ladder):
    # before: each unit's managers see only their own unit's case
    assert not sees(ladder.psyk_deputy, ladder.case)
    assert not sees(ladder.iof_head, ladder.case)

    escalation = ladder.raise_()

    # level 2: each deputy now sees the other unit's case; nobody else does
    assert sees(ladder.psyk_deputy, ladder.case)
    assert sees(ladder.bou_deputy, ladder.psyk_case)
    assert not sees(ladder.psyk_caseworker, ladder.case)
    assert not sees(ladder.iof_head, ladder.case)
    # no grant where the own unit already opens the case
    assert not CaseGrant.objects.filter(user=ladder.bou_deputy, content_object=ladder.case).exists()
    grant = CaseGrant.objects.get(user=ladder.psyk_deputy, content_object=ladder.case)
    assert (grant.reason, grant.escalation) == (GrantReason.ESCALATION, escalation)

    escalation = escalation_raise_further(
        actor=ladder.bou_deputy, escalation=escalation, reason="Vidare."
    )
    escalation = escalation_raise_further(
        actor=ladder.bou_manager, escalation=escalation, reason="Vidare."
    )
    for head in (ladder.iof_head, ladder.aof_head):
        assert sees(head, ladder.case)
        assert sees(head, ladder.psyk_case)

    escalation_decide(actor=ladder.aof_head, escalation=escalation, decision="Beslut.")

    # after: every grant of the escalation has ended
    for user in (ladder.psyk_deputy, ladder.psyk_manager, ladder.iof_head, ladder.aof_head):
        assert not sees(user, ladder.case)
    for user in (ladder.bou_deputy, ladder.bou_manager, ladder.iof_head, ladder.aof_head):
        assert not sees(user, ladder.psyk_case)
    assert not CaseGrant.objects.filter(escalation=escalation, revoked_at__isnull=True).exists()
    assert CaseGrant.objects.filter(escalation=escalation).count() == 8


@pytest.mark.parametrize("first_closed", ["older", "newer"])
def test_r4_a_grant_another_open_escalation_still_needs_is_kept(ladder, first_closed):
    # given two escalations about the BoU case at level 4, with two AoF units
    older = ladder.at_level(4)
    aldreomsorg = ladder.organisation.units.get(code="aldreomsorg")
    newer = ladder.raise_(other_unit=aldreomsorg)
    newer = escalation_raise_further(actor=ladder.bou_deputy, escalation=newer, reason="Vidare.")
    newer = escalation_raise_further(actor=ladder.bou_manager, escalation=newer, reason="Vidare.")
    assert CaseGrant.objects.filter(user=ladder.iof_head, content_object=ladder.case).count() == 1
    closing, remaining = (older, newer) if first_closed == "older" else (newer, older)

    # when one of them is decided
    escalation_decide(actor=ladder.iof_head, escalation=closing, decision="Beslut.")

    # then the head keeps the BoU case for the other, and loses it when that one closes too
    assert sees(ladder.iof_head, ladder.case)
    grant = CaseGrant.objects.get(user=ladder.iof_head, content_object=ladder.case)
    assert grant.escalation == remaining
    assert sees(ladder.iof_head, ladder.psyk_case) == (remaining == older)
    escalation_decide(actor=ladder.iof_head, escalation=remaining, decision="Beslut.")
    assert not sees(ladder.iof_head, ladder.case)


def test_r4_a_grant_for_another_reason_is_neither_taken_over_nor_ended(ladder):
    # given the IoF head already reads the Socialpsykiatri case as a co-caseworker would
    case_grant(
        actor=ladder.psyk_caseworker,
        case=ladder.psyk_case,
        user=ladder.iof_head,
        reason=GrantReason.CO_CASEWORKER,
    )
    escalation = ladder.at_level(4)

    escalation_decide(actor=ladder.iof_head, escalation=escalation, decision="Beslut.")

    grant = CaseGrant.objects.get(user=ladder.iof_head, content_object=ladder.psyk_case)
    assert (grant.reason, grant.escalation, grant.revoked_at) == (
        GrantReason.CO_CASEWORKER,
        None,
        None,
    )
    assert not sees(ladder.iof_head, ladder.case)


def test_r4_the_parties_may_read_it_and_no_one_else(ladder):
    escalation = ladder.raise_()

    parties = {
        "caseworker": True,
        "colleague": True,
        "bou_deputy": True,
        "bou_manager": True,  # a member of the raising unit
        "psyk_caseworker": True,  # a member of the other unit
        "iof_head": False,  # not yet on the path
        "outsider": False,
        "controller": False,
        "nobody": False,
    }
    for who, expected in parties.items():
        assert escalation_is_party(user=getattr(ladder, who), escalation=escalation) == expected, (
            who
        )

    escalation = escalation_raise_further(
        actor=ladder.bou_deputy, escalation=escalation, reason="Vidare."
    )
    escalation = escalation_raise_further(
        actor=ladder.bou_manager, escalation=escalation, reason="Vidare."
    )
    assert escalation_is_party(user=ladder.iof_head, escalation=escalation)
    escalation_decide(actor=ladder.iof_head, escalation=escalation, decision="Beslut.")
    # on the path it was: the head may still read what was decided
    assert escalation_is_party(user=ladder.iof_head, escalation=escalation)


def test_r2_department_heads_decide_for_their_own_departments_only(ladder):
    escalation = ladder.at_level(4)
    other_department_head = member(Role.DEPARTMENT_HEAD, department=UnitFactory().department)

    deciders = escalation_decider_ids(
        level=ladder.level(4), unit_ids=[ladder.bou.pk, ladder.psykiatri.pk]
    )

    assert deciders == sorted([ladder.iof_head.pk, ladder.aof_head.pk])
    assert not escalation_may_decide(user=other_department_head, escalation=escalation)


def test_r2_an_inactive_user_is_not_a_decider(ladder):
    ladder.psyk_deputy.is_active = False
    ladder.psyk_deputy.save()

    escalation = ladder.raise_()

    assert notified(DueKind.ESCALATION_WAITING, escalation) == [ladder.bou_deputy.pk]


# --- From a meeting item (R23) --------------------------------------------------------------


def test_r23_an_item_escalated_at_the_deputies_meeting_starts_with_the_unit_managers(ladder):
    item = escalated_item(ladder)

    escalation = escalation_raise_from_submission(
        actor=ladder.psyk_deputy,  # chairs the meeting
        submission=item,
        other_unit=ladder.psykiatri,
        question=MEETING_TEXTS["question"],
    )

    # the deputies met at level 2: it goes to level 3, the unit managers (003)
    assert escalation.level == ladder.level(3)
    assert (escalation.submission, escalation.case) == (item, ladder.case)
    assert escalation.other_case == ladder.psyk_case
    assert escalation.raising_unit == ladder.bou  # the submitting unit
    step = EscalationStep.objects.get(escalation=escalation)
    assert step.reason == MEETING_OUTCOME
    managers = sorted([ladder.bou_manager.pk, ladder.psyk_manager.pk])
    assert notified(DueKind.ESCALATION_WAITING, escalation) == managers
    assert sees(ladder.psyk_manager, ladder.case)
    # the meeting's participants may read it
    assert escalation_is_party(
        user=member(Role.DEPUTY_UNIT_MANAGER, unit=ladder.beroende), escalation=escalation
    )
    # and the same item goes on the ladder only once
    with pytest.raises(ValidationError, match="already on the escalation ladder"):
        escalation_raise_from_submission(
            actor=ladder.bou_deputy, submission=item, other_unit=ladder.psykiatri, question="Q"
        )


def test_r23_an_anonymous_consultation_escalates_without_a_case_or_grants(ladder):
    item = escalated_item(ladder, anonymous=True)

    escalation = escalation_raise_from_submission(
        actor=ladder.bou_deputy,  # recorded the outcome
        submission=item,
        other_unit=ladder.psykiatri,
        question="Hur fördelar vi ansvaret?",
    )

    assert (escalation.case, escalation.other_case) == (None, None)
    assert not CaseGrant.objects.filter(reason=GrantReason.ESCALATION).exists()
    escalation = escalation_raise_further(
        actor=ladder.bou_manager, escalation=escalation, reason="Vidare."
    )
    escalation_decide(actor=ladder.iof_head, escalation=escalation, decision="AoF tar det.")
    # the raiser is told; there are no cases' caseworkers to tell
    assert ladder.bou_deputy.pk in notified(DueKind.ESCALATION_DECIDED, escalation)
    assert ladder.caseworker.pk not in notified(DueKind.ESCALATION_DECIDED, escalation)


def test_r23_only_the_chair_or_the_recorder_raises_an_escalated_item(ladder):
    item = escalated_item(ladder)

    for actor in (ladder.bou_manager, ladder.caseworker, ladder.iof_head):
        with pytest.raises(PermissionDenied):
            escalation_raise_from_submission(
                actor=actor, submission=item, other_unit=ladder.psykiatri, question="Q"
            )

    nothing_written()


def test_r23_an_item_decided_at_the_meeting_does_not_go_on_the_ladder(ladder):
    item = escalated_item(ladder)
    item.outcome = "decision"
    item.save()

    with pytest.raises(ValidationError, match="agreed outcome is an escalation"):
        escalation_raise_from_submission(
            actor=ladder.psyk_deputy, submission=item, other_unit=ladder.psykiatri, question="Q"
        )

    nothing_written()


def test_r23_a_meeting_of_the_top_level_has_no_level_above(ladder):
    item = escalated_item(ladder, roles=(Role.DEPARTMENT_HEAD,), code="ledning")

    with pytest.raises(ValidationError, match="no level above"):
        escalation_raise_from_submission(
            actor=ladder.psyk_deputy, submission=item, other_unit=ladder.psykiatri, question="Q"
        )

    nothing_written()


def test_r23_participants_off_the_ladder_start_where_a_caseworker_would(ladder):
    item = escalated_item(ladder, roles=(Role.DEPUTY_UNIT_MANAGER, Role.CONTROLLER), code="x")
    ladder.organisation.escalation_levels.filter(rank=2).update(deciding_role=Role.COORDINATOR)
    coordinator = member(Role.COORDINATOR, unit=ladder.bou)

    escalation = escalation_raise_from_submission(
        actor=ladder.psyk_deputy, submission=item, other_unit=ladder.psykiatri, question="Q"
    )

    assert escalation.level == ladder.level(2)
    assert notified(DueKind.ESCALATION_WAITING, escalation) == [coordinator.pk]


def test_r9_an_escalation_is_between_two_units_of_one_case_only(ladder):
    # the other unit's own case of another person is not the other case
    other_person = person(born="1990")
    case_register(actor=ladder.psyk_caseworker, individual=other_person, unit=ladder.psykiatri)

    escalation = ladder.raise_()

    assert escalation.other_case == ladder.psyk_case
