"""Every URL that can show person data, for every kind of user (R4; SoLPuL access log).

For each pair the status is asserted, and that the request wrote a log row: a granted
read for those who may see, a logged denial for those who may not. Actions (POST) also
assert that nothing changed for those refused.

The work between units (R6, R7, R8, R11-R15, R17, R20) adds its pages to the same table.
The joint work plan links the child's BoU case to the parent's case at Socialpsykiatri, a
third unit: so the Vuxen caseworker ("other unit's caseworker") has no linked case and must
not see it, while the co-caseworker reaches it only through the grant. That a plan linked
to the parent's Vuxen case opens to the Vuxen caseworker (R7) is a separate test below.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from coordination.models import (
    AccessLogEntry,
    AccessOutcome,
    CoCaseworker,
    CoCaseworkerPurpose,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentOverride,
    ConsentScope,
    ContactChannel,
    Escalation,
    JointPlanCase,
    Order,
    OverrideLegalBasis,
    ThreePartyMeeting,
    ThreePartyOutcome,
    ThreePartyState,
)
from coordination.services import case_register
from coordination.services.cases import contact_record
from coordination.services.co_caseworkers import co_caseworker_appoint
from coordination.services.consent import ConsentOverrideInput, consent_record, consent_require
from coordination.services.plans import plan_create
from coordination.services.three_party import (
    acute_consultation_record,
    three_party_appoint,
    three_party_record_meeting,
    three_party_record_pre_meeting,
    three_party_request,
)
from tests.coordination.factories_escalations import SECRET_SUMMARY as SECRET_ESCALATION_CASE
from tests.coordination.factories_escalations import escalated_item, ladder_scene
from tests.coordination.factories_orders import SECRET_SUMMARY as SECRET_ORDER_CASE
from tests.coordination.factories_orders import (
    on_start_day_fixture,  # noqa: F401 - the fixture on_start_day
    scene_fixture,  # noqa: F401 - the fixture scene
)
from tests.factories import UserFactory, member
from units.models import Role

pytestmark = pytest.mark.django_db

SEES = "sees"  # 200 and a granted row for the child
DENIED = "denied"  # 404 and a logged denial pointing at the child (and the case)
FORBIDDEN = "forbidden"  # 403: in scope but not this step's owner; no case contents
LISTS = "lists"  # a list page: 200, the child listed and logged
EMPTY = "empty"  # a list page: 200, the child neither listed nor logged
NO_ROLE = "no role"  # a page without an object, refused for the role: 404, nothing shown
DONE = "done"  # an action: carried out (redirect) and the change is made

SECRET = "Orosanmälan från skolan"  # the child's BoU case summary (R4: never on these pages)

# Who may read the BoU child's data (R4): the owning unit's members and the co-caseworker.
EXPECTED = {
    "owning caseworker": SEES,
    "other unit's caseworker": DENIED,
    "co-caseworker": SEES,
    "unit manager of the owning unit": SEES,
    "controller": DENIED,
    "no membership": DENIED,
}
KINDS = list(EXPECTED)
# Short names for the per-page tables below.
KIND_KEYS = {
    "owner": "owning caseworker",
    "other": "other unit's caseworker",
    "co": "co-caseworker",
    "manager": "unit manager of the owning unit",
    "controller": "controller",
    "nobody": "no membership",
}


def only(outcome: str, **kinds: str) -> dict[str, str]:
    """`outcome` for every kind of user except those named (by a keyword of KIND_KEYS)."""
    result = dict.fromkeys(KINDS, outcome)
    result.update({KIND_KEYS[key]: value for key, value in kinds.items()})
    return result


@dataclass(frozen=True)
class Page:
    name: str
    url: str  # formatted with the `objects` fixture (individual=, case=, plan=, ...)
    logged_as: str  # "individual" or "case": what a denial row points at
    expected: dict[str, str] = field(default_factory=dict)  # where it differs from EXPECTED
    known_bugs: dict[str, str] = field(default_factory=dict)  # kind of user -> reason

    def outcome(self, who: str) -> str:
        return {**EXPECTED, **self.expected}[who]


PERSON_PAGES = [
    Page("individual page", "/individuals/{individual}/", "individual"),
    Page("add family member", "/individuals/{individual}/relations/new/", "individual"),
    Page("case page", "/cases/{case}/", "case"),
    Page("record contact", "/cases/{case}/contacts/new/", "case"),
    Page("API individual", "/api/individuals/{individual}/", "individual"),
    Page("API active-case check", "/api/individuals/{individual}/active-cases/", "individual"),
    Page("API case", "/api/cases/{case}/", "case"),
]

# Pages of the work between units (R6-R8, R11-R15, R17, R20), as the views decide.
COOPERATION_PAGES = [
    # R7: the case's caseworker or a co-caseworker with a live grant starts a plan.
    Page(
        "new joint plan",
        "/cases/{case}/plans/new/",
        "case",
        {KIND_KEYS["manager"]: DENIED},
    ),
    # R7, R4: anyone who sees a linked case reads the plan.
    Page("joint plan", "/plans/{plan}/", "case"),
    Page("joint plan history", "/plans/{plan}/history/", "case"),
    Page("joint plan PDF", "/plans/{plan}/pdf/", "case"),
    # R7: the involved caseworkers (responsible or co-caseworker) edit the common text.
    Page("edit joint plan", "/plans/{plan}/edit/", "case", {KIND_KEYS["manager"]: DENIED}),
    # R11: the unit's row by an involved caseworker of that unit's case.
    Page(
        "joint plan unit row",
        "/plans/{plan}/units/{unit}/",
        "case",
        {KIND_KEYS["manager"]: DENIED},
    ),
    # R8: a (deputy) unit manager of an involved unit chooses the coordinator.
    Page(
        "joint plan coordinator",
        "/plans/{plan}/coordinator/",
        "case",
        only(DENIED, manager=SEES),
    ),
    # R17, R20: the responsible caseworker or the case unit's managers appoint.
    Page(
        "appoint co-caseworker",
        "/cases/{case}/co-caseworkers/new/",
        "case",
        {KIND_KEYS["co"]: DENIED},
    ),
    Page(
        "my co-caseworker cases",
        "/co-caseworker/cases/",
        "individual",
        only(EMPTY, co=LISTS, controller=NO_ROLE, nobody=NO_ROLE),
    ),
    # R6: the record a case made towards the Vuxen unit, seen from Vuxen.
    Page(
        "contacts with my units",
        "/contacts/with-my-units/",
        "individual",
        only(EMPTY, other=LISTS, co=LISTS, controller=NO_ROLE, nobody=NO_ROLE),
    ),
    # R12: consents are recorded and withdrawn by those who see the individual.
    Page("record consent", "/individuals/{individual}/consents/new/", "individual"),
    Page("withdraw consent", "/consents/{consent}/withdraw/", "individual"),
    # R12: overrides are reviewed by the case unit's manager and the controller.
    Page(
        "consent overrides to review",
        "/consents/overrides/",
        "individual",
        only(NO_ROLE, manager=LISTS, controller=LISTS),
    ),
    # R14: the case's caseworker, a co-caseworker, a manager of the case's unit.
    Page("record care planning", "/cases/{case}/care-planning/new/", "case"),
    # R13: the case's caseworker or a co-caseworker asks; others at the unit get 403.
    Page(
        "ask for three-party meeting",
        "/cases/{case}/three-party-meetings/new/",
        "case",
        {KIND_KEYS["manager"]: FORBIDDEN},
    ),
    # R13: participants, the requested unit's managers, and those who see the case.
    Page("three-party meeting", "/three-party-meetings/{meeting}/", "case"),
    Page(
        "three-party requests to my units",
        "/three-party-meetings/requests/",
        "individual",
        only(NO_ROLE, manager=EMPTY),  # the request goes to Vuxen, not to BoU's manager
    ),
    Page(
        "my three-party meetings",
        "/three-party-meetings/mine/",
        "individual",
        only(EMPTY, owner=LISTS, controller=NO_ROLE, nobody=NO_ROLE),
    ),
    # R15: managers of the two units; the case's person only to those who see the case.
    Page(
        "acute consultations",
        "/acute-consultations/",
        "individual",
        only(NO_ROLE, manager=LISTS),
    ),
    Page(
        "new acute consultation from a case",
        "/acute-consultations/new/?case={case}",
        "case",
        only(DENIED, manager=SEES),
    ),
]

# Age-based responsibility and notifications (R16, R17).
DEADLINE_PAGES = [
    # R16: only the managers of the case's unit agree an exception to the age threshold.
    Page(
        "agreed age exception",
        "/cases/{case}/responsibility/exception/",
        "case",
        only(DENIED, manager=SEES),
    ),
    # Everyone with a unit role has an inbox; it holds only their own notifications.
    Page("inbox", "/inbox/", "individual", only(EMPTY, controller=NO_ROLE, nobody=NO_ROLE)),
    # R19: the semester inventory is for the managers and coordinators of the youth unit;
    # the fixture's child is years from the threshold, so it is not on the list.
    Page("semester inventory", "/inventory/", "individual", only(NO_ROLE, manager=EMPTY)),
]

PAGES = PERSON_PAGES + COOPERATION_PAGES + DEADLINE_PAGES


def matrix(entries) -> list:
    """(entry, who) pairs; a known bug is xfail(strict=True) so a fix makes it fail."""
    params = []
    for entry in entries:
        for who in KINDS:
            marks = []
            if who in entry.known_bugs:
                marks = [pytest.mark.xfail(strict=True, reason=entry.known_bugs[who])]
            params.append(pytest.param(entry, who, marks=marks, id=f"{entry.name}-{who}"))
    return params


@pytest.fixture
def users(family):
    co_caseworker = member(Role.CASEWORKER, unit=family.vuxen)
    # Appointed as the routine does it (R17, R20): the service opens the case through a grant.
    co_caseworker_appoint(
        actor=family.bou_caseworker,
        case=family.child_case,
        caseworker=co_caseworker,
        unit=family.vuxen,
        purpose=CoCaseworkerPurpose.EXPERTISE,
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return {
        "owning caseworker": family.bou_caseworker,
        "other unit's caseworker": family.vuxen_caseworker,
        "co-caseworker": co_caseworker,
        "unit manager of the owning unit": member(Role.UNIT_MANAGER, unit=family.bou),
        "controller": member(Role.CONTROLLER, organisation=family.organisation),
        "no membership": UserFactory(),
    }


@pytest.fixture
def objects(family, users) -> dict:
    """What the cooperation pages need, made through the services as the users would."""
    owner = family.bou_caseworker
    manager = users["unit manager of the owning unit"]
    socialpsykiatri = family.organisation.units.get(code="socialpsykiatri")
    parent_case = case_register(
        actor=member(Role.CASEWORKER, unit=socialpsykiatri),
        individual=family.parent,
        unit=socialpsykiatri,
    )
    plan = plan_create(
        actor=owner,
        case=family.child_case,
        investigation_approach="BoU utreder barnets behov.",
        continued_cooperation="Avstämning varannan vecka.",
        other_case_ids=[parent_case.pk],
    )
    consent = consent_record(
        actor=owner,
        individual=family.child,
        scope=ConsentScope.SIP,
        form=ConsentForm.ORAL,
        given_by=ConsentGivenBy.GUARDIANS,
    )
    override = consent_require(
        actor=owner,
        individual=family.child,
        scope=ConsentScope.HANDOVER,
        action="Handover to Vuxen",
        unit=family.vuxen,
        case=family.child_case,
        override=ConsentOverrideInput(OverrideLegalBasis.CHILD_CONCERN, "Akut oro."),
    )
    contact_record(
        actor=owner,
        case=family.child_case,
        other_unit=family.vuxen,
        other_caseworker=family.vuxen_caseworker,
        channel=ContactChannel.PHONE,
        information_transfer_needed=False,
        joint_work_plan_needed=True,
    )
    vuxen_deputy = member(Role.DEPUTY_UNIT_MANAGER, unit=family.vuxen)
    meeting = three_party_request(
        actor=owner, case=family.child_case, requested_unit=family.vuxen, question="Boende?"
    )
    acute_consultation_record(
        actor=manager,
        from_unit=family.bou,
        to_unit=family.vuxen,
        consulted_manager=vuxen_deputy,
        consulted_at=timezone.now() - datetime.timedelta(hours=1),
        question="Placering i natt?",
        agreed="Vuxen tar kontakt med föräldern.",
        case=family.child_case,
    )
    return {
        "individual": family.child.pk,
        "case": family.child_case.pk,
        "plan": plan.pk,
        "unit": family.bou.pk,
        "consent": consent.pk,
        "override": override.pk,
        "meeting": meeting.pk,
        "appointment": CoCaseworker.objects.get(case=family.child_case).pk,
        # for the three-party steps
        "vuxen_deputy": vuxen_deputy,
        "vuxen_appointee": member(Role.CASEWORKER, unit=family.vuxen),
    }


def last_log_pk() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def assert_logged_denial(user, before: int, family, logged_as: str) -> None:
    denials = AccessLogEntry.objects.filter(user=user, pk__gt=before, outcome=AccessOutcome.DENIED)
    assert [d.individual_id for d in denials] == [family.child.pk]
    if logged_as == "case":
        assert denials[0].case_id == family.child_case.pk


def granted_for_child(user, before: int, family) -> bool:
    return AccessLogEntry.objects.filter(
        user=user, pk__gt=before, individual=family.child, outcome=AccessOutcome.GRANTED
    ).exists()


# (`view`, not `page`: `page` is the Playwright fixture's name.)
@pytest.mark.parametrize(("view", "who"), matrix(PAGES))
def test_r4_access_matrix(client, family, users, objects, view, who):
    # given a user of the kind, and the plan, consent, meeting... the pages need
    user = users[who]
    client.force_login(user)
    url = view.url.format(**objects)
    before = last_log_pk()

    # when they open the page
    response = client.get(url)

    # then they see it or get 404 (missing and forbidden alike), and it is logged (R4)
    outcome = view.outcome(who)
    content = response.content.decode(errors="replace")
    assert SECRET not in content or (outcome == SEES and view in PERSON_PAGES)
    if outcome == SEES:
        assert response.status_code == 200
        assert granted_for_child(user, before, family)
    elif outcome == DENIED:
        assert response.status_code == 404
        assert_logged_denial(user, before, family, view.logged_as)
    elif outcome == FORBIDDEN:
        assert response.status_code == 403
        assert family.child.last_name not in content
    elif outcome == LISTS:
        assert response.status_code == 200
        assert family.child.full_name in content
        assert granted_for_child(user, before, family)
    elif outcome == EMPTY:
        assert response.status_code == 200
        assert family.child.full_name not in content
        assert not granted_for_child(user, before, family)
    else:  # NO_ROLE: a page without an object; nothing shown, nothing to log against
        assert outcome == NO_ROLE
        assert response.status_code == 404
        assert not granted_for_child(user, before, family)


# --- Actions (POST): done for those who may, unchanged for everyone else -----------------


def _advance(objects, family, state: ThreePartyState) -> None:
    """Moves the meeting on through the services, by the step's real owners (R13)."""
    meeting = ThreePartyMeeting.objects.get(pk=objects["meeting"])
    today = timezone.localdate()
    if state == ThreePartyState.REQUESTED:
        return
    meeting = three_party_appoint(
        actor=objects["vuxen_deputy"], meeting=meeting, caseworker=objects["vuxen_appointee"]
    )
    if state == ThreePartyState.APPOINTED:
        return
    meeting = three_party_record_pre_meeting(
        actor=family.bou_caseworker, meeting=meeting, held_on=today
    )
    if state == ThreePartyState.PRE_MEETING_HELD:
        return
    three_party_record_meeting(actor=family.bou_caseworker, meeting=meeting, held_on=today)


