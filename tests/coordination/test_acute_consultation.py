"""Acute consultations between deputy unit managers (R15), and what each side sees (R4).

Pages are read in English (the language cookie) so the assertions do not depend on the
Swedish catalogue.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordination.models import AccessLogEntry, AccessOutcome, AcuteConsultation
from coordination.services.three_party import acute_consultation_record
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 14, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
LIST = reverse("coordination:acute_list")
NEW = reverse("coordination:acute_create")


@pytest.fixture
def scene(family, time_machine):
    time_machine.move_to(NOW, tick=False)
    family.bou_deputy = member(
        Role.DEPUTY_UNIT_MANAGER, unit=family.bou, first_name="Bosse", last_name="Biträdande"
    )
    family.vuxen_deputy = member(
        Role.DEPUTY_UNIT_MANAGER, unit=family.vuxen, first_name="Dagny", last_name="Deputy"
    )
    family.vuxen_manager = member(
        Role.UNIT_MANAGER, unit=family.vuxen, first_name="Ulla", last_name="Chef"
    )
    family.outsider = member(
        Role.DEPUTY_UNIT_MANAGER,
        unit=family.organisation.units.get(code="socialpsykiatri"),
        first_name="Sixten",
        last_name="Sidan",
    )
    return family


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def form(scene, **fields):
    return {
        "from_unit": scene.bou.pk,
        "to_unit": scene.vuxen.pk,
        "consulted_manager": scene.vuxen_deputy.pk,
        "consulted_at": "2026-03-02T13:15",
        "question": "Pappan är akut hemlös, kan Vuxen ta ett boende i dag?",
        "agreed": "Vuxen ordnar jourboende i kväll.",
        **fields,
    }


def consulted(scene, **fields) -> AcuteConsultation:
    values = {
        "actor": scene.bou_deputy,
        "from_unit": scene.bou,
        "to_unit": scene.vuxen,
        "consulted_manager": scene.vuxen_deputy,
        "consulted_at": NOW - datetime.timedelta(hours=1),
        "question": "Akut fråga",
        "agreed": "Överens",
        "case": scene.child_case,
    }
    return acute_consultation_record(**{**values, **fields})


def test_r15_a_deputy_records_a_consultation_about_a_case_they_see(english, scene):
    english.force_login(scene.bou_deputy)
    page = english.get(f"{NEW}?case={scene.child_case.pk}")
    assert page.status_code == 200
    assert scene.child.full_name in page.content.decode()

    response = english.post(
        f"{NEW}?case={scene.child_case.pk}", form(scene, case=scene.child_case.pk)
    )

    assert response.status_code == 302
    consultation = AcuteConsultation.objects.get()
    assert consultation.recorded_by == scene.bou_deputy
    assert consultation.case == scene.child_case
    assert consultation.organisation == scene.organisation
    assert consultation.consulted_at == datetime.datetime(2026, 3, 2, 13, 15, tzinfo=NOW.tzinfo)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"consulted_manager": "vuxen_caseworker"}, "consulted_manager", "Select a valid choice"),
        ({"consulted_manager": "outsider"}, "consulted_manager", "is not a deputy unit"),
        ({"to_unit": "bou"}, "to_unit", "another unit than your own"),
        ({"consulted_at": "2026-03-02T15:00"}, "consulted_at", "cannot be in the future"),
        ({"consulted_at": "i går"}, "consulted_at", "Enter a valid date/time."),
        ({"agreed": ""}, "agreed", "This field is required."),
        ({"from_unit": "vuxen"}, "from_unit", "Select a valid choice."),
    ],
)
def test_r15_invalid_consultations_are_refused_and_keep_the_input(
    english, scene, fields, field, message
):
    english.force_login(scene.bou_deputy)
    data = form(
        scene,
        **{k: getattr(scene, v).pk if hasattr(scene, v) else v for k, v in fields.items()},
    )

    response = english.post(NEW, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert data["question"] in page
    assert not AcuteConsultation.objects.exists()


def test_r4_a_case_the_recorder_cannot_see_cannot_be_linked(english, scene):
    # the Vuxen deputy cannot see BoU's case
    english.force_login(scene.vuxen_deputy)

    assert english.get(f"{NEW}?case={scene.child_case.pk}").status_code == 404
    response = english.post(
        NEW,
        form(
            scene,
            from_unit=scene.vuxen.pk,
            to_unit=scene.bou.pk,
            consulted_manager=scene.bou_deputy.pk,
            case=scene.child_case.pk,
        ),
    )

    assert response.status_code == 404
    assert not AcuteConsultation.objects.exists()
    denied = AccessLogEntry.objects.filter(user=scene.vuxen_deputy, outcome=AccessOutcome.DENIED)
    assert set(denied.values_list("case_id", flat=True)) == {scene.child_case.pk}
    with pytest.raises(ValidationError) as refused:
        consulted(
            scene,
            actor=scene.vuxen_deputy,
            from_unit=scene.vuxen,
            to_unit=scene.bou,
            consulted_manager=scene.bou_deputy,
        )
    assert list(refused.value.message_dict) == ["case"]


def test_r15_r4_both_units_see_it_and_only_the_case_holder_sees_the_name(
    english, scene, django_assert_max_num_queries
):
    for _ in range(3):
        consulted(scene)
    consulted(scene, case=None, question="Utan ärende")

    # the recording unit sees the person's name, and the read is logged
    english.force_login(scene.bou_deputy)
    with django_assert_max_num_queries(11):
        page = english.get(LIST).content.decode()
    assert page.count(scene.child.full_name) == 3
    assert "Utan ärende" in page
    logged = AccessLogEntry.objects.filter(user=scene.bou_deputy, action="list")
    assert list(logged.values_list("individual_id", flat=True)) == [scene.child.pk]

    # the consulted unit's managers see the consultation but not whose case it is
    for manager in (scene.vuxen_deputy, scene.vuxen_manager):
        english.force_login(manager)
        with django_assert_max_num_queries(11):
            page = english.get(LIST).content.decode()
        assert scene.child.full_name not in page
        assert page.count(f"a case at {scene.bou.name}") == 3
        assert "Vuxen ordnar" not in page  # only what was recorded is shown
        assert "Överens" in page
        assert not AccessLogEntry.objects.filter(user=manager, action="list").exists()

    # a manager of an unconcerned unit sees nothing of it
    english.force_login(scene.outsider)
    assert "Akut fråga" not in english.get(LIST).content.decode()


def test_r15_the_pages_are_for_managers_only(english, scene):
    english.force_login(scene.bou_caseworker)

    assert english.get(LIST).status_code == 404
    assert english.get(NEW).status_code == 404
    assert english.post(NEW, form(scene)).status_code == 404
    assert not AcuteConsultation.objects.exists()


def test_r15_a_unit_manager_may_be_consulted_and_may_record(scene):
    consultation = consulted(
        scene,
        actor=scene.vuxen_manager,
        from_unit=scene.vuxen,
        to_unit=scene.bou,
        consulted_manager=scene.bou_deputy,
        case=None,
    )

    assert consultation.from_unit == scene.vuxen
    assert consulted(scene, consulted_manager=scene.vuxen_manager).to_unit == scene.vuxen
