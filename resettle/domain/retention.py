"""Retention: how long a person's record is kept before someone must decide whether it is
still needed (Data Protection Act 2018, section 39: "appropriate time limits must be
established for the periodic review").

The limits are data an administrator edits (``retention_rules``), never constants here: each
rule names the date it counts from, a period in years and months, and what happens then
(``review``: the person joins the managers' review queue). A person is due when any active
rule's date has passed; a manager's "keep" decision holds them off the queue until the next
review date it sets.
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from resettle.domain.errors import FieldProblem
from resettle.domain.text_fields import MULTI_LINE, CheckedText

RULE_NAME_MAX = 100
KEEP_REASON_MAX = 500
MAX_YEARS = 100


class RetentionBasis(StrEnum):
    """The date a rule counts from. The record holds no separate sentence end date: on a
    standard determinate sentence the licence ends when the sentence does (licence end)."""

    LICENCE_END = "licence_end"
    RELEASE_DATE = "release_date"
    CASE_CLOSED = "case_closed"
    LAST_ACTIVITY = "last_activity"

    @property
    def label(self) -> str:
        return {
            RetentionBasis.LICENCE_END: "Licence (sentence) end",
            RetentionBasis.RELEASE_DATE: "Release date",
            RetentionBasis.CASE_CLOSED: "Case closed",
            RetentionBasis.LAST_ACTIVITY: "Last change to the record",
        }[self]


class RetentionAction(StrEnum):
    REVIEW = "review"

    @property
    def label(self) -> str:
        return "Review"


class RetentionRuleInput(CheckedText):
    """A rule as an administrator types it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[
        str, StringConstraints(min_length=1, max_length=RULE_NAME_MAX, strip_whitespace=True)
    ] = Field(title="Name")
    counts_from: RetentionBasis = Field(title="Counts from")
    years: int = Field(default=0, ge=0, le=MAX_YEARS, title="Years")
    months: int = Field(default=0, ge=0, le=11, title="Months")
    action: RetentionAction = Field(default=RetentionAction.REVIEW, title="Then")
    active: bool = Field(default=True, title="Active")

    def cross_field_problems(self) -> list[FieldProblem]:
        if self.years == 0 and self.months == 0:
            return [
                FieldProblem(
                    "period",
                    "period_empty",
                    "Period: give at least one month (in years, months or both)",
                )
            ]
        return []


class RetentionRule(RetentionRuleInput):
    """A stored rule."""

    id: int

    @property
    def period_text(self) -> str:
        return period_text(self.years, self.months)

    @property
    def status_text(self) -> str:
        """ "Active", or "Not used" for a rule kept but deactivated (the Retention tab's word)."""
        return "Active" if self.active else "Not used"


def period_text(years: int, months: int) -> str:
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " ".join(parts) or "no time"


def months_before(day: dt.date, months: int) -> dt.date:
    """``day`` moved back by whole months (the 31st becomes the month's last day)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def counts_until(today: dt.date, years: int, months: int) -> dt.date:
    """The latest date a rule may count from for the person to be due today."""
    return months_before(today, years * 12 + months)


class KeepDecisionInput(CheckedText):
    """A manager's decision to keep a person's record after review: why, and when to look
    again."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: Annotated[
        str,
        StringConstraints(min_length=1, max_length=KEEP_REASON_MAX, strip_whitespace=True),
        MULTI_LINE,
    ] = Field(title="Reason")
    next_review_on: dt.date = Field(title="Next review")

    def problems_on(self, today: dt.date) -> list[FieldProblem]:
        if self.next_review_on <= today:
            return [
                FieldProblem(
                    "next_review_on", "not_future", "Next review: choose a date after today"
                )
            ]
        return []


class DueForReview(BaseModel):
    """One person on a manager's review queue."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    prison_number: str
    name: str
    rule_name: str
    counts_from: RetentionBasis
    counted_from: dt.date
    due_on: dt.date
    #: The next review date set by the last "keep" decision, when there was one.
    last_kept_until: dt.date | None = None
