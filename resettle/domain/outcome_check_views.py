"""What a person's outcome checks look like when read (``services/outcome_checks.py``): one
view per point asked of the person, with its current check, its status and its history."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from resettle.domain.outcome_checks import CheckPoint, OutcomeCheck

#: A point due more than this many days ago, still not recorded, is overdue.
OVERDUE_AFTER_DAYS = 14


class PointStatus(StrEnum):
    NOT_YET_DUE = "not_yet_due"
    DUE = "due"
    OVERDUE = "overdue"
    RECORDED = "recorded"

    @property
    def label(self) -> str:
        return {
            PointStatus.NOT_YET_DUE: "Not yet due",
            PointStatus.DUE: "Due",
            PointStatus.OVERDUE: "Overdue",
            PointStatus.RECORDED: "Recorded",
        }[self]


def point_status(due_on: dt.date, recorded: bool, today: dt.date) -> PointStatus:
    """Recorded; else overdue when due more than ``OVERDUE_AFTER_DAYS`` ago; due from its
    due date; not yet due before it."""
    if recorded:
        return PointStatus.RECORDED
    if (today - due_on).days > OVERDUE_AFTER_DAYS:
        return PointStatus.OVERDUE
    if due_on <= today:
        return PointStatus.DUE
    return PointStatus.NOT_YET_DUE


class OutcomeCheckEntry(BaseModel):
    """A check in a point's history: superseded (corrected later) or not, and whether it
    belongs to the person's current release."""

    model_config = ConfigDict(frozen=True)

    check: OutcomeCheck
    superseded_by: int | None = None
    current_release: bool = True

    @property
    def superseded(self) -> bool:
        return self.superseded_by is not None


class OutcomePointView(BaseModel):
    model_config = ConfigDict(frozen=True)

    point: CheckPoint
    due_on: dt.date
    status: PointStatus
    #: The check that counts for the current release (None: not recorded yet).
    current: OutcomeCheck | None = None
    #: Every check of the point, this release's and earlier releases', newest first.
    history: tuple[OutcomeCheckEntry, ...] = ()

    @property
    def due(self) -> bool:
        """Due (or overdue) and not recorded."""
        return self.status in (PointStatus.DUE, PointStatus.OVERDUE)


class OutcomeChecksView(BaseModel):
    """A person's outcome checks. ``points`` is empty without a release date."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    release_date: dt.date | None
    released: bool
    treatment_need: bool
    points: tuple[OutcomePointView, ...] = ()
    may_record: bool = False

    def point(self, point: CheckPoint) -> OutcomePointView | None:
        return next((view for view in self.points if view.point is point), None)


def answers_in_words(check: OutcomeCheck) -> str:
    """The check's answers as the screens and the command line show them."""
    parts: list[str] = []
    if check.accommodation is not None:
        parts.append(check.accommodation.label)
    if check.employment is not None:
        parts.append(check.employment.label)
    if check.treatment is not None:
        started = check.treatment_started_on
        parts.append(
            f"{check.treatment.label} on {started:%d %b %Y}"
            if started is not None
            else check.treatment.label
        )
    return "; ".join(parts)