def _meeting_state(objects) -> str:
    return ThreePartyMeeting.objects.get(pk=objects["meeting"]).state


@dataclass(frozen=True)
class Action:
    name: str
    url: str
    logged_as: str
    data: Callable[[dict], dict]
    state: Callable[[dict, object], object]  # what the action changes, read back
    expected: dict[str, str]
    setup: Callable[[dict, object], None] = lambda objects, family: None
    known_bugs: dict[str, str] = field(default_factory=dict)


def _today(objects) -> dict:
    return {"held_on": timezone.localdate().isoformat()}


ACTIONS = [
    # R7 item 2: the caseworker of a linked case agrees for it.
    Action(
        "agree to joint plan",
        "/plans/{plan}/agree/",
        "case",
        lambda o: {},
        lambda o, f: JointPlanCase.objects.get(plan_id=o["plan"], case=f.child_case).approved_at,
        only(DENIED, owner=DONE),
    ),
    # R17, R20: the responsible caseworker or the case unit's manager revokes.
    Action(
        "revoke co-caseworker",
        "/cases/{case}/co-caseworkers/{appointment}/revoke/",
        "case",
        lambda o: {},
        lambda o, f: CoCaseworker.objects.get(pk=o["appointment"]).revoked_at,
        only(DENIED, owner=DONE, manager=DONE),
    ),
    # R12: whoever sees the individual withdraws a consent.
    Action(
        "withdraw consent",
        "/consents/{consent}/withdraw/",
        "individual",
        lambda o: {"withdrawn_on": timezone.localdate().isoformat()},
        lambda o, f: Consent.objects.get(pk=o["consent"]).withdrawn_on,
        only(DENIED, owner=DONE, co=DONE, manager=DONE),
    ),
    # R12: the case unit's manager or the controller marks an override reviewed.
    Action(
        "review consent override",
        "/consents/overrides/{override}/review/",
        "individual",
        lambda o: {},
        lambda o, f: ConsentOverride.objects.get(pk=o["override"]).reviewed_at,
        only(DENIED, manager=DONE, controller=DONE),
    ),
    # R13: only Vuxen's deputy manager answers; those who see the meeting get 403.
    Action(
        "appoint for three-party meeting",
        "/three-party-meetings/{meeting}/appoint/",
        "case",
        lambda o: {"caseworker": o["vuxen_appointee"].pk},
        lambda o, f: _meeting_state(o),
        only(FORBIDDEN, other=DENIED, controller=DENIED, nobody=DENIED),
    ),
    Action(
        "decline three-party meeting",
        "/three-party-meetings/{meeting}/decline/",
        "case",
        lambda o: {"reason": "Ingen kapacitet."},
        lambda o, f: _meeting_state(o),
        only(FORBIDDEN, other=DENIED, controller=DENIED, nobody=DENIED),
    ),
    # R13: the requesting and the appointed caseworker record the meetings.
    Action(
        "record pre-meeting",
        "/three-party-meetings/{meeting}/pre-meeting/",
        "case",
        _today,
        lambda o, f: _meeting_state(o),
        only(FORBIDDEN, owner=DONE, other=DENIED, controller=DENIED, nobody=DENIED),
        setup=lambda o, f: _advance(o, f, ThreePartyState.APPOINTED),
    ),
    Action(
        "record three-party meeting",
        "/three-party-meetings/{meeting}/meeting/",
        "case",
        _today,
        lambda o, f: _meeting_state(o),
        only(FORBIDDEN, owner=DONE, other=DENIED, controller=DENIED, nobody=DENIED),
        setup=lambda o, f: _advance(o, f, ThreePartyState.PRE_MEETING_HELD),
    ),
    # R13: the requesting caseworker records the outcome.
    Action(
        "record three-party outcome",
        "/three-party-meetings/{meeting}/outcome/",
        "case",
        lambda o: {"outcome": ThreePartyOutcome.NO_FURTHER_ACTION, "note": ""},
        lambda o, f: _meeting_state(o),
        only(FORBIDDEN, owner=DONE, other=DENIED, controller=DENIED, nobody=DENIED),
        setup=lambda o, f: _advance(o, f, ThreePartyState.MEETING_HELD),
    ),
]


