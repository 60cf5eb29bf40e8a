"""Routine definitions as data (R30): the seeds' step tables, versions, invariants and admin."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.utils import translation

from coordination.models import RoutineDefinition, RoutineStep
from coordination.services.routines import (
    RoutineDefinitionNotCurrentError,
    routine_definition_create,
    routine_definition_revise,
)
from tests import organisations
from tests.factories import member
from units.management.commands.load_organisation import organisation_fixture_dir
from units.models import Organisation, Role
from units.services import organisation_load

pytestmark = pytest.mark.django_db

CW, CO, DUM, UM, DH = (
    Role.CASEWORKER,
    Role.COORDINATOR,
    Role.DEPUTY_UNIT_MANAGER,
    Role.UNIT_MANAGER,
    Role.DEPARTMENT_HEAD,
)
REG, RECV, SEND, BOTH = "registering_unit", "receiving_unit", "sending_unit", "both_units"


def _steps(organisation: Organisation, code: str) -> list[tuple]:
    """(role, party, unit kinds, deadline, completed by, mandatory) per step, in order."""
    definition = organisation.routine_definitions.get(code=code, is_current=True)
    steps = list(definition.steps.order_by("position"))
    assert [s.position for s in steps] == list(range(1, len(steps) + 1))
    return [
        (
            s.responsible_role,
            s.responsible_party,
            tuple(k for k in (s.responsible_unit_kind, s.second_unit_kind) if k),
            (s.deadline_days, s.deadline_from) if s.deadline_days is not None else None,
            s.completed_by,
            s.mandatory,
        )
        for s in steps
    ]


def _kind(*kinds: str) -> tuple[str, tuple[str, ...]]:
    return ("unit_of_kind" if len(kinds) == 1 else "units_of_both_kinds", kinds)


def test_r20_r30_001_table_1_lob_for_18_to_20_year_olds(osthammar):
    # R20, R30 (001, table 1: Lob/Trafikonykterhet/Narkotikabrott)
    definition = osthammar.routine_definitions.get(code="lob-18-20")
    assert definition.trigger == "young_adult_lob_not_known_at_bou"
    assert _steps(osthammar, "lob-18-20") == [
        (CW, REG, (), None, "copy_sent", True),  # Mottagare
        (CW, *_kind("vuxen"), None, "case_registered", True),  # Vuxengruppen
        (CW, *_kind("vuxen"), None, "note", False),  # Handläggare vux
        (UM, *_kind("vuxen"), None, "decision", False),  # Verksamhetschef vux
    ]


def test_r20_r30_001_table_2_reports_on_18_to_20_year_olds(osthammar):
    # R20, R30 (001, table 2: Anmälningar rörande åldersgruppen 18-20 år)
    assert _steps(osthammar, "anmalan-18-20") == [
        (CW, *_kind("mottagning"), None, "copy_sent", False),  # Mottagningsgrupp bou
        (CO, *_kind("vuxen"), None, "co_caseworker_appointed", True),  # Samordnare vux
    ]


def test_r30_r32_001_table_3_guardian_with_addiction(osthammar):
    # R30, R32 (001, table 3: Anmälningar rörande vårdnadshavare med beroende/riskbruk)
    definition = osthammar.routine_definitions.get(code="vardnadshavare-beroende")
    assert definition.trigger == "guardian_addiction_report"
    assert _steps(osthammar, "vardnadshavare-beroende") == [
        (CW, REG, (), None, "case_registered", True),  # Aktualisera/skyddsbedöm
        (CW, REG, (), None, "contact", True),  # Ta kontakt … för att hitta lämplig tid
        (CW, REG, (), None, "note", True),  # Meddela vid kallelse
        (CW, REG, (), None, "copy_sent", True),  # Kopia på kallelse/tid
        (CW, *_kind("mottagning", "vuxen"), None, "joint_visit", True),  # Audit/Dudit vid behov
        (CW, *_kind("mottagning", "vuxen"), None, "contact", True),  # Samråd
        (CW, REG, (), None, "decision", True),  # Beslut om utredning
        (CW, REG, (), None, "copy_sent", False),  # Om utredning inleds: kopia
        (CO, *_kind("vuxen", "bou"), None, "caseworker_appointed", True),  # Samordnare vux och bou
    ]
    with translation.override("en"):
        assert definition.steps.get(position=9).responsible_as_written == "Samordnare vux och bou"


def test_r30_r31_001_table_4_electricity_and_rent_debts(osthammar):
    # R30, R31 (001, table 4: El och hyresskulder i barnfamiljer)
    assert _steps(osthammar, "el-hyresskulder") == [
        (CW, *_kind("vuxen"), None, "copy_sent", True),  # kopia av alla meddelanden till BoU
        (CW, *_kind("vuxen"), None, "contact", False),
        (CW, *_kind("vuxen", "bou"), None, "joint_assessment", False),  # vräkning, avstängning
        (CW, *_kind("bou"), None, "case_registered", False),
        (CW, *_kind("vuxen", "bou"), None, "joint_plan", False),
        (CO, *_kind("vuxen", "bou"), None, "escalation", False),
    ]


def test_r17_r30_001_handover_from_bou_to_adults(osthammar):
    # R16, R17, R30 (001, "Överlämning från bou till vux", written as prose)
    assert _steps(osthammar, "overlamning-bou-vux") == [
        (CW, *_kind("bou"), None, "handover", True),
        (UM, *_kind("bou"), None, "meeting", True),
        (CO, *_kind("vuxen"), None, "co_caseworker_appointed", True),
    ]


def test_r11_r30_002_ifo_and_needs_assessment(osthammar):
    # R2, R9, R11, R30 (002: Steg / Ansvar / Anvisning)
    steps = _steps(osthammar, "ifo-sol-lss")
    assert [s[0] for s in steps] == [CW] * 8 + [UM, DH]  # the ladder of 002 in its last rows
    assert {s[1] for s in steps} == {BOTH}
    assert steps[6][4] == "joint_plan"  # R11: written allocation and implementation plan
    assert [s[4] for s in steps[7:]] == ["escalation"] * 3


def test_r26_to_r29_004_order_process(load_organisation):
    motala = load_organisation("motala")
    # R26 (004: Beställning): assignment with consent, decision, order sent, noted
    steps = _steps(motala, "bestallning-srv")
    assert [s[4] for s in steps[:5]] == [
        "consent",
        "decision",
        "order_sent",
        "note",
        "order_execution_checked",
    ]
    # R26: the administrative coordinator asks SRV within two weeks
    assert steps[4][:4] == (CO, *_kind("bou"), (14, "previous_step"))
    # R27: kick-off led by the caseworker, the provider's plan, follow-up every six months
    assert steps[8][:2] == (CW, "unit_of_kind")
    assert steps[8][4] == "kick_off"
    assert steps[10][:3] == (CW, *_kind("srv"))
    assert steps[10][4] == "implementation_plan"
    assert steps[11][3:5] == ((182, "previous_step"), "follow_up")
    # R28: disagreement goes to the nearest supervisors of both; documentation in two weeks
    assert steps[13][:3] == (DUM, *_kind("bou", "srv"))
    assert steps[13][4] == "escalation"
    assert steps[17][:4] == (CW, *_kind("srv"), (14, "previous_step"))
    assert len(steps) == 19
    # R29: interventions during investigation and investigation during an intervention
    assert [s[4] for s in _steps(motala, "insats-under-utredning")] == [
        "note",
        "contact",
        "order_sent",
    ]
    assert _steps(motala, "utredning-under-insats")[0][4] == "decision"


def test_r18_003_handover_after_a_meeting_decision(load_organisation):
    stockholm = load_organisation("stockholm-district")
    definition = stockholm.routine_definitions.get(code="overlamning-efter-samverkansmote")
    assert definition.trigger == "meeting_decided_transfer"
    # R12, R18 (003, "Ärendeöverlämning efter beslut på samverkansmöte")
    assert _steps(stockholm, "overlamning-efter-samverkansmote") == [
        (CW, SEND, (), None, "consent", True),
        (CW, SEND, (), None, "handover", True),
        (DUM, RECV, (), None, "handover_received", True),
        (DUM, RECV, (), None, "caseworker_appointed", True),
        (CW, RECV, (), None, "contact", True),
        (CW, RECV, (), None, "decision", True),
        (DUM, RECV, (), None, "meeting", True),  # Biträdande enhetschef mottagande enhet
        (DUM, RECV, (), None, "note", True),
    ]


def test_r13_003_three_party_meeting(load_organisation):
    stockholm = load_organisation("stockholm-district")
    # R13 (003, "Trepartsmöte vid behov av kontakt med ytterligare enhet")
    assert [(*s[:2], s[4]) for s in _steps(stockholm, "trepartsmote")] == [
        (CW, SEND, "contact"),
        (DUM, RECV, "caseworker_appointed"),
        (CW, RECV, "contact"),
        (CW, BOTH, "meeting"),
        (CW, BOTH, "three_party_meeting"),
    ]


def test_r10_000_mou_checks_the_action_plan_before_financial_aid(load_organisation):
    ifo = load_organisation("ifo-000")
    # R10 (000): MoU checks the action plan at Beroende before deciding on financial aid
    assert _steps(ifo, "ekonomiskt-bistand-beroende") == [
        (CW, *_kind("mou"), None, "contact", True),
        (CW, *_kind("mou"), None, "contact", True),
        (CW, *_kind("mou"), None, "decision", True),
        (CW, *_kind("mou"), None, "meeting", False),
    ]


@pytest.mark.parametrize("code", ["osthammar", "motala", "stockholm-district", "ifo-000"])
def test_every_loaded_definition_is_version_1_current_and_gapless(load_organisation, code):
    organisation = load_organisation(code)
    definitions = list(organisation.routine_definitions.prefetch_related("steps"))
    assert definitions
    for definition in definitions:
        assert (definition.version, definition.is_current) == (1, True)
        definition.steps_check()
        assert definition.source
        assert definition.rules
        assert all(step.instructions for step in definition.steps.all())


@pytest.mark.parametrize("code", ["osthammar", "motala", "stockholm-district", "ifo-000"])
def test_the_fast_load_copies_the_routines_like_a_fresh_load(code):
    # tests/test_organisations.py compares every row; here: the copy covers the new models
    path = organisation_fixture_dir() / f"{code}.json"
    with transaction.atomic():
        organisations._organisation_load_remembered(code, path)
        transaction.set_rollback(True)
    remembered = organisations._ORGANISATION_ROWS[code]
    assert remembered is not None
    copied = {row.model for row in remembered.rows}
    assert {RoutineDefinition, RoutineStep} <= copied
    with transaction.atomic():
        organisation_load(path=path)
        fresh = sorted(RoutineStep.objects.values_list("definition__code", "position", "title"))
        transaction.set_rollback(True)
    with transaction.atomic():
        organisations._organisation_insert_again(remembered)
        again = sorted(RoutineStep.objects.values_list("definition__code", "position", "title"))
        transaction.set_rollback(True)
    assert again == fresh


# Versions


@pytest.fixture
def administrator(osthammar):
    return member(Role.ADMINISTRATOR, organisation=osthammar)


def _step_values(definition: RoutineDefinition) -> list[dict]:
    return list(
        definition.steps.order_by("position").values(
            "position", "title", "responsible_role", "responsible_party", "completed_by"
        )
    )


def test_revising_creates_version_2_and_keeps_version_1(osthammar, administrator):
    old = osthammar.routine_definitions.get(code="anmalan-18-20")
    before = _step_values(old)
    steps = [
        *RoutineStep.objects.filter(definition=old)
        .order_by("position")
        .values(
            "position",
            "title",
            "instructions",
            "responsible_role",
            "responsible_party",
            "responsible_unit_kind",
            "completed_by",
        ),
        {
            "position": 3,
            "title": "Uppföljning på samverkansmötet",
            "instructions": "Tas upp på samverkansmötet.",
            "responsible_role": UM,
            "responsible_party": "unit_of_kind",
            "responsible_unit_kind": "vuxen",
            "deadline_days": 14,
            "deadline_from": "previous_step",
        },
    ]

    new = routine_definition_revise(
        actor=administrator, definition=old, changes={"name": "Nytt namn"}, steps=steps
    )

    old.refresh_from_db()
    assert (new.version, new.is_current, new.name) == (2, True, "Nytt namn")
    assert (old.version, old.is_current, old.name) == (
        1,
        False,
        "Anmälningar rörande åldersgruppen 18\u201320 år",
    )
    assert _step_values(old) == before
    assert new.steps.count() == 3
    assert (
        RoutineDefinition.objects.filter(
            organisation=osthammar, code="anmalan-18-20", is_current=True
        ).get()
        == new
    )
    assert old.history.first().history_user == administrator


def test_saving_without_a_change_makes_no_new_version(osthammar, administrator):
    old = osthammar.routine_definitions.get(code="anmalan-18-20")

    same = routine_definition_revise(
        actor=administrator, definition=old, changes={"name": old.name}
    )

    assert same.pk == old.pk
    assert osthammar.routine_definitions.filter(code="anmalan-18-20").count() == 1


def test_an_old_version_cannot_be_revised_or_edited(osthammar, administrator):
    old = osthammar.routine_definitions.get(code="lob-18-20")
    routine_definition_revise(actor=administrator, definition=old, changes={"name": "Ändrad"})

    with translation.override("en"), pytest.raises(RoutineDefinitionNotCurrentError) as refused:
        routine_definition_revise(actor=administrator, definition=old, changes={"name": "Igen"})
    assert "no longer current" in refused.value.messages[0]

    old.refresh_from_db()
    old.name = "Direkt ändrad"
    with translation.override("en"), pytest.raises(ValidationError, match="kept as it was"):
        old.full_clean()
    step = old.steps.first()
    step.title = "Direkt ändrad"
    with translation.override("en"), pytest.raises(ValidationError, match="kept as they were"):
        step.full_clean()


def test_only_an_administrator_of_the_organisation_may_revise(osthammar, load_organisation):
    motala_admin = member(Role.ADMINISTRATOR, organisation=load_organisation("motala"))
    definition = osthammar.routine_definitions.get(code="lob-18-20")

    with pytest.raises(PermissionDenied):
        routine_definition_revise(actor=motala_admin, definition=definition, changes={"name": "X"})


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two real connections; SQLite's test database is one shared in-memory file",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_revisions_of_one_version_make_one_new_version(load_organisation):
    osthammar = load_organisation("osthammar")
    administrator = member(Role.ADMINISTRATOR, organisation=osthammar)
    definition = osthammar.routine_definitions.get(code="lob-18-20")
    barrier = threading.Barrier(2)
    outcomes: list = []

    def revise(name: str) -> None:
        try:
            barrier.wait()
            outcomes.append(
                routine_definition_revise(
                    actor=administrator, definition=definition, changes={"name": name}
                )
            )
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=revise, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # the row lock lets one through; the other learns that a newer version exists
    assert sum(isinstance(o, RoutineDefinition) for o in outcomes) == 1
    assert sum(isinstance(o, RoutineDefinitionNotCurrentError) for o in outcomes) == 1
    versions = osthammar.routine_definitions.filter(code="lob-18-20")
    assert sorted(versions.values_list("version", "is_current")) == [(1, False), (2, True)]


# Invariants


def _new_step(definition: RoutineDefinition, **fields) -> RoutineStep:
    values = {
        "definition": definition,
        "position": 1,
        "title": "Steg",
        "responsible_role": CW,
        "responsible_party": REG,
    } | fields
    return RoutineStep(**values)


def _messages(step: RoutineStep) -> dict[str, list[str]]:
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            step.full_clean()
        return refused.value.message_dict


def test_invariants_refuse_bad_steps_with_clear_messages(osthammar):
    definition = osthammar.routine_definitions.get(code="lob-18-20")

    assert "deadline_from" in _messages(_new_step(definition, position=9, deadline_days=3))
    first = _new_step(definition, position=1, deadline_days=3, deadline_from="previous_step")
    assert "count its deadline from the trigger" in _messages(first)["deadline_from"][0]
    assert "deadline_days" in _messages(
        _new_step(definition, position=9, deadline_days=-1, deadline_from="trigger")
    )
    assert (
        "Name the kind"
        in _messages(_new_step(definition, position=9, responsible_party="unit_of_kind"))[
            "responsible_unit_kind"
        ][0]
    )
    assert (
        "must differ"
        in _messages(
            _new_step(
                definition,
                position=9,
                responsible_party="units_of_both_kinds",
                responsible_unit_kind="bou",
                second_unit_kind="bou",
            )
        )["second_unit_kind"][0]
    )
    assert (
        "follows from the case"
        in _messages(_new_step(definition, position=9, responsible_unit_kind="bou"))[
            "responsible_unit_kind"
        ][0]
    )
    assert "same number" in " ".join(_messages(_new_step(definition, position=1))["__all__"])
    assert "position" in _messages(_new_step(definition, position=0))


def test_steps_must_be_numbered_without_gaps(osthammar):
    definition = osthammar.routine_definitions.get(code="lob-18-20")

    with translation.override("en"), pytest.raises(ValidationError, match="without gaps"):
        definition.steps_check([1, 2, 4])
    with translation.override("en"), pytest.raises(ValidationError, match="without gaps"):
        definition.steps_check([1, 1, 2])


def test_a_second_current_version_is_refused(osthammar):
    clash = RoutineDefinition(
        organisation=osthammar, code="lob-18-20", version=2, is_current=True, name="Kopia"
    )

    with translation.override("en"), pytest.raises(ValidationError, match="current version"):
        clash.full_clean()


def test_a_new_routine_is_created_with_gapless_steps_or_not_at_all(osthammar, administrator):
    step = {"title": "Steg", "responsible_role": CW, "responsible_party": REG}

    with translation.override("en"), pytest.raises(ValidationError, match="without gaps"):
        routine_definition_create(
            actor=administrator,
            organisation=osthammar,
            code="egen",
            name="Egen rutin",
            steps=[step | {"position": 1}, step | {"position": 3}],
        )
    assert not osthammar.routine_definitions.filter(code="egen").exists()

    created = routine_definition_create(
        actor=administrator,
        organisation=osthammar,
        code="egen",
        name="Egen rutin",
        steps=[step | {"position": 2}, step | {"position": 1}],
    )
    assert list(created.steps.values_list("position", flat=True)) == [1, 2]


# Admin


def _change_form_data(definition: RoutineDefinition) -> dict[str, str]:
    steps = list(definition.steps.order_by("position"))
    data = {
        "name": definition.name,
        "source": definition.source,
        "rules": definition.rules,
        "trigger": definition.trigger,
        "description": definition.description,
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, step in enumerate(steps):
        prefix = f"steps-{index}-"
        data |= {
            f"{prefix}id": str(step.pk),
            f"{prefix}definition": str(definition.pk),
            f"{prefix}position": str(step.position),
            f"{prefix}title": step.title,
            f"{prefix}instructions": step.instructions,
            f"{prefix}responsible_as_written": step.responsible_as_written,
            f"{prefix}responsible_role": step.responsible_role,
            f"{prefix}responsible_party": step.responsible_party,
            f"{prefix}responsible_unit_kind": step.responsible_unit_kind,
            f"{prefix}second_unit_kind": step.second_unit_kind,
            f"{prefix}deadline_days": "" if step.deadline_days is None else str(step.deadline_days),
            f"{prefix}deadline_from": step.deadline_from,
            f"{prefix}completed_by": step.completed_by,
        }
        if step.mandatory:
            data[f"{prefix}mandatory"] = "on"
    return data


def test_a_change_saved_in_the_admin_creates_version_2(client, osthammar, administrator):
    client.force_login(administrator)
    old = osthammar.routine_definitions.get(code="anmalan-18-20")
    data = _change_form_data(old)
    data["steps-1-title"] = "En medhandläggare utses i vuxengruppen (ändrad)"

    response = client.post(f"/admin/coordination/routinedefinition/{old.pk}/change/", data)

    assert response.status_code == 302, response.context and response.context["errors"]
    new = osthammar.routine_definitions.get(code="anmalan-18-20", is_current=True)
    assert new.version == 2
    assert new.steps.get(position=2).title.endswith("(ändrad)")
    old.refresh_from_db()
    assert not old.is_current
    assert old.steps.get(position=2).title == "En medhandläggare utses i vuxengruppen"
    # the old version is shown read-only and cannot be saved
    assert client.get(f"/admin/coordination/routinedefinition/{old.pk}/change/").status_code == 200
    assert (
        client.post(f"/admin/coordination/routinedefinition/{old.pk}/change/", data).status_code
        == 403
    )


def test_the_admin_refuses_a_gap_in_the_steps(client, osthammar, administrator):
    client.force_login(administrator)
    old = osthammar.routine_definitions.get(code="anmalan-18-20")
    data = _change_form_data(old)
    data["steps-1-position"] = "3"

    response = client.post(f"/admin/coordination/routinedefinition/{old.pk}/change/", data)

    assert response.status_code == 200
    assert osthammar.routine_definitions.filter(code="anmalan-18-20").count() == 1


def test_the_admin_lists_only_the_administrators_organisation(
    client, osthammar, administrator, load_organisation
):
    motala = load_organisation("motala")
    client.force_login(administrator)

    response = client.get("/admin/coordination/routinedefinition/")

    shown = {d.organisation_id for d in response.context["cl"].result_list}
    assert shown == {osthammar.pk}
    other = motala.routine_definitions.first()
    response = client.get(f"/admin/coordination/routinedefinition/{other.pk}/change/")
    assert response.status_code == 302  # the admin answers another organisation's row as missing
