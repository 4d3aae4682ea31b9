"""A group's sessions, generated from its weekly schedule and the programme's session
templates, and replaced (rescheduled, or a catch-up added) without losing the old one.

Generation is a pure function: the weekly slots from the start date to the end date, less the
closed days (bank holidays), in order; the programme's sessions, module by module, take the
slots in turn. A session lasts its template's length and must fit its slot. Times are wall
clock in England and Wales (``SESSION_ZONE``), so a 10:00 session stays at 10:00 across the
clock change; they are stored in UTC.

Bank holidays in England and Wales come from ``domain/working_days.py`` (``bank_holidays``); a
caller that passes no closed days gets none skipped, and the result says so
(``holidays_checked`` False).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.plural import counted
from resettle.domain.programmes.catalogue import Programme, SessionType
from resettle.domain.programmes.offerings import WeeklySlot

SESSION_ZONE = ZoneInfo("Europe/London")


class PlannedSession(BaseModel):
    model_config = ConfigDict(frozen=True)

    sequence: int
    module_number: int
    session_number: int
    name: str
    session_type: SessionType
    starts_at: dt.datetime
    ends_at: dt.datetime
    is_catch_up: bool = False


class GeneratedSessions(BaseModel):
    model_config = ConfigDict(frozen=True)

    sessions: tuple[PlannedSession, ...]
    #: Slots left out because they fell on a closed day.
    skipped_days: tuple[dt.date, ...]
    holidays_checked: bool


def _slots(
    schedule: tuple[WeeklySlot, ...], starts_on: dt.date, ends_on: dt.date
) -> Iterable[tuple[dt.date, WeeklySlot]]:
    by_day = sorted(schedule, key=lambda slot: slot.starts_at)
    day = starts_on
    while day <= ends_on:
        for slot in by_day:
            if slot.weekday.number == day.weekday():
                yield day, slot
        day += dt.timedelta(days=1)


def generate_sessions(
    programme: Programme,
    schedule: tuple[WeeklySlot, ...],
    starts_on: dt.date,
    ends_on: dt.date,
    closed_days: frozenset[dt.date] | None,
) -> GeneratedSessions:
    """The group's sessions; ``ValidationFailed`` naming the field when the schedule has too
    few slots before the end date, or a session does not fit its slot."""
    templates = programme.session_templates()
    sessions: list[PlannedSession] = []
    skipped: list[dt.date] = []
    problems: list[FieldProblem] = []
    for day, slot in _slots(schedule, starts_on, ends_on):
        if len(sessions) == len(templates):
            break
        if closed_days is not None and day in closed_days:
            skipped.append(day)
            continue
        module, template = templates[len(sessions)]
        if template.minutes > slot.minutes:
            problems.append(
                FieldProblem(
                    "schedule",
                    "slot_too_short",
                    f"Weekly schedule: the {slot.weekday.value} slot is {slot.minutes} minutes; "
                    f"module {module.number} session {template.number} needs {template.minutes}",
                )
            )
            break
        starts_at = dt.datetime.combine(day, slot.starts_at, tzinfo=SESSION_ZONE)
        sessions.append(
            PlannedSession(
                sequence=len(sessions) + 1,
                module_number=module.number,
                session_number=template.number,
                name=template.name,
                session_type=template.session_type,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=template.minutes),
            )
        )
    if not problems and len(sessions) < len(templates):
        problems.append(
            FieldProblem(
                "ends_on",
                "too_few_slots",
                f"End date: the schedule has {counted(len(sessions), 'slot')} before it; the "
                f"programme has {counted(len(templates), 'session')}",
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return GeneratedSessions(
        sessions=tuple(sessions),
        skipped_days=tuple(skipped),
        holidays_checked=closed_days is not None,
    )


def replacement(
    old: PlannedSession, starts_at: dt.datetime, *, catch_up: bool = False
) -> PlannedSession:
    """A session that replaces ``old`` at ``starts_at`` (same template and length): the
    rescheduled session, or with ``catch_up`` a catch-up for those who missed it."""
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=SESSION_ZONE)
    if starts_at == old.starts_at and not catch_up:
        raise ValidationFailed.single(
            "starts_at", "unchanged", "New start: is the same as the session's start"
        )
    length = old.ends_at - old.starts_at
    return old.model_copy(
        update={"starts_at": starts_at, "ends_at": starts_at + length, "is_catch_up": catch_up}
    )


#: How long after a group's end date a catch-up may still be held: those who missed the last
#: sessions can make them up and complete, without the group staying open indefinitely.
CATCH_UP_GRACE = dt.timedelta(weeks=4)


def check_within_group(
    starts_at: dt.datetime, starts_on: dt.date, ends_on: dt.date, *, catch_up: bool
) -> None:
    """A rescheduled session falls within the group's dates, first to last day; a catch-up
    may also fall up to ``CATCH_UP_GRACE`` after the last day. Refused naming ``starts_at``."""
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=SESSION_ZONE)
    day = starts_at.astimezone(SESSION_ZONE).date()
    last = ends_on + CATCH_UP_GRACE if catch_up else ends_on
    if day < starts_on:
        raise ValidationFailed.single(
            "starts_at",
            "before_group",
            f"New start: {day.isoformat()} is before the group starts ({starts_on.isoformat()})",
        )
    if day > last:
        limit = (
            f"4 weeks after the group ends ({ends_on.isoformat()}), the last day for a catch-up"
            if catch_up
            else f"the group's end date ({ends_on.isoformat()})"
        )
        raise ValidationFailed.single(
            "starts_at",
            "after_group",
            f"New start: {day.isoformat()} is after {limit}",
        )


class SessionState(StrEnum):
    REPLACED = "replaced"
    HELD = "held"
    CATCH_UP_HELD = "catch_up_held"
    CATCH_UP = "catch_up"
    RESCHEDULED = "rescheduled"
    PLANNED = "planned"
    #: Over, and no register taken: a manager or the team should see it (user trial).
    REGISTER_NOT_TAKEN = "register_not_taken"


class SessionView(BaseModel):
    """A stored session, as the services return it."""

    model_config = ConfigDict(frozen=True)

    id: int
    group_id: int
    sequence: int
    module_number: int
    session_number: int
    name: str
    session_type: SessionType
    starts_at: dt.datetime
    ends_at: dt.datetime
    is_catch_up: bool
    replaces_session_id: int | None
    replaced: bool
    #: Its register was taken: it has at least one mark (a correction keeps it so).
    register_taken: bool = False
    #: It had ended when it was read (its end before the moment of reading).
    over: bool = False

    @property
    def state(self) -> SessionState:
        """What became of the session: replaced (kept, not run), held (its register taken),
        over with no register taken, a catch-up, a rescheduled one, or still planned (the
        screens and the CLI word it)."""
        if self.replaced:
            return SessionState.REPLACED
        if self.register_taken:
            return SessionState.CATCH_UP_HELD if self.is_catch_up else SessionState.HELD
        if self.over:
            return SessionState.REGISTER_NOT_TAKEN
        if self.is_catch_up:
            return SessionState.CATCH_UP
        if self.replaces_session_id is not None:
            return SessionState.RESCHEDULED
        return SessionState.PLANNED

    def as_planned(self) -> PlannedSession:
        return PlannedSession(
            sequence=self.sequence,
            module_number=self.module_number,
            session_number=self.session_number,
            name=self.name,
            session_type=self.session_type,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            is_catch_up=self.is_catch_up,
        )
