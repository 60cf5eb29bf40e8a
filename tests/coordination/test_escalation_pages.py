"""The escalation ladder's pages (R2, R9, R23): the list, raising from a case and from a meeting
item, the escalation's page and its three moves; status codes, what is shown, forms keeping
what was typed, the access log, and constant query counts on the list."""

import pytest
from django.conf import settings

from coordination.models import (
    AccessLogEntry,
    AccessOutcome,
    DueKind,
    Escalation,
    EscalationState,
    Notification,
)
from coordination.services import case_register
from coordination.services.escalations import (
    escalation_decide,
    escalation_raise_from_submission,
    escalation_raise_further,
)
from tests.coordination.factories_escalations import (
    POSITIONS,
    QUESTION,
    SECRET_SUMMARY,
    escalated_item,
    ladder_fixture,  # noqa: F401 - the fixture `ladder`
)
from tests.factories import person

pytestmark = pytest.mark.django_db

LIST = "/escalations/"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def raise_url(case) -> str:
    return f"/cases/{case.pk}/escalations/new/"


def detail_url(escalation) -> str:
    return f"/escalations/{escalation.pk}/"


def raise_form(ladder, **fields) -> dict:
    data = {
        "other_unit": ladder.psykiatri.pk,
        "question": QUESTION,
        "positions": POSITIONS,
        "responsible_unit": "raising",
    }
    data.update(fields)
    return data


# --- Raising from a case --------------------------------------------------------------------


def test_r9_the_caseworker_raises_from_the_case_page(english, ladder):
    english.force_login(ladder.caseworker)

    case_page = english.get(f"/cases/{ladder.case.pk}/").content.decode()
    assert raise_url(ladder.case) in case_page
    assert "Raise a disagreement" in case_page
    form_page = english.get(raise_url(ladder.case))
    assert form_page.status_code == 200
    assert ladder.young.full_name in form_page.content.decode()

    response = english.post(raise_url(ladder.case), raise_form(ladder, responsible_unit="other"))

    escalation = Escalation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(escalation)
    assert escalation.responsible_unit == ladder.psykiatri
    page = english.get(detail_url(escalation)).content.decode()
    assert "The escalation is raised to level 2" in page
    # R9: the page says who keeps the ongoing interventions
    assert (
        f"While this escalation is open, {ladder.psykiatri.name} remains responsible for the "
        "ongoing interventions (R9)." in page
    )
    # and the case page lists it
    case_page = english.get(f"/cases/{ladder.case.pk}/").content.decode()
    assert detail_url(escalation) in case_page


def test_r9_the_raise_form_keeps_what_was_typed(english, ladder):
    english.force_login(ladder.caseworker)

    # an empty question: the form says so and keeps the rest
    response = english.post(raise_url(ladder.case), raise_form(ladder, question=""))

    assert response.status_code == 400
    page = response.content.decode()
    assert POSITIONS in page
    assert "This field is required." in page
    # a refusal by the service, also with the text kept
    english.post(raise_url(ladder.case), raise_form(ladder))
    again = english.post(raise_url(ladder.case), raise_form(ladder, positions="Nytt förslag."))
    assert again.status_code == 400
    assert "is already open" in again.content.decode()
    assert "Nytt förslag." in again.content.decode()
    assert Escalation.objects.count() == 1


def test_r9_a_unit_not_of_the_form_is_refused_without_a_500(english, ladder):
    english.force_login(ladder.caseworker)

    response = english.post(raise_url(ladder.case), raise_form(ladder, other_unit=ladder.bou.pk))
    assert response.status_code == 400
    response = english.post(raise_url(ladder.case), raise_form(ladder, other_unit="x"))
    assert response.status_code == 400
    response = english.post(raise_url(ladder.case), raise_form(ladder, responsible_unit="x"))
    assert response.status_code == 400
    assert not Escalation.objects.exists()


