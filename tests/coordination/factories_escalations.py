"""A scene for the escalation ladder (R2, R9): the Stockholm district of routine 003.

A young person has an open case at BoU (IoF) and one at Socialpsykiatri (AoF); the two units
disagree. Each unit has a caseworker, a deputy unit manager and a unit manager; each
department its head. Beroende (IoF) has a caseworker who is no party to anything here.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from coordination.models import Case, Escalation, Individual
from coordination.selectors_age import stockholm_today
from coordination.services import case_register
from coordination.services.escalations import escalation_raise, escalation_raise_further
from meetings.models import Submission, SubmissionKind
from meetings.selectors import meeting_participants
from meetings.services.minutes import meeting_hold, submission_outcome_record
from meetings.services.schedule import meeting_freeze
from meetings.services.submissions import submission_create
from tests.factories import UserFactory, member, person
from tests.meetings.factories_meetings import meeting_on, series_create
from units.models import Department, EscalationLevel, Organisation, Role, Unit, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SECRET_SUMMARY = "Psykosutredning pågår enligt BoU:s journal."
QUESTION = "BoU och Socialpsykiatri är oeniga om vem som ska bevilja boendestöd efter 19 år."
POSITIONS = "BoU: Socialpsykiatri utreder nu. Socialpsykiatri: BoU behåller till 21 år."


def stockholm(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


@dataclass
class LadderScene:
    organisation: Organisation
    iof: Department
    aof: Department
    bou: Unit
    psykiatri: Unit
    beroende: Unit
    caseworker: User  # BoU, the case's caseworker
    colleague: User  # BoU caseworker, not on the case
    bou_deputy: User
    bou_manager: User
    psyk_caseworker: User
    psyk_deputy: User
    psyk_manager: User
    iof_head: User
    aof_head: User
    outsider: User  # caseworker at Beroende
    controller: User
    nobody: User
    young: Individual
    case: Case
    psyk_case: Case

    def level(self, rank: int) -> EscalationLevel:
        return self.organisation.escalation_levels.get(rank=rank)

    def raise_(self, **overrides) -> Escalation:
        fields = {
            "actor": self.caseworker,
            "case": self.case,
            "other_unit": self.psykiatri,
            "question": QUESTION,
            "positions": POSITIONS,
        }
        fields.update(overrides)
        return escalation_raise(**fields)

    def at_level(self, rank: int) -> Escalation:
        """Raised by the caseworker and taken up, level by level, by BoU's managers."""
        escalation = self.raise_()
        deciders = {3: self.bou_deputy, 4: self.bou_manager}
        for next_rank in range(3, rank + 1):
            escalation = escalation_raise_further(
                actor=deciders[next_rank],
                escalation=escalation,
                reason=f"Inte löst på nivå {next_rank - 1}.",
            )
        return escalation


MEETING_TEXTS = {
    "background": "Diagnos ADHD.",
    "current_situation": "Stödboende.",
    "problem": "Oklart ansvar efter 19 år.",
    "question": "Vem beviljar boendestödet?",
}
MEETING_OUTCOME = "Biträdande enhetscheferna är oeniga: lyfts till enhetscheferna."


def escalated_item(
    scene: LadderScene,
    *,
    anonymous: bool = False,
    roles: tuple[str, ...] = (Role.DEPUTY_UNIT_MANAGER,),
    code: str = "eskalering",
) -> Submission:
    """An item of a held coordination meeting whose agreed outcome was an escalation (R23):
    submitted by BoU's deputy, the meeting chaired by Socialpsykiatri's deputy (the district's
    chair role), the outcome recorded by BoU's deputy as minute-taker."""
    day = stockholm_today() + datetime.timedelta(days=10)
    series = series_create(scene.organisation, first_date=day, interval=1, code=code, roles=roles)
    meeting = meeting_on(series, day)
    submission = submission_create(
        actor=scene.bou_deputy,
        meeting=meeting,
        kind=SubmissionKind.ANONYMOUS if anonymous else SubmissionKind.INDIVIDUAL,
        case=None if anonymous else scene.case,
        **MEETING_TEXTS,
    ).submission
    meeting_freeze(actor=scene.psyk_deputy, meeting=meeting)
    present = meeting_participants(meeting)
    minute_taker = scene.bou_deputy if scene.bou_deputy in present else present[0]
    meeting_hold(
        actor=scene.psyk_deputy, meeting=meeting, present=present, minute_taker=minute_taker
    )
    return submission_outcome_record(
        actor=minute_taker,
        submission=submission,
        notes="",
        outcome="escalated",
        outcome_text=MEETING_OUTCOME,
    )


def ladder_scene(load_organisation) -> LadderScene:
    organisation = load_organisation("stockholm-district")
    units = {unit.code: unit for unit in organisation.units.all()}
    departments = {d.code: d for d in organisation.departments.all()}
    bou, psykiatri = units["bou"], units["socialpsykiatri"]
    caseworker = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
    psyk_caseworker = member(
        Role.CASEWORKER, unit=psykiatri, first_name="Sam", last_name="Psykiatri"
    )
    young = person(born="2007", first_name="Kim", last_name="Oenig")
    case = case_register(actor=caseworker, individual=young, unit=bou)
    case.summary = SECRET_SUMMARY
    case.save()
    psyk_case = case_register(actor=psyk_caseworker, individual=young, unit=psykiatri)
    return LadderScene(
        organisation=organisation,
        iof=departments["iof"],
        aof=departments["aof"],
        bou=bou,
        psykiatri=psykiatri,
        beroende=units["beroende"],
        caseworker=caseworker,
        colleague=member(Role.CASEWORKER, unit=bou, first_name="Kalle", last_name="Kollega"),
        bou_deputy=member(
            Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Dana", last_name="Deputy"
        ),
        bou_manager=member(Role.UNIT_MANAGER, unit=bou, first_name="Ulla", last_name="Chef"),
        psyk_caseworker=psyk_caseworker,
        psyk_deputy=member(
            Role.DEPUTY_UNIT_MANAGER, unit=psykiatri, first_name="Sara", last_name="Bitr"
        ),
        psyk_manager=member(
            Role.UNIT_MANAGER, unit=psykiatri, first_name="Stig", last_name="Enhetschef"
        ),
        iof_head=member(
            Role.DEPARTMENT_HEAD,
            department=departments["iof"],
            first_name="Ingrid",
            last_name="Ifo",
        ),
        aof_head=member(
            Role.DEPARTMENT_HEAD,
            department=departments["aof"],
            first_name="Alva",
            last_name="Aof",
        ),
        outsider=member(Role.CASEWORKER, unit=units["beroende"]),
        controller=member(Role.CONTROLLER, organisation=organisation),
        nobody=UserFactory(),
        young=young,
        case=case,
        psyk_case=psyk_case,
    )


@pytest.fixture(name="ladder")
def ladder_fixture(load_organisation) -> LadderScene:
    return ladder_scene(load_organisation)
