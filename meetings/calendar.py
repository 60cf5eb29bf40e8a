"""The meetings' calendar (R21): cadence dates, Swedish working days and the submission cutoff.

Pure functions of dates and settings; local rules are computed in Europe/Stockholm with
zoneinfo (STYLE rule 9), so "12:00 the day before" is 12:00 on the wall clock on both sides of
a daylight-saving change.
"""

import calendar
import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from meetings.models import Recurrence

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cadence_dates(
    *,
    first_date: datetime.date,
    recurrence: str,
    interval: int,
    start: datetime.date,
    end: datetime.date,
) -> list[datetime.date]:
    """The series' dates from `start` to `end` inclusive: every N weeks or N months counted
    from the first date (never from the previous, possibly clamped, date)."""
    dates: list[datetime.date] = []
    if recurrence == Recurrence.WEEKS:
        step = 7 * interval
        skip = max(0, (start - first_date).days // step)
        day = first_date + datetime.timedelta(days=skip * step)
        while day <= end:
            if day >= start:
                dates.append(day)
            day += datetime.timedelta(days=step)
        return dates
    k = max(
        0, ((start.year - first_date.year) * 12 + start.month - first_date.month) // interval - 1
    )
    while (day := _add_months(first_date, k * interval)) <= end:
        if day >= start:
            dates.append(day)
        k += 1
    return dates


@lru_cache(maxsize=32)
def _swedish_holidays(year: int) -> holidays.HolidayBase:
    # Public holidays plus the de facto ones (midsommarafton, julafton, nyårsafton): offices
    # are closed on those too.
    return holidays.SE(years=year, categories=("public", "de_facto"), language="sv")


def holiday_name(day: datetime.date) -> str:
    """The Swedish public holiday on `day` (midsommarafton and julafton included), or ""."""
    table = _swedish_holidays(day.year)
    return str(table.get(day) or "")


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a Swedish public holiday (R21)."""
    if day.weekday() >= 5:
        return False
    # holidays.SE lists Sundays as "Söndag": the weekday check above already covers them.
    return not holiday_name(day)


def submission_cutoff(
    *, meeting_date: datetime.date, days_before: int, at: datetime.time
) -> datetime.datetime:
    """When submissions to a meeting close (R22): `at` local time, `days_before` days before.

    Built as a wall-clock time in Europe/Stockholm, so its UTC offset is the one of that day,
    whatever the offset on the meeting day or today.
    """
    day = meeting_date - datetime.timedelta(days=days_before)
    return datetime.datetime.combine(day, at, tzinfo=STOCKHOLM)