@pytest.mark.parametrize(("action", "who"), matrix(ACTIONS))
def test_r4_action_matrix(client, family, users, objects, action, who):
    # given the object in the state the action needs, and a user of the kind
    action.setup(objects, family)
    user = users[who]
    client.force_login(user)
    state_before = action.state(objects, family)
    before = last_log_pk()

    # when they post the action
    response = client.post(action.url.format(**objects), action.data(objects))

    # then those who may carry it out; for everyone else nothing changes (R4)
    outcome = action.expected[who]
    state_after = action.state(objects, family)
    if outcome == DONE:
        assert response.status_code == 302
        assert state_after != state_before
        return
    assert state_after == state_before
    assert SECRET not in response.content.decode(errors="replace")
    if outcome == FORBIDDEN:
        # in scope but not the step's owner: the meeting page again, its read logged
        assert response.status_code == 403
        assert granted_for_child(user, before, family)
    else:
        assert outcome == DENIED
        assert response.status_code == 404
        assert_logged_denial(user, before, family, action.logged_as)


# --- Search, the involved other unit, and a missing case ---------------------------------


@pytest.mark.parametrize("who", KINDS)
def test_r4_search_finds_only_what_the_user_may_see(client, family, users, who):
    user = users[who]
    client.force_login(user)

    response = client.get("/individuals/", {"q": family.child.identity_number})

    may_search = who not in {"controller", "no membership"}
    assert response.status_code == (200 if may_search else 404)
    found = [i.pk for i in response.context["results"]] if may_search else []
    assert (family.child.pk in found) == (EXPECTED[who] == SEES)
    if found:
        assert AccessLogEntry.objects.filter(
            user=user, individual=family.child, action="search"
        ).exists()


