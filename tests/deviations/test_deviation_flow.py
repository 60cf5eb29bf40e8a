"""The two-part deviation report of routine 003 (R25): part 1 by the reporting unit, the
dialogue with the same level at the other unit, part 2 together, both signatures with the
password re-entered, sent to the controller, filed by the controller; who may act in each
state, and the history of every move."""

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from deviations.models import (
    DEVIATION_TRANSITIONS,
    DeviationReport,
    DeviationSignature,
    DeviationState,
    DialogueChannel,
    SignatureParty,
)
from deviations.selectors import deviation_history
from deviations.services import (
    deviation_dialogue_record,
    deviation_draft_update,
    deviation_file,
    deviation_part1_submit,
    deviation_part2_write,
    deviation_send,
    deviation_sign,
    deviation_transition,
)
from tests.deviations.factories_deviations import (
    NOW,
    SUMMARY,
    TODAY,
    D,
    DeviationScene,
    deviation_scene_fixture,  # noqa: F401 - the fixture dev
)
from tests.factories import TEST_PASSWORD, member
from units.models import Membership, Role
from units.services import membership_create

pytestmark = pytest.mark.django_db

WHAT_HAPPENED_SNIPPET = "två dagar före mötet"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name: str, report: DeviationReport) -> str:
    return reverse(f"deviations:{name}", args=[report.pk])


def sign(dev: DeviationScene, report, user, party, password=TEST_PASSWORD):
    return deviation_sign(
        actor=user, report=report, party=party, title="Enhetschef", password=password
    )


def test_r25_the_whole_flow_in_order_with_history(dev: DeviationScene):
    # given BoU's deputy writes part 1 about Beroende
    report = dev.draft()
    assert report.state == DeviationState.DRAFT

    # when each step is taken by its owner
    deviation_part1_submit(actor=dev.bou_deputy, report=report)
    report.refresh_from_db()
    assert report.state == DeviationState.PART1_SUBMITTED
    assert report.submitted_by == dev.bou_deputy
    assert report.reported_on == TODAY

    deviation_dialogue_record(
        actor=dev.bou_deputy,
        report=report,
        counterpart=dev.counterpart(report),
        held_on=TODAY,
        channel=DialogueChannel.MEETING,
    )
    report.refresh_from_db()
    assert report.state == DeviationState.DIALOGUE_RECORDED
    assert (report.dialogue_with, report.dialogue_unit) == (dev.beroende_deputy, dev.beroende)

    # part 2 is written by the other side, together
    deviation_part2_write(
        actor=dev.beroende_deputy,
        report=report,
        joint_summary=SUMMARY,
        action="Ny mall för kallelser.",
        action_follow_up_on=D(2027, 1, 15),
    )
    report.refresh_from_db()
    assert report.state == DeviationState.PART2_DRAFTED
    assert report.action_follow_up_on == D(2027, 1, 15)

    sign(dev, report, dev.bou_deputy, SignatureParty.REPORTING)
    report.refresh_from_db()
    assert report.state == DeviationState.SIGNED_REPORTING
    sign(dev, report, dev.beroende_manager, SignatureParty.OTHER)
    report.refresh_from_db()
    assert report.state == DeviationState.SIGNED

    deviation_send(actor=dev.beroende_manager, report=report)
    report.refresh_from_db()
    assert report.state == DeviationState.SENT
    assert report.sent_by == dev.beroende_manager

    deviation_file(actor=dev.controller, report=report)
    report.refresh_from_db()

    # then it is filed, both signatures are kept with titles, units and dates
    assert report.state == DeviationState.FILED
    assert report.filed_by == dev.controller
    signatures = list(report.signatures.order_by("signed_at", "pk"))
    assert [(s.party, s.user, s.unit, s.title) for s in signatures] == [
        (SignatureParty.REPORTING, dev.bou_deputy, dev.bou, "Enhetschef"),
        (SignatureParty.OTHER, dev.beroende_manager, dev.beroende, "Enhetschef"),
    ]
    assert all(s.signed_at == NOW for s in signatures)
    # and the history has one row per move, each with who made it
    moves = [(row.state, row.by) for row in deviation_history(report)]
    assert moves == [
        (DeviationState.DRAFT, dev.bou_deputy),
        (DeviationState.PART1_SUBMITTED, dev.bou_deputy),
        (DeviationState.DIALOGUE_RECORDED, dev.bou_deputy),
        (DeviationState.PART2_DRAFTED, dev.beroende_deputy),
        (DeviationState.SIGNED_REPORTING, dev.bou_deputy),
        (DeviationState.SIGNED, dev.beroende_manager),
        (DeviationState.SENT, dev.beroende_manager),
        (DeviationState.FILED, dev.controller),
    ]
    assert DeviationSignature.history.filter(history_type="+").count() == 2
    # simple-history keeps every version besides (part 1 with its units, then each move)
    assert report.history.filter(history_user=dev.controller).get().state == "filed"


