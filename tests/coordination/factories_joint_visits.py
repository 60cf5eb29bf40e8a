"""Builders for joint visits and assessments (R31, R32): a case at Östhammar's BoU with every
kind of reader around it, a visit recorded through the service, and a copy to another unit
written straight to the model (its services are another piece of work)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from coordination.models import (
    Case,
    CoCaseworkerPurpose,
    CopyKind,
    Individual,
    JointVisit,
    JointVisitKind,
    UnitCopy,
)
from coordination.services import case_register
from coordination.services.co_caseworkers import co_caseworker_appoint
from coordination.services.joint_visits import joint_visit_record
from tests.factories import UnitFactory, member, person
from units.models import Organisation, Role, Unit, User


@dataclass
class VisitScene:
    """A young person's case at BoU, and a joint visit's possible readers (R4)."""

    organisation: Organisation
    bou: Unit
    vuxen: Unit
    psykiatri: Unit
    young: Individual
    case: Case
    caseworker: User  # the case's caseworker at BoU
    colleague: User  # another caseworker at BoU: reads the case, does not record
    coordinator: User
    manager: User
    co_caseworker: User  # from Socialpsykiatri, appointed to the case
    other_caseworker: User  # at Vuxen, took part in the visit
    other_member: User  # at Vuxen, did not
    controller: User
    department_head: User
    stranger: User  # a caseworker of another organisation

    def users(self) -> dict[str, User]:
        return {
            "case caseworker": self.caseworker,
            "unit colleague": self.colleague,
            "co-caseworker": self.co_caseworker,
            "coordinator": self.coordinator,
            "unit manager": self.manager,
            "named other caseworker": self.other_caseworker,
            "other member of the other unit": self.other_member,
            "controller": self.controller,
            "department head": self.department_head,
            "other organisation": self.stranger,
        }


def visit_scene(osthammar: Organisation) -> VisitScene:
    bou = osthammar.units.get(code="bou")
    vuxen = osthammar.units.get(kind="vuxen")
    psykiatri = osthammar.units.get(code="socialpsykiatri")
    caseworker = member(Role.CASEWORKER, unit=bou, first_name="Britt", last_name="Bou")
    manager = member(Role.UNIT_MANAGER, unit=bou, first_name="Bengt", last_name="Chef")
    young = person(born="2010", first_name="Kim", last_name="Ung")
    case = case_register(actor=caseworker, individual=young, unit=bou)
    co_caseworker = member(Role.CASEWORKER, unit=psykiatri, first_name="Psyk", last_name="Med")
    co_caseworker_appoint(
        actor=manager,
        case=case,
        caseworker=co_caseworker,
        unit=psykiatri,
        purpose=CoCaseworkerPurpose.EXPERTISE,
        ends_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    return VisitScene(
        organisation=osthammar,
        bou=bou,
        vuxen=vuxen,
        psykiatri=psykiatri,
        young=young,
        case=case,
        caseworker=caseworker,
        colleague=member(Role.CASEWORKER, unit=bou, first_name="Berit", last_name="Kollega"),
        coordinator=member(Role.COORDINATOR, unit=bou, first_name="Bo", last_name="Samord"),
        manager=manager,
        co_caseworker=co_caseworker,
        other_caseworker=member(Role.CASEWORKER, unit=vuxen, first_name="Vera", last_name="Vux"),
        other_member=member(Role.CASEWORKER, unit=vuxen, first_name="Vanja", last_name="Berg"),
        controller=member(Role.CONTROLLER, organisation=osthammar),
        department_head=member(Role.DEPARTMENT_HEAD, department=bou.department),
        stranger=member(Role.CASEWORKER, unit=UnitFactory()),
    )


def visit_record(scene: VisitScene, **overrides) -> JointVisit:
    """A joint home visit with Vuxen a week ago, AUDIT used with a score, through the service."""
    fields = {
        "actor": scene.caseworker,
        "case": scene.case,
        "other_unit": scene.vuxen,
        "kind": JointVisitKind.VISIT,
        "held_on": timezone.localdate() - datetime.timedelta(days=7),
        "caseworker": scene.caseworker,
        "other_caseworker": scene.other_caseworker,
        "audit_used": True,
        "audit_score": 17,
        "note": "Hembesök tillsammans med vuxengruppen.",
    }
    return joint_visit_record(**(fields | overrides))


def unit_copy_create(*, case: Case, to_unit: Unit, sent_by: User, kind=CopyKind.INVITATION):
    """A copy sent from the case to another unit, as the copy pages will leave it (R31, R32)."""
    return UnitCopy.objects.create(
        case=case,
        to_unit=to_unit,
        kind=kind,
        text="Kopia på kallelsen: gemensamt besök på tisdag kl. 10.",
        sent_by=sent_by,
        sent_at=timezone.now(),
    )
