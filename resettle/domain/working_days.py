"""Working days in England and Wales: weekends and bank holidays are closed days.

Bank holidays come from the maintained ``holidays`` package (substitute days included, e.g.
Monday 28 December 2026 for Boxing Day on a Saturday), never from a table of our own. Group
sessions skip them (``programmes/sessions.py``); plans move "N days after release" actions
off them and flag a release date that falls on one (``plan_calendar.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache

import holidays
from pydantic import BaseModel, ConfigDict

#: Saturday and Sunday, as ``date.weekday()`` numbers them.
WEEKEND = frozenset({5, 6})


class ClosedReason(StrEnum):
    WEEKEND = "weekend"
    BANK_HOLIDAY = "bank_holiday"


@lru_cache(maxsize=64)
def _year_holidays(year: int) -> frozenset[dt.date]:
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=[year])
    return frozenset(calendar.keys())


def bank_holidays(years: Iterable[int]) -> frozenset[dt.date]:
    """England and Wales bank holidays in ``years``."""
    found: set[dt.date] = set()
    for year in years:
        found |= _year_holidays(year)
    return frozenset(found)


def closed_reason(day: dt.date) -> ClosedReason | None:
    """Why ``day`` is not a working day (a bank holiday on a weekend is a weekend); None
    when it is one."""
    if day.weekday() in WEEKEND:
        return ClosedReason.WEEKEND
    if day in _year_holidays(day.year):
        return ClosedReason.BANK_HOLIDAY
    return None


def is_working_day(day: dt.date) -> bool:
    return closed_reason(day) is None


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def previous_working_day(day: dt.date) -> dt.date:
    """The last working day before ``day`` (never ``day`` itself)."""
    day -= dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


class ReleaseDayNote(BaseModel):
    """A release date on a closed day: in England and Wales, release then normally happens
    on the previous working day (``working_day``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    release_date: dt.date
    reason: ClosedReason
    working_day: dt.date


def release_day_note(release_date: dt.date | None) -> ReleaseDayNote | None:
    """The note for a release date on a weekend or bank holiday; None otherwise."""
    if release_date is None:
        return None
    reason = closed_reason(release_date)
    if reason is None:
        return None
    return ReleaseDayNote(
        release_date=release_date,
        reason=reason,
        working_day=previous_working_day(release_date),
    )