def test_r25_the_two_signatures_come_in_either_order(dev: DeviationScene):
    report = dev.report_in(DeviationState.PART2_DRAFTED)
    sign(dev, report, dev.beroende_deputy, SignatureParty.OTHER)
    report.refresh_from_db()
    assert report.state == DeviationState.SIGNED_OTHER
    sign(dev, report, dev.bou_manager, SignatureParty.REPORTING)
    report.refresh_from_db()
    assert report.state == DeviationState.SIGNED


def test_r25_both_signatures_are_needed_before_sending(client, dev: DeviationScene):
    # given only the reporting side has signed
    report = dev.report_in(DeviationState.SIGNED_REPORTING)

    # when it is sent to the controller
    with pytest.raises(ValidationError):
        deviation_send(actor=dev.bou_deputy, report=report)
    client.force_login(dev.bou_deputy)
    response = client.post(url("send", report), follow=True)

    # then it stays unsent, with the reason on the page, and the controller cannot see it
    assert response.status_code == 200
    assert "signed by the reporting unit" in response.content.decode().lower() or (
        "signerad av den rapporterande enheten" in response.content.decode().lower()
    )
    report.refresh_from_db()
    assert report.state == DeviationState.SIGNED_REPORTING
    assert report.sent_at is None
    client.force_login(dev.controller)
    assert client.get(url("report_detail", report)).status_code == 404


def test_r25_a_party_signs_once_and_one_person_cannot_sign_for_both(dev: DeviationScene):
    # given a deputy of both BoU and Beroende
    both = member(Role.DEPUTY_UNIT_MANAGER, unit=dev.bou)
    membership_create(
        user=both, role=Role.DEPUTY_UNIT_MANAGER, organisation=dev.organisation, unit=dev.beroende
    )
    report = dev.report_in(DeviationState.PART2_DRAFTED)
    sign(dev, report, both, SignatureParty.REPORTING)

    # the reporting party has signed: nobody signs for it again
    with pytest.raises(ValidationError) as again:
        sign(dev, report, dev.bou_manager, SignatureParty.REPORTING)
    assert "party" in again.value.message_dict
    # and the same person cannot sign for the other unit as well
    with pytest.raises(ValidationError) as twice:
        sign(dev, report, both, SignatureParty.OTHER)
    assert "party" in twice.value.message_dict
    # nor may a reporting-side manager sign for the other party
    with pytest.raises(ValidationError):
        sign(dev, report, dev.bou_manager, SignatureParty.OTHER)
    report.refresh_from_db()
    assert report.state == DeviationState.SIGNED_REPORTING
    assert report.signatures.count() == 1