def test_r4_the_raise_page_is_for_involved_caseworkers_only(english, ladder):
    for user in (ladder.psyk_caseworker, ladder.outsider, ladder.iof_head, ladder.nobody):
        english.force_login(user)
        assert english.get(raise_url(ladder.case)).status_code == 404
        assert english.post(raise_url(ladder.case), raise_form(ladder)).status_code == 404
        assert AccessLogEntry.objects.filter(
            user=user, outcome=AccessOutcome.DENIED, case=ladder.case
        ).exists()
    assert not Escalation.objects.exists()


# --- The escalation's page and its moves ---------------------------------------------------


def test_r2_the_page_shows_the_ladder_where_it_is_and_the_targets(english, ladder):
    escalation = ladder.at_level(3)
    english.force_login(ladder.psyk_manager)

    response = english.get(detail_url(escalation))

    page = response.content.decode()
    assert response.status_code == 200
    assert QUESTION in page
    assert POSITIONS in page
    for level in ladder.organisation.escalation_levels.all():
        assert f'id="level-{level.rank}"' in page
        assert level.name in page
    assert 'id="level-3" aria-current="step"' in page
    assert "(now here)" in page
    assert "Time spent" in page
    assert "Raise to level 4. Avdelningschefer" in page
    assert "Record the decision" in page
    assert "Withdraw" not in page  # only for the raiser
    assert SECRET_SUMMARY not in page  # the case's contents stay on the case page (R4)
    # the read is logged for the person
    assert AccessLogEntry.objects.filter(
        user=ladder.psyk_manager, individual=ladder.young, outcome=AccessOutcome.GRANTED
    ).exists()


def test_r2_the_department_head_decides_and_the_caseworker_reads_it(english, ladder):
    escalation = ladder.at_level(4)
    english.force_login(ladder.iof_head)
    page = english.get(detail_url(escalation)).content.decode()
    assert "Raise to level" not in page  # the top of the ladder

    response = english.post(
        f"/escalations/{escalation.pk}/decide/",
        {
            "decide-decision": "BoU behåller insatserna till 21 år.",
            "decide-level": escalation.level_id,
        },
    )

    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.DECIDED
    english.force_login(ladder.caseworker)
    page = english.get(detail_url(escalation)).content.decode()
    assert "BoU behåller insatserna till 21 år." in page
    assert f"Decided by {ladder.iof_head}" in page
    assert "remains responsible" not in page
    inbox = english.get("/inbox/").content.decode()
    assert "Escalation decided" in inbox
    assert detail_url(escalation) in inbox


def test_r9_raising_further_from_the_page(english, ladder):
    escalation = ladder.raise_()
    english.force_login(ladder.psyk_deputy)

    response = english.post(
        f"/escalations/{escalation.pk}/raise-further/",
        {"further-reason": "Ej löst på samverkansmötet.", "further-level": escalation.level_id},
    )

    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.level.rank == 3
    assert Notification.objects.filter(
        recipient=ladder.bou_manager, due_item__kind=DueKind.ESCALATION_WAITING
    ).exists()


