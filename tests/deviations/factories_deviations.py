"""A scene for deviation reports (R25) in the Stockholm district of routine 003.

BoU reports a deviation concerning Beroende. Each of the two units has a deputy unit manager
and a unit manager; BoU a caseworker; Socialpsykiatri a deputy who is no party to it; the
district a controller; Östhammar a controller and a unit manager of its own. Reports are
brought to each state through the services, step by step, as the managers would.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from deviations.models import (
    DeviationReport,
    DeviationSource,
    DeviationState,
    DialogueChannel,
    SignatureParty,
)
from deviations.selectors import deviation_counterpart_choices
from deviations.services import (
    deviation_dialogue_record,
    deviation_draft_create,
    deviation_file,
    deviation_part1_submit,
    deviation_part2_write,
    deviation_send,
    deviation_sign,
)
from tests.factories import TEST_PASSWORD, member
from units.models import Organisation, Role, Unit, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
D = datetime.date
TODAY = D(2026, 11, 10)
NOW = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=STOCKHOLM)
WHAT_HAPPENED = "Kallelsen till samordningsmötet kom från Beroende två dagar före mötet."
SUMMARY = "Kallelser skickas senast en vecka före; Beroende har ändrat sin rutin."

# The order of the flow; each state is reached from the one before it.
FLOW = [
    DeviationState.DRAFT,
    DeviationState.PART1_SUBMITTED,
    DeviationState.DIALOGUE_RECORDED,
    DeviationState.PART2_DRAFTED,
    DeviationState.SIGNED_REPORTING,
    DeviationState.SIGNED,
    DeviationState.SENT,
    DeviationState.FILED,
]


@dataclass
class DeviationScene:
    organisation: Organisation
    bou: Unit
    beroende: Unit
    psykiatri: Unit
    bou_deputy: User
    bou_manager: User
    bou_caseworker: User
    beroende_deputy: User
    beroende_manager: User
    psyk_deputy: User
    controller: User
    other_controller: User
    other_manager: User

    def draft(self, **fields) -> DeviationReport:
        values = {
            "what_happened": WHAT_HAPPENED,
            "perception": "Vi hann inte förbereda ärendet.",
            "improvement_proposals": "Gemensam mall för kallelser.",
            "reporter_title": "Biträdande enhetschef",
        }
        values.update(fields)
        return deviation_draft_create(
            actor=self.bou_deputy,
            reporting_unit=self.bou,
            concerned_units=[self.beroende],
            **values,
        )

    def counterpart(self, report: DeviationReport, user: User | None = None):
        return deviation_counterpart_choices(report).get(user=user or self.beroende_deputy)

    def advance(self, report: DeviationReport, to: DeviationState) -> DeviationReport:
        """Takes the report through the flow, step by step, until it is `to`."""
        steps = {
            DeviationState.PART1_SUBMITTED: lambda r: deviation_part1_submit(
                actor=self.bou_deputy, report=r
            ),
            DeviationState.DIALOGUE_RECORDED: lambda r: deviation_dialogue_record(
                actor=self.bou_deputy,
                report=r,
                counterpart=self.counterpart(r),
                held_on=TODAY,
                channel=DialogueChannel.PHONE,
                notes="Samtal om kallelserna.",
            ),
            DeviationState.PART2_DRAFTED: lambda r: deviation_part2_write(
                actor=self.bou_deputy,
                report=r,
                joint_summary=SUMMARY,
                remaining_problems="Helgdagar före möten.",
                action="Beroende skickar kallelser en vecka före.",
                action_follow_up_on=D(2027, 2, 1),
            ),
            DeviationState.SIGNED_REPORTING: lambda r: deviation_sign(
                actor=self.bou_deputy,
                report=r,
                party=SignatureParty.REPORTING,
                title="Biträdande enhetschef",
                password=TEST_PASSWORD,
            ),
            DeviationState.SIGNED: lambda r: deviation_sign(
                actor=self.beroende_deputy,
                report=r,
                party=SignatureParty.OTHER,
                title="Biträdande enhetschef",
                password=TEST_PASSWORD,
            ),
            DeviationState.SENT: lambda r: deviation_send(actor=self.bou_deputy, report=r),
            DeviationState.FILED: lambda r: deviation_file(actor=self.controller, report=r),
        }
        for state in FLOW[FLOW.index(report.state) + 1 : FLOW.index(to) + 1]:
            steps[state](report)
            report.refresh_from_db()
        return report

    def report_in(self, state: DeviationState) -> DeviationReport:
        return self.advance(self.draft(), state)

    def at_controller(
        self,
        *,
        reported_on: datetime.date,
        reporting_unit: Unit | None = None,
        concerned_units: list[Unit] | None = None,
        source: DeviationSource = DeviationSource.MANUAL,
        filed_after_days: int | None = None,
        remaining_problems: str = "",
        action: str = "",
        action_follow_up_on: datetime.date | None = None,
        submitted_at: datetime.datetime | None = None,
        filed_at: datetime.datetime | None = None,
    ) -> DeviationReport:
        """A report that reached the controller: part 1 sent at 09:00 (Stockholm) on
        `reported_on`, sent to the controller that afternoon, and filed `filed_after_days`
        later (None: sent, not filed); `submitted_at` and `filed_at` set the moments
        themselves. Written straight to the database, for figures that need
        many reports, every source and chosen days; `advance` builds the flow itself through
        the services."""
        sent_at = submitted_at or datetime.datetime.combine(
            reported_on, datetime.time(9), tzinfo=STOCKHOLM
        )
        if filed_at is None and filed_after_days is not None:
            filed_at = sent_at + datetime.timedelta(days=filed_after_days)
        filed = filed_at is not None
        report = DeviationReport.objects.create(
            organisation=self.organisation,
            reporting_unit=reporting_unit or self.bou,
            state=DeviationState.FILED if filed else DeviationState.SENT,
            source=source,
            what_happened=WHAT_HAPPENED,
            reporter=self.bou_deputy,
            reporter_title="Biträdande enhetschef",
            reported_on=reported_on,
            submitted_at=sent_at,
            submitted_by=self.bou_deputy,
            joint_summary=SUMMARY,
            remaining_problems=remaining_problems,
            action=action,
            action_follow_up_on=action_follow_up_on,
            sent_at=sent_at + datetime.timedelta(hours=6),
            sent_by=self.bou_deputy,
            filed_at=filed_at,
            filed_by=self.controller if filed else None,
        )
        report.concerned_units.set(concerned_units or [self.beroende])
        return report


def deviation_scene(load_organisation) -> DeviationScene:
    organisation = load_organisation("stockholm-district")
    osthammar = load_organisation("osthammar")
    units = {unit.code: unit for unit in organisation.units.all()}
    bou, beroende, psykiatri = units["bou"], units["beroende"], units["socialpsykiatri"]
    return DeviationScene(
        organisation=organisation,
        bou=bou,
        beroende=beroende,
        psykiatri=psykiatri,
        bou_deputy=member(
            Role.DEPUTY_UNIT_MANAGER,
            unit=bou,
            first_name="Dana",
            last_name="Deputy",
            title="Biträdande enhetschef",
        ),
        bou_manager=member(Role.UNIT_MANAGER, unit=bou, first_name="Ulla", last_name="Chef"),
        bou_caseworker=member(Role.CASEWORKER, unit=bou),
        beroende_deputy=member(
            Role.DEPUTY_UNIT_MANAGER,
            unit=beroende,
            first_name="Olle",
            last_name="Beroende",
            title="Biträdande enhetschef",
        ),
        beroende_manager=member(
            Role.UNIT_MANAGER, unit=beroende, first_name="Bo", last_name="Enhetschef"
        ),
        psyk_deputy=member(Role.DEPUTY_UNIT_MANAGER, unit=psykiatri),
        controller=member(
            Role.CONTROLLER, organisation=organisation, first_name="Carin", last_name="Controller"
        ),
        other_controller=member(Role.CONTROLLER, organisation=osthammar),
        other_manager=member(Role.UNIT_MANAGER, unit=osthammar.units.get(code="bou")),
    )


@pytest.fixture(name="dev")
def deviation_scene_fixture(load_organisation) -> DeviationScene:
    return deviation_scene(load_organisation)