def test_r25_a_wrong_password_signs_nothing_and_does_not_lock_the_login(
    client, dev: DeviationScene
):
    report = dev.report_in(DeviationState.PART2_DRAFTED)
    client.force_login(dev.bou_deputy)
    history_rows = report.history.count()

    # when the deputy mistypes the password more times than the sign-in lockout allows
    for _attempt in range(7):
        response = client.post(
            url("sign", report),
            {"party": "reporting", "title": "Biträdande enhetschef", "password": "fel"},
        )
        # then each attempt is refused with a clear error, keeping the title typed
        assert response.status_code == 400
        body = response.content.decode()
        assert "Lösenordet är fel. Inget har signerats." in body or (
            "The password is wrong. Nothing was signed." in body
        )
        assert 'value="Biträdande enhetschef"' in body
        assert 'value="fel"' not in body

    # and nothing is saved
    report.refresh_from_db()
    assert report.state == DeviationState.PART2_DRAFTED
    assert not report.signatures.exists()
    assert report.history.count() == history_rows
    # and the sign-in is not locked: no failed attempts counted, the login still works
    assert not AccessAttempt.objects.exists()
    client.logout()
    response = client.post(
        "/login/", {"username": dev.bou_deputy.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(dev.bou_deputy.pk)

    # with the right password the signature is given
    response = client.post(
        url("sign", report),
        {"party": "reporting", "title": "Biträdande enhetschef", "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == DeviationState.SIGNED_REPORTING


def test_r25_a_change_to_part_2_voids_the_signatures(client, dev: DeviationScene):
    # given both parties have signed
    report = dev.report_in(DeviationState.SIGNED)
    first = list(report.signatures.all())

    # saving part 2 unchanged voids nothing
    deviation_part2_write(
        actor=dev.beroende_deputy,
        report=report,
        joint_summary=report.joint_summary,
        remaining_problems=report.remaining_problems,
        action=report.action,
        action_follow_up_on=report.action_follow_up_on,
    )
    report.refresh_from_db()
    assert report.state == DeviationState.SIGNED

    # when the other side changes the remaining problems
    client.force_login(dev.beroende_deputy)
    response = client.post(
        url("part2", report),
        {
            "joint_summary": report.joint_summary,
            "remaining_problems": "Även sommarperioden.",
            "action": report.action,
            "action_follow_up_on": "2027-02-01",
        },
        follow=True,
    )

    # then both signatures are void (kept), the report is to be signed again
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.state == DeviationState.PART2_DRAFTED
    assert report.remaining_problems == "Även sommarperioden."
    assert all(
        s.voided_at == NOW for s in DeviationSignature.objects.filter(pk__in=[s.pk for s in first])
    )
    assert not report.signatures.filter(voided_at__isnull=True).exists()
    # and the same parties sign again
    sign(dev, report, dev.bou_deputy, SignatureParty.REPORTING)
    sign(dev, report, dev.beroende_deputy, SignatureParty.OTHER)
    report.refresh_from_db()
    assert report.state == DeviationState.SIGNED
    assert report.signatures.count() == 4


def test_r25_who_may_act_in_which_state(dev: DeviationScene):
    report = dev.draft()
    # a draft is the reporting unit's alone
    for outsider in (dev.beroende_deputy, dev.controller, dev.bou_caseworker, dev.psyk_deputy):
        with pytest.raises(PermissionDenied):
            deviation_part1_submit(actor=outsider, report=report)
        with pytest.raises(PermissionDenied):
            deviation_draft_update(
                actor=outsider, report=report, concerned_units=[dev.beroende], what_happened="X"
            )
    # a step of a later state is refused with the reason
    with pytest.raises(ValidationError):
        sign(dev, report, dev.bou_deputy, SignatureParty.REPORTING)

    report = dev.advance(report, DeviationState.PART1_SUBMITTED)
    # part 1 is fixed once sent
    with pytest.raises(ValidationError):
        deviation_draft_update(
            actor=dev.bou_deputy, report=report, concerned_units=[dev.beroende], what_happened="Y"
        )
    # the reporter records the dialogue, not the other side
    with pytest.raises(PermissionDenied):
        deviation_dialogue_record(
            actor=dev.beroende_deputy,
            report=report,
            counterpart=dev.counterpart(report),
            held_on=TODAY,
            channel=DialogueChannel.PHONE,
        )
    # part 2 follows the dialogue
    with pytest.raises(ValidationError):
        deviation_part2_write(actor=dev.bou_deputy, report=report, joint_summary=SUMMARY)

    report = dev.advance(report, DeviationState.SIGNED)
    # the controller neither writes nor sends, and files only what was sent to them
    with pytest.raises(PermissionDenied):
        deviation_part2_write(actor=dev.controller, report=report, joint_summary="Nytt.")
    with pytest.raises(PermissionDenied):
        deviation_send(actor=dev.controller, report=report)
    with pytest.raises(PermissionDenied):
        deviation_file(actor=dev.controller, report=report)
    report = dev.advance(report, DeviationState.SENT)
    # only the controller files; the other organisation's controller does not
    for user in (dev.bou_deputy, dev.beroende_deputy, dev.other_controller):
        with pytest.raises(PermissionDenied):
            deviation_file(actor=user, report=report)
    # a sent report is not changed any more
    with pytest.raises(ValidationError):
        deviation_part2_write(actor=dev.bou_deputy, report=report, joint_summary="Nytt.")
    report = dev.advance(report, DeviationState.FILED)
    with pytest.raises(ValidationError):
        deviation_file(actor=dev.controller, report=report)


def test_r25_the_transition_map_is_the_only_way(dev: DeviationScene):
    # every state has its moves; filed is the end
    assert set(DEVIATION_TRANSITIONS) == set(DeviationState.values)
    assert DEVIATION_TRANSITIONS[DeviationState.FILED] == frozenset()
    report = dev.draft()
    for target in DeviationState.values:
        if target in DEVIATION_TRANSITIONS[DeviationState.DRAFT]:
            continue
        with pytest.raises(ValidationError):
            deviation_transition(report, target)
    assert report.state == DeviationState.DRAFT
    deviation_transition(report, DeviationState.PART1_SUBMITTED)
    assert report.state == DeviationState.PART1_SUBMITTED


def test_r25_part_1_is_sent_complete(dev: DeviationScene):
    # a draft without the reporter's title is not sent (R25: name and title)
    report = dev.draft(reporter_title="")
    with pytest.raises(ValidationError) as refused:
        deviation_part1_submit(actor=dev.bou_deputy, report=report)
    assert "reporter_title" in refused.value.message_dict
    report.refresh_from_db()
    assert report.state == DeviationState.DRAFT


def test_r25_the_dialogue_is_with_the_same_level_at_the_other_unit(dev: DeviationScene):
    report = dev.report_in(DeviationState.PART1_SUBMITTED)
    not_allowed = [
        Membership.objects.get(user=dev.psyk_deputy),  # a unit the report does not concern
        Membership.objects.get(user=dev.bou_manager),  # the reporting unit itself
        Membership.objects.create(
            user=dev.bou_caseworker,
            role=Role.CASEWORKER,
            organisation=dev.organisation,
            unit=dev.beroende,
        ),  # not the same level
    ]
    for membership in not_allowed:
        with pytest.raises(ValidationError) as refused:
            deviation_dialogue_record(
                actor=dev.bou_deputy,
                report=report,
                counterpart=membership,
                held_on=TODAY,
                channel=DialogueChannel.PHONE,
            )
        assert "counterpart" in refused.value.message_dict
    with pytest.raises(ValidationError) as future:
        deviation_dialogue_record(
            actor=dev.bou_deputy,
            report=report,
            counterpart=dev.counterpart(report, dev.beroende_manager),
            held_on=D(2026, 11, 11),
            channel=DialogueChannel.PHONE,
        )
    assert "held_on" in future.value.message_dict
    report.refresh_from_db()
    assert report.state == DeviationState.PART1_SUBMITTED
    assert report.dialogue_on is None


def test_r25_part_2_needs_the_summary_and_an_action_its_follow_up(client, dev: DeviationScene):
    report = dev.report_in(DeviationState.DIALOGUE_RECORDED)
    client.force_login(dev.bou_deputy)
    response = client.post(
        url("part2", report),
        {"joint_summary": SUMMARY, "action": "Ny mall.", "remaining_problems": "Inga."},
    )
    assert response.status_code == 400
    assert "Inga." in response.content.decode()  # what was typed stays
    response = client.post(
        url("part2", report),
        {"joint_summary": SUMMARY, "action": "Ny mall.", "action_follow_up_on": "2026-11-01"},
    )
    assert response.status_code == 400  # the follow-up day has passed
    response = client.post(url("part2", report), {"joint_summary": " ", "action": ""})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.state == DeviationState.DIALOGUE_RECORDED
    assert report.joint_summary == ""


def test_r25_the_other_side_sees_the_report_once_part_1_is_sent(client, dev: DeviationScene):
    report = dev.draft()
    client.force_login(dev.beroende_deputy)
    assert client.get(url("report_detail", report)).status_code == 404
    assert (
        WHAT_HAPPENED_SNIPPET not in client.get(reverse("deviations:report_list")).content.decode()
    )
    dev.advance(report, DeviationState.PART1_SUBMITTED)
    page = client.get(url("report_detail", report))
    assert page.status_code == 200
    assert WHAT_HAPPENED_SNIPPET in page.content.decode()
    # the list shows it among the reports sent to the unit
    listing = client.get(reverse("deviations:report_list")).content.decode()
    assert url("report_detail", report) in listing
    assert 'id="reports-part1_submitted"' in listing


def test_r25_the_controller_reads_what_was_sent_and_only_files(client, dev: DeviationScene):
    draft = dev.draft()
    signed = dev.report_in(DeviationState.SIGNED)
    sent = dev.report_in(DeviationState.SENT)
    client.force_login(dev.controller)
    # drafts and reports on their way are the units' own
    for report in (draft, signed):
        assert client.get(url("report_detail", report)).status_code == 404
    listing = client.get(reverse("deviations:report_list")).content.decode()
    assert url("report_detail", sent) in listing
    assert url("report_detail", signed) not in listing
    page = client.get(url("report_detail", sent))
    assert page.status_code == 200
    assert url("file", sent) in page.content.decode()
    assert url("part2", sent) not in page.content.decode()
    # the controller cannot write anything else
    for name in ("part2", "sign", "send", "dialogue", "part1_submit"):
        assert client.post(url(name, sent), {"joint_summary": "Nytt."}).status_code == 404
    assert client.get(reverse("deviations:draft_create")).status_code == 404
    # and files it
    response = client.post(url("file", sent))
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.state == DeviationState.FILED
    assert sent.joint_summary == SUMMARY
    # filing twice says why, changes nothing
    response = client.post(url("file", sent), follow=True)
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.filed_by == dev.controller
    # the controller of another organisation sees nothing of it
    client.force_login(dev.other_controller)
    assert client.get(url("report_detail", sent)).status_code == 404


def test_r25_the_report_page_shows_history_and_signatures(client, dev: DeviationScene):
    report = dev.report_in(DeviationState.SENT)
    client.force_login(dev.beroende_deputy)
    body = client.get(url("report_detail", report)).content.decode()
    assert 'id="history"' in body
    assert body.count("<td>2026-11-10 09:00</td>") >= 7  # one row per move
    assert "Dana Deputy, Biträdande enhetschef" in body
    assert "Olle Beroende, Biträdande enhetschef" in body
    assert '<dd id="follow-up">2027-02-01</dd>' in body


def test_report_list_has_constant_queries(
    client, dev: DeviationScene, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for state in (
            DeviationState.DRAFT,
            DeviationState.PART1_SUBMITTED,
            DeviationState.SENT,
        ):
            for _index in range(n):
                dev.report_in(state)

    add(1)
    for user in (dev.bou_deputy, dev.beroende_deputy, dev.controller):
        client.force_login(user)
        client.get(reverse("deviations:report_list"))  # the session's first save
        with django_assert_max_num_queries(9) as few:
            assert client.get(reverse("deviations:report_list")).status_code == 200
        count_few = len(few.captured_queries)
        add(3)
        with django_assert_max_num_queries(count_few) as many:
            response = client.get(reverse("deviations:report_list"))
        assert response.status_code == 200
        assert len(many.captured_queries) == count_few
    assert response.content.decode().count("/deviations/") >= 8
