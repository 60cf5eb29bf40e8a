"""A scene for orders to in-house open care (R26-R29): Motala's BoU ordering from SRV."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coordination.models import (
    Case,
    CaseStatus,
    ConsentForm,
    ConsentGivenBy,
    ConsentScope,
    Individual,
    Order,
)
from coordination.services import case_register, case_transition
from coordination.services.consent import consent_record
from coordination.services.orders import (
    order_kick_off,
    order_receive,
    order_send,
    order_start,
)
from tests.factories import member, person
from units.models import Organisation, Role, Unit, User

STOCKHOLM = ZoneInfo("Europe/Stockholm")
D = datetime.date
START_DAY = D(2026, 3, 2)
SECRET_SUMMARY = "Orosanmälan från skolan om hemsituationen."
ASSIGNMENT = {
    "needs": ["Stöd i föräldrarollen", "Struktur i vardagen", "Skolnärvaro"],
    "goals": "Familjen har fungerande rutiner och barnet går i skolan.",
    "intervention": "Familjebehandling i hemmet enligt SoL",
    "starts_on": D(2026, 3, 16),
    "ends_on": D(2026, 9, 16),
}


def stockholm(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


@dataclass
class OrderScene:
    organisation: Organisation
    bou: Unit
    srv: Unit
    caseworker: User
    colleague: User
    coordinator: User
    bou_deputy: User
    treater: User
    srv_deputy: User
    outsider: User
    child: Individual
    case: Case

    def consent(self) -> None:
        """R12: consent to written material going to the provider (a 16-year-old and the
        guardians)."""
        consent_record(
            actor=self.caseworker,
            individual=self.child,
            scope=ConsentScope.WRITTEN_MATERIAL,
            form=ConsentForm.WRITTEN,
            given_by=ConsentGivenBy.INDIVIDUAL_AND_GUARDIANS,
            provider="SRV",
        )

    def draft(self, **changes) -> Order:
        fields = {**ASSIGNMENT, **changes}
        return order_start(actor=self.caseworker, case=self.case, provider_unit=self.srv, **fields)

    def sent(self, **changes) -> Order:
        self.consent()
        return order_send(actor=self.caseworker, order=self.draft(**changes))

    def received(self, received_on: datetime.date | None = None, **changes) -> Order:
        return order_receive(
            actor=self.srv_deputy, order=self.sent(**changes), received_on=received_on
        )

    def executed(self, kick_off_on: datetime.date | None = None, **changes) -> Order:
        order = self.received(**changes)
        return order_kick_off(
            actor=self.caseworker,
            order=order,
            kick_off_on=kick_off_on or order.received_on,
            treater=self.treater,
        )


@pytest.fixture(name="scene")
def scene_fixture(load_organisation) -> OrderScene:
    """A 15-year-old (born 2010) with an open case at Motala's BoU, under investigation."""
    motala = load_organisation("motala")
    other = load_organisation("osthammar")
    bou = motala.units.get(code="bou")
    srv = motala.units.get(code="srv")
    with time_machine.travel(stockholm(START_DAY), tick=False):
        caseworker = member(Role.CASEWORKER, unit=bou, first_name="Elin", last_name="Handläggare")
        child = person(born="2010", first_name="Saga", last_name="Barn")
        case = case_register(actor=caseworker, individual=child, unit=bou)
        case = case_transition(actor=caseworker, case=case, to=CaseStatus.INVESTIGATION)
        case.summary = SECRET_SUMMARY
        case.save()
    return OrderScene(
        organisation=motala,
        bou=bou,
        srv=srv,
        caseworker=caseworker,
        colleague=member(Role.CASEWORKER, unit=bou, first_name="Kollega"),
        coordinator=member(Role.COORDINATOR, unit=bou, first_name="Fatima", last_name="Adm"),
        bou_deputy=member(Role.DEPUTY_UNIT_MANAGER, unit=bou, first_name="Jonas"),
        treater=member(Role.CASEWORKER, unit=srv, first_name="Hanna", last_name="Behandlare"),
        srv_deputy=member(Role.DEPUTY_UNIT_MANAGER, unit=srv, first_name="Rolf"),
        outsider=member(Role.CASEWORKER, unit=other.units.get(code="bou"), first_name="Utom"),
        child=child,
        case=case,
    )


@pytest.fixture(name="on_start_day")
def on_start_day_fixture():
    with time_machine.travel(stockholm(START_DAY), tick=False) as traveller:
        yield traveller
