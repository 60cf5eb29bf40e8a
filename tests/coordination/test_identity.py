"""Personnummer and samordningsnummer parsing against Skatteverket's official test numbers."""

import datetime
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise
from hypothesis import given, settings
from hypothesis import strategies as st

from coordination.identity import (
    IdentityNumber,
    IdentityNumberError,
    is_valid_identity_number,
    parse_identity_number,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "personnummer"
PINS: list[str] = json.loads((DATA / "allPins.json").read_text())
COORDINATION_NUMBERS: list[str] = json.loads((DATA / "allCoords.json").read_text())
LIST_CASES: list[dict] = json.loads((DATA / "list.json").read_text())
LIST_FORMATS = ["long_format", "short_format", "separated_format", "separated_long", "integer"]

# A fixed "today" keeps the tests independent of the clock. allPins.json runs to 2023-12-31,
# and list.json's short forms only assume a today after 2021-07-31 (its 210791-9967 is a
# coordination number born that day) and before 2100 (0905271474 is then born in 2009).
TODAY = datetime.date(2025, 6, 1)
# These 24 in allCoords.json have days their month lacks (1920-04-31, 1930-02-30, 1951-02-29,
# ...). Skatteverket confirmed to ActiveLogin.Identity that such days are not valid and the
# test data is wrong (github.com/ActiveLogin/ActiveLogin.Identity issue 126, PR 132 lists
# exactly these), while month 00 and day 60 are valid. So they are rejected, not accepted.
COORDINATION_NUMBERS_WITH_IMPOSSIBLE_DATES = [
    "192004912388", "193002902397", "193302912385", "193309912388", "194209912387",
    "194804912386", "195102892386", "195109912385", "195202912381", "196602902394",
    "197404912383", "197902902399", "198106912382", "198502902391", "199611912388",
    "200111912382", "200302912381", "200902912385", "201109912384", "201302892383",
    "201402902397", "201402912388", "201604912384", "201902892387",
]  # fmt: skip
VALID_COORDINATION_NUMBERS = sorted(
    set(COORDINATION_NUMBERS) - set(COORDINATION_NUMBERS_WITH_IMPOSSIBLE_DATES)
)
EVERY_OFFICIAL_NUMBER = PINS + VALID_COORDINATION_NUMBERS
NO_DATABASE = settings(database=None)


def with_check_digit(eleven_digits: str) -> str:
    """Completes YYYYMMDDNNN with its Luhn digit, computed independently of the module."""
    doubled_digit_sums = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]
    digits = [int(digit) for digit in eleven_digits[2:]]
    total = sum(doubled_digit_sums[d] if i % 2 == 0 else d for i, d in enumerate(digits))
    return eleven_digits + str((10 - total % 10) % 10)


def error_code(value: str, today: datetime.date = TODAY) -> str:
    with pytest.raises(IdentityNumberError) as excinfo:
        parse_identity_number(value, today=today)
    return excinfo.value.code


def test_every_official_personnummer_parses():
    # R3 (the active-case check) finds individuals by the canonical 12-digit number.
    failures = []
    for number in PINS:
        try:
            parsed = parse_identity_number(number, today=TODAY)
        except IdentityNumberError as exc:
            failures.append((number, exc.code))
            continue
        if parsed.is_coordination_number or parsed.canonical != number:
            failures.append((number, parsed))
        elif parsed.birth_date.strftime("%Y%m%d") != number[:8]:
            failures.append((number, parsed.birth_date))
    assert failures == []
    assert len(PINS) > 40_000


def test_every_official_coordination_number_parses_except_those_with_impossible_dates():
    # R3: a coordination number identifies the individual as firmly as a personnummer.
    rejected = {}
    for number in COORDINATION_NUMBERS:
        try:
            parsed = parse_identity_number(number, today=TODAY)
        except IdentityNumberError as exc:
            rejected[number] = exc.code
            continue
        assert parsed.is_coordination_number, number
        assert parsed.canonical == number
    assert rejected == dict.fromkeys(COORDINATION_NUMBERS_WITH_IMPOSSIBLE_DATES, "date")


