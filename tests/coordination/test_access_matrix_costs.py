"""Every cost-responsibility URL (R33) for every kind of user (R4): who gets the page, who a
logged 404; the report, the intervention's page for the other side and the waiting list name
no one; the report is for department heads and the controller."""

import datetime

import pytest
from django.urls import reverse

from coordination.models import AccessLogEntry, AccessOutcome, InterventionKind
from coordination.services.costs import (
    ShareInput,
    intervention_cost_decide,
    intervention_cost_dispute,
    intervention_record,
)
from tests.coordination.factories_costs_waiting import (
    cost_scene_fixture,  # noqa: F401 - the fixture scene
)
from tests.coordination.factories_escalations import (
    ladder_fixture,  # noqa: F401 - the fixture ladder
)

pytestmark = pytest.mark.django_db

OK, DENIED = 200, 404
KINDS = [
    "psyk_caseworker",  # the case's caseworker (Socialpsykiatri, AoF)
    "caseworker",  # BoU caseworker, not of this case
    "psyk_manager",
    "iof_head",  # the other side's department head, a decider of the dispute
    "aof_head",
    "outsider",
    "controller",
    "nobody",
]
# url name -> expected per kind, for a disputed intervention (the heads decide)
EXPECTED = {
    "intervention_record": dict.fromkeys(KINDS, DENIED)
    | {"psyk_caseworker": OK, "psyk_manager": OK},
    "cost_decide": dict.fromkeys(KINDS, DENIED) | {"iof_head": OK, "aof_head": OK},
    "cost_report": dict.fromkeys(KINDS, DENIED)
    | {"iof_head": OK, "aof_head": OK, "controller": OK},
    "cost_report_csv": dict.fromkeys(KINDS, DENIED)
    | {"iof_head": OK, "aof_head": OK, "controller": OK},
}


@pytest.fixture
def disputed(ladder):
    intervention = intervention_record(
        actor=ladder.psyk_caseworker,
        case=ladder.psyk_case,
        kind=InterventionKind.ADDICTION_TREATMENT,
        decided_on=datetime.date(2026, 12, 1),
        period_from=datetime.date(2026, 12, 1),
        period_to=datetime.date(2026, 12, 31),
        providing_unit=ladder.psykiatri,
        monthly_cost_ore=100_000,
    )
    return intervention_cost_dispute(
        actor=ladder.psyk_caseworker, intervention=intervention, reason="Oklart."
    )


@pytest.mark.parametrize("name", list(EXPECTED))
@pytest.mark.parametrize("kind", KINDS)
def test_r4_r33_cost_pages_by_role(ladder, disputed, client, name, kind):
    user = getattr(ladder, kind)
    client.force_login(user)
    args = {"intervention_record": [ladder.psyk_case.pk], "cost_decide": [disputed.pk]}
    response = client.get(reverse(f"coordination:{name}", args=args.get(name, [])))
    assert response.status_code == EXPECTED[name][kind]
    rows = AccessLogEntry.objects.filter(user=user)
    if name.startswith("cost_report"):
        body = response.streaming_content if response.streaming else [response.content]
        assert ladder.young.last_name not in b"".join(body).decode("utf-8", "replace")
        assert not rows.filter(individual=ladder.young).exists()
    elif response.status_code == OK:
        assert rows.filter(individual=ladder.young, outcome=AccessOutcome.GRANTED).exists()
    else:
        assert not rows.filter(individual=ladder.young, outcome=AccessOutcome.GRANTED).exists()
        if kind not in {"nobody", "controller"}:  # those two have no role for the page at all
            assert rows.filter(outcome=AccessOutcome.DENIED).exists()


@pytest.mark.parametrize("name", ["cost_agree", "cost_dispute", "cost_consultation"])
@pytest.mark.parametrize("kind", ["caseworker", "outsider", "controller", "nobody"])
def test_r4_intervention_steps_are_404_for_outsiders(ladder, disputed, client, name, kind):
    client.force_login(getattr(ladder, kind))
    url = reverse(f"coordination:{name}", args=[disputed.pk])
    assert client.post(url, {"reason": "x"}).status_code == DENIED
    disputed.refresh_from_db()
    assert disputed.state == "disputed"


# --- The intervention's page and "costs waiting for your agreement" (R33, R4) ---------------

ROLES = [
    "anonymous",
    "other_org",  # a unit manager in another organisation
    "psyk_caseworker",  # the proposing case's caseworker
    "psyk_manager",
    "beroende_manager",  # the other side: managers of the bearing unit
    "beroende_deputy",
    "outsider",  # Beroende's caseworker: at the bearing unit, without a say
    "caseworker",  # BoU: members of other units
    "bou_manager",
    "iof_head",  # the bearing unit's department head
    "aof_head",  # the deciding unit's department head
    "controller",
    "nobody",
]
CASE_READERS = {"psyk_caseworker", "psyk_manager"}
READERS = CASE_READERS | {"beroende_manager", "beroende_deputy", "iof_head", "aof_head"}
ANSWERERS = {"beroende_manager", "beroende_deputy", "iof_head"}
LIST_ROLES = {"other_org", "psyk_manager", "beroende_manager", "beroende_deputy", "bou_manager"}
LIST_ROLES |= {"iof_head", "aof_head"}


