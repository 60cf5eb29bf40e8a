"""The family timeline on an individual's page (issue 4 item 10): coordination events of the
individual and the family across units, newest first.

Every event shows its type, date and units to anyone who may open the page; its contents
(texts, caseworkers' names, decisions) and a link only where the scope rule lets the viewer
see them: the case is visible (coordination.permissions.case_visible_to) or the event
belongs to one of the viewer's own units (R4).

Set-based and of a fixed cost whatever the size of the family or the number of events:
every kind of event is one branch of a single UNION ALL with the same columns, which the
database sorts and cuts at the limit; a second query counts the older events, and a third
names the departments taking part in the family's SIPs and care planning.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    AcuteConsultation,
    CarePlanningKind,
    CarePlanningMeeting,
    Case,
    CaseStatus,
    CoCaseworker,
    CoCaseworkerPurpose,
    Consent,
    ConsentForm,
    ConsentGivenBy,
    ConsentOverride,
    ConsentScope,
    Contact,
    ContactChannel,
    Individual,
    JointPlanCase,
    JointPlanFollowUp,
    OverrideLegalBasis,
    ThreePartyMeeting,
    ThreePartyOutcome,
    ThreePartyState,
)
from coordination.permissions import case_visible_to, unit_ids_of
from coordination.selectors import SELF, CheckResult, FamilyMember, date_from_db
from units.models import User

TIMELINE_LIMIT = 50


class EventKind:
    """The timeline's event types: the branch tag in the query, and the label shown."""

    CASE_OPENED = "case_opened"
    CASE_CLOSED = "case_closed"
    CONTACT = "contact"
    PLAN_CREATED = "plan_created"
    PLAN_SIGNED_OFF = "plan_signed_off"
    FOLLOW_UP_HELD = "follow_up_held"
    FOLLOW_UP_DUE = "follow_up_due"
    CO_CASEWORKER = "co_caseworker"
    CO_CASEWORKER_REVOKED = "co_caseworker_revoked"
    CONSENT_GIVEN = "consent_given"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    CONSENT_OVERRIDE = "consent_override"
    THREE_PARTY_REQUESTED = "three_party_requested"
    THREE_PARTY_APPOINTED = "three_party_appointed"
    THREE_PARTY_DECLINED = "three_party_declined"
    PRE_MEETING = "pre_meeting"
    THREE_PARTY_HELD = "three_party_held"
    THREE_PARTY_OUTCOME = "three_party_outcome"
    SIP = "sip"
    CARE_PLANNING = "care_planning"
    ACUTE_CONSULTATION = "acute_consultation"


EVENT_LABELS = {
    EventKind.CASE_OPENED: _("Case opened"),
    EventKind.CASE_CLOSED: _("Case closed"),
    EventKind.CONTACT: _("Contact between units"),
    EventKind.PLAN_CREATED: _("Joint work plan drawn up"),
    EventKind.PLAN_SIGNED_OFF: _("Joint work plan signed off"),
    EventKind.FOLLOW_UP_HELD: _("Joint work plan followed up"),
    EventKind.FOLLOW_UP_DUE: _("Joint work plan follow-up due"),
    EventKind.CO_CASEWORKER: _("Co-caseworker appointed"),
    EventKind.CO_CASEWORKER_REVOKED: _("Co-caseworker appointment revoked"),
    EventKind.CONSENT_GIVEN: _("Consent given"),
    EventKind.CONSENT_WITHDRAWN: _("Consent withdrawn"),
    EventKind.CONSENT_OVERRIDE: _("Action without consent"),
    EventKind.THREE_PARTY_REQUESTED: _("Three-party meeting requested"),
    EventKind.THREE_PARTY_APPOINTED: _("Caseworker appointed for a three-party meeting"),
    EventKind.THREE_PARTY_DECLINED: _("Three-party meeting declined"),
    EventKind.PRE_MEETING: _("Pre-meeting"),
    EventKind.THREE_PARTY_HELD: _("Three-party meeting held"),
    EventKind.THREE_PARTY_OUTCOME: _("Three-party meeting outcome recorded"),
    EventKind.SIP: CarePlanningKind.SIP.label,
    EventKind.CARE_PLANNING: CarePlanningKind.CARE_PLANNING.label,
    EventKind.ACUTE_CONSULTATION: _("Acute consultation"),
}