@pytest.mark.parametrize(
    ("case", "input_format"),
    [(case, input_format) for case in LIST_CASES for input_format in LIST_FORMATS],
    ids=[f"{case['long_format']}-{fmt}" for case in LIST_CASES for fmt in LIST_FORMATS],
)
def test_list_json_cases_agree_on_validity_type_and_sex(case, input_format):
    # list.json's invalid cases: wrong Luhn digit, a space as separator (and "0" as its
    # integer), and 20150916-0006, whose birth number 000 does not exist (SCB: 001-999).
    value = str(case[input_format])
    assert is_valid_identity_number(value, today=TODAY) is case["valid"]
    if not case["valid"]:
        return
    parsed = parse_identity_number(value, today=TODAY)
    assert parsed.is_coordination_number is (case["type"] == "con")
    assert parsed.is_female is case["isFemale"]
    assert parsed.is_male is case["isMale"]
    if input_format == "short_format":
        # Without a separator there is no "+": 0905271474 is born in 2009, not 1909.
        assert parsed.canonical[2:] == case["long_format"][2:]
    else:
        assert parsed.canonical == case["long_format"]


@NO_DATABASE
@given(number=st.sampled_from(PINS), position=st.integers(2, 11), shift=st.integers(1, 9))
def test_changing_any_digit_of_the_checked_part_fails_the_checksum(number, position, shift):
    # Luhn catches every single-digit substitution in the ten digits it covers; the century
    # digits (positions 0-1) are outside it, so 1990 -> 1890 can still be a valid number.
    changed_digit = str((int(number[position]) + shift) % 10)
    changed = number[:position] + changed_digit + number[position + 1 :]
    assert error_code(changed) == "checksum"


@NO_DATABASE
@given(number=st.sampled_from(EVERY_OFFICIAL_NUMBER))
def test_long_format_round_trips(number):
    parsed = parse_identity_number(number, today=TODAY)
    assert parse_identity_number(parsed.formatted(), today=TODAY) == parsed
    assert parsed.formatted() == f"{number[:8]}-{number[8:]}"


@NO_DATABASE
@given(
    number=st.sampled_from(EVERY_OFFICIAL_NUMBER),
    age_in_days=st.integers(min_value=0, max_value=199 * 365),
)
def test_short_format_round_trips_for_any_age_below_200(number, age_in_days):
    parsed = parse_identity_number(number, today=TODAY)
    today = parsed.birth_date + datetime.timedelta(days=age_in_days)
    short = parsed.short_formatted(today=today)
    assert parse_identity_number(short, today=today).canonical == parsed.canonical


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("19090527-1475", "checksum"),
        ("190905271484", "checksum"),
        (with_check_digit("19990230123"), "date"),
        (with_check_digit("19991301123"), "date"),
        # Month 00 and day 0 are only allowed in coordination numbers.
        (with_check_digit("19990001123"), "date"),
        (with_check_digit("19990100123"), "date"),
        # Day 32-60 is neither a day nor day + 60; 92 and up would be the 32nd.
        (with_check_digit("19990132123"), "date"),
        (with_check_digit("19990159123"), "date"),
        (with_check_digit("19990192123"), "date"),
        (with_check_digit("19990290123"), "date"),
        ("19090527147", "length"),
        ("1909052714744", "length"),
        ("090527-147", "length"),
        ("12345", "length"),
        ("-", "length"),
        ("19090527 1474", "format"),
        ("abcdef-ghij", "format"),
        ("20000101-T220", "format"),
        ("090527--1474", "format"),
        ("0905-271474", "format"),
        ("090527/1474", "format"),
        ("١٩٠٩٠٥٢٧١٤٧٤", "format"),
        ("201509160006", "serial"),
        ("150916-0006", "serial"),
    ],
)
def test_invalid_numbers_report_the_reason(value, code):
    assert error_code(value) == code
    assert is_valid_identity_number(value, today=TODAY) is False


def test_a_twelve_digit_number_born_after_today_is_in_the_future():
    assert error_code("202312312388", today=datetime.date(2023, 12, 30)) == "future"
    on_the_day = parse_identity_number("202312312388", today=datetime.date(2023, 12, 31))
    assert on_the_day.birth_date == datetime.date(2023, 12, 31)


def test_surrounding_whitespace_is_ignored():
    assert parse_identity_number("  19090527-1474\n", today=TODAY).canonical == "190905271474"


@pytest.mark.parametrize(
    ("value", "today", "canonical"),
    [
        # Without "+", the most recent century that does not put the birth in the future.
        ("090527-1474", TODAY, "200905271474"),
        ("0905271474", TODAY, "200905271474"),
        ("090527-1474", datetime.date(2009, 5, 27), "200905271474"),
        ("090527-1474", datetime.date(2009, 5, 26), "190905271474"),
        # "+" means 100 or older: one century further back.
        ("090527+1474", TODAY, "190905271474"),
        ("090527+1474", datetime.date(2009, 5, 27), "190905271474"),
        ("090527+1474", datetime.date(2009, 5, 26), "180905271474"),
        # In the 12-digit form the century is given and the separator says nothing.
        ("19090527+1474", TODAY, "190905271474"),
        ("19090527-1474", TODAY, "190905271474"),
    ],
)
def test_century_of_ten_digit_numbers(value, today, canonical):
    assert parse_identity_number(value, today=today).canonical == canonical


