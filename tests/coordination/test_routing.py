"""Routing new cases by age group (R16, R20): the fixtures' rules, the selector, the pages.

Ages are counted on the registration day; the boundaries are the day before a birthday and
the birthday itself. "Known at BoU" is a case at a BoU unit, open, or closed within the
rule's window.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from coordination.models import Case, CaseMatter, KnownCondition, RoutingRule
from coordination.selectors_age import age_on
from coordination.selectors_routing import (
    routing_birth_date,
    routing_propose,
    years_before,
)
from coordination.services import case_register, case_transition, individual_create
from tests.factories import UnitFactory, member, person
from units.models import Organisation, Role, UnitKind

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LOB_MATTERS = [CaseMatter.LOB_REPORT, CaseMatter.TRAFFIC_SOBRIETY, CaseMatter.DRUG_OFFENCE]
REGISTER = "/cases/new/"


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def birthday(birth: str, age: int) -> datetime.date:
    """The day the person born on `birth` turns `age` (29 February: 1 March in other years)."""
    born = d(birth)
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return datetime.date(born.year + age, 3, 1)


def day_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1)


@pytest.fixture
def stockholm(load_organisation) -> Organisation:
    return load_organisation("stockholm-district")


def someone(born: str, **fields):
    """A registered person without an identity number, so the birth date is exact."""
    fields.setdefault("first_name", "Ung")
    fields.setdefault("last_name", "Person")
    return individual_create(birth_date=d(born), **fields)


def case_at(organisation, kind: str, individual, *, opened: str, closed: str | None, time_machine):
    """A case at the organisation's unit of `kind`, opened and (optionally) closed then."""
    unit = organisation.units.filter(kind=kind).first()
    worker = member(Role.CASEWORKER, unit=unit)
    case = case_register(actor=worker, individual=individual, unit=unit, opened_on=d(opened))
    if closed:
        day = d(closed)
        time_machine.move_to(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=STOCKHOLM))
        case = case_transition(actor=worker, case=case, to="closed")
        assert case.closed_on == day
    return case


def propose(organisation, *, on, individual=None, born=None, matter=CaseMatter.GENERAL):
    return routing_propose(
        organisation=organisation,
        individual=individual,
        birth_date=d(born) if born else None,
        matter=matter,
        on=on,
    )


def target(proposal) -> str | None:
    return proposal.target_unit_kind if proposal else None


# The helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        ("2006-05-10", "2026-05-09", 19),
        ("2006-05-10", "2026-05-10", 20),
        # R16: born on 29 February, the birthday in other years is 1 March.
        ("2004-02-29", "2025-02-28", 20),
        ("2004-02-29", "2025-03-01", 21),
        ("2008-02-29", "2028-02-28", 19),
        ("2008-02-29", "2028-02-29", 20),
    ],
)
def test_r16_age_is_counted_on_the_registration_day(born, on, age):
    assert age_on(d(born), d(on)) == age


@pytest.mark.parametrize(("setting", "age"), [("03-01", 20), ("02-28", 21)])
def test_r16_routing_counts_a_29_february_birthday_by_the_organisations_setting(
    stockholm, setting, age
):
    # given someone born on 29 February, registered on 28 February of a common year
    stockholm.leap_day_birthday = setting
    stockholm.save()
    # when the routing rules are asked (R16: the organisation chooses the common-year birthday)
    proposal = propose(stockholm, on=d("2025-02-28"), born="2004-02-29")
    # then the person's age follows that choice
    assert proposal.age == age


def test_r16_age_on_follows_the_leap_day_setting():
    assert age_on(d("2004-02-29"), d("2025-02-28"), leap_day="02-28") == 21
    assert age_on(d("2004-02-29"), d("2025-02-27"), leap_day="02-28") == 20


def test_two_years_before_29_february_is_28_february():
    assert years_before(d("2028-02-29"), 2) == d("2026-02-28")
    assert years_before(d("2026-11-30"), 0) == d("2026-11-30")


def test_a_person_not_registered_yet_is_routed_by_the_numbers_birth_date():
    registered = person(born="2007")

    from_number = routing_birth_date(identity_number=registered.identity_number, birth_date=None)
    typed = routing_birth_date(identity_number=None, birth_date=d("2001-01-01"))

    assert from_number == registered.birth_date
    assert typed == d("2001-01-01")