@dataclass(frozen=True)
class EventUnit:
    pk: int
    name: str


@dataclass
class TimelineEvent:
    """One event: type, date, person and units for everyone; contents only when `open`."""

    kind: str
    on: datetime.date
    member: FamilyMember
    units: list[EventUnit]
    open: bool = False
    # (label, value) pairs; filled only when the viewer may see the contents (R4).
    details: list[tuple[str, str]] = field(default_factory=list)
    # Set only when the viewer may open the case.
    case_id: int | None = None

    @property
    def label(self) -> str:
        return str(EVENT_LABELS[self.kind])


@dataclass
class Timeline:
    events: list[TimelineEvent]
    older_count: int

    @property
    def total(self) -> int:
        return len(self.events) + self.older_count


# The columns every branch gives, in this order, and the type of each (typed NULLs: a
# UNION of untyped NULLs would otherwise fix a column's type too early on PostgreSQL).
COLUMNS: dict[str, type] = {
    "w_kind": CharField,
    "w_ref": IntegerField,
    "w_on": DateField,
    "w_at": DateTimeField,
    "w_case": IntegerField,
    "w_individual": IntegerField,
    "w_open": BooleanField,
    "w_unit_a": IntegerField,
    "w_unit_a_name": CharField,
    "w_unit_b": IntegerField,
    "w_unit_b_name": CharField,
    "w_p1_first": CharField,
    "w_p1_last": CharField,
    "w_p2_first": CharField,
    "w_p2_last": CharField,
    "w_code1": CharField,
    "w_code2": CharField,
    "w_code3": CharField,
    "w_text1": TextField,
    "w_text2": TextField,
    "w_text3": TextField,
    "w_flag1": BooleanField,
    "w_flag2": BooleanField,
    "w_date2": DateField,
}


def _null(column: str):
    return Cast(Value(None), output_field=COLUMNS[column]())


def _day(name: str):
    return TruncDate(name, output_field=DateField())


class _Family:
    """The family's ids and what the viewer may open, as subqueries of the one statement."""

    def __init__(self, *, viewer: User, individual_ids: list[int]) -> None:
        self.ids = individual_ids
        self.own_units = unit_ids_of(viewer)
        self.visible = case_visible_to(viewer)

    def case_visible(self, case_path: str):
        return Exists(self.visible.filter(pk=OuterRef(case_path)))

    def own_unit(self, *unit_paths: str) -> Q:
        condition = Q()
        for path in unit_paths:
            condition |= Q(**{f"{path}__in": self.own_units})
        return condition

    def opens(self, condition) -> ExpressionWrapper:
        return ExpressionWrapper(condition, output_field=BooleanField())

    def plan_visible(self, plan_path: str):
        """R7: a plan is one plan, visible from every case it is recorded in."""
        links = JointPlanCase.objects.filter(plan_id=OuterRef(plan_path)).filter(
            Q(case__in=self.visible) | Q(case__unit_id__in=self.own_units)
        )
        return Exists(links)


def _branch(queryset: QuerySet, kind: str, **columns) -> QuerySet:
    values = {"w_kind": Value(kind, output_field=CharField())}
    for name in list(COLUMNS)[1:]:
        values[name] = columns.get(name.removeprefix("w_")) or _null(name)
    return queryset.order_by().values(**values)


def _case_columns(family: _Family, case: str) -> dict:
    """The columns of an event that belongs to one case, reached through `case`."""
    prefix = f"{case}__" if case else ""
    return {
        "case": F(f"{prefix}id") if case else F("id"),
        "individual": F(f"{prefix}individual_id"),
        "unit_a": F(f"{prefix}unit_id"),
        "unit_a_name": F(f"{prefix}unit__name"),
    }


