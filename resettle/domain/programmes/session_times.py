"""When a rescheduled session may run: checks on a new start time, each refused naming
``starts_at`` (the "New start" field of the reschedule dialog and ``--at`` of the CLI).

- Session hours: a session starts and ends within the establishment's session hours,
  ``SESSION_HOURS`` (08:00 to 20:00 wall clock in England and Wales), the day a prison or
  probation office runs programmes. No offering sets its own hours yet; one window for all.
- Bank holidays: a session does not fall on a bank holiday in England and Wales (the same
  calendar the weekly schedule skips when it generates a group's sessions:
  ``sessions.bank_holidays``, from the ``holidays`` package, which follows
  https://www.gov.uk/bank-holidays).
- Module order: a group's sessions run module by module. A rescheduled session of module N
  may not come before a session of an earlier module, nor after a session of a later module,
  of the same group. A catch-up is exempt: it repeats a session for those who missed it, and
  is held whenever it can be.
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


def check_module_order(
    module_number: int, starts_at: dt.datetime, others: Iterable[GroupSessionTime]
) -> None:
    """A session of ``module_number`` moved to ``starts_at`` keeps the group's modules in
    order: no session of an earlier module starts at or after it, and none of a later module
    starts at or before it (``others``: the group's other live sessions, catch-ups left out).
    Refused naming ``starts_at`` and the nearest session it would cross."""
    start = _local(starts_at)
    others = list(others)
    earlier_after = [
        o for o in others if o.module_number < module_number and _local(o.starts_at) >= start
    ]
    later_before = [
        o for o in others if o.module_number > module_number and _local(o.starts_at) <= start
    ]
    if earlier_after:
        crossed = max(earlier_after, key=lambda o: o.starts_at)
        where = "before"
    elif later_before:
        crossed = min(later_before, key=lambda o: o.starts_at)
        where = "after"
    else:
        return
    at = _local(crossed.starts_at)
    raise ValidationFailed.single(
        "starts_at",
        "programme_session.out_of_order",
        f"New start: a module {module_number} session on {start:%d/%m/%Y} would run {where} "
        f"Module {crossed.module_number}, session {crossed.session_number}: {crossed.name} "
        f"on {at:%d/%m/%Y} at {at:%H:%M}; a group's modules run in order (add a catch-up to "
        "repeat a session out of order)",
    )
