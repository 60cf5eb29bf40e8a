"""Parsing and validation of Swedish personal identity and coordination numbers."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COORDINATION_DAY_OFFSET = 60

# re.ASCII keeps other scripts' digits (Arabic-Indic, superscripts) out of \d: only 0-9 count.
_NUMBER_PATTERN = re.compile(
    r"(?P<date>\d{6}|\d{8})(?P<separator>[-+]?)(?P<serial>\d{3})(?P<check>\d)", re.ASCII
)
_PERMITTED_CHARACTERS = re.compile(r"[\d+-]*", re.ASCII)

_MESSAGES: dict[str, Promise] = {
    "empty": _("Enter a personal identity or coordination number."),
    "format": _(
        "Write the number with digits only, optionally with - or + before the last four "
        "digits, for example YYYYMMDD-NNNN."
    ),
    "length": _("A personal identity number has 10 or 12 digits."),
    "checksum": _("The check digit is wrong: check the last four digits."),
    "date": _("The date in the number does not exist."),
    "serial": _("The three digits after the date cannot be 000."),
    "future": _("The date in the number is in the future."),
}


class IdentityNumberError(ValueError):
    """An invalid identity number; `code` is machine-readable, `message` is for the user."""

    def __init__(self, code: str, message: str | Promise) -> None:
        # The message stays a lazy proxy: it is translated only when displayed.
        super().__init__(message)
        self.code = code
        self.message = message

    @classmethod
    def for_code(cls, code: str) -> "IdentityNumberError":
        """The error for `code` with its standard message."""
        return cls(code, _MESSAGES[code])


@dataclass(frozen=True)
class IdentityNumber:
    """A valid personal identity number (personnummer) or coordination number."""

    canonical: str
    birth_date: datetime.date
    is_coordination_number: bool

    def __str__(self) -> str:
        return self.formatted()

    @property
    def is_female(self) -> bool:
        """The second-to-last digit is even for women and odd for men."""
        return int(self.canonical[10]) % 2 == 0

    @property
    def is_male(self) -> bool:
        """The second-to-last digit is odd for men."""
        return not self.is_female

    @property
    def birth_date_is_approximate(self) -> bool:
        """Whether the number leaves the month (00) or the day (60) of birth unknown."""
        return self.canonical[4:6] == "00" or self.canonical[6:8] == "60"

    def formatted(self) -> str:
        """The number as YYYYMMDD-NNNC."""
        return f"{self.canonical[:8]}-{self.canonical[8:]}"

    def short_formatted(self, *, today: datetime.date) -> str:
        """The number as YYMMDD-NNNC, with + instead of - from the 100th birthday on."""
        separator = "+" if _has_turned_100(self.birth_date, today) else "-"
        return f"{self.canonical[2:8]}{separator}{self.canonical[8:]}"


def parse_identity_number(value: str, *, today: datetime.date | None = None) -> IdentityNumber:
    """Parse a personnummer or samordningsnummer in any common format, or raise.

    Accepts YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDDNNNC and YYYYMMDD-NNNC (a
    separator in the 12-digit form is redundant and ignored). A 10-digit number belongs to
    the most recent century that does not put the birth date after `today`, and one
    century earlier with +. Raises IdentityNumberError.
    """
    if today is None:
        today = _today()
    text = value.strip()
    if not text:
        raise IdentityNumberError.for_code("empty")
    match = _NUMBER_PATTERN.fullmatch(text)
    if match is None:
        digit_count = sum(character.isascii() and character.isdigit() for character in text)
        if _PERMITTED_CHARACTERS.fullmatch(text) and digit_count not in (10, 12):
            raise IdentityNumberError.for_code("length")
        raise IdentityNumberError.for_code("format")

    date_digits, separator, serial, check = match.group("date", "separator", "serial", "check")
    if _luhn_check_digit(date_digits[-6:] + serial) != int(check):
        raise IdentityNumberError.for_code("checksum")

    month = int(date_digits[-4:-2])
    day = int(date_digits[-2:])
    is_coordination_number = day >= COORDINATION_DAY_OFFSET
    if is_coordination_number:
        day -= COORDINATION_DAY_OFFSET
    elif month == 0 or day == 0:
        raise IdentityNumberError.for_code("date")
    # Coordination numbers may leave the month (00) or day (60) unknown; the earliest date
    # the number allows stands in for it, so an age computed from it is never too low.
    month, day = month or 1, day or 1

    if len(date_digits) == 8:
        year = int(date_digits[:4])
    else:
        year = _resolve_year(int(date_digits[:2]), month, day, separator == "+", today)
    try:
        # Coordination numbers too: Skatteverket has confirmed that the 30 Februarys in its
        # own test coordination numbers are errors in the test data.
        birth_date = datetime.date(year, month, day)
    except ValueError:
        raise IdentityNumberError.for_code("date") from None
    if serial == "000":
        # Skatteverket/SCB: the birth number (födelsenummer) is one of 001-999.
        raise IdentityNumberError.for_code("serial")
    if birth_date > today:
        raise IdentityNumberError.for_code("future")
    return IdentityNumber(
        canonical=f"{birth_date.year:04d}{date_digits[-4:]}{serial}{check}",
        birth_date=birth_date,
        is_coordination_number=is_coordination_number,
    )


def is_valid_identity_number(value: str, *, today: datetime.date | None = None) -> bool:
    """Whether `value` is a valid personnummer or samordningsnummer."""
    try:
        parse_identity_number(value, today=today)
    except IdentityNumberError:
        return False
    return True


def _today() -> datetime.date:
    if settings.configured:
        return timezone.localdate() if settings.USE_TZ else timezone.now().date()
    # Without Django settings, the machine's local time zone is the best guess.
    return datetime.datetime.now().astimezone().date()


def _luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for index, digit in enumerate(nine_digits):
        product = int(digit) * (2 - index % 2)
        total += product // 10 + product % 10
    return -total % 10


def _resolve_year(
    two_digit_year: int, month: int, day: int, centenarian: bool, today: datetime.date
) -> int:
    year = today.year - (today.year - two_digit_year) % 100
    # Compared as tuples: the date may not exist (30 February), which is reported later.
    if year == today.year and (month, day) > (today.month, today.day):
        year -= 100
    return year - 100 if centenarian else year


def _has_turned_100(birth_date: datetime.date, today: datetime.date) -> bool:
    # Tuples rather than date arithmetic: 29 February has no 100th anniversary in 2100.
    hundredth_year = birth_date.year + 100
    return (today.year, today.month, today.day) >= (
        hundredth_year,
        birth_date.month,
        birth_date.day,
    )
