"""Every cost-responsibility URL (R33) for every kind of user (R4): who gets the page, who a
logged 404; the report names no one and is for department heads and the controller."""

import datetime

import pytest
from django.urls import reverse

from coordination.models import AccessLogEntry, AccessOutcome, InterventionKind
from coordination.services.costs import intervention_cost_dispute, intervention_record
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