def _person(path: str, slot: str) -> dict:
    return {f"{slot}_first": F(f"{path}__first_name"), f"{slot}_last": F(f"{path}__last_name")}


def _case_branches(family: _Family) -> list[QuerySet]:
    cases = Case.objects.filter(individual_id__in=family.ids)
    common = {
        **_case_columns(family, ""),
        "ref": F("id"),
        "open": family.opens(family.case_visible("id") | family.own_unit("unit_id")),
        **_person("caseworker", "p1"),
        "code1": F("status"),
    }
    return [
        _branch(cases, EventKind.CASE_OPENED, on=F("opened_on"), at=F("created_at"), **common),
        _branch(
            cases.filter(closed_on__isnull=False),
            EventKind.CASE_CLOSED,
            on=F("closed_on"),
            **common,
        ),
    ]


def _contact_branch(family: _Family) -> QuerySet:
    # R6: both sides of a contact see the record itself, never each other's case.
    return _branch(
        Contact.objects.filter(case__individual_id__in=family.ids),
        EventKind.CONTACT,
        **_case_columns(family, "case"),
        ref=F("id"),
        on=F("contacted_on"),
        at=F("recorded_at"),
        open=family.opens(
            family.case_visible("case_id") | family.own_unit("case__unit_id", "other_unit_id")
        ),
        unit_b=F("other_unit_id"),
        unit_b_name=F("other_unit__name"),
        **_person("recorded_by", "p1"),
        **_person("other_caseworker", "p2"),
        code1=F("channel"),
        text1=F("note"),
        flag1=F("information_transfer_needed"),
        flag2=F("joint_work_plan_needed"),
    )


def _plan_branches(family: _Family) -> list[QuerySet]:
    links = JointPlanCase.objects.filter(case__individual_id__in=family.ids)
    common = {
        **_case_columns(family, "case"),
        "ref": F("plan_id"),
        "open": family.opens(family.plan_visible("plan_id")),
    }
    follow_ups = JointPlanFollowUp.objects.filter(
        plan__plan_cases__case__individual_id__in=family.ids
    )
    follow_up_common = {
        **_case_columns(family, "plan__plan_cases__case"),
        "ref": F("id"),
        "open": family.opens(family.plan_visible("plan_id")),
        "text1": F("note"),
        "date2": F("due_on"),
    }
    return [
        _branch(
            links,
            EventKind.PLAN_CREATED,
            **common,
            on=_day("plan__created_at"),
            at=F("plan__created_at"),
            **_person("plan__coordinator", "p1"),
            text1=F("plan__investigation_approach"),
            text2=F("plan__continued_cooperation"),
        ),
        _branch(
            links.filter(plan__signed_off_at__isnull=False),
            EventKind.PLAN_SIGNED_OFF,
            **common,
            on=_day("plan__signed_off_at"),
            at=F("plan__signed_off_at"),
            **_person("plan__signed_off_by", "p1"),
        ),
        _branch(
            follow_ups.filter(held_on__isnull=False),
            EventKind.FOLLOW_UP_HELD,
            **follow_up_common,
            on=F("held_on"),
        ),
        _branch(
            follow_ups.filter(held_on__isnull=True),
            EventKind.FOLLOW_UP_DUE,
            **follow_up_common,
            on=F("due_on"),
        ),
    ]


def _co_caseworker_branches(family: _Family) -> list[QuerySet]:
    appointments = CoCaseworker.objects.filter(case__individual_id__in=family.ids)
    common = {
        **_case_columns(family, "case"),
        "ref": F("id"),
        "open": family.opens(
            family.case_visible("case_id") | family.own_unit("case__unit_id", "unit_id")
        ),
        "unit_b": F("unit_id"),
        "unit_b_name": F("unit__name"),
        **_person("caseworker", "p1"),
        **_person("appointed_by", "p2"),
        "code1": F("purpose"),
        "text1": F("purpose_text"),
        "date2": F("ends_on"),
    }
    return [
        _branch(
            appointments,
            EventKind.CO_CASEWORKER,
            **common,
            on=F("starts_on"),
            at=F("appointed_at"),
        ),
        _branch(
            appointments.filter(revoked_at__isnull=False),
            EventKind.CO_CASEWORKER_REVOKED,
            **common,
            on=_day("revoked_at"),
            at=F("revoked_at"),
        ),
    ]


