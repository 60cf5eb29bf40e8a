"""A family with children at Östhammar's adult unit (001, R31, R32), built the same way every
time: fixed user names, e-mail addresses and identity numbers, so that two worlds built with it
differ only in what a test changes (the secrecy test compares their pages)."""

import datetime
from dataclasses import dataclass

from coordination.models import Case, Individual, RelationKind
from coordination.services import case_register, individual_create, relation_create
from coordination.services.copies import CopySent, copy_send_child_concern, copy_send_debt_notice
from tests.factories import member
from units.models import Organisation, Role, Unit, User

START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
# Skatteverket test numbers (tests/data/personnummer), of years no other test uses.
PARENT_NUMBER = "198401012391"
CHILD_NUMBER = "201501012395"
ADULT_CHILD_NUMBER = "200501012397"
DEBT_TEXT = "Hyresvärden meddelar hyresskuld om 3 maj kronor och uppsägning till 31 januari."
CONCERN_TEXT = "Kim har kommit till besöket utan mat och säger att hen är ensam hemma på nätterna."


def _user(role: Role, unit: Unit, username: str, first_name: str, last_name: str) -> User:
    return member(
        role,
        unit=unit,
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=f"{username}@osthammar.example",
    )


@dataclass
class CopyScene:
    """Östhammar: the adult unit (Vuxengruppen) with a parent's case, BoU, family law."""

    organisation: Organisation
    vuxen: Unit
    bou: Unit
    familjeratt: Unit
    vux_worker: User
    vux_colleague: User
    vux_coordinator: User
    vux_deputy: User
    vux_manager: User
    bou_worker: User
    bou_child_worker: User
    bou_coordinator: User
    bou_manager: User
    other_worker: User
    parent: Individual
    child: Individual
    adult_case: Case

    def debt(self, actor: User | None = None, **kwargs) -> CopySent:
        kwargs.setdefault("debt_kind", "eviction")
        kwargs.setdefault("message_received_on", datetime.date(2026, 11, 30))
        kwargs.setdefault("text", DEBT_TEXT)
        return copy_send_debt_notice(actor=actor or self.vux_worker, case=self.adult_case, **kwargs)

    def concern(self, actor: User | None = None, **kwargs) -> CopySent:
        kwargs.setdefault("child", self.child)
        kwargs.setdefault("text", CONCERN_TEXT)
        return copy_send_child_concern(
            actor=actor or self.vux_worker, case=self.adult_case, **kwargs
        )

    def child_case_at_bou(self) -> Case:
        """The child known at BoU: an open case with its own caseworker."""
        case = case_register(
            actor=self.bou_child_worker,
            individual=self.child,
            unit=self.bou,
            external_system="procapita",
            external_reference="BOU-HEMLIG-4711",
        )
        case.summary = "Utredning om barnets hemsituation pågår sedan oktober."
        case.save()
        return case


def copy_scene(osthammar: Organisation, *, with_child: bool = True) -> CopyScene:
    vuxen = osthammar.units.get(code="vuxen")
    bou = osthammar.units.get(code="bou")
    familjeratt = osthammar.units.get(code="familjeratt")
    vux_worker = _user(Role.CASEWORKER, vuxen, "vux-vera", "Vera", "Vuxsson")
    scene_users = {
        "vux_worker": vux_worker,
        "vux_colleague": _user(Role.CASEWORKER, vuxen, "vux-viktor", "Viktor", "Vuxberg"),
        "vux_coordinator": _user(Role.COORDINATOR, vuxen, "vux-siv", "Siv", "Samordnarsson"),
        "vux_deputy": _user(Role.DEPUTY_UNIT_MANAGER, vuxen, "vux-dan", "Dan", "Biträdsson"),
        "vux_manager": _user(Role.UNIT_MANAGER, vuxen, "vux-vilhelm", "Vilhelm", "Chefsson"),
        # The first BoU caseworker by name holds BoU's steps; the second is the child's own
        # caseworker in the world where the child is known there.
        "bou_worker": _user(Role.CASEWORKER, bou, "bou-alva", "Alva", "Alm"),
        "bou_child_worker": _user(Role.CASEWORKER, bou, "bou-britt", "Britt", "Boström"),
        "bou_coordinator": _user(Role.COORDINATOR, bou, "bou-bo", "Bo", "Samord"),
        "bou_manager": _user(Role.UNIT_MANAGER, bou, "bou-berit", "Berit", "Chef"),
        "other_worker": _user(Role.CASEWORKER, familjeratt, "fr-frida", "Frida", "Rätt"),
    }
    parent = individual_create(
        identity_number=PARENT_NUMBER, first_name="Petra", last_name="Förälder"
    )
    child = individual_create(identity_number=CHILD_NUMBER, first_name="Kim", last_name="Förälder")
    if with_child:
        relation_create(
            actor=vux_worker,
            from_individual=parent,
            to_individual=child,
            kind=RelationKind.GUARDIAN_OF,
        )
    adult_case = case_register(actor=vux_worker, individual=parent, unit=vuxen)
    return CopyScene(
        organisation=osthammar,
        vuxen=vuxen,
        bou=bou,
        familjeratt=familjeratt,
        parent=parent,
        child=child,
        adult_case=adult_case,
        **scene_users,
    )
