"""A missed handover deadline proposes a pre-filled deviation report, a draft of part 1
(R17, R25); part 1 is written and changed by the reporting unit only."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from coordination.models import DueItem, DueKind
from coordination.services import case_register, individual_create
from coordination.services.deadlines import deadlines_sweep
from deviations.models import DeviationReport, DeviationSource
from deviations.selectors import handover_deadline_missed
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
D = datetime.date
BORN = D(2007, 5, 8)  # 20 on 2027-05-08; the handover deadline is 2026-11-08 (R16, R17)
DEADLINE = D(2026, 11, 8)
AFTER = D(2026, 11, 10)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


@pytest.fixture
def scene(osthammar):
    bou = osthammar.units.get(code="bou")
    vuxen = osthammar.units.get(kind="vuxen")
    with time_machine.travel(at(AFTER), tick=False):
        worker = member(Role.CASEWORKER, unit=bou)
        young = individual_create(first_name="Kim", last_name="Ungsson", birth_date=BORN)
        case = case_register(actor=worker, individual=young, unit=bou)
        deadlines_sweep(today=AFTER)
    return {
        "bou": bou,
        "vuxen": vuxen,
        "worker": worker,
        "young": young,
        "case": case,
        "deputy": member(Role.DEPUTY_UNIT_MANAGER, unit=bou, title="Biträdande enhetschef"),
        "vux_deputy": member(Role.DEPUTY_UNIT_MANAGER, unit=vuxen),
        "deadline": DueItem.objects.get(case=case, kind=DueKind.HANDOVER_DEADLINE),
    }


@pytest.fixture
def after_deadline():
    with time_machine.travel(at(AFTER), tick=False):
        yield


def propose_url(item: DueItem) -> str:
    return reverse("deviations:from_missed_handover", args=[item.pk])


def test_r17_r25_missed_deadline_offers_a_prefilled_draft_once(client, scene, after_deadline):
    # given the handover deadline passed two days ago without an announcement
    client.force_login(scene["deputy"])
    page = client.get(reverse("coordination:case_detail", args=[scene["case"].pk]))
    assert "2026-11-08" in page.content.decode()
    assert propose_url(scene["deadline"]) in page.content.decode()
    # when the BoU deputy manager asks for the report, twice
    first = client.post(propose_url(scene["deadline"]))
    second = client.post(propose_url(scene["deadline"]))
    # then one draft exists, pre-filled with units and dates and linked to the deadline
    report = DeviationReport.objects.get()
    assert first.url == second.url == reverse("deviations:draft_edit", args=[report.pk])
    assert report.source == DeviationSource.HANDOVER_NOT_ANNOUNCED
    assert report.due_item == scene["deadline"]
    assert report.reporting_unit == scene["bou"]
    assert list(report.concerned_units.all()) == [scene["vuxen"]]
    assert "2026-11-08" in report.what_happened
    assert "2027-05-08" in report.what_happened
    assert report.reporter_title == "Biträdande enhetschef"
    # the text names units and dates, never the young person
    assert "Ungsson" not in report.what_happened
    assert "Kim" not in report.what_happened
    # and the case page now leads to the report instead of offering a new one
    page = client.get(reverse("coordination:case_detail", args=[scene["case"].pk]))
    assert reverse("deviations:report_detail", args=[report.pk]) in page.content.decode()
    assert propose_url(scene["deadline"]) not in page.content.decode()


def test_r25_caseworkers_and_other_units_get_no_offer_and_404(client, scene, after_deadline):
    # R25: part 1 is written at least at deputy manager level, by the unit that missed it
    for user in (scene["worker"], scene["vux_deputy"]):
        client.force_login(user)
        assert client.post(propose_url(scene["deadline"])).status_code == 404
    client.force_login(scene["worker"])
    page = client.get(reverse("coordination:case_detail", args=[scene["case"].pk]))
    assert propose_url(scene["deadline"]) not in page.content.decode()
    assert not DeviationReport.objects.exists()


def test_r17_deadline_not_yet_missed_proposes_nothing(client, scene):
    # given the deadline day itself: not missed yet
    client.force_login(scene["deputy"])
    with time_machine.travel(at(DEADLINE), tick=False):
        response = client.post(propose_url(scene["deadline"]), follow=True)
    assert "has not been missed" in response.content.decode() or "har inte missats" in (
        response.content.decode()
    )
    assert not DeviationReport.objects.exists()


def test_r17_an_announcement_after_the_deadline_day_still_counts_as_missed(scene):
    item = scene["deadline"]
    item.done_at = at(DEADLINE, hour=23)  # announced on the deadline day, late evening
    assert not handover_deadline_missed(item, today=AFTER)
    item.done_at = at(DEADLINE + datetime.timedelta(days=1), hour=0)
    assert handover_deadline_missed(item, today=AFTER)
    item.done_at = None
    assert not handover_deadline_missed(item, today=DEADLINE)
    assert handover_deadline_missed(item, today=DEADLINE + datetime.timedelta(days=1))


def test_r25_editing_a_draft_refuses_blank_text_and_keeps_what_was_typed(
    client, scene, after_deadline
):
    client.force_login(scene["deputy"])
    client.post(propose_url(scene["deadline"]))
    report = DeviationReport.objects.get()
    edit = reverse("deviations:draft_edit", args=[report.pk])
    before = report.what_happened
    # when the deputy empties "what happened" and writes a perception
    response = client.post(
        edit,
        {
            "concerned_units": [scene["vuxen"].pk],
            "what_happened": "   ",
            "perception": "Vi uppfattade att påminnelserna inte nådde fram.",
        },
    )
    # then nothing is saved, the error is specific and the typed text stays in the form
    assert response.status_code == 400
    body = response.content.decode()
    assert "Beskriv vad som hände." in body
    assert "Vi uppfattade att påminnelserna inte nådde fram." in body
    report.refresh_from_db()
    assert report.what_happened == before
    assert report.perception == ""
    # own unit is not a unit concerned
    response = client.post(edit, {"concerned_units": [scene["bou"].pk], "what_happened": "Missat."})
    assert response.status_code == 400
    # a valid change is saved, with history
    response = client.post(
        edit,
        {
            "concerned_units": [scene["vuxen"].pk],
            "what_happened": before,
            "improvement_proposals": "Bevaka 19-åringar vid varje terminsstart.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.improvement_proposals == "Bevaka 19-åringar vid varje terminsstart."
    # history keeps the proposal and the edit, each with who made it
    latest, created = report.history.first(), report.history.last()
    assert latest.improvement_proposals == "Bevaka 19-åringar vid varje terminsstart."
    assert latest.history_user == scene["deputy"]
    assert created.history_type == "+"
    assert created.improvement_proposals == ""


def test_r25_a_report_by_hand_only_for_own_units(client, scene, after_deadline):
    client.force_login(scene["deputy"])
    new = reverse("deviations:draft_create")
    assert client.get(new).status_code == 200
    # another unit as the reporting unit is not a choice
    response = client.post(
        new,
        {
            "reporting_unit": scene["vuxen"].pk,
            "concerned_units": [scene["bou"].pk],
            "what_happened": "Kallelsen kom för sent.",
        },
    )
    assert response.status_code == 400
    assert not DeviationReport.objects.exists()
    response = client.post(
        new,
        {
            "reporting_unit": scene["bou"].pk,
            "concerned_units": [scene["vuxen"].pk],
            "what_happened": "Kallelsen kom för sent.",
        },
    )
    report = DeviationReport.objects.get()
    assert response.url == reverse("deviations:draft_edit", args=[report.pk])
    assert report.source == DeviationSource.MANUAL
    # a deputy of the other unit cannot open it
    client.force_login(scene["vux_deputy"])
    assert client.get(response.url).status_code == 404
