"""Every meetings URL (R21 to R24) for every kind of user: who sees, who is refused (R4).

The agenda holds a child's case submitted by a deputy unit manager of the Stockholm
district's BoU unit. Participants (deputy unit managers) and the chair (the organisation's
`late_submission_accepted_by` role, here also the deputy) see it, with the child's name and
age, and their view is logged; everyone else gets 404 and a logged denial, and their POSTs
change nothing. The routine review (R24) is read by the organisation's managers and its
controller and recorded by the managers; it shows counts only.
"""

import datetime

import pytest
import time_machine

from coordination.models import AccessLogEntry, AccessOutcome
from coordination.services import case_register
from meetings.calendar import STOCKHOLM
from meetings.models import Meeting, MeetingState, RoutineReview, Submission, SubmissionKind
from meetings.services.minutes import (
    meeting_hold,
    meeting_minutes_publish,
    submission_outcome_record,
)
from meetings.services.schedule import meeting_freeze
from meetings.services.submissions import submission_create
from tests.factories import member, person
from tests.meetings.factories_meetings import meeting_on, series_create
from units.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2026, 12, 9, 13, 0, tzinfo=STOCKHOLM)  # after the 10 Dec cutoff
TEXTS = {
    "background": "Diagnos ADHD.",
    "current_situation": "Stödboende.",
    "problem": "Oklart ansvar.",
    "question": "Vem ansvarar?",
}

KINDS = ["anonymous", "caseworker", "deputy", "unit manager", "controller", "other organisation"]
SEES, LIST, DENIED, LOGIN, DONE = "sees", "list", "denied", "login", "done"


def _only_deputy(outcome: str) -> dict[str, str]:
    return {
        "anonymous": LOGIN,
        "caseworker": DENIED,
        "deputy": outcome,
        "unit manager": DENIED,
        "controller": DENIED,
        "other organisation": DENIED,
    }


def _everyone(outcome: str) -> dict[str, str]:
    return {kind: LOGIN if kind == "anonymous" else outcome for kind in KINDS}


def _managers(outcome: str, *, controller: str, other_organisation: str) -> dict[str, str]:
    """R24: the organisation's managers (here the deputy and the unit manager)."""
    return {
        "anonymous": LOGIN,
        "caseworker": DENIED,
        "deputy": outcome,
        "unit manager": outcome,
        "controller": controller,
        "other organisation": other_organisation,
    }


REVIEW = "/meetings/routine-reviews/2026/?organisation=stockholm-district"


# (name, method, url, expected per kind of user)
URLS = [
    ("meeting list", "get", "/meetings/", _everyone(LIST)),
    ("agenda", "get", "/meetings/{meeting}/", _only_deputy(SEES)),
    ("agenda PDF", "get", "/meetings/{meeting}/agenda.pdf", _only_deputy(SEES)),
    ("move form", "get", "/meetings/{meeting}/move/", _only_deputy(SEES)),
    ("move", "post", "/meetings/{meeting}/move/", _only_deputy(DONE)),
    ("freeze", "post", "/meetings/{meeting}/freeze/", _only_deputy(DONE)),
    ("cancel form", "get", "/meetings/{meeting}/cancel/", _only_deputy(SEES)),
    ("cancel", "post", "/meetings/{meeting}/cancel/", _only_deputy(DONE)),
    ("submit form", "get", "/meetings/{meeting}/submit/", _only_deputy(SEES)),
    ("submit", "post", "/meetings/{meeting}/submit/", _only_deputy(DONE)),
    ("my submissions", "get", "/meetings/submissions/mine/", _everyone(LIST)),
    ("submission", "get", "/meetings/submissions/{submission}/", _only_deputy(SEES)),
    ("accept late", "post", "/meetings/submissions/{submission}/accept/", _only_deputy(DONE)),
    # R23: the chair holds a frozen meeting; the minute-taker (or the chair) writes the outcomes
    # and publishes; participants read the published minutes.
    ("hold form", "get", "/meetings/{frozen}/hold/", _only_deputy(SEES)),
    ("hold", "post", "/meetings/{frozen}/hold/", _only_deputy(DONE)),
    ("outcome form", "get", "/meetings/submissions/{held_item}/outcome/", _only_deputy(SEES)),
    ("outcome", "post", "/meetings/submissions/{held_item}/outcome/", _only_deputy(DONE)),
    ("publish minutes", "post", "/meetings/{held}/minutes/publish/", _only_deputy(DONE)),
    ("minutes PDF", "get", "/meetings/{published}/minutes.pdf", _only_deputy(SEES)),
    # R24: the routine review; another organisation's manager sees only their own list
    (
        "routine reviews",
        "get",
        "/meetings/routine-reviews/",
        _managers(LIST, controller=LIST, other_organisation=LIST),
    ),
    (
        "routine review",
        "get",
        REVIEW,
        _managers(SEES, controller=SEES, other_organisation=DENIED),
    ),
    (
        "record routine review",
        "post",
        REVIEW,
        _managers(DONE, controller=DENIED, other_organisation=DENIED),
    ),
]


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(load_organisation):
    stockholm = load_organisation("stockholm-district")
    osthammar = load_organisation("osthammar")
    bou = stockholm.units.get(code="bou")
    caseworker = member(Role.CASEWORKER, unit=bou)
    submitter = member(Role.DEPUTY_UNIT_MANAGER, unit=bou)
    series = series_create(stockholm, first_date=D(2026, 12, 10), interval=1)
    meeting = meeting_on(series, D(2026, 12, 10))
    meeting.needs_moving = True
    meeting.save()
    meeting_on(series, D(2026, 12, 17))
    child = person(born="2012", first_name="Kim", last_name="Matrisson")
    case = case_register(actor=caseworker, individual=child, unit=bou)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=STOCKHOLM)):
        submission_create(
            actor=submitter, meeting=meeting, kind=SubmissionKind.INDIVIDUAL, case=case, **TEXTS
        )
    # late: it lands on 17 December and waits for the chair to accept it onto the 10th
    submission = submission_create(
        actor=submitter, meeting=meeting, kind=SubmissionKind.INDIVIDUAL, case=case, **TEXTS
    ).submission
    deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=stockholm.units.get(code="beroende"))
    # R23: a second series with a frozen, a held and a published meeting
    other = series_create(stockholm, first_date=D(2026, 11, 19), interval=1, code="andra")
    published, held, frozen = (
        meeting_on(other, D(2026, 11, 19)),
        meeting_on(other, D(2026, 11, 26)),
        meeting_on(other, D(2026, 12, 3)),
    )
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, 0, tzinfo=STOCKHOLM)):
        items = [
            submission_create(
                actor=submitter, meeting=m, kind=SubmissionKind.INDIVIDUAL, case=case, **TEXTS
            ).submission
            for m in (published, held)
        ]
    for m in (published, held, frozen):
        meeting_freeze(actor=deputy, meeting=m)
    for m, item in zip((published, held), items, strict=True):
        meeting_hold(actor=deputy, meeting=m, present=[deputy], minute_taker=deputy)
        submission_outcome_record(
            actor=deputy, submission=item, notes="", outcome="decision", outcome_text="Första"
        )
    meeting_minutes_publish(actor=deputy, meeting=published)
    users = {
        "anonymous": None,
        "caseworker": caseworker,
        "deputy": deputy,
        "unit manager": member(Role.UNIT_MANAGER, unit=bou),
        "controller": member(Role.CONTROLLER, organisation=stockholm),
        "other organisation": member(Role.UNIT_MANAGER, unit=osthammar.units.get(code="bou")),
    }
    return {
        "users": users,
        "case": case,
        "ids": {
            "meeting": meeting.pk,
            "submission": submission.pk,
            "frozen": frozen.pk,
            "held": held.pk,
            "held_item": items[1].pk,
            "published": published.pk,
        },
    }