def _consent_branches(family: _Family) -> list[QuerySet]:
    """Consents belong to the person: open to whoever may open one of the person's cases,
    and to the unit the consent names (R12, R4)."""
    consents = Consent.objects.filter(individual_id__in=family.ids)
    person_visible = Exists(family.visible.filter(individual_id=OuterRef("individual_id")))
    common = {
        "ref": F("id"),
        "individual": F("individual_id"),
        "open": family.opens(person_visible | family.own_unit("unit_id")),
        "unit_a": F("unit_id"),
        "unit_a_name": F("unit__name"),
        "code1": F("scope"),
        "code2": F("given_by"),
        "code3": F("form"),
        "text1": F("note"),
        "text2": F("provider"),
        "date2": F("valid_until"),
    }
    return [
        _branch(consents, EventKind.CONSENT_GIVEN, **common, on=F("given_on"), at=F("recorded_at")),
        _branch(
            consents.filter(withdrawn_on__isnull=False),
            EventKind.CONSENT_WITHDRAWN,
            **common,
            on=F("withdrawn_on"),
        ),
    ]


def _override_branch(family: _Family) -> QuerySet:
    person_visible = Exists(family.visible.filter(individual_id=OuterRef("individual_id")))
    return _branch(
        ConsentOverride.objects.filter(individual_id__in=family.ids),
        EventKind.CONSENT_OVERRIDE,
        ref=F("id"),
        case=F("case_id"),
        individual=F("individual_id"),
        unit_a=F("case__unit_id"),
        unit_a_name=F("case__unit__name"),
        on=_day("overridden_at"),
        at=F("overridden_at"),
        open=family.opens(
            family.case_visible("case_id")
            | family.own_unit("case__unit_id")
            | (Q(case__isnull=True) & person_visible)
        ),
        **_person("overridden_by", "p1"),
        code1=F("scope"),
        code2=F("legal_basis"),
        text1=F("action"),
        text2=F("reason"),
    )


def _three_party_branches(family: _Family) -> list[QuerySet]:
    """R13: requested, appointed (or declined), pre-meeting, meeting, outcome."""
    meetings = ThreePartyMeeting.objects.filter(case__individual_id__in=family.ids)
    going_ahead = meetings.exclude(state=ThreePartyState.DECLINED)
    common = {
        **_case_columns(family, "case"),
        "ref": F("id"),
        "open": family.opens(
            family.case_visible("case_id") | family.own_unit("case__unit_id", "requested_unit_id")
        ),
        "unit_b": F("requested_unit_id"),
        "unit_b_name": F("requested_unit__name"),
        **_person("requested_by", "p1"),
        **_person("appointed_caseworker", "p2"),
        "code1": F("outcome"),
        "text1": F("question"),
        "text2": F("outcome_note"),
        "text3": F("decline_reason"),
    }
    return [
        _branch(
            meetings,
            EventKind.THREE_PARTY_REQUESTED,
            **common,
            on=_day("requested_at"),
            at=F("requested_at"),
        ),
        _branch(
            going_ahead.filter(appointed_at__isnull=False),
            EventKind.THREE_PARTY_APPOINTED,
            **common,
            on=_day("appointed_at"),
            at=F("appointed_at"),
        ),
        _branch(
            meetings.filter(state=ThreePartyState.DECLINED),
            EventKind.THREE_PARTY_DECLINED,
            **common,
            on=Coalesce(_day("appointed_at"), _day("requested_at"), output_field=DateField()),
        ),
        _branch(
            going_ahead.filter(pre_meeting_on__isnull=False),
            EventKind.PRE_MEETING,
            **common,
            on=F("pre_meeting_on"),
        ),
        _branch(
            going_ahead.filter(
                meeting_on__isnull=False,
                state__in=[ThreePartyState.MEETING_HELD, ThreePartyState.CLOSED],
            ),
            EventKind.THREE_PARTY_HELD,
            **common,
            on=F("meeting_on"),
        ),
        # The model keeps no date for the outcome: it follows the meeting.
        _branch(
            meetings.filter(state=ThreePartyState.CLOSED),
            EventKind.THREE_PARTY_OUTCOME,
            **common,
            on=Coalesce(
                "meeting_on", _day("appointed_at"), _day("requested_at"), output_field=DateField()
            ),
        ),
    ]


