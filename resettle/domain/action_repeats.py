"""Actions that repeat: every week or every other week on one weekday.

"Go to the job club on Tuesday mornings" is one action with a repeat, edited once and printed
as one line ("Every Tuesday morning, 1 June to 29 June"), not eight copies. The action's due
date is when the repeats start; the first time is the first of the repeat's weekday on or
after it. They stop on an end date (``ends``: a date, or days from release like any due date)
or when something happens (``until``: "you start work"), which only people can tell.

A time that falls on an England and Wales bank holiday is left out (the group or office is
shut); the copies list those days so nobody turns up to a locked door.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StringConstraints, field_validator, model_validator

from resettle.domain.due_dates import DueDate, Frozen, counted_day, resolve_due
from resettle.domain.working_days import bank_holidays

UntilText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

#: The longest a repeat may run, first time to last: longer is almost certainly a typing
#: mistake (and no licence period in a resettlement plan needs more).
MAX_REPEAT_DAYS = 730
#: The ``plan_actions`` columns a repeat is stored in (``storage/plan_action_columns.py``), by
#: name, for the exports that list them.
REPEAT_COLUMNS = (
    "repeat_every",
    "repeat_weekday",
    "repeat_part_of_day",
    "repeat_ends_kind",
    "repeat_ends_on",
    "repeat_ends_offset_days",
    "repeat_until",
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_UNTIL = re.compile(r"^\s*(until|till|til|unless)\b[\s,:]*", re.IGNORECASE)
#: How many bank holidays in a row the first time may skip (Christmas and Boxing Day, twice).
_FIRST_TIME_TRIES = 4


class RepeatEvery(StrEnum):
    WEEK = "week"
    FORTNIGHT = "fortnight"

    @property
    def days(self) -> int:
        return 7 if self is RepeatEvery.WEEK else 14


class PartOfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class Repeat(Frozen):
    """How an action repeats. Exactly one of ``ends`` (the last day it may fall on) and
    ``until`` (the event that ends it, in the person's words: "you start work")."""

    every: RepeatEvery
    weekday: int = Field(ge=0, le=6)  # date.weekday(): Monday 0
    part_of_day: PartOfDay | None = None
    ends: DueDate | None = None
    until: UntilText | None = None

    @field_validator("until")
    @classmethod
    def _without_its_own_until(cls, value: str | None) -> str | None:
        """ "until you find work" typed in the box is kept as "you find work": the copies say
        "until" themselves (a trial printed "until until you find work")."""
        if value is None:
            return None
        words = until_words(value)
        if not words:
            raise ValueError("say what ends the repeats, not only 'until'")
        return words

    @model_validator(mode="after")
    def _one_end(self) -> Self:
        if (self.ends is None) == (self.until is None):
            raise ValueError("a repeat ends either on a date or when something happens")
        if self.ends is not None and self.ends.pinned:
            raise ValueError("a repeat's end date is never moved, so it is not pinned")
        return self


def until_words(text: str) -> str:
    """What ends a repeat, without an "until" of its own at the start (the copies add it)."""
    return _UNTIL.sub("", text).strip()


def first_time(start: date, repeat: Repeat) -> date:
    """The first time on or after ``start``: the repeat's weekday, skipping bank holidays."""
    first = start + timedelta(days=(repeat.weekday - start.weekday()) % 7)
    for _ in range(_FIRST_TIME_TRIES):
        if first not in bank_holidays((first.year,)):
            break
        first += timedelta(days=repeat.every.days)
    return first


@dataclass(frozen=True)
class RepeatDates:
    """When a repeat happens, once its start (and end) are known.

    ``last`` is None when it runs until something happens, or its end is not known yet
    (days from a release date not recorded); ``times`` then lists nothing. ``closed`` are the
    bank holidays its schedule lands on, which are left out of ``times``.
    """

    first: date
    last: date | None = None
    times: tuple[date, ...] = ()
    closed: tuple[date, ...] = ()


def repeat_dates(
    repeat: Repeat, start: date, release_date: date | None, up_to: date | None = None
) -> RepeatDates:
    """The repeat's times from ``start`` (the action's resolved due date). One that runs until
    something happens has no last time; with ``up_to`` its times are listed to that day (a
    calendar showing them), ``last`` staying None."""
    first = first_time(start, repeat)
    end = counted_day(repeat.ends, release_date)
    open_ended = end is None and repeat.until is not None and up_to is not None
    if open_ended:
        end = up_to
    if end is None or end < first:
        return RepeatDates(first=first)
    end = min(end, first + timedelta(days=MAX_REPEAT_DAYS))
    scheduled = []
    on = first
    while on <= end:
        scheduled.append(on)
        on += timedelta(days=repeat.every.days)
    shut = bank_holidays({d.year for d in scheduled})
    times = tuple(d for d in scheduled if d not in shut)
    if not times:
        return RepeatDates(first=first)
    # Only the bank holidays inside the series: one after its last time is not in it.
    closed = tuple(d for d in scheduled if d in shut and d < times[-1])
    return RepeatDates(
        first=first, last=None if open_ended else times[-1], times=times, closed=closed
    )


def _day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def repeat_problems(
    repeat: Repeat, due: DueDate | None, release_date: date | None, name: str
) -> list[tuple[str, str, str]]:
    """What stops a repeat being saved, as (field, code, message): it needs a start date,
    and it ends after its first time and within :data:`MAX_REPEAT_DAYS` of it. ``name`` is
    how the message names the action ("action 3 ('Go to the job club')")."""
    if due is None:
        return [
            (
                "due",
                "repeat_needs_start",
                f"Give {name} a due date: it repeats from that day.",
            )
        ]
    start, end = resolve_due(due, release_date), counted_day(repeat.ends, release_date)
    if start is None or end is None:
        return []  # days from a release date not recorded yet: checked once it is
    first = first_time(start, repeat)
    if end < first:
        return [
            (
                "repeat",
                "repeat_ends_before_first",
                f"The repeats of {name} end on {_day(end)}, before the first time "
                f"({_day(first)}). Choose a later end.",
            )
        ]
    if (end - first).days > MAX_REPEAT_DAYS:
        return [
            (
                "repeat",
                "repeat_too_long",
                f"The repeats of {name} run for more than two years (to {_day(end)}). "
                "Choose an earlier end.",
            )
        ]
    return []