def test_r7_a_plan_linked_to_the_parents_vuxen_case_opens_to_its_caseworker(client, family):
    # given a plan linking the child's BoU case and the parent's Vuxen case
    parent_case = case_register(
        actor=family.vuxen_caseworker, individual=family.parent, unit=family.vuxen
    )
    plan = plan_create(
        actor=family.bou_caseworker,
        case=family.child_case,
        investigation_approach="BoU utreder barnet, Vuxen föräldern.",
        continued_cooperation="Avstämning varannan vecka.",
        other_case_ids=[parent_case.pk],
    )
    client.force_login(family.vuxen_caseworker)
    before = last_log_pk()

    # when the Vuxen caseworker opens the plan, then the child's case
    plan_page = client.get(f"/plans/{plan.pk}/")
    case_page = client.get(f"/cases/{family.child_case.pk}/")

    # then the plan is open to the involved unit (R7), logged for both people named,
    # but the BoU case itself stays closed (R4)
    assert plan_page.status_code == 200
    assert SECRET not in plan_page.content.decode()
    logged = set(
        AccessLogEntry.objects.filter(
            user=family.vuxen_caseworker, pk__gt=before, outcome=AccessOutcome.GRANTED
        ).values_list("individual_id", flat=True)
    )
    assert logged == {family.child.pk, family.parent.pk}
    assert case_page.status_code == 404


