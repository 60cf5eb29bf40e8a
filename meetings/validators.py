"""Keeps identity numbers out of the submissions' free text (R22: an anonymous consultation
stores no identity; an individual's identity comes from the linked case, never from text)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Six or eight digits (a plausible date, or a coordination number's day + 60), an optional
# separator (-, + or a space), four digits: what a personnummer or samordningsnummer looks like.
_LOOKS_LIKE = re.compile(
    r"(?<![\d])(?:(?:18|19|20)\d{2}|\d{2})(?P<month>\d{2})(?P<day>\d{2})[-+ ]?\d{4}(?![\d])",
    re.ASCII,
)

IDENTITY_NUMBER_MESSAGE = _(
    "Remove the personal identity number: a submission carries no identity number in its text "
    "(an anonymous consultation no identity at all)."
)


def looks_like_identity_number(text: str) -> bool:
    """Whether the text holds something shaped like a personal identity or coordination number."""
    for match in _LOOKS_LIKE.finditer(text or ""):
        month, day = int(match["month"]), int(match["day"])
        if 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91):
            return True
    return False


def validate_no_identity_number(value: str) -> None:
    if looks_like_identity_number(value):
        raise ValidationError(IDENTITY_NUMBER_MESSAGE, code="identity_number")