def _care_planning_branches(family: _Family) -> list[QuerySet]:
    """R14: SIP and care planning, with the follow-up meeting booked after."""
    meetings = CarePlanningMeeting.objects.filter(case__individual_id__in=family.ids)
    common = {
        **_case_columns(family, "case"),
        "ref": F("id"),
        "open": family.opens(family.case_visible("case_id") | family.own_unit("case__unit_id")),
        "on": F("held_on"),
        "at": F("recorded_at"),
        **_person("recorded_by", "p1"),
        "text1": F("notes"),
        "text2": F("other_participants"),
        "date2": F("follow_up_on"),
        "flag1": F("no_decisions_taken"),
    }
    return [
        _branch(meetings.filter(kind=CarePlanningKind.SIP), EventKind.SIP, **common),
        _branch(
            meetings.filter(kind=CarePlanningKind.CARE_PLANNING),
            EventKind.CARE_PLANNING,
            **common,
        ),
    ]


def _acute_branch(family: _Family) -> QuerySet:
    """R15: only consultations linked to a case of the family."""
    return _branch(
        AcuteConsultation.objects.filter(case__individual_id__in=family.ids),
        EventKind.ACUTE_CONSULTATION,
        ref=F("id"),
        case=F("case_id"),
        individual=F("case__individual_id"),
        unit_a=F("from_unit_id"),
        unit_a_name=F("from_unit__name"),
        unit_b=F("to_unit_id"),
        unit_b_name=F("to_unit__name"),
        on=_day("consulted_at"),
        at=F("consulted_at"),
        open=family.opens(
            family.case_visible("case_id") | family.own_unit("from_unit_id", "to_unit_id")
        ),
        **_person("consulted_manager", "p1"),
        **_person("recorded_by", "p2"),
        text1=F("question"),
        text2=F("agreed"),
    )


def _events_query(family: _Family) -> QuerySet:
    branches = [
        *_case_branches(family),
        _contact_branch(family),
        *_plan_branches(family),
        *_co_caseworker_branches(family),
        *_consent_branches(family),
        _override_branch(family),
        *_three_party_branches(family),
        *_care_planning_branches(family),
        _acute_branch(family),
    ]
    return branches[0].union(*branches[1:], all=True)


# A row of the union, by column name.
Row = dict


def _name(row: Row, slot: str) -> str:
    return " ".join(p for p in (row[f"w_{slot}_first"], row[f"w_{slot}_last"]) if p)


def _choice(choices) -> Callable[[str | None], str]:
    labels = dict(choices.choices)
    return lambda code: str(labels.get(code, "")) if code else ""


def _date(value) -> str:
    value = date_from_db(value)
    return f"{value:%Y-%m-%d}" if value else ""


def _yes_no(value) -> str:
    if value is None:
        return ""
    return str(_("yes") if value else _("no"))


_status = _choice(CaseStatus)
_channel = _choice(ContactChannel)
_purpose = _choice(CoCaseworkerPurpose)
_scope = _choice(ConsentScope)
_given_by = _choice(ConsentGivenBy)
_form = _choice(ConsentForm)
_basis = _choice(OverrideLegalBasis)
_outcome = _choice(ThreePartyOutcome)

