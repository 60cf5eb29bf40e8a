"""What is waiting for a user (issue 4 item 11): the next steps the user owns in the work
between units, each with the person it concerns, a date and a link to the case.

A fixed number of SQL statements whatever the number of items: the case items are the
branches of one UNION ALL with the same columns; the three-party meetings come from
`three_party_waiting_for`, the one definition of who owns a meeting's next step (R13).
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    CharField,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    CaseStatus,
    CoCaseworker,
    Consent,
    JointPlanCase,
    JointPlanFollowUp,
)
from coordination.permissions import case_visible_to
from coordination.selectors import date_from_db
from coordination.selectors_three_party import ThreePartyWaiting, three_party_waiting_for
from units.models import Membership, Role, User

CONSENT_WINDOW = datetime.timedelta(days=30)
FOLLOW_UP_WINDOW = datetime.timedelta(days=14)
CO_CASEWORKER_WINDOW = datetime.timedelta(days=14)

OPEN_STATUSES = [s for s in CaseStatus.values if s != CaseStatus.CLOSED]


class WaitingKind:
    """The kinds of item; the value is the branch's tag in the query. The three-party
    kinds are the steps of `three_party_waiting_for`."""

    APPOINT = "appoint"
    PRE_MEETING = "pre_meeting"
    MEETING = "meeting"
    OUTCOME = "outcome"
    CONSENT_EXPIRING = "consent_expiring"
    FOLLOW_UP = "follow_up"
    AGREE_PLAN = "agree_plan"
    CO_CASEWORKER_ENDING = "co_caseworker_ending"


THREE_PARTY_KINDS = frozenset(
    {WaitingKind.APPOINT, WaitingKind.PRE_MEETING, WaitingKind.MEETING, WaitingKind.OUTCOME}
)

# What the user has to do, and whether the item's date is a due date or the date it has
# been waiting since. Three-party items carry the label three_party_waiting_for gives.
KIND_LABELS = {
    WaitingKind.CONSENT_EXPIRING: (_("Consent expires: ask for a new one"), True),
    WaitingKind.FOLLOW_UP: (_("Follow up the joint work plan"), True),
    WaitingKind.AGREE_PLAN: (_("Agree to the joint work plan"), False),
    WaitingKind.CO_CASEWORKER_ENDING: (_("Co-caseworker appointment ends"), True),
}

CASEWORKER_ROLES = frozenset({Role.CASEWORKER, Role.COORDINATOR})
MANAGER_ROLES = frozenset({Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER})
WAITING_ROLES = CASEWORKER_ROLES | MANAGER_ROLES


@dataclass(frozen=True)
class WaitingItem:
    kind: str
    ref_id: int
    individual_id: int
    first_name: str
    last_name: str
    on: datetime.date
    # Only where the case is in the user's scope (R4); else the item has no link.
    case_id: int | None
    # A three-party meeting's page (its viewers never see the case through it, R4), and
    # the step's label from three_party_waiting_for.
    meeting_url: str | None = None
    label: str | None = None

    @property
    def what(self) -> str:
        if self.label is not None:
            return self.label
        return str(KIND_LABELS[self.kind][0])

    @property
    def is_due_date(self) -> bool:
        if self.kind in THREE_PARTY_KINDS:
            return False
        return KIND_LABELS[self.kind][1]

    @property
    def person(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_overdue(self) -> bool:
        return self.is_due_date and self.on < timezone.localdate()


def _columns(*, kind: str, case: str, on, user: User) -> dict:
    """The branch's columns, all named (w_...) so that every branch lines up in the union;
    `case` is the path to the item's case."""
    return {
        "w_kind": Value(kind, output_field=CharField()),
        "w_ref": F("pk"),
        "w_case": F(f"{case}__id"),
        "w_individual": F(f"{case}__individual_id"),
        "w_first": F(f"{case}__individual__first_name"),
        "w_last": F(f"{case}__individual__last_name"),
        "w_on": on,
        # R4: a link only into a case the user may open.
        "w_visible": Exists(case_visible_to(user).filter(pk=OuterRef(f"{case}__id"))),
    }


def _branch(queryset: QuerySet, *, kind: str, on, user: User, case: str = "case") -> QuerySet:
    return queryset.order_by().values(**_columns(kind=kind, case=case, on=on, user=user))


def _consent_branch(*, user: User, today: datetime.date) -> QuerySet:
    """R12: consents of the people in the user's open cases that run out within 30 days,
    unless a later consent of the same scope already covers the time after."""
    later = (
        Consent.objects.filter(
            individual_id=OuterRef("individual_id"),
            scope=OuterRef("scope"),
            withdrawn_on__isnull=True,
        )
        .filter(Q(unit__isnull=True) | Q(unit_id=OuterRef("unit_id")))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")))
        .exclude(pk=OuterRef("pk"))
    )
    consents = (
        Consent.objects.filter(
            # One filter() call: the case columns below come from the same join.
            individual__cases__caseworker=user,
            individual__cases__status__in=OPEN_STATUSES,
        )
        .filter(
            valid_until__gte=today,
            valid_until__lte=today + CONSENT_WINDOW,
            given_on__lte=today,
        )
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
        .exclude(Exists(later))
    )
    return consents.order_by().values(
        w_kind=Value(WaitingKind.CONSENT_EXPIRING, output_field=CharField()),
        w_ref=F("pk"),
        w_case=F("individual__cases__id"),
        w_individual=F("individual_id"),
        w_first=F("individual__first_name"),
        w_last=F("individual__last_name"),
        w_on=F("valid_until"),
        w_visible=Exists(case_visible_to(user).filter(pk=OuterRef("individual__cases__id"))),
    )