def test_a_denial_for_a_missing_case_is_logged_without_a_dangling_reference(client, family):
    client.force_login(family.vuxen_caseworker)

    response = client.get("/cases/999999/")

    assert response.status_code == 404
    denial = AccessLogEntry.objects.get(user=family.vuxen_caseworker)
    assert (denial.outcome, denial.case_id, denial.path) == ("denied", None, "/cases/999999/")


# --- Orders to in-house open care (R26-R29): Motala's BoU orders from SRV ----------------
#
# The order's page is open to those who see the ordering case and, once the order is sent, to
# the members of the provider unit, who never see the case itself (R4). Östhammar has no
# provider unit, so these rows run on Motala's scene (tests/coordination/factories_orders.py).

ORDER_KINDS = {
    "ordering caseworker": "caseworker",
    "colleague at the ordering unit": "colleague",
    "administrative coordinator": "coordinator",
    "provider's treater": "treater",
    "provider's deputy manager": "srv_deputy",
    "caseworker elsewhere": "outsider",
}
ORDER_READERS = set(ORDER_KINDS) - {"caseworker elsewhere"}
PROVIDER_KINDS = {"provider's treater", "provider's deputy manager"}


@dataclass(frozen=True)
class OrderPage:
    name: str
    url: str  # formatted with order= and case=
    expected: dict[str, str]  # kind -> SEES, DENIED, LISTS, EMPTY