def _post_data(name: str, world) -> dict:
    if name == "move":
        return {"date": "2026-12-11", "reason": "Lokalen upptagen"}
    if name == "submit":
        return {"kind": "anonymous", **TEXTS}
    if name == "cancel":
        return {"reason": "Sjukdom"}
    if name == "hold":
        deputy = world["users"]["deputy"].pk
        return {"present": [deputy], "minute_taker": deputy}
    if name == "outcome":
        return {"notes": "", "outcome": "escalated", "outcome_text": "Andra"}
    if name == "record routine review":
        return {
            "held_on": "2026-12-01",
            "participants": "Biträdande enhetschefer",
            "conclusions": "Rutinerna gäller oförändrade.",
        }
    return {}


def _done(name: str, world) -> bool:
    ids = world["ids"]
    meeting = Meeting.objects.get(pk=ids["meeting"])
    submission = Submission.objects.get(pk=ids["submission"])
    return {
        "move": meeting.date == D(2026, 12, 11),
        "freeze": meeting.state == MeetingState.AGENDA_FROZEN,
        "cancel": meeting.state == MeetingState.CANCELLED,
        "submit": Submission.objects.count() == 5,
        "accept late": submission.meeting_id == meeting.pk,
        "hold": Meeting.objects.get(pk=ids["frozen"]).state == MeetingState.HELD,
        "outcome": Submission.objects.get(pk=ids["held_item"]).outcome_text == "Andra",
        "publish minutes": Meeting.objects.get(pk=ids["held"]).state
        == MeetingState.MINUTES_PUBLISHED,
        "record routine review": RoutineReview.objects.filter(year=2026).exists(),
    }[name]


def _last_log() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize(
    ("name", "method", "url", "who"),
    [(name, method, url, who) for name, method, url, _e in URLS for who in KINDS],
)
def test_r22_meetings_access_matrix(client, world, name, method, url, who):
    expected = {n: e for n, _m, _u, e in URLS}[name][who]
    user = world["users"][who]
    if user is not None:
        client.force_login(user)
    before = _last_log()
    url = url.format(**world["ids"])

    response = getattr(client, method)(url, _post_data(name, world))

    content = response.content.decode(errors="replace")
    new_log = AccessLogEntry.objects.filter(pk__gt=before)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/login/")
    elif expected == SEES:
        assert response.status_code == 200
        if name in {"agenda", "agenda PDF", "submission", "outcome form", "minutes PDF"}:
            assert new_log.filter(
                user=user, case=world["case"], outcome=AccessOutcome.GRANTED
            ).exists()
        if name in {"agenda", "submission"}:
            assert "Kim Matrisson" in content
    elif expected == LIST:
        assert response.status_code == 200
        assert "Kim Matrisson" not in content
    elif expected == DENIED:
        assert response.status_code == 404
        assert "Kim Matrisson" not in content
        denials = new_log.filter(user=user, outcome=AccessOutcome.DENIED)
        assert denials.count() == 1
        if name in {"submission", "accept late", "outcome form", "outcome"}:
            assert denials.get().case_id == world["case"].pk
    if method == "post":
        assert _done(name, world) == (expected == DONE)
        if expected == DONE:
            assert response.status_code == 302