def _user(costs, kind):
    return getattr(costs, kind, None) or getattr(costs.ladder, kind)


def _login(client, costs, kind):
    if kind == "anonymous":
        return None
    user = _user(costs, kind)
    client.force_login(user)
    return user


def test_r4_r33_intervention_page_by_role(costs, client):
    ladder = costs.ladder
    intervention = costs.record()  # open care at Socialpsykiatri, borne by Beroende (IoF)
    url = reverse("coordination:intervention_detail", args=[intervention.pk])
    for kind in ROLES:
        client.logout()
        user = _login(client, costs, kind)
        response = client.get(url)
        text = response.content.decode()
        if user is None:
            assert response.status_code == 302, kind
            assert response["Location"].startswith(reverse("login")), kind
            continue
        rows = AccessLogEntry.objects.filter(user=user)
        if kind in READERS:
            assert response.status_code == OK, kind
            # R4: the person only to those who may read the case, and only their read logged
            assert (ladder.young.last_name in text) == (kind in CASE_READERS), kind
            assert rows.filter(individual=ladder.young).exists() == (kind in CASE_READERS), kind
            assert ('id="agree"' in text) == (kind in ANSWERERS), kind
        else:
            assert response.status_code == DENIED, kind
            # the refusal is logged like other refused reads, against the case
            assert rows.filter(outcome=AccessOutcome.DENIED, case=ladder.psyk_case).exists(), kind
            assert not rows.filter(outcome=AccessOutcome.GRANTED).exists(), kind


def test_r4_r33_a_missing_intervention_is_the_same_logged_404(costs, client):
    client.force_login(costs.beroende_manager)
    response = client.get(reverse("coordination:intervention_detail", args=[987654]))
    assert response.status_code == DENIED
    assert AccessLogEntry.objects.filter(
        user=costs.beroende_manager, outcome=AccessOutcome.DENIED
    ).exists()


def test_r33_department_heads_on_the_path_still_read_a_split_decided_away_from_them(costs, client):
    ladder = costs.ladder
    # given addiction treatment decided at Socialpsykiatri, proposed to IoF, disputed, and
    # decided by the heads: AoF bears it all, so IoF no longer has a say in it
    intervention = costs.record(InterventionKind.ADDICTION_TREATMENT)
    intervention = intervention_cost_dispute(
        actor=ladder.iof_head, intervention=intervention, reason="Inte behandling."
    )
    intervention_cost_decide(
        actor=ladder.aof_head,
        intervention=intervention,
        shares=[ShareInput(None, ladder.aof, 100)],
        decision="AoF bär kostnaden.",
    )
    url = reverse("coordination:intervention_detail", args=[intervention.pk])
    # then IoF's head, on the escalation's path, still reads it; BoU's people, parties to the
    # escalation as the other unit, do not
    expected = {
        "iof_head": OK,
        "aof_head": OK,
        "psyk_caseworker": OK,
        "bou_manager": DENIED,
        "caseworker": DENIED,
        "beroende_manager": DENIED,
    }
    for kind, status in expected.items():
        client.force_login(_user(costs, kind))
        response = client.get(url)
        assert response.status_code == status, kind
        if kind == "iof_head":
            text = response.content.decode()
            assert "AoF bär kostnaden." in text
            assert ladder.young.last_name not in text


def test_r4_r33_waiting_list_by_role(costs, client):
    intervention = costs.record()
    url = reverse("coordination:cost_waiting")
    row = f'id="waiting-{intervention.pk}"'
    for kind in ROLES:
        client.logout()
        user = _login(client, costs, kind)
        response = client.get(url)
        if user is None:
            assert response.status_code == 302, kind
            continue
        if kind in LIST_ROLES:
            assert response.status_code == OK, kind
            assert (row in response.content.decode()) == (kind in ANSWERERS), kind
            assert not AccessLogEntry.objects.filter(user=user).exists(), kind
        else:
            assert response.status_code == DENIED, kind
            assert AccessLogEntry.objects.filter(
                user=user, outcome=AccessOutcome.DENIED
            ).exists(), kind


@pytest.mark.parametrize("name", ["cost_agree", "cost_dispute"])
def test_r4_r33_answers_from_those_without_a_say_are_404_and_change_nothing(costs, client, name):
    intervention = costs.record()
    url = reverse(f"coordination:{name}", args=[intervention.pk])
    may = ANSWERERS | (CASE_READERS | {"aof_head"} if name == "cost_dispute" else set())
    for kind in ROLES:
        if kind in may or kind == "anonymous":
            continue
        client.force_login(_user(costs, kind))
        assert client.post(url, {"reason": "Nej."}).status_code == DENIED, kind
    intervention.refresh_from_db()
    assert intervention.state == "proposed"
    assert intervention.due_items.get().done_at is None