def _sees(readers) -> dict[str, str]:
    return {kind: (SEES if kind in readers else DENIED) for kind in ORDER_KINDS}


ORDER_PAGES = [
    OrderPage("order page", "/orders/{order}/", _sees(ORDER_READERS)),
    # Only the case's caseworker writes: the assignment and a new order.
    OrderPage("new order", "/cases/{case}/orders/new/", _sees({"ordering caseworker"})),
    OrderPage("edit order (sent: no longer a draft)", "/orders/{order}/edit/", _sees(set())),
    OrderPage(
        "orders to my units",
        "/orders/incoming/",
        {kind: (LISTS if kind in PROVIDER_KINDS else EMPTY) for kind in ORDER_KINDS},
    ),
    OrderPage(
        "orders to check for execution",
        "/orders/to-check/",
        {kind: (LISTS if kind == "administrative coordinator" else EMPTY) for kind in ORDER_KINDS},
    ),
]


def _order_matrix() -> list:
    return [
        pytest.param(entry, who, id=f"{entry.name}-{who}")
        for entry in ORDER_PAGES
        for who in ORDER_KINDS
    ]


@pytest.fixture
def received_order(scene, on_start_day):
    return scene.received()


@pytest.mark.parametrize(("view", "who"), _order_matrix())
def test_r4_order_access_matrix(client, scene, received_order, view, who):
    user = getattr(scene, ORDER_KINDS[who])
    client.force_login(user)
    before = last_log_pk()

    response = client.get(view.url.format(order=received_order.pk, case=scene.case.pk))

    content = response.content.decode(errors="replace")
    assert SECRET_ORDER_CASE not in content
    outcome = view.expected[who]
    logged = AccessLogEntry.objects.filter(user=user, pk__gt=before, individual=scene.child)
    if outcome == SEES:
        assert response.status_code == 200
        assert logged.filter(outcome=AccessOutcome.GRANTED).exists()
    elif outcome == DENIED:
        assert response.status_code == 404
        denial = logged.get(outcome=AccessOutcome.DENIED)
        assert denial.case_id == scene.case.pk
    elif outcome == LISTS:
        assert response.status_code == 200
        assert scene.child.full_name in content
        assert logged.filter(outcome=AccessOutcome.GRANTED).exists()
    else:
        assert outcome == EMPTY
        assert response.status_code == 200
        assert scene.child.full_name not in content
        assert not logged.exists()


