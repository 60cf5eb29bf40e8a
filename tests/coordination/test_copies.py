"""Copies between units (R31, R32; 001): a debt message in a family with children always goes
to BoU and runs 001's "El och hyresskulder i barnfamiljer", concern for a child noticed at the
adult unit always goes to BoU and runs "Uppkommen oro för barn vid vuxengruppen", any case
sends a copy of an invitation or decision; the receiving unit reads and assesses, notified once;
the sending unit sees what it sent and nothing more."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from coordination.models import (
    AccessAction,
    AccessLogEntry,
    AccessOutcome,
    CopyKind,
    DueItem,
    DueKind,
    Notification,
    RoutineRun,
    RoutineRunState,
    RoutineStepState,
    UnitCopy,
)
from coordination.selectors_copies import copy_received_unread_count
from coordination.selectors_routine_runs import routine_step_record_options
from coordination.services.copies import copy_assess, copy_mark_read, copy_send
from coordination.services.routine_runs import routine_step_complete, routine_step_skip
from tests.coordination.factories_copies import (
    CONCERN_TEXT,
    DEBT_TEXT,
    START,
    CopyScene,
    copy_scene,
)
from tests.factories import member
from units.models import Role, Unit, UnitKind


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def scene(osthammar, clock) -> CopyScene:
    return copy_scene(osthammar)


def _client(user, *, english: bool = True) -> Client:
    client = Client()
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _step(run: RoutineRun, position: int):
    return run.steps.select_related("step", "run", "run__case", "unit").get(position=position)


def _notified(copy: UnitCopy) -> list[int]:
    return sorted(
        Notification.objects.filter(due_item__unit_copy=copy).values_list("recipient_id", flat=True)
    )


# --- R31: the debt message, end to end as a routine run -----------------------------------


@pytest.mark.django_db
def test_r31_r30_debt_message_goes_to_bou_and_runs_el_hyresskulder_to_the_end(scene, clock):
    # given a parent with a recorded child, and the child known at BoU
    child_case = scene.child_case_at_bou()

    # when the adult caseworker records a notice of eviction
    sent = scene.debt()

    # then a copy went to BoU, whether or not the family is known there (R31)
    copy = sent.copy
    assert (copy.kind, copy.debt_kind, copy.to_unit) == (
        CopyKind.DEBT_NOTICE,
        "eviction",
        scene.bou,
    )
    assert copy.text == DEBT_TEXT
    assert sent.joint_assessment_needed
    # and 001's routine started by its trigger, with BoU as the other unit
    (run,) = sent.runs_started
    assert (run.definition.code, run.other_unit, run.state) == (
        "el-hyresskulder",
        scene.bou,
        RoutineRunState.RUNNING,
    )
    # its first step ("En kopia ... lämnas till BoU") done with the copy itself
    first = _step(run, 1)
    assert (first.state, first.record, first.completed_by) == (
        RoutineStepState.DONE,
        copy,
        scene.vux_worker,
    )
    assert sent.steps_completed == [first]
    # BoU's own step is kept within BoU and held there
    kept = _step(run, 4)
    assert kept.step.kept_within_unit
    assert (kept.unit, kept.assignee) == (scene.bou, scene.bou_worker)
    # BoU's coordinator is told once, through an item that names the copy and no case
    item = DueItem.objects.get(unit_copy=copy)
    assert (item.kind, item.unit, item.case, item.done_at) == (
        DueKind.COPY_RECEIVED,
        scene.bou,
        None,
        None,
    )
    assert _notified(copy) == [scene.bou_coordinator.pk]

    # when BoU reads the copy and records its assessment
    clock.shift(datetime.timedelta(hours=1))
    assert copy_mark_read(actor=scene.bou_coordinator, copy_id=copy.pk)
    assert not copy_mark_read(actor=scene.bou_worker, copy_id=copy.pk)
    copy_assess(
        actor=scene.bou_coordinator,
        copy_id=copy.pk,
        assessment="Känd, läggs till barnets ärende.",
    )

    # then the first reader is kept and the item is done
    copy.refresh_from_db()
    assert copy.read_by == scene.bou_coordinator
    assert copy.assessed_by == scene.bou_coordinator
    item.refresh_from_db()
    assert item.done_by == scene.bou_coordinator
    # a second assessment is refused, the first kept
    with pytest.raises(ValidationError, match="registrerade enhetens bedömning"):
        copy_assess(actor=scene.bou_worker, copy_id=copy.pk, assessment="Något annat.")
    copy.refresh_from_db()
    assert copy.assessment == "Känd, läggs till barnets ärende."

    # when BoU completes its kept step with the child's case (aktualiseras ärendet där)
    options = {option.record for option in routine_step_record_options(kept)}
    assert child_case in options
    routine_step_complete(
        actor=scene.bou_worker, step_id=kept.pk, seen_version=kept.version, record=child_case
    )
    # and the remaining steps are closed by their holders
    for position in (2, 3, 5, 6):
        current = _step(run, position)
        routine_step_skip(
            actor=scene.vux_manager,
            step_id=current.pk,
            seen_version=current.version,
            reason="Behövs inte.",
        )

    # then the run is completed
    run.refresh_from_db()
    assert run.state == RoutineRunState.COMPLETED


@pytest.mark.django_db
def test_r31_a_second_debt_message_sends_its_copy_and_starts_nothing(scene):
    first = scene.debt()
    second = scene.debt(debt_kind="rent_debt", text="Ny påminnelse om hyresskulden.")

    assert second.runs_started == []
    assert RoutineRun.objects.filter(case=scene.adult_case).count() == 1
    assert UnitCopy.objects.filter(case=scene.adult_case).count() == 2
    assert not second.joint_assessment_needed
    # each copy its own item and notification, once
    assert DueItem.objects.filter(unit_copy__in=[first.copy, second.copy]).count() == 2
    assert _notified(second.copy) == [scene.bou_coordinator.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("debt_kind", "joint"),
    [("eviction", True), ("power_cut", True), ("rent_debt", False), ("electricity_debt", False)],
)
def test_r31_eviction_and_power_cut_ask_for_a_joint_assessment(scene, debt_kind, joint):
    client = _client(scene.vux_worker)
    response = client.post(
        reverse("coordination:copy_debt_notice", args=[scene.adult_case.pk]),
        {
            "debt-debt_kind": debt_kind,
            "debt-message_received_on": "2026-11-30",
            "debt-text": DEBT_TEXT,
        },
        follow=True,
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The copy is sent to Barn och ungdom, myndighet." in content
    assert ("make the assessment together" in content) is joint
    assert ("Joint assessment with BoU (R31)" in content) is joint


@pytest.mark.django_db
def test_r31_r30_a_coordinator_sends_the_copy_and_leaves_the_caseworkers_step_open(scene):
    sent = scene.debt(actor=scene.vux_coordinator)

    (run,) = sent.runs_started
    assert sent.steps_completed == []
    first = _step(run, 1)
    assert (first.state, first.assignee) == (RoutineStepState.OPEN, scene.vux_worker)
    # the caseworker's own copy later completes it
    later = scene.debt(debt_kind="rent_debt")
    first.refresh_from_db()
    assert (first.state, first.record) == (RoutineStepState.DONE, later.copy)


@pytest.mark.django_db
def test_r31_refused_without_a_recorded_child_and_nothing_is_saved(osthammar, clock):
    scene = copy_scene(osthammar, with_child=False)

    with pytest.raises(ValidationError, match="Inget barn under 18 år finns registrerat"):
        scene.debt()

    assert not UnitCopy.objects.exists()
    assert not RoutineRun.objects.exists()
    assert not Notification.objects.exists()
    # the page says how to record the child and keeps what was typed
    response = _client(scene.vux_worker).post(
        reverse("coordination:copy_debt_notice", args=[scene.adult_case.pk]),
        {
            "debt-debt_kind": "rent_debt",
            "debt-message_received_on": "2026-11-30",
            "debt-text": "Skuld hos Vattenfall.",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Add a family member" in content
    assert reverse("coordination:relation_create", args=[scene.parent.pk]) in content
    assert "Skuld hos Vattenfall." in content
    assert not UnitCopy.objects.exists()


@pytest.mark.django_db
def test_r31_a_child_of_18_or_more_does_not_make_a_family_with_children(osthammar, clock):
    from coordination.models import RelationKind
    from coordination.services import individual_create, relation_create
    from tests.coordination.factories_copies import ADULT_CHILD_NUMBER

    scene = copy_scene(osthammar, with_child=False)
    grown = individual_create(identity_number=ADULT_CHILD_NUMBER, first_name="Alex", last_name="F")
    relation_create(
        actor=scene.vux_worker,
        from_individual=scene.parent,
        to_individual=grown,
        kind=RelationKind.PARENT_OF,
    )

    with pytest.raises(ValidationError, match="Inget barn under 18 år"):
        scene.debt()


@pytest.mark.django_db
def test_r31_without_a_bou_unit_a_clear_error_and_with_two_the_user_chooses(scene):
    # two active BoU units: the form asks which, the service refuses to guess
    second = Unit.objects.create(
        organisation=scene.organisation,
        department=scene.bou.department,
        code="bou-norr",
        name="Barn och ungdom, norra",
        kind=UnitKind.BOU,
    )
    with pytest.raises(ValidationError) as refused:
        scene.debt()
    assert "to_unit" in refused.value.message_dict
    response = _client(scene.vux_worker).get(
        reverse("coordination:copy_debt_notice", args=[scene.adult_case.pk])
    )
    assert 'name="debt-to_unit"' in response.content.decode()
    sent = scene.debt(to_unit=second)
    assert sent.copy.to_unit == second
    assert sent.runs_started[0].other_unit == second

    # no active BoU unit at all
    Unit.objects.filter(kind=UnitKind.BOU).update(is_active=False)
    with pytest.raises(ValidationError, match="ingen aktiv enhet för barn och unga"):
        scene.debt(debt_kind="rent_debt")


# --- R32: concern for a child ---------------------------------------------------------------


@pytest.mark.django_db
def test_r32_r30_concern_for_a_child_goes_to_bou_and_runs_oro_for_barn_vux(scene):
    sent = scene.concern()

    copy = sent.copy
    assert (copy.kind, copy.child, copy.to_unit, copy.text) == (
        CopyKind.CHILD_CONCERN,
        scene.child,
        scene.bou,
        CONCERN_TEXT,
    )
    (run,) = sent.runs_started
    assert (run.definition.code, run.other_unit) == ("oro-for-barn-vux", scene.bou)
    assert _step(run, 1).state == RoutineStepState.DONE
    assert _step(run, 1).record == copy
    # step 2 is held by both units: the adult caseworker with BoU's first caseworker
    consult = _step(run, 2)
    assert (consult.assignee, consult.partner) == (scene.vux_worker, scene.bou_worker)
    assert _notified(copy) == [scene.bou_coordinator.pk]


@pytest.mark.django_db
def test_r32_only_the_persons_own_child_may_be_named(scene):
    from coordination.services import individual_create

    stranger = individual_create(identity_number="201901012391", first_name="Annan", last_name="B")

    with pytest.raises(ValidationError) as refused:
        scene.concern(child=stranger)

    assert "child" in refused.value.message_dict
    assert not UnitCopy.objects.exists()


@pytest.mark.django_db
def test_r31_r32_debt_and_concern_only_from_an_adult_unit(scene):
    bou_case = scene.child_case_at_bou()
    client = _client(scene.bou_child_worker)
    for name in ("copy_debt_notice", "copy_child_concern"):
        assert client.get(reverse(f"coordination:{name}", args=[bou_case.pk])).status_code == 404
    # the generic copy is there for any case
    assert client.get(reverse("coordination:copy_send", args=[bou_case.pk])).status_code == 200
    content = client.get(reverse("coordination:case_detail", args=[bou_case.pk])).content.decode()
    assert 'id="copy-send"' in content
    assert 'id="debt-notice"' not in content
    assert 'id="child-concern"' not in content


# --- a copy of an invitation or decision ------------------------------------------------------


@pytest.mark.django_db
def test_r30_a_copy_of_an_invitation_goes_to_any_other_unit_and_its_coordinators(scene):
    copy = copy_send(
        actor=scene.vux_worker,
        case=scene.adult_case,
        to_unit=scene.bou,
        kind=CopyKind.INVITATION,
        text="Kallelse till möte 10 december kl 10; BoU:s handläggare närvarar.",
    )
    assert _notified(copy) == [scene.bou_coordinator.pk]
    # a unit with no coordinator: its unit managers and deputy unit managers
    deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=scene.familjeratt)
    manager = member(Role.UNIT_MANAGER, unit=scene.familjeratt)
    other = copy_send(
        actor=scene.vux_manager,
        case=scene.adult_case,
        to_unit=scene.familjeratt,
        kind=CopyKind.DECISION,
        text="Beslut om bistånd.",
    )
    assert _notified(other) == sorted([deputy.pk, manager.pk])
    # not to the sending unit itself, nor the kinds with their own forms
    with pytest.raises(ValidationError):
        copy_send(
            actor=scene.vux_worker,
            case=scene.adult_case,
            to_unit=scene.vuxen,
            kind=CopyKind.MESSAGE,
            text="Till oss själva.",
        )
    with pytest.raises(ValidationError):
        copy_send(
            actor=scene.vux_worker,
            case=scene.adult_case,
            to_unit=scene.bou,
            kind=CopyKind.DEBT_NOTICE,
            text="Utan skuldslag.",
        )
    # a colleague who is not the case's caseworker does not send from it
    with pytest.raises(PermissionDenied):
        copy_send(
            actor=scene.vux_colleague,
            case=scene.adult_case,
            to_unit=scene.bou,
            kind=CopyKind.MESSAGE,
            text="Hej.",
        )


@pytest.mark.django_db
def test_copy_notification_is_raised_exactly_once(scene):
    from coordination.services.copies import _deliver

    copy = scene.debt().copy
    # delivering again (a retried request) raises nothing more
    _deliver(copy)
    assert DueItem.objects.filter(unit_copy=copy).count() == 1
    assert Notification.objects.filter(due_item__unit_copy=copy).count() == 1


# --- the receiving side ----------------------------------------------------------------------


@pytest.mark.django_db
def test_r4_only_the_receiving_unit_reads_or_assesses(scene):
    copy = scene.debt().copy
    for outsider in (scene.vux_worker, scene.vux_manager, scene.other_worker):
        with pytest.raises(PermissionDenied):
            copy_mark_read(actor=outsider, copy_id=copy.pk)
        with pytest.raises(PermissionDenied):
            copy_assess(actor=outsider, copy_id=copy.pk, assessment="Ej känd.")
    copy.refresh_from_db()
    assert (copy.read_at, copy.assessed_at) == (None, None)


@pytest.mark.django_db
def test_r4_the_copy_page_logs_the_reads_and_marks_the_first_reader(scene, clock):
    copy = scene.debt().copy
    url = reverse("coordination:copy_detail", args=[copy.pk])

    response = _client(scene.bou_worker).get(url)

    assert response.status_code == 200
    content = response.content.decode()
    assert DEBT_TEXT in content
    assert scene.parent.full_name in content
    assert scene.child.full_name in content
    assert "make the assessment together" in content
    rows = AccessLogEntry.objects.filter(user=scene.bou_worker, action=AccessAction.VIEW)
    assert set(rows.values_list("individual_id", flat=True)) == {scene.parent.pk, scene.child.pk}
    copy.refresh_from_db()
    assert copy.read_by == scene.bou_worker
    # a later reader is logged, the first reader kept
    clock.shift(datetime.timedelta(minutes=5))
    _client(scene.bou_coordinator).get(url)
    copy.refresh_from_db()
    assert copy.read_by == scene.bou_worker
    assert AccessLogEntry.objects.filter(user=scene.bou_coordinator).exists()
    # the sender gets the logged 404
    before = AccessLogEntry.objects.filter(
        user=scene.vux_worker, outcome=AccessOutcome.DENIED
    ).count()
    assert _client(scene.vux_worker).get(url).status_code == 404
    assert (
        AccessLogEntry.objects.filter(user=scene.vux_worker, outcome=AccessOutcome.DENIED).count()
        == before + 1
    )


@pytest.mark.django_db
def test_r31_the_copy_page_shows_the_receiving_units_own_cases_of_the_people_named(scene):
    child_case = scene.child_case_at_bou()
    copy = scene.debt().copy

    content = (
        _client(scene.bou_coordinator)
        .get(reverse("coordination:copy_detail", args=[copy.pk]))
        .content.decode()
    )

    assert reverse("coordination:case_detail", args=[child_case.pk]) in content
    assert "Britt Boström" in content
    # never the adult case's contents: its summary or the sending case's page
    assert reverse("coordination:case_detail", args=[scene.adult_case.pk]) not in content


@pytest.mark.django_db
def test_r31_assessment_form_bad_input_and_a_second_assessment(scene):
    copy = scene.debt().copy
    client = _client(scene.bou_coordinator, english=False)
    url = reverse("coordination:copy_assess", args=[copy.pk])

    # an empty assessment: 400, the error in Swedish at the field, nothing saved
    response = client.post(url, {"assessment": "   "})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode()
    copy.refresh_from_db()
    assert copy.assessed_at is None

    assert client.post(url, {"assessment": "Ej känd, ingen åtgärd."}).status_code == 302
    # a second one: 400 with the typed text kept, the first unchanged
    response = client.post(url, {"assessment": "Ändrad bedömning."})
    assert response.status_code == 400
    assert "Ändrad bedömning." in response.content.decode()
    copy.refresh_from_db()
    assert copy.assessment == "Ej känd, ingen åtgärd."


@pytest.mark.django_db
def test_copies_received_lists_unread_first_then_newest(scene, clock):
    older = scene.debt().copy
    clock.shift(datetime.timedelta(hours=1))
    newer = scene.concern().copy
    clock.shift(datetime.timedelta(hours=1))
    copy_mark_read(actor=scene.bou_coordinator, copy_id=newer.pk)
    newest = scene.debt(debt_kind="rent_debt").copy

    assert copy_received_unread_count(user=scene.bou_worker) == 2
    assert copy_received_unread_count(user=scene.vux_worker) == 0
    response = _client(scene.bou_worker).get(reverse("coordination:copies_received"))

    content = response.content.decode()
    positions = [content.index(f'id="copy-{copy.pk}"') for copy in (newest, older, newer)]
    assert positions == sorted(positions)
    assert AccessLogEntry.objects.filter(
        user=scene.bou_worker, action=AccessAction.LIST, individual_id=scene.child.pk
    ).exists()
    # the sending unit's members receive nothing
    response = _client(scene.vux_worker).get(reverse("coordination:copies_received"))
    assert response.status_code == 200
    assert f'id="copy-{older.pk}"' not in response.content.decode()


# --- bad input on the sending forms -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("copy_send", {"copy-kind": "message", "copy-text": "Hej BoU."}, "to_unit"),
        ("copy_send", {"copy-kind": "debt_notice", "copy-text": "Hej BoU."}, "kind"),
        (
            "copy_debt_notice",
            {"debt-debt_kind": "eviction", "debt-message_received_on": "2027-01-01"},
            "message_received_on",
        ),
        (
            "copy_debt_notice",
            {"debt-debt_kind": "flood", "debt-message_received_on": "2026-11-30"},
            "debt_kind",
        ),
        ("copy_child_concern", {"concern-text": "Oro för barnet."}, "child"),
    ],
)
def test_bad_input_gives_400_keeps_the_typed_values_and_saves_nothing(scene, name, data, field):
    client = _client(scene.vux_worker, english=False)
    response = client.post(reverse(f"coordination:{name}", args=[scene.adult_case.pk]), data)

    assert response.status_code == 400
    content = response.content.decode()
    prefix = next(iter(data)).split("-")[0]
    assert f'id="id_{prefix}-{field}_error"' in content
    # Swedish, the default language
    assert "Kontrollera formuläret" in content or "Detta fält måste fyllas i." in content
    for value in data.values():
        if value not in ("debt_notice", "flood", "message", "eviction"):
            assert value in content
    assert not UnitCopy.objects.exists()


# --- the sending side's panel ---------------------------------------------------------------


@pytest.mark.django_db
def test_r31_the_case_panel_shows_what_was_sent_and_nothing_of_the_receiving_side(scene):
    copy = scene.debt().copy
    copy_assess(actor=scene.bou_coordinator, copy_id=copy.pk, assessment="Känd sedan oktober.")

    content = (
        _client(scene.vux_worker)
        .get(reverse("coordination:case_detail", args=[scene.adult_case.pk]))
        .content.decode()
    )

    assert f'id="copy-{copy.pk}"' in content
    assert DEBT_TEXT in content
    assert "Barn och ungdom, myndighet" in content
    assert "Vera Vuxsson" in content
    assert "Känd sedan oktober." not in content
    assert "Bo Samord" not in content.split('id="copies"', 1)[1].split("</section>", 1)[0]
    assert "Assessed" not in content
    assert "Unread" not in content
    assert reverse("coordination:copy_detail", args=[copy.pk]) not in content


@pytest.mark.django_db
def test_the_panel_offers_the_forms_only_to_those_who_may_send(scene):
    url = reverse("coordination:case_detail", args=[scene.adult_case.pk])
    for user in (scene.vux_worker, scene.vux_coordinator, scene.vux_manager):
        content = _client(user).get(url).content.decode()
        assert 'id="debt-notice"' in content
        assert 'id="child-concern"' in content
    content = _client(scene.vux_colleague).get(url).content.decode()
    assert 'id="debt-notice"' not in content
    assert 'id="copy-send"' not in content


@pytest.mark.django_db
def test_history_is_kept_for_the_copy_and_its_item(scene):
    copy = scene.debt().copy
    copy_mark_read(actor=scene.bou_coordinator, copy_id=copy.pk)
    copy_assess(actor=scene.bou_coordinator, copy_id=copy.pk, assessment="Ej känd.")

    assert list(copy.history.order_by("history_id").values_list("history_type", flat=True)) == [
        "+",
        "~",
        "~",
    ]
    item = DueItem.objects.get(unit_copy=copy)
    assert item.history.count() == 2


# --- kept-within-unit steps (R31) --------------------------------------------------------------


@pytest.mark.django_db
def test_r31_the_kept_step_shows_only_its_title_and_unit_outside_bou(scene):
    (run,) = scene.debt().runs_started
    kept = _step(run, 4)
    run_url = reverse("coordination:routine_run_detail", args=[run.pk])
    step_url = reverse("coordination:routine_step_detail", args=[kept.pk])

    for outsider in (scene.vux_worker, scene.vux_coordinator, scene.vux_manager):
        client = _client(outsider)
        content = client.get(run_url).content.decode()
        row = content.split(f'id="step-{kept.pk}"', 1)[1].split("</tr>", 1)[0]
        assert "Kept within Barn och ungdom, myndighet (R31)" in row
        assert "Alva Alm" not in row
        assert "Not yet done" not in row
        assert step_url not in content
        granted = AccessLogEntry.objects.filter(
            user=outsider, outcome=AccessOutcome.GRANTED
        ).count()
        denied = AccessLogEntry.objects.filter(user=outsider, outcome=AccessOutcome.DENIED).count()
        assert client.get(step_url).status_code == 404
        # a logged denial, and no read of the case logged for the refused page
        assert (
            AccessLogEntry.objects.filter(user=outsider, outcome=AccessOutcome.GRANTED).count()
            == granted
        )
        assert (
            AccessLogEntry.objects.filter(user=outsider, outcome=AccessOutcome.DENIED).count()
            == denied + 1
        )
        for action in ("complete", "skip", "reassign"):
            url = reverse(f"coordination:routine_step_{action}", args=[kept.pk])
            assert client.post(url, {f"{action}-version": kept.version}).status_code == 404
    # BoU's members see and work it
    client = _client(scene.bou_child_worker)
    assert client.get(step_url).status_code == 200
    content = _client(scene.bou_worker).get(reverse("coordination:routine_steps_mine"))
    assert step_url in content.content.decode()


@pytest.mark.django_db
def test_r31_the_case_panel_never_makes_the_kept_step_current_while_another_is_open(scene):
    (run,) = scene.debt().runs_started
    case_url = reverse("coordination:case_detail", args=[scene.adult_case.pk])
    for position in (2, 3):
        current = _step(run, position)
        routine_step_skip(
            actor=scene.vux_manager,
            step_id=current.pk,
            seen_version=current.version,
            reason="Behövs inte.",
        )

    content = _client(scene.vux_worker).get(case_url).content.decode()
    panel = content.split('id="routines"', 1)[1].split("</section>", 1)[0]

    # step 4 (BoU's, kept) is open, but the adult side is shown step 5
    assert "at step 5" in panel
    assert "Kept within" not in panel