# Östhammar, routine 001 ---------------------------------------------------------------------


def test_the_fixture_rules_are_loaded_in_order(osthammar, stockholm):
    for organisation, source in ((osthammar, "001"), (stockholm, "003")):
        rules = list(organisation.routing_rules.order_by("priority"))
        assert len(rules) == 7
        assert {rule.source for rule in rules} == {source}
        for rule in rules:
            rule.full_clean()
            # Every rule names a kind of unit the organisation has.
            assert organisation.units.filter(kind=rule.target_unit_kind).exists(), rule


@pytest.mark.parametrize("matter", LOB_MATTERS)
def test_r20_lob_traffic_drugs_for_18_to_20_not_known_at_bou_go_to_vuxen(osthammar, matter):
    born = "2006-05-10"
    # the day before the 18th birthday BoU is responsible for a child (R16)
    assert (
        target(propose(osthammar, born=born, on=day_before(birthday(born, 18)), matter=matter))
        == "bou"
    )
    # from the 18th birthday to the day before the 21st: the adult coordinator (R20)
    for on in (
        birthday(born, 18),
        day_before(birthday(born, 19)),
        birthday(born, 19),
        day_before(birthday(born, 20)),
        birthday(born, 20),
        day_before(birthday(born, 21)),
    ):
        proposal = propose(osthammar, born=born, on=on, matter=matter)
        assert proposal.target_unit_kind == "vuxen", on
        assert proposal.rule.source == "001"
        assert proposal.rule.name.startswith("LOB, trafikonykterhet eller narkotikabrott")
        assert [unit.name for unit in proposal.units] == ["Vuxengruppen"]
    # on the 21st birthday the age group has ended and no rule applies
    assert propose(osthammar, born=born, on=birthday(born, 21), matter=matter) is None


def test_r20_lob_for_someone_with_an_open_case_at_bou_stays_at_bou(osthammar, time_machine):
    # given a 19-year-old with an open case at BoU
    young = someone("2007-01-15")
    case_at(osthammar, "bou", young, opened="2024-06-01", closed=None, time_machine=time_machine)

    # when a LOB report comes in
    proposal = propose(osthammar, individual=young, on=d("2026-11-30"), matter="lob_report")

    # then BoU keeps it: the person is "aktuell" there
    assert proposal.target_unit_kind == "bou"
    assert proposal.rule.priority == 35


def test_r20_lob_for_someone_whose_bou_case_is_closed_goes_to_vuxen(osthammar, time_machine):
    young = someone("2007-01-15")
    case_at(
        osthammar, "bou", young, opened="2020-06-01", closed="2026-11-29", time_machine=time_machine
    )

    proposal = propose(osthammar, individual=young, on=d("2026-11-30"), matter="lob_report")

    assert proposal.target_unit_kind == "vuxen"


@pytest.mark.parametrize(
    ("closed", "expected"),
    [
        ("2024-11-30", "bou"),  # closed exactly 2 years before: within 2 years (R20)
        ("2025-11-30", "bou"),
        ("2024-11-29", "vuxen"),  # one day outside the 2 years
    ],
)
def test_r20_driving_licence_goes_to_bou_if_known_there_within_2_years(
    osthammar, time_machine, closed, expected
):
    young = someone("2007-06-01")
    case_at(osthammar, "bou", young, opened="2020-01-10", closed=closed, time_machine=time_machine)

    proposal = propose(osthammar, individual=young, on=d("2026-11-30"), matter="driving_licence")

    assert proposal.target_unit_kind == expected
    assert proposal.rule.source == "001"


def test_r20_driving_licence_with_an_open_bou_case_goes_to_bou(osthammar, time_machine):
    young = someone("2008-03-03")
    case_at(osthammar, "bou", young, opened="2016-01-10", closed=None, time_machine=time_machine)

    proposal = propose(osthammar, individual=young, on=d("2026-11-30"), matter="driving_licence")

    assert proposal.target_unit_kind == "bou"


def test_r20_driving_licence_known_at_bou_moves_to_vuxen_on_the_20th_birthday(
    osthammar, time_machine
):
    # given a person born on 29 February, known at BoU, whose 20th birthday is 29 Feb 2028
    young = someone("2008-02-29")
    case_at(osthammar, "bou", young, opened="2020-01-10", closed=None, time_machine=time_machine)

    before = propose(osthammar, individual=young, on=d("2028-02-28"), matter="driving_licence")
    on_the_day = propose(osthammar, individual=young, on=d("2028-02-29"), matter="driving_licence")

    assert before.target_unit_kind == "bou"
    assert on_the_day.target_unit_kind == "vuxen"
    assert on_the_day.rule.name == "Körkortsyttrande: övriga handläggs av vuxengruppen"