@dataclass(frozen=True)
class OrderAction:
    name: str
    url: str
    data: dict
    done_by: set[str]  # kinds for whom it is carried out; everyone else: logged 404


ORDER_ACTIONS = [
    OrderAction("refuse", "/orders/{order}/refuse/", {"reason": "Ingen plats."}, PROVIDER_KINDS),
    OrderAction(
        "execution check",
        "/orders/{order}/check/",
        {"answer": "Start vecka 12."},
        {"administrative coordinator"},
    ),
    OrderAction(
        "cancel", "/orders/{order}/cancel/", {"reason": "Behovet borta."}, {"ordering caseworker"}
    ),
]


@pytest.mark.parametrize(
    ("action", "who"),
    [
        pytest.param(action, who, id=f"{action.name}-{who}")
        for action in ORDER_ACTIONS
        for who in ORDER_KINDS
    ],
)
def test_r4_order_action_matrix(client, scene, received_order, action, who):
    user = getattr(scene, ORDER_KINDS[who])
    client.force_login(user)
    before_state = Order.objects.values_list("state", "execution_checked_at").get()

    response = client.post(action.url.format(order=received_order.pk), action.data)

    after_state = Order.objects.values_list("state", "execution_checked_at").get()
    if who in action.done_by:
        assert response.status_code == 302
        assert after_state != before_state
    else:
        assert response.status_code == 404
        assert after_state == before_state
        assert AccessLogEntry.objects.filter(
            user=user, outcome=AccessOutcome.DENIED, case=scene.case
        ).exists()


# --- The escalation ladder (R2, R9): the Stockholm district of routine 003 --------------------
#
# The BoU caseworker has raised a disagreement with Socialpsykiatri about a young person with a
# case at both; it waits with the deputy unit managers (level 2). The parties read it: the
# raiser, the members of the two units, the deciders on the path so far, and, for one raised
# from a meeting item, the meeting's participants; everyone else gets a logged 404. The managers'
# access to the cases comes from grants (tests/coordination/test_escalations.py); here only the
# escalation's own pages. Who decides or raises further is the current level's deciders; who
# withdraws, the raiser or the raising case's caseworker. The case's contents never show (R4).

ESCALATION_KINDS = {
    "raising caseworker": "caseworker",
    "colleague at the raising unit": "colleague",
    "other unit's caseworker": "psyk_caseworker",
    "deputy deciding now": "bou_deputy",
    "department head, not yet on the path": "iof_head",
    "caseworker at a third unit": "outsider",
    "controller": "controller",
    "no membership": "nobody",
}
ESCALATION_PARTIES = {
    "raising caseworker",
    "colleague at the raising unit",
    "other unit's caseworker",
    "deputy deciding now",
}
RAISING_UNIT = {"raising caseworker", "colleague at the raising unit", "deputy deciding now"}


def _for(kinds: set[str], outcome: str, otherwise: str = DENIED) -> dict[str, str]:
    return {kind: (outcome if kind in kinds else otherwise) for kind in ESCALATION_KINDS}


ESCALATION_PAGES = [
    OrderPage("escalation page", "/escalations/{escalation}/", _for(ESCALATION_PARTIES, SEES)),
    OrderPage(
        "escalations list",
        "/escalations/",
        {
            **_for(ESCALATION_PARTIES, LISTS, EMPTY),
            "controller": NO_ROLE,
            "no membership": NO_ROLE,
        },
    ),
    # R9: an involved caseworker raises from the case: a member of the case's unit.
    OrderPage("raise from the case", "/cases/{case}/escalations/new/", _for(RAISING_UNIT, SEES)),
    # R23: the chair, or whoever recorded the outcome (here BoU's deputy, the minute-taker).
    OrderPage(
        "raise from a meeting item",
        "/escalations/from-meeting-item/{item}/",
        _for({"deputy deciding now"}, SEES),
    ),
]


@pytest.fixture
def ladder_objects(load_organisation, request) -> dict:
    """The scene, its open escalation at level 2, and, for the pages that need one, an item of
    a held meeting whose agreed outcome was an escalation (R23)."""
    scene = ladder_scene(load_organisation)
    params = request.node.callspec.params
    entry = params.get("view") or params.get("action")
    item = escalated_item(scene).pk if "{item}" in entry.url else 0
    return {"scene": scene, "escalation": scene.raise_(), "case": scene.case.pk, "item": item}


