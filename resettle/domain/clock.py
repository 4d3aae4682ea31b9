"""Today's date, read in one place.

Every rule that turns on the day (a date in the future, days to release, an overdue action,
readiness) asks :func:`today` rather than the system clock, so the whole application agrees on
the day, and a test suite that runs across midnight can hold the day still
(:func:`hold_today`) instead of comparing dates taken either side of it. Times of day (audit
rows, save stamps) are not held: they come from the database or the system clock as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from resettle.domain.moments import aware

_day_source: Callable[[], dt.date] = dt.date.today


def today() -> dt.date:
    """The local calendar day, or the day held by :func:`hold_today`."""
    return _day_source()


def day_of(moment: dt.datetime) -> dt.date:
    """The local calendar day a stored moment fell on (a moment without a zone is UTC, as the
    database stores it). Not the UTC day: a save at 00:30 in summer is on the local day."""
    return aware(moment).astimezone().date()


def hold_today(day: dt.date) -> None:
    """Make :func:`today` return *day* until :func:`follow_system_clock` is called."""
    global _day_source
    _day_source = lambda: day  # noqa: E731 - a constant source, replaced as a whole


def follow_system_clock() -> None:
    """Undo :func:`hold_today`: :func:`today` reads the system's local date again."""
    global _day_source
    _day_source = dt.date.today
