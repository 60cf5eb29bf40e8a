"""`make run`'s demo data: one login per role, test numbers only, never overwritten (item 5).

Families and cases make the active-case check (R3, R4) something to try right after `make run`.
"""

import datetime
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from coordination.models import Case, CaseStatus, Household, Individual, Relation
from coordination.selectors import active_case_check, family_of
from coordination.services import household_join
from portal.services import DemoDataError, demo_data_create, demo_fixture_dir
from units.models import UNIT_ROLES, Role, User

pytestmark = pytest.mark.django_db

TESTDATA = settings.BASE_DIR / "tests" / "data" / "personnummer"
# The Östhammar demo family (fixtures/demo/osthammar.json).
ANDERS, KARIN, ELIAS, MAJA = "197910102396", "198209082380", "200705082394", "201311172389"
SARA = "199112072385"
# The date the README gives the demo ages on.
DEMO_DAY = datetime.date(2026, 11, 22)


@pytest.fixture
def all_demos(load_organisation):
    """Every demo file, each loaded after its organisation, as in the README."""
    results = []
    for path in sorted(demo_fixture_dir().glob("*.json")):
        load_organisation(json.loads(path.read_text())["organisation"])
        results.append(demo_data_create(path=path))
    return results


def _open_case(number: str, unit: str) -> Case:
    return Case.objects.exclude(status=CaseStatus.CLOSED).get(
        individual__identity_number=number, unit__code=unit, unit__organisation__code="osthammar"
    )


def _age(number: str) -> int:
    born = Individual.objects.get(identity_number=number).birth_date
    return DEMO_DAY.year - born.year - ((DEMO_DAY.month, DEMO_DAY.day) < (born.month, born.day))


def test_demo_data_has_a_login_for_every_role(demo):
    roles = {login.role for login in demo.logins}

    assert roles == set(Role)


def test_demo_individuals_use_only_skatteverkets_test_numbers(load_organisation):
    official = set(json.loads((TESTDATA / "allPins.json").read_text()))
    official |= set(json.loads((TESTDATA / "allCoords.json").read_text()))
    for path in demo_fixture_dir().glob("*.json"):
        load_organisation(json.loads(path.read_text())["organisation"])
        demo_data_create(path=path)

    numbers = set(Individual.objects.values_list("identity_number", flat=True))

    assert numbers
    assert numbers <= official


def test_running_again_keeps_changed_passwords_and_adds_nothing(demo):
    user = User.objects.get(username=demo.logins[0].username)
    user.set_password("Changed-By-User-2026")
    user.save()
    individuals = Individual.objects.count()

    again = demo_data_create(path=demo_fixture_dir() / "osthammar.json")

    user.refresh_from_db()
    assert user.check_password("Changed-By-User-2026")
    assert not any(login.created for login in again.logins)
    assert Individual.objects.count() == individuals


def test_demo_data_is_refused_where_not_allowed(osthammar, settings):
    settings.DEMO_DATA_ALLOWED = False

    with pytest.raises(DemoDataError):
        demo_data_create(path=demo_fixture_dir() / "osthammar.json")

    assert not User.objects.exists()


def test_command_prints_one_login_per_role(osthammar, capsys):
    call_command("create_demo_data", "osthammar")

    out = capsys.readouterr().out
    login_lines = [line for line in out.splitlines() if line.startswith("    ost.")]
    assert len(login_lines) == len(Role)
    for role in Role:
        assert sum(f"  {role.label}, " in line for line in login_lines) == 1
    assert "Password: Demo-Samverkan-2026" in out


def test_command_needs_the_organisation_loaded_first(db):
    with pytest.raises(CommandError, match="load_organisation osthammar"):
        call_command("create_demo_data", "osthammar")


def test_r3_osthammar_demo_parent_at_vuxen_and_child_at_bou_with_different_caseworkers(demo):
    # given the Östhammar demo
    parent = Individual.objects.get(identity_number=ANDERS)

    # when the parent's family is looked up
    family = {member.individual.identity_number for member in family_of(individual=parent)}

    # then it includes the child, who is open at BoU while the parent is open at Vuxen
    assert MAJA in family
    child_case = _open_case(MAJA, "bou")
    parent_case = _open_case(ANDERS, "vuxen")
    assert child_case.caseworker.username == "ost.handlaggare.bou"
    assert parent_case.caseworker.username == "ost.handlaggare.vux"