@pytest.mark.parametrize(
    ("birth_date", "today", "short"),
    [
        (datetime.date(1909, 5, 27), datetime.date(2009, 5, 26), "090527-1474"),
        (datetime.date(1909, 5, 27), datetime.date(2009, 5, 27), "090527+1474"),
        (datetime.date(1909, 5, 27), TODAY, "090527+1474"),
    ],
)
def test_short_format_switches_to_plus_on_the_100th_birthday(birth_date, today, short):
    number = IdentityNumber("190905271474", birth_date, is_coordination_number=False)
    assert number.short_formatted(today=today) == short


@pytest.mark.parametrize(
    ("value", "today", "outcome"),
    [
        ("20000229-2399", TODAY, "200002292399"),
        ("000229-2399", TODAY, "200002292399"),
        ("19960229-2394", TODAY, "199602292394"),
        ("18960229-9803", TODAY, "189602299803"),
        # 1900 was no leap year (divisible by 100, not by 400); 2000 was.
        ("19000229-2399", TODAY, "date"),
        ("000229+2399", TODAY, "date"),
        # Before 29 February 2000 the short form can only mean 1900, which had no such day.
        ("000229-2399", datetime.date(2000, 2, 28), "date"),
        ("000229-2399", datetime.date(2000, 2, 29), "200002292399"),
        (with_check_digit("19990229123"), TODAY, "date"),
    ],
)
def test_leap_day(value, today, outcome):
    if outcome == "date":
        assert error_code(value, today=today) == "date"
    else:
        assert parse_identity_number(value, today=today).canonical == outcome


@pytest.mark.parametrize(
    ("number", "birth_date", "approximate"),
    [
        ("191401682396", datetime.date(1914, 1, 8), False),
        # Month 00 (unknown) stands in as January, day 60 (unknown) as the 1st.
        ("191500722390", datetime.date(1915, 1, 12), True),
        ("196100602397", datetime.date(1961, 1, 1), True),
    ],
)
def test_coordination_number_birth_date(number, birth_date, approximate):
    parsed = parse_identity_number(number, today=TODAY)
    assert parsed.is_coordination_number
    assert parsed.birth_date == birth_date
    assert parsed.birth_date_is_approximate is approximate


def test_every_unknown_month_or_day_is_approximated_by_the_earliest_date():
    for number in VALID_COORDINATION_NUMBERS:
        parsed = parse_identity_number(number, today=TODAY)
        month, day = int(number[4:6]), int(number[6:8]) - 60
        assert parsed.birth_date == datetime.date(int(number[:4]), month or 1, day or 1)
        assert parsed.birth_date_is_approximate is (month == 0 or day == 0)


def test_short_format_of_a_coordination_number_keeps_the_day_plus_60():
    parsed = parse_identity_number("202107919967", today=TODAY)
    assert parsed.short_formatted(today=TODAY) == "210791-9967"
    assert str(parsed) == "20210791-9967"


def test_today_defaults_to_the_current_date():
    assert parse_identity_number("19090527-1474").canonical == "190905271474"
    assert is_valid_identity_number("090527+1474")


def test_error_messages_are_lazy():
    # Lazy messages keep the module usable without configured Django settings.
    with pytest.raises(IdentityNumberError) as excinfo:
        parse_identity_number("19090527-1475", today=TODAY)
    assert isinstance(excinfo.value.message, Promise)


def test_each_error_code_has_its_own_message():
    if not apps.ready:
        pytest.skip("translating needs Django set up (run with pytest-django)")
    examples = ["", "1909052714x4", "12345", "19090527-1475", with_check_digit("19990230123")]
    with translation.override("en"):
        messages = {}
        for value in [*examples, "201509160006", "202312312388"]:
            with pytest.raises(IdentityNumberError) as excinfo:
                parse_identity_number(value, today=datetime.date(2023, 1, 1))
            messages[excinfo.value.code] = str(excinfo.value.message)
    assert set(messages) == {"empty", "format", "length", "checksum", "date", "serial", "future"}
    assert len(set(messages.values())) == len(messages)
    assert messages["checksum"] == "The check digit is wrong: check the last four digits."