def _escalation_params(entries) -> list:
    return [
        pytest.param(entry, who, id=f"{entry.name}-{who}")
        for entry in entries
        for who in ESCALATION_KINDS
    ]


@pytest.mark.parametrize(("view", "who"), _escalation_params(ESCALATION_PAGES))
def test_r4_escalation_access_matrix(client, ladder_objects, view, who):
    scene = ladder_objects["scene"]
    user = getattr(scene, ESCALATION_KINDS[who])
    client.force_login(user)
    before = last_log_pk()

    response = client.get(
        view.url.format(
            escalation=ladder_objects["escalation"].pk,
            case=ladder_objects["case"],
            item=ladder_objects["item"],
        )
    )

    content = response.content.decode(errors="replace")
    assert SECRET_ESCALATION_CASE not in content
    outcome = view.expected[who]
    logged = AccessLogEntry.objects.filter(user=user, pk__gt=before, individual=scene.young)
    if outcome == SEES:
        assert response.status_code == 200
        assert logged.filter(outcome=AccessOutcome.GRANTED).exists()
    elif outcome == DENIED:
        assert response.status_code == 404
        denial = logged.get(outcome=AccessOutcome.DENIED)
        assert denial.case_id == scene.case.pk
    elif outcome == LISTS:
        assert response.status_code == 200
        assert scene.young.full_name in content
        assert logged.filter(outcome=AccessOutcome.GRANTED).exists()
    elif outcome == EMPTY:
        assert response.status_code == 200
        assert scene.young.full_name not in content
        assert not logged.exists()
    else:
        assert outcome == NO_ROLE
        assert response.status_code == 404
        assert not logged.filter(outcome=AccessOutcome.GRANTED).exists()


@dataclass(frozen=True)
class EscalationAction:
    name: str
    url: str
    data: Callable[[dict], dict]
    state: Callable[[dict], object]  # what the action changes, read back
    done_by: set[str]  # everyone else: a logged 404 and nothing changed


def _escalation_state(objects) -> tuple:
    escalation = Escalation.objects.get(pk=objects["escalation"].pk)
    return escalation.state, escalation.level_id, Escalation.objects.count()


def _level(objects) -> int:
    return objects["escalation"].level_id


ESCALATION_ACTIONS = [
    EscalationAction(
        "raise from the case",
        "/cases/{case}/escalations/new/",
        lambda o: {
            "other_unit": o["scene"].beroende.pk,
            "question": "Oenighet om beroendevården.",
            "responsible_unit": "raising",
        },
        _escalation_state,
        RAISING_UNIT,
    ),
    EscalationAction(
        "raise further",
        "/escalations/{escalation}/raise-further/",
        lambda o: {"further-reason": "Ej löst.", "further-level": _level(o)},
        _escalation_state,
        {"deputy deciding now"},
    ),
    EscalationAction(
        "decide",
        "/escalations/{escalation}/decide/",
        lambda o: {"decide-decision": "Beslut.", "decide-level": _level(o)},
        _escalation_state,
        {"deputy deciding now"},
    ),
    EscalationAction(
        "withdraw",
        "/escalations/{escalation}/withdraw/",
        lambda o: {"withdraw-reason": "Löst av handläggarna."},
        _escalation_state,
        {"raising caseworker"},
    ),
    EscalationAction(
        "raise from a meeting item",
        "/escalations/from-meeting-item/{item}/",
        lambda o: {
            "other_unit": o["scene"].beroende.pk,
            "question": "Vem beviljar?",
            "responsible_unit": "raising",
        },
        _escalation_state,
        {"deputy deciding now"},
    ),
]


@pytest.mark.parametrize(("action", "who"), _escalation_params(ESCALATION_ACTIONS))
def test_r4_escalation_action_matrix(client, ladder_objects, action, who):
    scene = ladder_objects["scene"]
    user = getattr(scene, ESCALATION_KINDS[who])
    client.force_login(user)
    state_before = action.state(ladder_objects)
    before = last_log_pk()

    response = client.post(
        action.url.format(
            escalation=ladder_objects["escalation"].pk,
            case=ladder_objects["case"],
            item=ladder_objects["item"],
        ),
        action.data(ladder_objects),
    )

    state_after = action.state(ladder_objects)
    if who in action.done_by:
        assert response.status_code == 302
        assert state_after != state_before
        return
    assert response.status_code == 404
    assert state_after == state_before
    assert AccessLogEntry.objects.filter(
        user=user, pk__gt=before, outcome=AccessOutcome.DENIED, case=scene.case
    ).exists()