def test_r20_driving_licence_for_someone_unknown_goes_to_vuxen(osthammar):
    proposal = propose(osthammar, born="2009-01-01", on=d("2026-11-30"), matter="driving_licence")

    assert proposal.target_unit_kind == "vuxen"


def test_r20_lob_for_someone_born_on_29_february_around_the_21st_birthday(osthammar):
    # 2025 has no 29 February: the 21st birthday is 1 March
    assert (
        target(propose(osthammar, born="2004-02-29", on=d("2025-02-28"), matter="lob_report"))
        == "vuxen"
    )
    assert propose(osthammar, born="2004-02-29", on=d("2025-03-01"), matter="lob_report") is None


@pytest.mark.parametrize("age", [15, 17, 19, 25, 40])
def test_r16_financial_aid_goes_to_the_adult_side_regardless_of_age(osthammar, age):
    on = d("2026-11-30")
    born = on.replace(year=on.year - age).isoformat()

    proposal = propose(osthammar, born=born, on=on, matter="financial_aid")

    assert proposal.target_unit_kind == "ekonomiskt_bistand"
    assert [unit.name for unit in proposal.units] == ["Ekonomiskt bistånd"]


def test_r16_housing_support_goes_to_vuxen_from_18(osthammar):
    born = "2008-12-01"
    before = propose(osthammar, born=born, on=d("2026-11-30"), matter="housing_support")
    on_the_day = propose(osthammar, born=born, on=d("2026-12-01"), matter="housing_support")

    assert before.target_unit_kind == "bou"
    assert on_the_day.target_unit_kind == "vuxen"
    assert on_the_day.rule.priority == 20


def test_r16_new_general_applications_from_18_to_20_follow_no_rule(osthammar):
    # 001: new applications from 18-20 year olds are assessed at the coordination meeting
    born = "2008-12-01"

    assert target(propose(osthammar, born=born, on=d("2026-11-30"))) == "bou"
    assert propose(osthammar, born=born, on=d("2026-12-01")) is None


# Stockholm district, routine 003 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("matter", "expected"),
    [
        (CaseMatter.GENERAL, "bistand_sol_lss"),
        (CaseMatter.CHILD_CONCERN, "bistand_sol_lss"),
        (CaseMatter.ADDICTION, "beroende"),
        (CaseMatter.FINANCIAL_AID, "ekonomiskt_bistand"),
        (CaseMatter.PARTNER_VIOLENCE, "beroende"),
    ],
)
def test_r16_new_unknown_cases_from_19_go_to_aof_except_iof_matters(stockholm, matter, expected):
    born = "2007-12-01"

    before = propose(stockholm, born=born, on=d("2026-11-30"), matter=matter)
    on_the_day = propose(stockholm, born=born, on=d("2026-12-01"), matter=matter)

    # the day before the 19th birthday BoU is responsible
    assert before.target_unit_kind == "bou"
    # from the 19th birthday: AoF, except addiction, financial aid, partner violence (IoF)
    assert on_the_day.target_unit_kind == expected
    assert on_the_day.rule.source == "003"
    department = on_the_day.units[0].department.short_name
    assert department == ("AoF" if expected == "bistand_sol_lss" else "IoF")


def test_r16_new_unknown_cases_from_65_go_to_elderly_care(stockholm):
    born = "1961-12-01"

    assert target(propose(stockholm, born=born, on=d("2026-11-30"))) == "bistand_sol_lss"
    assert target(propose(stockholm, born=born, on=d("2026-12-01"))) == "aldreomsorg"
    # the exclusions hold at every age
    assert (
        target(propose(stockholm, born=born, on=d("2026-12-01"), matter="addiction")) == "beroende"
    )