def test_r3_r4_vuxen_caseworker_sees_the_childrens_bou_cases_unit_and_caseworker_only(demo):
    # given the other parent, who has no case yet
    karin = Individual.objects.get(identity_number=KARIN)
    vuxen_caseworker = User.objects.get(username="ost.handlaggare.vux")

    # when the Vuxen caseworker runs the check for her
    check = active_case_check(individual=karin, viewer=vuxen_caseworker)

    # then both children show up at BoU with the BoU caseworker; Vuxen, her own unit, does not
    seen = {(e.member.individual.identity_number, e.unit.code) for e in check.active_elsewhere}
    assert seen == {(MAJA, "bou"), (ELIAS, "bou")}
    assert {e.caseworker.username for e in check.active_elsewhere} == {"ost.handlaggare.bou"}


def test_osthammar_demo_has_a_teenager_and_a_protected_person_with_cases(demo):
    # given the Östhammar demo
    # when the teenager and the protected person are looked up
    teenager_case = _open_case(ELIAS, "bou")
    protected = Individual.objects.get(identity_number=SARA)

    # then the teenager (for a future handover, R17) is open at BoU and the protected one has a case
    assert 17 <= _age(ELIAS) <= 19
    assert teenager_case.status == CaseStatus.INTERVENTION
    assert protected.is_protected
    assert protected.cases.exclude(status=CaseStatus.CLOSED).exists()


def test_running_twice_creates_no_new_households_relations_or_cases(demo):
    # given the Östhammar demo created once
    counts = (Household.objects.count(), Relation.objects.count(), Case.objects.count())
    assert demo.households_created > 0
    assert demo.relations_created > 0
    assert demo.cases_created > 0

    # when it is created again
    again = demo_data_create(path=demo_fixture_dir() / "osthammar.json")

    # then nothing is added
    assert (Household.objects.count(), Relation.objects.count(), Case.objects.count()) == counts
    assert again.households_created == again.relations_created == again.cases_created == 0
    assert again.contacts_recorded == 0


def test_a_person_moved_to_another_household_stays_there(demo):
    # given the child moved to a household of her own after the first run
    maja = Individual.objects.get(identity_number=MAJA)
    maja.household = None
    maja.save(update_fields=["household"])
    actor = User.objects.get(username="ost.handlaggare.bou")
    own = household_join(actor=actor, individuals=[maja])

    # when the demo is created again
    demo_data_create(path=demo_fixture_dir() / "osthammar.json")

    # then she is still there
    maja.refresh_from_db()
    assert maja.household == own


def test_every_demo_case_caseworker_is_a_member_of_the_cases_unit(all_demos):
    # given every demo file loaded
    cases = Case.objects.select_related("caseworker", "unit")

    # when each caseworker's memberships are looked at
    # then each holds a unit role at the case's unit (R4: the case belongs to that unit)
    assert cases.exists()
    for case in cases:
        assert case.caseworker.memberships.filter(
            unit=case.unit, role__in=UNIT_ROLES, is_active=True
        ).exists(), case


def test_all_four_demo_files_load_with_families_and_cases(all_demos):
    # given every demo file loaded after its organisation (the fixture)
    # when the results are looked at
    codes = {result.organisation.code for result in all_demos}

    # then all four created families and open cases (R3 can be tried in each)
    assert codes == {"osthammar", "stockholm-district", "motala", "ifo-000"}
    for result in all_demos:
        assert result.households_created > 0, result.organisation
        assert result.relations_created > 0, result.organisation
        assert result.cases_created > 0, result.organisation


def test_r5_a_demo_investigation_needs_the_contact_with_the_other_unit(load_organisation, tmp_path):
    # given ifo-000's demo without the contact the Beroende case records with MoU
    spec = json.loads((demo_fixture_dir() / "ifo-000.json").read_text())
    for entry in spec["cases"]:
        entry.pop("contacts", None)
    path = tmp_path / "ifo-000.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    load_organisation("ifo-000")

    # when the demo is created
    # then the investigation is refused (R5) and nothing is left behind
    with pytest.raises(DemoDataError, match="R5"):
        demo_data_create(path=path)
    assert not Case.objects.exists()


def test_command_prints_the_families_and_cases_created(osthammar, capsys):
    # given Östhammar's demo created once
    call_command("create_demo_data", "osthammar")
    capsys.readouterr()

    # when the command runs again
    call_command("create_demo_data", "osthammar")

    # then it says that nothing new was created
    out = capsys.readouterr().out
    assert "households 0, relations 0, cases 0, contact records 0." in out