_CASE = [
    (_("Caseworker"), lambda r: _name(r, "p1")),
    (_("Status"), lambda r: _status(r["w_code1"])),
]
_THREE_PARTY_PEOPLE = [
    (_("Requested by"), lambda r: _name(r, "p1")),
    (_("Appointed caseworker"), lambda r: _name(r, "p2")),
]
_FOLLOW_UP = [
    (_("Follow-up date"), lambda r: _date(r["w_date2"])),
    (_("Note"), lambda r: r["w_text1"]),
]
_CO_CASEWORKER = [
    (_("Co-caseworker"), lambda r: _name(r, "p1")),
    (_("Purpose"), lambda r: _purpose(r["w_code1"])),
    (_("What the co-caseworker does"), lambda r: r["w_text1"]),
    (_("Until"), lambda r: _date(r["w_date2"])),
    (_("Appointed by"), lambda r: _name(r, "p2")),
]
_CONSENT = [
    (_("Covers"), lambda r: _scope(r["w_code1"])),
    (_("Given by"), lambda r: _given_by(r["w_code2"])),
    (_("How"), lambda r: _form(r["w_code3"])),
    (_("Provider"), lambda r: r["w_text2"]),
    (_("Valid until"), lambda r: _date(r["w_date2"])),
    (_("Note"), lambda r: r["w_text1"]),
]
_CARE_PLANNING = [
    (_("Other participants"), lambda r: r["w_text2"]),
    (_("No decisions were taken at the meeting"), lambda r: _yes_no(r["w_flag1"])),
    (_("Follow-up meeting"), lambda r: _date(r["w_date2"])),
    (_("Notes"), lambda r: r["w_text1"]),
    (_("Recorded by"), lambda r: _name(r, "p1")),
]
# What each kind shows once open: (label, how to read the value from a row).
DETAILS = {
    EventKind.CASE_OPENED: _CASE,
    EventKind.CASE_CLOSED: _CASE,
    EventKind.CONTACT: [
        (_("Recorded by"), lambda r: _name(r, "p1")),
        (_("Other unit's caseworker"), lambda r: _name(r, "p2")),
        (_("Channel"), lambda r: _channel(r["w_code1"])),
        (_("Information transfer needed"), lambda r: _yes_no(r["w_flag1"])),
        (_("Joint work plan needed"), lambda r: _yes_no(r["w_flag2"])),
        (_("Note"), lambda r: r["w_text1"]),
    ],
    EventKind.PLAN_CREATED: [
        (_("Coordinating caseworker"), lambda r: _name(r, "p1")),
        (_("How the investigations are carried out"), lambda r: r["w_text1"]),
        (_("Plan for continued cooperation"), lambda r: r["w_text2"]),
    ],
    EventKind.PLAN_SIGNED_OFF: [(_("Signed off by"), lambda r: _name(r, "p1"))],
    EventKind.FOLLOW_UP_HELD: _FOLLOW_UP,
    EventKind.FOLLOW_UP_DUE: _FOLLOW_UP,
    EventKind.CO_CASEWORKER: _CO_CASEWORKER,
    EventKind.CO_CASEWORKER_REVOKED: _CO_CASEWORKER[:1],
    EventKind.CONSENT_GIVEN: _CONSENT,
    EventKind.CONSENT_WITHDRAWN: _CONSENT[:1],
    EventKind.CONSENT_OVERRIDE: [
        (_("Consent missing"), lambda r: _scope(r["w_code1"])),
        (_("Action"), lambda r: r["w_text1"]),
        (_("Legal basis"), lambda r: _basis(r["w_code2"])),
        (_("Reason"), lambda r: r["w_text2"]),
        (_("By"), lambda r: _name(r, "p1")),
    ],
    EventKind.THREE_PARTY_REQUESTED: [
        (_("Requested by"), lambda r: _name(r, "p1")),
        (_("What the meeting is about"), lambda r: r["w_text1"]),
    ],
    EventKind.THREE_PARTY_APPOINTED: _THREE_PARTY_PEOPLE,
    EventKind.THREE_PARTY_DECLINED: [(_("Reason for declining"), lambda r: r["w_text3"])],
    EventKind.PRE_MEETING: _THREE_PARTY_PEOPLE,
    EventKind.THREE_PARTY_HELD: _THREE_PARTY_PEOPLE,
    EventKind.THREE_PARTY_OUTCOME: [
        (_("Outcome"), lambda r: _outcome(r["w_code1"])),
        (_("Outcome note"), lambda r: r["w_text2"]),
    ],
    EventKind.SIP: _CARE_PLANNING,
    EventKind.CARE_PLANNING: _CARE_PLANNING,
    EventKind.ACUTE_CONSULTATION: [
        (_("Consulted manager"), lambda r: _name(r, "p1")),
        (_("Question"), lambda r: r["w_text1"]),
        (_("What was agreed"), lambda r: r["w_text2"]),
        (_("Recorded by"), lambda r: _name(r, "p2")),
    ],
}
_CARE_PLANNING_KINDS = {EventKind.SIP, EventKind.CARE_PLANNING}
# The through table's column for the meeting.
_MEETING_FK = CarePlanningMeeting.departments.field.m2m_field_name() + "_id"