def test_r16_known_bou_cases_come_back_to_bou_until_the_19th_birthday(stockholm, time_machine):
    # given someone whose BoU case closed years ago
    young = someone("2007-12-01")
    case_at(
        stockholm, "bou", young, opened="2015-03-01", closed="2019-05-01", time_machine=time_machine
    )

    before = propose(stockholm, individual=young, on=d("2026-11-30"), matter="addiction")
    on_the_day = propose(stockholm, individual=young, on=d("2026-12-01"), matter="addiction")

    assert before.target_unit_kind == "bou"
    assert before.rule.priority == 10
    assert before.rule.name.startswith("Tidigare kända ärenden på barn och ungdom")
    # from 19 the person is not "previously unknown": no rule decides
    assert on_the_day is None


def test_r16_known_elsewhere_is_not_unknown_everywhere(stockholm, time_machine):
    adult = someone("1990-01-01")
    case_at(
        stockholm,
        "socialpsykiatri",
        adult,
        opened="2010-01-01",
        closed="2012-01-01",
        time_machine=time_machine,
    )

    assert propose(stockholm, individual=adult, on=d("2026-11-30")) is None
    # the same age and matter, never registered: unknown everywhere, so AoF
    assert target(propose(stockholm, born="1990-01-01", on=d("2026-11-30"))) == "bistand_sol_lss"


def test_r16_cases_in_another_organisation_do_not_make_a_person_known(
    osthammar, stockholm, time_machine
):
    adult = someone("1990-01-01")
    case_at(osthammar, "vuxen", adult, opened="2020-01-01", closed=None, time_machine=time_machine)

    assert target(propose(stockholm, individual=adult, on=d("2026-11-30"))) == "bistand_sol_lss"


def test_r20_a_registered_person_without_cases_is_unknown_everywhere(osthammar):
    young = someone("2007-01-15")

    proposal = propose(osthammar, individual=young, on=d("2026-11-30"), matter="drug_offence")

    assert proposal.target_unit_kind == "vuxen"


# Proposals without rules, without units, with several units ----------------------------------


def test_no_rule_matches_in_an_organisation_without_rules(load_organisation):
    motala = load_organisation("motala")

    assert propose(motala, born="2008-01-01", on=d("2026-11-30")) is None


def test_a_proposal_names_every_unit_of_the_kind_or_none(osthammar):
    second = UnitFactory(
        department=osthammar.departments.get(code="ifo"),
        code="vuxen-2",
        name="Vuxengruppen norra",
        kind=UnitKind.VUXEN,
    )
    RoutingRule.objects.create(
        organisation=osthammar,
        priority=1,
        name="Test: flyktingmottagning",
        source="test",
        matters=["child_concern"],
        target_unit_kind=UnitKind.FLYKTINGMOTTAGNING,
    )

    several = propose(osthammar, born="1990-01-01", on=d("2026-11-30"), matter="driving_licence")
    none = propose(osthammar, born="1990-01-01", on=d("2026-11-30"), matter="child_concern")

    assert [unit.name for unit in several.units] == ["Vuxengruppen", "Vuxengruppen norra"]
    assert several.proposes(second)
    assert none.target_unit_kind == "flyktingmottagning"
    assert none.units == ()
    assert not none.has_units


def test_the_first_matching_rule_decides_by_priority(osthammar):
    RoutingRule.objects.create(
        organisation=osthammar,
        priority=5,
        name="Test: allt till socialpsykiatrin",
        target_unit_kind=UnitKind.SOCIALPSYKIATRI,
    )

    proposal = propose(osthammar, born="2007-01-15", on=d("2026-11-30"), matter="lob_report")

    assert proposal.rule.name == "Test: allt till socialpsykiatrin"


def test_a_known_rule_without_a_unit_kind_is_refused():
    rule = RoutingRule(
        priority=1,
        name="x",
        known_condition=KnownCondition.KNOWN,
        target_unit_kind="bou",
        matters=["no_such_matter"],
        min_age=20,
        max_age=18,
    )

    with pytest.raises(ValidationError) as exc:
        rule.clean()

    assert set(exc.value.message_dict) == {"known_at_unit_kind", "matters", "max_age"}


