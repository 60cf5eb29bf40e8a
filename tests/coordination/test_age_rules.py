"""Age rules per organisation (R16) and the handover notice they imply (R17): when the youth
unit's responsibility for a case ends, why, and the exceptions its managers agree."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext as _

from coordination.models import (
    AccessLogEntry,
    AccessOutcome,
    AgeCondition,
    AgeException,
    Case,
)
from coordination.selectors_age import birthday, responsibility_ends
from coordination.services import case_register, individual_create
from coordination.services.age import age_exception_record, age_exception_withdraw
from tests.factories import member
from units.models import Role

STOCKHOLM = ZoneInfo("Europe/Stockholm")

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2025, 6, 2, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def stockholm(load_organisation):
    return load_organisation("stockholm-district")


def youth_case(organisation, born: datetime.date, legal_bases=(), unit_code="bou") -> Case:
    unit = organisation.units.get(code=unit_code)
    caseworker = member(Role.CASEWORKER, unit=unit)
    individual = individual_create(first_name="Ung", last_name="Person", birth_date=born)
    return case_register(
        actor=caseworker, individual=individual, unit=unit, legal_bases=list(legal_bases)
    )


def ends_for(case: Case):
    return responsibility_ends([case]).get(case.pk)


BORN = datetime.date(2007, 9, 14)


# --- the organisations' rules -------------------------------------------------------------


def test_r16_osthammar_bou_until_20th_birthday(osthammar):
    end = ends_for(youth_case(osthammar, BORN, ["sol"]))
    assert end.ends_on == datetime.date(2027, 9, 14)
    assert end.age == 20
    assert end.condition == AgeCondition.NONE
    assert "20" in end.reason
    assert end.exception is None


def test_r16_osthammar_lvu_until_21st_birthday(osthammar):
    end = ends_for(youth_case(osthammar, BORN, ["lvu"]))
    assert end.ends_on == datetime.date(2028, 9, 14)
    assert end.condition == AgeCondition.LVU
    assert str(AgeCondition.LVU.label) in end.reason or _("Care under LVU") in end.reason


def test_r16_osthammar_family_home_during_upper_secondary_until_21(osthammar):
    both = ends_for(
        youth_case(osthammar, BORN, ["family_home_placement", "upper_secondary_studies"])
    )
    assert both.ends_on == datetime.date(2028, 9, 14)
    assert both.condition == AgeCondition.FAMILY_HOME_UPPER_SECONDARY
    # A family-home placement alone is not enough in Östhammar (001).
    only_placement = ends_for(youth_case(osthammar, BORN, ["family_home_placement"]))
    assert only_placement.ends_on == datetime.date(2027, 9, 14)


def test_r16_application_thresholds_do_not_end_responsibility(osthammar):
    # The 18-year rows for financial aid and housing support route applications (R16).
    end = ends_for(youth_case(osthammar, BORN))
    assert end.age == 20


def test_r16_stockholm_bou_until_19_and_21_placed_by_family_care(stockholm):
    plain = ends_for(youth_case(stockholm, BORN, ["sol"]))
    placed = ends_for(youth_case(stockholm, BORN, ["family_home_placement"]))
    assert plain.ends_on == datetime.date(2026, 9, 14)
    assert plain.first_notice_on is None  # 003 asks for no earlier notice
    assert placed.ends_on == datetime.date(2028, 9, 14)
    assert placed.condition == AgeCondition.PLACED_BY_FAMILY_CARE


def test_r17_notice_six_months_before_and_first_notice_at_18(osthammar):
    end = ends_for(youth_case(osthammar, datetime.date(2007, 8, 31)))
    assert end.ends_on == datetime.date(2027, 8, 31)
    assert end.notice_on == datetime.date(2027, 2, 28)  # clamped to the end of February
    assert end.first_notice_on == datetime.date(2025, 8, 31)  # 001: preferably at 18


def test_r16_other_unit_kinds_and_closed_cases_are_absent(osthammar):
    adult = youth_case(osthammar, BORN, unit_code="vuxen")
    reception = youth_case(osthammar, BORN, unit_code="bou-mottagning")
    young = youth_case(osthammar, BORN)
    young.status = "closed"
    assert responsibility_ends([adult, reception, young]) == {}


# --- 29 February --------------------------------------------------------------------------


LEAP_BORN = datetime.date(2008, 2, 29)


def test_r16_birthday_of_someone_born_on_29_february():
    assert birthday(LEAP_BORN, 20) == datetime.date(2028, 2, 29)  # a leap year
    assert birthday(LEAP_BORN, 19) == datetime.date(2027, 3, 1)
    assert birthday(LEAP_BORN, 19, leap_day="02-28") == datetime.date(2027, 2, 28)


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=STOCKHOLM), tick=False)
@pytest.mark.parametrize(("setting", "expected"), [("03-01", (3, 1)), ("02-28", (2, 28))])
def test_r16_leap_day_birthday_follows_the_organisation(stockholm, setting, expected):
    stockholm.leap_day_birthday = setting
    stockholm.save()
    end = ends_for(youth_case(stockholm, LEAP_BORN))
    assert end.ends_on == datetime.date(2027, *expected)  # Stockholm: the 19th birthday
    # R17: six months before, same day of the month.
    assert end.notice_on == datetime.date(2026, expected[0] + 6, expected[1])


# --- agreed exceptions --------------------------------------------------------------------


@pytest.fixture
def bou_manager(osthammar):
    return member(Role.UNIT_MANAGER, unit=osthammar.units.get(code="bou"))


@time_machine.travel(TODAY, tick=False)
def test_r16_agreed_exception_overrides_and_withdrawal_restores(osthammar, bou_manager):
    case = youth_case(osthammar, BORN, ["lvu"])
    exception = age_exception_record(
        actor=bou_manager,
        case=case,
        responsibility_ends_on=datetime.date(2029, 1, 31),
        reason="Avslutar gymnasiet i januari",
    )
    end = ends_for(case)
    assert end.ends_on == datetime.date(2029, 1, 31)
    assert end.exception == exception
    assert "Avslutar gymnasiet i januari" in end.reason
    assert end.notice_on == datetime.date(2028, 7, 31)
    assert end.age is None

    age_exception_withdraw(actor=bou_manager, exception=exception)
    end = ends_for(case)
    assert end.ends_on == datetime.date(2028, 9, 14)  # LVU: the 21st birthday again
    assert end.exception is None
    assert exception.history.count() == 2  # recorded, then withdrawn: history kept


@time_machine.travel(TODAY, tick=False)
def test_r16_a_new_exception_replaces_the_live_one(osthammar, bou_manager):
    case = youth_case(osthammar, BORN)
    first = age_exception_record(
        actor=bou_manager, case=case, responsibility_ends_on=datetime.date(2028, 1, 1), reason="A"
    )
    age_exception_record(
        actor=bou_manager, case=case, responsibility_ends_on=datetime.date(2028, 6, 1), reason="B"
    )
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert ends_for(case).ends_on == datetime.date(2028, 6, 1)


# --- queries ------------------------------------------------------------------------------


def test_r16_constant_number_of_queries(osthammar, stockholm, django_assert_num_queries):
    cases = [youth_case(osthammar, BORN, ["lvu"]) for _i in range(10)]
    cases += [youth_case(stockholm, BORN) for _i in range(10)]
    cases.append(youth_case(osthammar, BORN, unit_code="vuxen"))
    loaded = Case.objects.select_related("unit", "individual")
    one = list(loaded.filter(pk=cases[0].pk))
    many = list(loaded.filter(pk__in=[c.pk for c in cases]))
    with django_assert_num_queries(2):  # thresholds, exceptions
        assert len(responsibility_ends(one)) == 1
    with django_assert_num_queries(2):
        assert len(responsibility_ends(many)) == 20
    plain = list(Case.objects.filter(pk__in=[c.pk for c in cases]))
    with django_assert_num_queries(3):  # one more to load units and individuals
        assert len(responsibility_ends(plain)) == 20


# --- the case page and the exception page -------------------------------------------------


def login(client, user):
    client.force_login(user)
    return client


def record_url(case) -> str:
    return reverse("coordination:age_exception_record", args=[case.pk])


@time_machine.travel(TODAY, tick=False)
def test_r16_case_page_shows_date_reason_and_notice(client, family, django_assert_max_num_queries):
    # given the family's child has an LVU case at BoU
    case = family.child_case
    end = ends_for(case)
    login(client, family.bou_caseworker)
    # when the caseworker opens the case
    with django_assert_max_num_queries(60):
        response = client.get(reverse("coordination:case_detail", args=[case.pk]))
    # then the panel says until when and why, and when to announce the handover (R17)
    html = response.content.decode()
    assert response.status_code == 200
    assert end.ends_on.isoformat() in html
    assert end.notice_on.isoformat() in html
    assert end.reason in html
    assert record_url(case) not in html  # a caseworker does not decide exceptions


@time_machine.travel(TODAY, tick=False)
def test_r16_manager_sees_the_link_and_records_an_exception(client, family):
    manager = member(Role.DEPUTY_UNIT_MANAGER, unit=family.bou)
    case = family.child_case
    login(client, manager)
    page = client.get(reverse("coordination:case_detail", args=[case.pk])).content.decode()
    assert record_url(case) in page
    assert client.get(record_url(case)).status_code == 200

    response = client.post(
        record_url(case),
        {"responsibility_ends_on": "2037-01-31", "reason": "Överenskommet vid samverkansmötet"},
    )
    assert response.status_code == 302
    page = client.get(reverse("coordination:case_detail", args=[case.pk])).content.decode()
    assert "2037-01-31" in page
    assert "Överenskommet vid samverkansmötet" in page

    exception = AgeException.objects.get(case=case)
    withdraw = reverse("coordination:age_exception_withdraw", args=[case.pk, exception.pk])
    assert client.post(withdraw).status_code == 302
    exception.refresh_from_db()
    assert exception.withdrawn_at is not None


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"responsibility_ends_on": "2025-06-02", "reason": "Idag"}, "responsibility_ends_on"),
        ({"responsibility_ends_on": "2024-01-01", "reason": "Förr"}, "responsibility_ends_on"),
        ({"responsibility_ends_on": "inte ett datum", "reason": "X"}, "responsibility_ends_on"),
        ({"responsibility_ends_on": "2030-01-01", "reason": "   "}, "reason"),
        ({"responsibility_ends_on": "", "reason": ""}, "reason"),
    ],
)
def test_r16_invalid_exception_saves_nothing(client, family, data, field):
    manager = member(Role.UNIT_MANAGER, unit=family.bou)
    login(client, manager)
    response = client.post(record_url(family.child_case), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert data["reason"] in response.content.decode()  # what the user typed stays
    assert not AgeException.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "other_unit_manager", "controller"])
def test_r4_exception_page_answers_404_and_logs_the_denial(client, family, who):
    case = family.child_case
    user = {
        "caseworker": lambda: family.bou_caseworker,
        "other_unit_manager": lambda: member(Role.UNIT_MANAGER, unit=family.vuxen),
        "controller": lambda: member(Role.CONTROLLER, organisation=family.organisation),
    }[who]()
    login(client, user)
    assert client.get(record_url(case)).status_code == 404
    data = {"responsibility_ends_on": "2037-01-31", "reason": "x"}
    assert client.post(record_url(case), data).status_code == 404
    assert not AgeException.objects.exists()
    assert AccessLogEntry.objects.filter(
        user=user, case=case, outcome=AccessOutcome.DENIED
    ).exists()


@time_machine.travel(TODAY, tick=False)
def test_r4_only_managers_of_the_case_unit_may_withdraw(client, family):
    manager = member(Role.UNIT_MANAGER, unit=family.bou)
    exception = age_exception_record(
        actor=manager,
        case=family.child_case,
        responsibility_ends_on=datetime.date(2037, 1, 31),
        reason="Överenskommet",
    )
    login(client, family.bou_caseworker)
    withdraw = reverse(
        "coordination:age_exception_withdraw", args=[exception.case_id, exception.pk]
    )
    assert client.post(withdraw).status_code == 404
    exception.refresh_from_db()
    assert exception.withdrawn_at is None