def _event(row: Row, members: dict[int, FamilyMember]) -> TimelineEvent:
    units = [
        EventUnit(row[f"w_unit_{slot}"], row[f"w_unit_{slot}_name"])
        for slot in ("a", "b")
        if row[f"w_unit_{slot}"] is not None
    ]
    event = TimelineEvent(
        kind=row["w_kind"],
        on=date_from_db(row["w_on"]),
        member=members[row["w_individual"]],
        units=units,
        open=bool(row["w_open"]),
    )
    if event.open:
        # Contents leave the selector only for events the viewer may open (R4).
        event.case_id = row["w_case"]
        details = [(str(label), read(row)) for label, read in DETAILS[event.kind]]
        event.details = [(label, value) for label, value in details if value]
    return event


def _add_departments(events: list[TimelineEvent], rows: list[Row], family: _Family) -> None:
    """The departments taking part in the family's SIPs and care planning, shown on the
    visible ones; one query, run every time so that the count does not vary."""
    links = CarePlanningMeeting.departments.through.objects.filter(
        **{f"{_MEETING_FK.removesuffix('_id')}__case__individual_id__in": family.ids}
    ).values_list(_MEETING_FK, "department__name")
    names: dict[int, list[str]] = {}
    for meeting_id, name in links:
        names.setdefault(meeting_id, []).append(name)
    label = str(_("Departments taking part"))
    for row, event in zip(rows, events, strict=True):
        if event.open and event.kind in _CARE_PLANNING_KINDS and row["w_ref"] in names:
            event.details.insert(0, (label, ", ".join(sorted(names[row["w_ref"]]))))


def family_timeline(
    *,
    individual: Individual,
    viewer: User,
    check: CheckResult,
    limit: int = TIMELINE_LIMIT,
) -> Timeline:
    """The coordination events of the individual and the family (`check.family`), newest
    first, at most `limit` with a count of the older ones; contents only within the
    viewer's scope (R4). Three queries whatever the family's size."""
    members = {individual.pk: FamilyMember(individual, str(SELF), False)}
    members.update({m.individual.pk: m for m in check.family})
    family = _Family(viewer=viewer, individual_ids=list(members))
    query = _events_query(family)
    rows = list(
        query.order_by(F("w_on").desc(), F("w_at").desc(nulls_last=True), "w_kind", "w_ref")[:limit]
    )
    # Counted every time, so that the query count does not depend on the family.
    older = query.count() - len(rows)
    events = [_event(row, members) for row in rows]
    _add_departments(events, rows, family)
    return Timeline(events=events, older_count=older)
