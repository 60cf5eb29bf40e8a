"""Every URL of copies between units (R31, R32) for every kind of user (R4; the access log).

The copy is a debt message from the adult unit's case to BoU. The case's caseworker and its
unit's coordinators and managers send copies; a colleague without the case does not. Only the
receiving unit's members open the copy and assess it: its sender, the rest of the adult unit,
other units, another organisation, the controller and the department head get 404 and a logged
denial. A query-count bound holds for the list, the copy's page and the case panel with one
and with many copies.
"""

import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from coordination.models import AccessLogEntry, AccessOutcome, UnitCopy
from coordination.services.copies import copy_send
from tests.coordination.factories_copies import START, CopyScene, copy_scene
from tests.factories import UnitFactory, member
from units.models import Role


@pytest.fixture
def scene(osthammar) -> CopyScene:
    with time_machine.travel(START, tick=False):
        return copy_scene(osthammar)


@pytest.fixture
def copy(scene) -> UnitCopy:
    with time_machine.travel(START, tick=False):
        return scene.debt().copy


def _client(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _users(scene: CopyScene) -> dict:
    return {
        "case caseworker": scene.vux_worker,
        "unit colleague": scene.vux_colleague,
        "unit coordinator": scene.vux_coordinator,
        "deputy unit manager": scene.vux_deputy,
        "unit manager": scene.vux_manager,
        "receiving coordinator": scene.bou_coordinator,
        "receiving caseworker": scene.bou_worker,
        "receiving manager": scene.bou_manager,
        "other unit's caseworker": scene.other_worker,
        "another organisation": member(Role.CASEWORKER, unit=UnitFactory()),
        "controller": member(Role.CONTROLLER, organisation=scene.organisation),
        "department head": member(Role.DEPARTMENT_HEAD, department=scene.vuxen.department),
    }


SENDER = (200, 200, 200, 200, 404)
RECEIVER = (404, 404, 404, 200, 200)
NEITHER = (404, 404, 404, 200, 404)
NO_ROLE = (404, 404, 404, 404, 404)
# who: GET of (copy form, debt form, concern form, copies received, the copy's page)
EXPECTED_GET = {
    "case caseworker": SENDER,
    "unit colleague": NEITHER,
    "unit coordinator": SENDER,
    "deputy unit manager": SENDER,
    "unit manager": SENDER,
    "receiving coordinator": RECEIVER,
    "receiving caseworker": RECEIVER,
    "receiving manager": RECEIVER,
    "other unit's caseworker": NEITHER,
    "another organisation": NEITHER,
    "controller": NO_ROLE,
    "department head": NO_ROLE,
}


def _denials(user) -> int:
    return AccessLogEntry.objects.filter(user=user, outcome=AccessOutcome.DENIED).count()


def _get_urls(scene: CopyScene, copy: UnitCopy) -> list[str]:
    case = scene.adult_case.pk
    return [
        reverse("coordination:copy_send", args=[case]),
        reverse("coordination:copy_debt_notice", args=[case]),
        reverse("coordination:copy_child_concern", args=[case]),
        reverse("coordination:copies_received"),
        reverse("coordination:copy_detail", args=[copy.pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(EXPECTED_GET))
def test_r4_r31_pages_for_each_role(scene, copy, who):
    user = _users(scene)[who]
    client = _client(user)
    for url, expected in zip(_get_urls(scene, copy), EXPECTED_GET[who], strict=True):
        before = _denials(user)
        response = client.get(url)
        assert response.status_code == expected, (who, url)
        content = response.content.decode()
        if expected == 404:
            # a refusal about a case or a copy is logged; the list names no one
            if url != reverse("coordination:copies_received"):
                assert _denials(user) == before + 1, (who, url)
            continue
        # R31: the copy's text reaches the sending side on its own case page only, the
        # receiving unit's members on the copy's page and the list
        on_copy_page = url == reverse("coordination:copy_detail", args=[copy.pk])
        assert (copy.text in content) is on_copy_page, (who, url)


def test_anonymous_users_are_sent_to_the_login(db):
    client = Client()
    for url in (
        reverse("coordination:copy_send", args=[1]),
        reverse("coordination:copy_debt_notice", args=[1]),
        reverse("coordination:copy_child_concern", args=[1]),
        reverse("coordination:copies_received"),
        reverse("coordination:copy_detail", args=[1]),
        reverse("coordination:copy_assess", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    response = client.post(reverse("coordination:copy_assess", args=[1]), {"assessment": "x"})
    assert response.status_code == 302


# who: POST status of (copy, debt message, concern, assessment)
EXPECTED_POST = {
    "case caseworker": (302, 302, 302, 404),
    "unit colleague": (404, 404, 404, 404),
    "unit coordinator": (302, 302, 302, 404),
    "unit manager": (302, 302, 302, 404),
    "receiving coordinator": (404, 404, 404, 302),
    "receiving caseworker": (404, 404, 404, 302),
    "other unit's caseworker": (404, 404, 404, 404),
    "another organisation": (404, 404, 404, 404),
    "controller": (404, 404, 404, 404),
    "department head": (404, 404, 404, 404),
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(EXPECTED_POST))
def test_r4_r31_r32_writes_for_each_role(scene, copy, who):
    user = _users(scene)[who]
    case = scene.adult_case.pk
    posts = [
        (
            reverse("coordination:copy_send", args=[case]),
            {"copy-to_unit": scene.bou.pk, "copy-kind": "invitation", "copy-text": "Kallelse."},
        ),
        (
            reverse("coordination:copy_debt_notice", args=[case]),
            {
                "debt-debt_kind": "power_cut",
                "debt-message_received_on": "2026-11-30",
                "debt-text": "Avstängning av el aviserad.",
            },
        ),
        (
            reverse("coordination:copy_child_concern", args=[case]),
            {"concern-child": scene.child.pk, "concern-text": "Oro för Kim."},
        ),
        (
            reverse("coordination:copy_assess", args=[copy.pk]),
            {"assessment": "Ej känd, ingen åtgärd."},
        ),
    ]
    with time_machine.travel(START, tick=False):
        client = _client(user)
        for (url, data), expected in zip(posts, EXPECTED_POST[who], strict=True):
            before = UnitCopy.objects.count()
            response = client.post(url, data)
            assert response.status_code == expected, (who, url)
            if "assess" not in url:
                assert UnitCopy.objects.count() == before + (expected == 302), (who, url)
    copy.refresh_from_db()
    assert (copy.assessment == "Ej känd, ingen åtgärd.") is (EXPECTED_POST[who][3] == 302)


@pytest.mark.django_db
def test_r4_a_closed_case_sends_nothing(scene):
    from coordination.services import case_transition

    case_transition(actor=scene.vux_worker, case=scene.adult_case, to="closed")
    client = _client(scene.vux_worker)
    assert (
        client.get(reverse("coordination:copy_send", args=[scene.adult_case.pk])).status_code == 404
    )


# --- query counts: one and many copies cost the same ------------------------------------


def _many(scene: CopyScene, count: int) -> None:
    for number in range(count):
        copy_send(
            actor=scene.vux_worker,
            case=scene.adult_case,
            to_unit=scene.bou,
            kind="message",
            text=f"Meddelande {number}.",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 12])
def test_pages_have_a_bounded_number_of_queries(scene, copy, extra, django_assert_max_num_queries):
    with time_machine.travel(START, tick=False):
        _many(scene, extra)
    receiving = _client(scene.bou_coordinator)
    sending = _client(scene.vux_worker)
    pages = [
        (receiving, reverse("coordination:copies_received"), 12),
        (receiving, reverse("coordination:copy_detail", args=[copy.pk]), 16),
    ]
    for client, url, most in pages:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
    # the case panel alone: the whole case page less the same page without copies
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = scene.vux_worker
    template = Template("{% load copy_panel %}{% case_copies case %}")
    with django_assert_max_num_queries(8):
        html = template.render(Context({"request": request, "case": scene.adult_case}))
    assert len(re.findall(r'id="copy-\d+"', html)) == 1 + extra
    with django_assert_max_num_queries(60):
        assert (
            sending.get(reverse("coordination:case_detail", args=[copy.case_id])).status_code == 200
        )
