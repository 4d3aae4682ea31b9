"""A repeating action's "when", in words: one line for the whole series, on either copy.

The person reads "Every Tuesday morning" over "2 Jun to 30 Jun 2026" (or "from 2 Jun 2026
until you start work"); the officer reads "Weekly, Tuesday morning" over the dates and how
many times. Bank holidays the schedule lands on are named, since the group is shut then.
"""

from __future__ import annotations

from datetime import date

from resettle.domain.action_repeats import WEEKDAY_NAMES, RepeatEvery
from resettle.domain.plan import DuePhrase
from resettle.domain.plan_document import ActionLine, RepeatLine
from resettle.reports.labels import due_officer, due_person
from resettle.reports.text import short_date


def _day_name(repeat: RepeatLine) -> str:
    name = WEEKDAY_NAMES[repeat.weekday]
    return f"{name} {repeat.part_of_day.value}" if repeat.part_of_day else name


def _dates(first: date, last: date, long: bool) -> str:
    """'2 Jun to 30 Jun 2026' ('2 June to 30 June 2026' in long form): the year once when
    both fall in it."""
    month = "%B" if long else "%b"
    end = f"{last.day} {last:{month} %Y}"
    if first.year == last.year:
        return f"{first.day} {first:{month}} to {end}"
    return f"{first.day} {first:{month} %Y} to {end}"


def _one_date(value: date, long: bool) -> str:
    return f"{value.day} {value:%B %Y}" if long else short_date(value)


def person_heading(repeat: RepeatLine) -> str:
    """'Every Tuesday morning', 'Every other Thursday'."""
    every = "Every" if repeat.every is RepeatEvery.WEEK else "Every other"
    return f"{every} {_day_name(repeat)}"


def person_span(line: ActionLine, repeat: RepeatLine, long: bool = False) -> str:
    """When the series runs, in the person's words."""
    start = (
        _one_date(line.due_on, long) if line.due_on else due_person(line.due_phrase, line.due_days)
    )
    if repeat.until:
        return f"from {start} until {repeat.until}"
    if line.due_on is not None and repeat.last_on is not None:
        return _dates(line.due_on, repeat.last_on, long)
    if repeat.ends_phrase is not DuePhrase.NO_DATE and line.due_on is None:
        return f"from {start} to {due_person(repeat.ends_phrase, repeat.ends_days)}"
    return f"from {start}"


def closed_days(repeat: RepeatLine, long: bool = False) -> str:
    """'Not on 31 Aug 2026, a bank holiday'; "" when the schedule misses none."""
    if not repeat.closed:
        return ""
    days = ", ".join(_one_date(d, long) for d in repeat.closed)
    if len(repeat.closed) > 1:
        return f"Not on {days}: bank holidays"
    return f"Not on {days}, a bank holiday"


def person_when(line: ActionLine, repeat: RepeatLine, long: bool = False) -> list[str]:
    """The person's lines: heading, span and any bank holidays left out."""
    return [
        x
        for x in (person_heading(repeat), person_span(line, repeat, long), closed_days(repeat))
        if x
    ]


def officer_when(line: ActionLine, repeat: RepeatLine) -> list[str]:
    """The officer's lines: 'Every week, Tuesday morning', dates and times, bank holidays
    (the dialog's words: 'Every other week', not 'Fortnightly')."""
    every = "Every week" if repeat.every is RepeatEvery.WEEK else "Every other week"
    start = due_officer(line.due_phrase, line.due_days).lower()
    if repeat.until:
        span = f"from {short_date(line.due_on) if line.due_on else start} until {repeat.until}"
    elif line.due_on is not None and repeat.last_on is not None:
        times = "1 time" if repeat.times == 1 else f"{repeat.times} times"
        span = f"{_dates(line.due_on, repeat.last_on, long=False)} ({times})"
    else:
        span = f"from {start} to {due_officer(repeat.ends_phrase, repeat.ends_days).lower()}"
    return [x for x in (f"{every}, {_day_name(repeat)}", span, closed_days(repeat)) if x]
