"""Due dates of plan actions: a calendar date or a number of days from release day.

Kept apart from ``plan`` so the action's other parts (its repeat, ``action_repeats``) can
build on them; ``plan`` re-exports every name here.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Self

from pydantic import ConfigDict, Field, model_validator

from resettle.domain.text_fields import CheckedText
from resettle.domain.working_days import next_working_day

#: Relative due dates further than this from release day are almost certainly typing mistakes.
MAX_OFFSET_DAYS = 730


class Frozen(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DueKind(StrEnum):
    ABSOLUTE = "absolute"
    RELATIVE = "relative"


class DuePhrase(StrEnum):
    """How a due date is described; words are chosen by the layer that prints it."""

    ON_DATE = "on_date"
    DAYS_BEFORE_RELEASE = "days_before_release"
    RELEASE_DAY = "release_day"
    DAYS_AFTER_RELEASE = "days_after_release"
    NO_DATE = "no_date"


class DueDate(Frozen):
    """Either a calendar date (`on`) or a number of days from release day (`offset_days`).

    Negative offsets are before release, 0 is release day, positive after. An "N days after
    release" date that falls on a weekend or bank holiday moves to the next working day
    (``resolve_due``) unless the officer pinned it (``pinned``: keep this exact day).
    """

    kind: DueKind
    on: date | None = None
    offset_days: int | None = Field(default=None, ge=-MAX_OFFSET_DAYS, le=MAX_OFFSET_DAYS)
    pinned: bool = False

    @model_validator(mode="after")
    def _one_form_only(self) -> Self:
        if self.kind is DueKind.ABSOLUTE and (self.on is None or self.offset_days is not None):
            raise ValueError("an absolute due date needs `on` and no `offset_days`")
        if self.kind is DueKind.RELATIVE and (self.offset_days is None or self.on is not None):
            raise ValueError("a relative due date needs `offset_days` and no `on`")
        if self.pinned and self.kind is not DueKind.RELATIVE:
            raise ValueError("only a relative due date can be pinned (a date is exact already)")
        return self

    @classmethod
    def absolute(cls, on: date) -> DueDate:
        return cls(kind=DueKind.ABSOLUTE, on=on)

    @classmethod
    def relative(cls, offset_days: int, *, pinned: bool = False) -> DueDate:
        return cls(kind=DueKind.RELATIVE, offset_days=offset_days, pinned=pinned)

    @property
    def moves_off_closed_days(self) -> bool:
        """True for an unpinned "N days after release" date (see ``resolve_due``)."""
        return (
            self.kind is DueKind.RELATIVE
            and not self.pinned
            and self.offset_days is not None
            and self.offset_days > 0
        )

    @classmethod
    def release_day(cls) -> DueDate:
        return cls.relative(0)

    def resolve(self, release_date: date | None) -> date | None:
        return resolve_due(self, release_date)


def counted_day(due: DueDate | None, release_date: date | None) -> date | None:
    """The day the due date counts to, before any move off a closed day: an absolute date,
    or the release date plus the offset; None when there is no date or no release date."""
    if due is None:
        return None
    if due.kind is DueKind.ABSOLUTE:
        return due.on
    if release_date is None or due.offset_days is None:
        return None
    return release_date + timedelta(days=due.offset_days)


def resolve_due(due: DueDate | None, release_date: date | None) -> date | None:
    """The calendar date an action is due; None when there is no date or no release date.

    "N days after release" (offset > 0) on a weekend or England and Wales bank holiday moves
    to the next working day, unless pinned: after release the person deals with probation,
    councils, job centres and providers, whose offices are shut on those days. Other dates
    stay as counted:

    - release day (offset 0) is the release date as recorded. A release date on a closed day
      is flagged on the record and the plan (``working_days.release_day_note``) for the
      officer to correct; moving release-day actions on their own would split them from the
      release they belong to (a later working day would leave the person a weekend without
      what was due on the day they left).
    - days before release happen in prison, which works every day of the week: a resettlement
      worker's Saturday session or a Sunday property check is normal there.
    - an absolute date is the day the officer chose.
    """
    on = counted_day(due, release_date)
    if on is not None and due is not None and due.moves_off_closed_days:
        return next_working_day(on)
    return on


def due_phrase(due: DueDate | None) -> tuple[DuePhrase, int]:
    """A phrase code and a positive number of days (0 when no number is needed)."""
    if due is None:
        return DuePhrase.NO_DATE, 0
    if due.kind is DueKind.ABSOLUTE:
        return DuePhrase.ON_DATE, 0
    offset = due.offset_days or 0
    if offset < 0:
        return DuePhrase.DAYS_BEFORE_RELEASE, -offset
    if offset == 0:
        return DuePhrase.RELEASE_DAY, 0
    return DuePhrase.DAYS_AFTER_RELEASE, offset