def _follow_up_branch(*, user: User, today: datetime.date) -> QuerySet:
    """R7: follow-ups of plans in the user's open cases, overdue or due within 14 days."""
    follow_ups = JointPlanFollowUp.objects.filter(
        held_on__isnull=True,
        due_on__lte=today + FOLLOW_UP_WINDOW,
        plan__plan_cases__case__caseworker=user,
        plan__plan_cases__case__status__in=OPEN_STATUSES,
    )
    return follow_ups.order_by().values(
        w_kind=Value(WaitingKind.FOLLOW_UP, output_field=CharField()),
        w_ref=F("pk"),
        w_case=F("plan__plan_cases__case_id"),
        w_individual=F("plan__plan_cases__case__individual_id"),
        w_first=F("plan__plan_cases__case__individual__first_name"),
        w_last=F("plan__plan_cases__case__individual__last_name"),
        w_on=F("due_on"),
        w_visible=Exists(case_visible_to(user).filter(pk=OuterRef("plan__plan_cases__case_id"))),
    )


def _agree_branch(*, user: User) -> QuerySet:
    """R7: plans recorded in the user's open cases that the user's unit has not agreed to."""
    links = JointPlanCase.objects.filter(
        approved_at__isnull=True, case__caseworker=user, case__status__in=OPEN_STATUSES
    )
    return _branch(
        links,
        kind=WaitingKind.AGREE_PLAN,
        on=TruncDate("added_at", output_field=DateField()),
        user=user,
    )


def _co_caseworker_branch(*, user: User, today: datetime.date) -> QuerySet:
    """R17, R20: appointments the user holds or made that end within 14 days."""
    appointments = CoCaseworker.objects.filter(
        Q(caseworker=user) | Q(appointed_by=user),
        revoked_at__isnull=True,
        ends_on__gte=today,
        ends_on__lte=today + CO_CASEWORKER_WINDOW,
        case__status__in=OPEN_STATUSES,
    )
    return _branch(
        appointments,
        kind=WaitingKind.CO_CASEWORKER_ENDING,
        on=F("ends_on"),
        user=user,
    )


def _three_party_items(*, user: User, role: Role) -> list[WaitingItem]:
    """R13, by three_party_waiting_for's rules: the caseworker steps on the caseworker
    dashboards; the appointment on the dashboard of the role that decides at the requested
    unit (deputy unit managers, or its unit managers when it has no deputy). Two queries."""
    rows: list[ThreePartyWaiting] = three_party_waiting_for(user)
    if role in CASEWORKER_ROLES:
        rows = [row for row in rows if row.step != WaitingKind.APPOINT]
    else:
        appointing = [row for row in rows if row.step == WaitingKind.APPOINT]
        # The user may decide in one role at one unit and in the other role at another:
        # each request is shown on the dashboard of the role held at its unit.
        # Read whether or not there are requests, so that the page's cost is fixed.
        units = set(
            Membership.objects.filter(user=user, role=role, is_active=True).values_list(
                "unit_id", flat=True
            )
        )
        rows = [row for row in appointing if row.unit.pk in units]
    return [
        WaitingItem(
            kind=row.step,
            ref_id=row.meeting.pk,
            individual_id=row.individual_id,
            first_name=row.meeting.case.individual.first_name,
            last_name=row.meeting.case.individual.last_name,
            on=row.since,
            case_id=None,
            meeting_url=row.url,
            label=row.step_label,
        )
        for row in rows
    ]


def _case_items(*, user: User) -> list[WaitingItem]:
    """Consents, plans and co-caseworker appointments of the user's cases; one query."""
    today = timezone.localdate()
    branches = [
        _consent_branch(user=user, today=today),
        _follow_up_branch(user=user, today=today),
        _agree_branch(user=user),
        _co_caseworker_branch(user=user, today=today),
    ]
    rows = branches[0].union(*branches[1:], all=True).order_by("w_on", "w_kind", "w_ref")
    items: dict[tuple[str, int], WaitingItem] = {}
    for row in rows:
        key = (row["w_kind"], row["w_ref"])
        if key in items:
            # A plan or consent reached through two of the user's cases: shown once.
            continue
        items[key] = WaitingItem(
            kind=row["w_kind"],
            ref_id=row["w_ref"],
            individual_id=row["w_individual"],
            first_name=row["w_first"],
            last_name=row["w_last"],
            on=date_from_db(row["w_on"]),
            case_id=row["w_case"] if row["w_visible"] else None,
        )
    return list(items.values())


def waiting_for_me(*, user: User, role: Role) -> list[WaitingItem]:
    """The items waiting for the user in one role, soonest first; two queries.

    Caseworkers and coordinators get the steps of their own cases and meetings; deputy
    unit managers and unit managers the three-party requests they appoint for (R13).
    """
    if role in CASEWORKER_ROLES:
        items = _case_items(user=user) + _three_party_items(user=user, role=role)
    elif role in MANAGER_ROLES:
        items = _three_party_items(user=user, role=role)
    else:
        return []
    return sorted(items, key=lambda item: (item.on, item.kind, item.ref_id))