@pytest.mark.parametrize("cases", [1, 6])
def test_routing_costs_a_fixed_number_of_queries(
    osthammar, time_machine, django_assert_num_queries, cases
):
    # given a person with one or several past cases
    young = someone("2007-06-01")
    kinds = ["bou", "vuxen", "socialpsykiatri", "familjeratt", "ekonomiskt_bistand", "mottagning"]
    for kind in kinds[:cases]:
        case_at(
            osthammar,
            kind,
            young,
            opened="2020-01-10",
            closed="2024-11-29",
            time_machine=time_machine,
        )

    # then the rules, the person's cases and the units: three queries whatever the history
    with django_assert_num_queries(3):
        proposal = propose(
            osthammar, individual=young, on=d("2026-11-30"), matter="driving_licence"
        )
        assert proposal.units
    # a person not registered yet: no history to read
    with django_assert_num_queries(2):
        propose(osthammar, born="2007-06-01", on=d("2026-11-30"), matter="lob_report")


# The registration page and the API ---------------------------------------------------------


@pytest.fixture
def on_a_weekday(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, tzinfo=STOCKHOLM), tick=False)


def register_form(unit, **fields):
    return {
        "unit": unit.pk,
        "no_identity_number": "on",
        "first_name": "Ung",
        "last_name": "Vuxen",
        "birth_date": "2007-01-15",
        **fields,
    }


def test_r20_the_page_shows_the_proposal_and_the_deciding_rule(client, family, on_a_weekday):
    client.force_login(family.vuxen_caseworker)
    client.cookies["samverkan_language"] = "en"

    # when a 19-year-old, unknown everywhere, is entered with a LOB report
    response = client.post(REGISTER, register_form(family.vuxen, matter="lob_report", step="check"))

    # then the page names the proposed unit and the rule from routine 001
    page = response.content.decode()
    assert response.status_code == 200
    assert "Proposed: Vuxengruppen, by the rule “LOB, trafikonykterhet eller narkotikabrott" in page
    assert "(001)" in page
    assert "not the proposed unit" not in page
    assert not Case.objects.filter(unit=family.vuxen).exists()


def test_r20_the_page_says_when_the_chosen_unit_differs_and_still_registers(
    client, family, on_a_weekday
):
    client.force_login(family.bou_caseworker)
    client.cookies["samverkan_language"] = "en"
    form = register_form(family.bou, matter="drug_offence")

    checked = client.post(REGISTER, {**form, "step": "check"})
    registered = client.post(REGISTER, {**form, "step": "register"}, follow=True)

    assert "Proposed: Vuxengruppen" in checked.content.decode()
    assert "which is not the proposed unit" in checked.content.decode()
    case = Case.objects.get(unit=family.bou, individual__first_name="Ung")
    assert case.matter == CaseMatter.DRUG_OFFENCE
    assert registered.status_code == 200
    assert "The routine proposed Vuxengruppen" in registered.content.decode()


def test_r16_the_page_says_when_no_rule_applies(client, family, on_a_weekday):
    client.force_login(family.vuxen_caseworker)
    client.cookies["samverkan_language"] = "en"

    response = client.post(REGISTER, register_form(family.vuxen, step="check"))

    assert "No routing rule applies" in response.content.decode()


def test_the_matter_is_optional_and_an_unknown_one_is_refused(client, family, on_a_weekday):
    client.force_login(family.vuxen_caseworker)

    client.post(REGISTER, register_form(family.vuxen, step="register"))
    refused = client.post(
        REGISTER, register_form(family.vuxen, first_name="Annan", matter="x", step="register")
    )

    assert Case.objects.get(unit=family.vuxen).matter == CaseMatter.GENERAL
    assert refused.status_code == 400
    assert 'value="Annan"' in refused.content.decode()
    assert Case.objects.filter(unit=family.vuxen).count() == 1


def test_r20_the_api_saves_the_matter_and_returns_the_proposal(family, on_a_weekday):
    from tests.coordination.test_api import api_client

    young = someone("2007-01-15", registered_by_unit=family.vuxen)
    client = api_client(family.vuxen_caseworker)

    response = client.post(
        "/api/cases/", {"individual": young.pk, "matter": "traffic_sobriety"}, format="json"
    )
    refused = client.post("/api/cases/", {"individual": young.pk, "matter": "x"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["matter"] == "traffic_sobriety"
    assert body["routing_proposal"]["source"] == "001"
    assert body["routing_proposal"]["target_unit_kind"] == "vuxen"
    assert [unit["name"] for unit in body["routing_proposal"]["units"]] == ["Vuxengruppen"]
    assert body["follows_proposal"] is True
    assert Case.objects.get(individual=young).matter == CaseMatter.TRAFFIC_SOBRIETY
    assert refused.status_code == 400
    assert "matter" in refused.json()
