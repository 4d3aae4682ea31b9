"""When a rescheduled session may run: checks on a new start time, each refused naming
``starts_at`` (the "New start" field of the reschedule dialog and ``--at`` of the CLI).

- Session hours: a session starts and ends within the establishment's session hours,
  ``SESSION_HOURS`` (08:00 to 20:00 wall clock in England and Wales), the day a prison or
  probation office runs programmes. No offering sets its own hours yet; one window for all.
- Bank holidays: a session does not fall on a bank holiday in England and Wales (the same
  calendar the weekly schedule skips when it generates a group's sessions:
  ``sessions.bank_holidays``, from the ``holidays`` package, which follows
  https://www.gov.uk/bank-holidays).
- Module and session order: a group's sessions run module by module, and within a module in
  session number order. A rescheduled session may not come before a session of an earlier
  module or an earlier session of its own module, nor after a session of a later module or a
  later session of its own module, of the same group. A catch-up is exempt: it repeats a
  session for those who missed it, and is held whenever it can be.
- Held sessions: a session whose start has passed (held, or over without a register) is not
  rescheduled: what happened at it is on record, and what a late joiner owes is counted from
  it; a catch-up repeats it instead (``check_not_started``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import holidays

from resettle.domain.errors import ValidationFailed
from resettle.domain.programmes.sessions import SESSION_ZONE

#: The hours sessions run in, wall clock in England and Wales: start no earlier than the
#: first, end no later than the second.
SESSION_HOURS = (dt.time(8, 0), dt.time(20, 0))


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SESSION_ZONE)
    return moment.astimezone(SESSION_ZONE)


def check_session_hours(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """The session runs within ``SESSION_HOURS`` on one day; refused naming ``starts_at``."""
    start, end = _local(starts_at), _local(ends_at)
    opens, closes = SESSION_HOURS
    if start.time() < opens or end.date() != start.date() or end.time() > closes:
        raise ValidationFailed.single(
            "starts_at",
            "programme_session.outside_hours",
            f"New start: a session at {start:%H:%M}-{end:%H:%M} is outside session hours "
            f"({opens:%H:%M}-{closes:%H:%M}); choose a time that starts at {opens:%H:%M} or "
            f"later and ends by {closes:%H:%M}",
        )


def bank_holiday_name(day: dt.date) -> str | None:
    """The name of the England and Wales bank holiday on ``day``, or None."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=[day.year])
    return calendar.get(day)


def check_not_bank_holiday(starts_at: dt.datetime) -> None:
    """The session is not on a bank holiday in England and Wales; refused naming
    ``starts_at`` and the holiday."""
    day = _local(starts_at).date()
    name = bank_holiday_name(day)
    if name is not None:
        raise ValidationFailed.single(
            "starts_at",
            "programme_session.bank_holiday",
            f"New start: {day:%d/%m/%Y} is a bank holiday in England and Wales ({name}); "
            "choose another day",
        )


@dataclass(frozen=True)
class GroupSessionTime:
    """Another live session of the group, for the module-order check."""

    module_number: int
    session_number: int
    name: str
    starts_at: dt.datetime


def check_not_started(starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> None:
    """A session is rescheduled only before it starts; one already held or over is refused,
    naming ``session_id`` (add a catch-up instead)."""
    if _local(starts_at) <= _local(now):
        state = "over" if _local(ends_at) <= _local(now) else "under way"
        raise ValidationFailed.single(
            "session_id",
            "programme_session.already_held",
            f"Session: it started on {_local(starts_at):%d/%m/%Y} at "
            f"{_local(starts_at):%H:%M} and is {state}; a session already held or over cannot "
            "be rescheduled: add a catch-up instead",
        )


def check_module_order(
    module_number: int,
    starts_at: dt.datetime,
    others: Iterable[GroupSessionTime],
    *,
    session_number: int | None = None,
) -> None:
    """A session of ``module_number`` moved to ``starts_at`` keeps the group's modules in
    order: no session of an earlier module starts at or after it, and none of a later module
    starts at or before it (``others``: the group's other live sessions, catch-ups left out).
    With ``session_number``, the sessions of its own module keep their order too.
    Refused naming ``starts_at`` and the nearest session it would cross."""
    start = _local(starts_at)
    others = list(others)

    def earlier(o: GroupSessionTime) -> bool:
        if session_number is None or o.module_number != module_number:
            return o.module_number < module_number
        return o.session_number < session_number

    def later(o: GroupSessionTime) -> bool:
        if session_number is None or o.module_number != module_number:
            return o.module_number > module_number
        return o.session_number > session_number

    earlier_after = [o for o in others if earlier(o) and _local(o.starts_at) >= start]
    later_before = [o for o in others if later(o) and _local(o.starts_at) <= start]
    if earlier_after:
        crossed = max(earlier_after, key=lambda o: o.starts_at)
        where = "before"
    elif later_before:
        crossed = min(later_before, key=lambda o: o.starts_at)
        where = "after"
    else:
        return
    at = _local(crossed.starts_at)
    same_module = crossed.module_number == module_number
    moved = (
        f"a module {module_number} session"
        if session_number is None
        else f"module {module_number} session {session_number}"
    )
    rule = "a module's sessions run in order" if same_module else "a group's modules run in order"
    raise ValidationFailed.single(
        "starts_at",
        "programme_session.out_of_order",
        f"New start: {moved} on {start:%d/%m/%Y} would run {where} "
        f"Module {crossed.module_number}, session {crossed.session_number}: {crossed.name} "
        f"on {at:%d/%m/%Y} at {at:%H:%M}; {rule} (add a catch-up to "
        "repeat a session out of order)",
    )


def _working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and bank_holiday_name(day) is None


def next_working_day(day: dt.date) -> dt.date:
    """The first weekday after ``day`` that is not a bank holiday in England and Wales."""
    day += dt.timedelta(days=1)
    while not _working_day(day):
        day += dt.timedelta(days=1)
    return day


#: How many days ahead :func:`suggested_start` looks for a free time.
_LOOK_AHEAD_DAYS = 60


def suggested_start(
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    first_day: dt.date,
    busy: Iterable[tuple[dt.datetime, dt.datetime]],
    *,
    before: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> dt.datetime:
    """A new time for a session of ``starts_at``-``ends_at`` that a dialog offers first: the
    same time of day on the first working day from ``first_day`` on which it overlaps none of
    the group's ``busy`` sessions, is still to come (after ``now``) and, with ``before``,
    starts before it (the next session in order). Without such a day in the weeks ahead, the
    first working day free of clashes; the user may choose any other time."""
    busy = list(busy)
    length = ends_at - starts_at
    time = _local(starts_at).time()

    def free(candidate: dt.datetime) -> bool:
        end = candidate + length
        return (now is None or candidate > now) and not any(
            start < end and candidate < finish for start, finish in busy
        )

    for limit in (before, None):
        day = first_day
        for _ in range(_LOOK_AHEAD_DAYS):
            candidate = dt.datetime.combine(day, time, tzinfo=SESSION_ZONE)
            if limit is not None and candidate >= limit:
                break
            if _working_day(day) and free(candidate):
                return candidate
            day += dt.timedelta(days=1)
    return dt.datetime.combine(first_day, time, tzinfo=SESSION_ZONE)