def test_r9_a_decision_on_a_page_left_open_keeps_the_text_and_says_why(english, ladder):
    escalation = ladder.raise_()
    seen = escalation.level_id
    escalation_raise_further(actor=ladder.bou_deputy, escalation=escalation, reason="Vidare.")
    english.force_login(ladder.psyk_deputy)

    response = english.post(
        f"/escalations/{escalation.pk}/decide/",
        {"decide-decision": "Socialpsykiatrin tar över.", "decide-level": seen},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "moved to level 3" in page
    assert "Socialpsykiatrin tar över." in page
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.OPEN


def test_r9_an_empty_decision_is_asked_for_again(english, ladder):
    escalation = ladder.raise_()
    english.force_login(ladder.bou_deputy)

    response = english.post(
        f"/escalations/{escalation.pk}/decide/",
        {"decide-decision": "", "decide-level": escalation.level_id},
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.OPEN


def test_r9_deciding_twice_says_it_is_decided(english, ladder):
    escalation = ladder.raise_()
    escalation_decide(actor=ladder.bou_deputy, escalation=escalation, decision="Beslut.")
    english.force_login(ladder.psyk_deputy)

    response = english.post(
        f"/escalations/{escalation.pk}/decide/",
        {"decide-decision": "Annat beslut.", "decide-level": escalation.level_id},
    )

    assert response.status_code == 400
    assert "This escalation is already decided." in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.decision == "Beslut."


def test_r9_the_raiser_withdraws_from_the_page(english, ladder):
    escalation = ladder.raise_()
    english.force_login(ladder.caseworker)
    assert "Withdraw the escalation" in english.get(detail_url(escalation)).content.decode()

    response = english.post(
        f"/escalations/{escalation.pk}/withdraw/", {"withdraw-reason": "Vi löste det."}
    )

    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.WITHDRAWN
    page = english.get(detail_url(escalation)).content.decode()
    assert "Withdrawn by" in page
    assert "Vi löste det." in page


def test_r4_a_non_party_gets_a_logged_404_and_changes_nothing(english, ladder):
    escalation = ladder.raise_()
    for user in (ladder.iof_head, ladder.outsider, ladder.controller, ladder.nobody):
        english.force_login(user)
        assert english.get(detail_url(escalation)).status_code == 404
        assert (
            english.post(
                f"/escalations/{escalation.pk}/decide/",
                {"decide-decision": "X", "decide-level": escalation.level_id},
            ).status_code
            == 404
        )
        denials = AccessLogEntry.objects.filter(user=user, outcome=AccessOutcome.DENIED)
        assert denials.count() == 2
        assert {d.case_id for d in denials} == {ladder.case.pk}
    assert english.get("/escalations/999999/").status_code == 404
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.OPEN


def test_r4_a_party_who_does_not_decide_gets_404_for_the_moves(english, ladder):
    escalation = ladder.raise_()
    english.force_login(ladder.psyk_caseworker)
    assert english.get(detail_url(escalation)).status_code == 200

    for url, data in (
        ("decide", {"decide-decision": "X", "decide-level": escalation.level_id}),
        ("raise-further", {"further-reason": "X", "further-level": escalation.level_id}),
        ("withdraw", {"withdraw-reason": "X"}),
    ):
        assert english.post(f"/escalations/{escalation.pk}/{url}/", data).status_code == 404

    escalation.refresh_from_db()
    assert (escalation.state, escalation.level.rank) == (EscalationState.OPEN, 2)


# --- The list ---------------------------------------------------------------------------------


def test_r2_the_list_shows_the_queue_and_what_the_user_is_a_party_to(english, ladder):
    waiting = ladder.raise_()
    decided = ladder.raise_(other_unit=ladder.beroende)
    escalation_decide(actor=ladder.bou_deputy, escalation=decided, decision="Beslut.")
    english.force_login(ladder.psyk_deputy)

    page = english.get(LIST).content.decode()

    assert "Waiting for your decision" in page
    assert detail_url(waiting) in page
    assert detail_url(decided) not in page  # Socialpsykiatri is no party to it
    english.force_login(ladder.caseworker)
    page = english.get(LIST).content.decode()
    assert "Nothing waits for your decision." in page
    assert detail_url(waiting) in page
    assert detail_url(decided) in page
    assert AccessLogEntry.objects.filter(
        user=ladder.caseworker, action="list", individual=ladder.young
    ).exists()


def test_r2_the_list_is_for_unit_roles_and_department_heads(english, ladder):
    for user, status in (
        (ladder.caseworker, 200),
        (ladder.iof_head, 200),
        (ladder.controller, 404),
        (ladder.nobody, 404),
    ):
        english.force_login(user)
        assert english.get(LIST).status_code == status


def test_r9_the_pages_are_in_swedish_by_default(client, ladder):
    """Needs scripts/translations/escalations.py merged into locale/ (the lead's step)."""
    escalation = ladder.raise_()
    client.force_login(ladder.bou_deputy)

    listed = client.get(LIST).content.decode()
    page = client.get(detail_url(escalation)).content.decode()

    assert 'lang="sv"' in listed
    assert "Väntar på ditt beslut" in listed
    assert (
        "Medan eskaleringen är öppen ligger ansvaret för pågående insatser kvar på "
        f"{ladder.bou.name} (R9)." in page
    )
    assert "Registrera beslutet" in page


@pytest.mark.parametrize("count", [1, 10])
def test_r2_the_list_keeps_a_constant_number_of_queries(
    english, ladder, count, django_assert_max_num_queries
):
    # given `count` escalations in each section: waiting, open elsewhere, closed
    units = list(ladder.organisation.units.exclude(pk__in=[ladder.bou.pk]))
    for index in range(count):
        young = person(born="2008")
        case = case_register(actor=ladder.caseworker, individual=young, unit=ladder.bou)
        for unit in units[:2]:
            ladder.raise_(case=case, other_unit=unit)
        closed = ladder.raise_(case=case, other_unit=units[2 + index % (len(units) - 2)])
        escalation_decide(actor=ladder.bou_deputy, escalation=closed, decision="Beslut.")
    english.force_login(ladder.bou_deputy)

    with django_assert_max_num_queries(14):
        response = english.get(LIST)

    assert response.status_code == 200
    assert response.content.decode().count("/escalations/") >= 3 * count


# --- From a meeting item (R23) --------------------------------------------------------------


def test_r23_the_chair_raises_an_escalated_item_from_the_meeting_page(english, ladder):
    item = escalated_item(ladder)
    english.force_login(ladder.psyk_deputy)  # chairs
    url = f"/escalations/from-meeting-item/{item.pk}/"

    item_page = english.get(f"/meetings/submissions/{item.pk}/").content.decode()
    assert "Raise on the escalation ladder" in item_page
    assert url in item_page
    form_page = english.get(url).content.decode()
    assert item.question in form_page  # proposed as the question

    response = english.post(url, raise_form(ladder, question=""))
    assert response.status_code == 400
    assert POSITIONS in response.content.decode()
    response = english.post(url, raise_form(ladder))

    escalation = Escalation.objects.get()
    assert response.status_code == 302
    assert escalation.submission == item
    assert escalation.level.rank == 3
    item_page = english.get(f"/meetings/submissions/{item.pk}/").content.decode()
    assert "Raise on the escalation ladder" not in item_page
    assert detail_url(escalation) in item_page
    # a second visit to the form goes to the escalation
    assert english.get(url)["Location"] == detail_url(escalation)


def test_r23_only_the_chair_or_the_recorder_reaches_the_raise_page(english, ladder):
    item = escalated_item(ladder)
    url = f"/escalations/from-meeting-item/{item.pk}/"

    for user in (ladder.bou_manager, ladder.caseworker, ladder.nobody):
        english.force_login(user)
        assert english.get(url).status_code == 404
        assert english.post(url, raise_form(ladder)).status_code == 404
    english.force_login(ladder.bou_deputy)  # recorded the outcome
    assert english.get(url).status_code == 200
    assert not Escalation.objects.exists()


def test_r23_the_meetings_participants_read_an_escalation_raised_from_it(english, ladder):
    item = escalated_item(ladder, anonymous=True)
    escalation = escalation_raise_from_submission(
        actor=ladder.bou_deputy, submission=item, other_unit=ladder.psykiatri, question="Q?"
    )
    english.force_login(ladder.psyk_deputy)

    page = english.get(detail_url(escalation)).content.decode()

    assert "anonymous consultation" in page
    assert f"/meetings/submissions/{item.pk}/" in page
