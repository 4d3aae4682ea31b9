"""Offerings (a programme run at an establishment or by a probation team) and their groups
(capacity, dates and a weekly schedule), as forms are checked and as they are read back."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from resettle.domain.errors import FieldProblem
from resettle.domain.programmes.catalogue import ProgrammeCode
from resettle.domain.text_fields import CheckedText

GroupCode = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,39}$")
]
Contact = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]

#: At most this many people in one group (a sanity bound, not a rule of any programme).
MAX_CAPACITY = 100


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        """0 for Monday, as ``date.weekday()``."""
        return _WEEKDAY_NUMBERS[self]


_WEEKDAY_NUMBERS: dict[Weekday, int] = {day: number for number, day in enumerate(Weekday)}


class WeeklySlot(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    weekday: Weekday = Field(title="Day")
    starts_at: dt.time = Field(title="Start time")
    minutes: int = Field(ge=15, le=480, title="Length (minutes)")


class OfferingDraft(CheckedText):
    """A programme offered at exactly one place: an establishment or a probation team."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    programme_code: ProgrammeCode = Field(title="Programme")
    establishment_id: int | None = Field(default=None, title="Establishment")
    team_id: int | None = Field(default=None, title="Probation team")
    contact: Contact = Field(default="", title="Contact")

    def cross_field_problems(self) -> list[FieldProblem]:
        if (self.establishment_id is None) == (self.team_id is None):
            return [
                FieldProblem(
                    "establishment_id",
                    "one_place",
                    "Establishment: choose an establishment or a probation team, not both or "
                    "neither",
                )
            ]
        return []


class GroupDraft(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    offering_id: int = Field(title="Offering")
    code: GroupCode = Field(title="Group code")
    capacity: int = Field(ge=1, le=MAX_CAPACITY, title="Capacity")
    starts_on: dt.date = Field(title="Start date")
    ends_on: dt.date = Field(title="End date")
    schedule: tuple[WeeklySlot, ...] = Field(title="Weekly schedule")
    facilitator_ids: tuple[int, ...] = Field(default=(), title="Facilitators")

    @field_validator("schedule")
    @classmethod
    def _some_days(cls, schedule: tuple[WeeklySlot, ...]) -> tuple[WeeklySlot, ...]:
        if not schedule:
            raise ValueError("needs at least one day of the week")
        keys = [(slot.weekday, slot.starts_at) for slot in schedule]
        if len(keys) != len(set(keys)):
            raise ValueError("a day and start time appears twice")
        return schedule

    def cross_field_problems(self) -> list[FieldProblem]:
        if self.ends_on < self.starts_on:
            return [FieldProblem("ends_on", "before_start", "End date: is before the start date")]
        return []


class OfferingView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    programme_code: str
    programme_name: str
    establishment_id: int | None
    establishment_code: str | None
    team_id: int | None
    team_code: str | None
    contact: str
    active: bool


class GroupView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    offering_id: int
    code: str
    capacity: int
    starts_on: dt.date
    ends_on: dt.date
    schedule: tuple[WeeklySlot, ...]
    facilitator_ids: tuple[int, ...]
    session_count: int
