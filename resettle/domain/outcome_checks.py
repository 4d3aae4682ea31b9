"""Outcome checks after release: what happened to a person once they left prison.

The official resettlement measures (``domain/measures.py``) need facts Resettle did not hold:
where the person slept on the first night, their accommodation and work at 6 weeks, 3 months
and 6 months, and whether community drug or alcohol treatment started. The officer records
each as a small dated *check* at its *point* after release:

- ``first_night``: accommodation on the first night (MI014's categories);
- ``week_6``, ``month_3``, ``month_6``: accommodation and employment status on that day
  (MI015 settled accommodation at 3 months; MI016 and MI017 employment at 6 weeks and
  6 months);
- ``treatment``: whether community structured drug or alcohol treatment started, and on what
  date (PHOF C20 counts a start within 3 weeks of release).

A check belongs to one release: it keeps the release date it was recorded against, so a
changed release date (a recall, a corrected date) leaves the old checks in the history without
counting them for the new release. Each point is *due* on its date (:func:`due_on`): a
release day's check the day after release, the others on the day they measure.

Checks are append-only, like the programme history: a correction is a new check that
*supersedes* the earlier one, which stays on record. The *current* check of a point is the one
nothing supersedes. "Unknown" is a real answer (the officer tried and could not find out) and
counts as such in the measures (excluded, and shown as excluded); a point with no check at all
is *not yet recorded*, which the caseload shows as due.
"""

from __future__ import annotations

import datetime as dt
import functools
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from resettle.domain.errors import FieldProblem
from resettle.domain.needs import PathwayStatus
from resettle.domain.text_fields import MULTI_LINE, CheckedText

NOTE_MAX = 1000

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX), MULTI_LINE]


class CheckPoint(StrEnum):
    """When after release a check is made."""

    FIRST_NIGHT = "first_night"
    WEEK_6 = "week_6"
    MONTH_3 = "month_3"
    MONTH_6 = "month_6"
    TREATMENT = "treatment"

    @property
    def label(self) -> str:
        return _POINT_LABELS[self]

    @property
    def short_label(self) -> str:
        """In a narrow column: "first night", "6 weeks", "treatment start"."""
        if self is CheckPoint.TREATMENT:
            return "treatment start"
        return self.label.lower()

    @property
    def asks_accommodation(self) -> bool:
        return self is not CheckPoint.TREATMENT

    @property
    def asks_employment(self) -> bool:
        return self in (CheckPoint.WEEK_6, CheckPoint.MONTH_3, CheckPoint.MONTH_6)

    @property
    def asks_treatment(self) -> bool:
        return self is CheckPoint.TREATMENT


_POINT_LABELS = {
    CheckPoint.FIRST_NIGHT: "First night",
    CheckPoint.WEEK_6: "6 weeks",
    CheckPoint.MONTH_3: "3 months",
    CheckPoint.MONTH_6: "6 months",
    CheckPoint.TREATMENT: "Treatment start (3 weeks)",
}

#: Days after release a treatment start still counts (PHOF C20: "within 3 weeks").
TREATMENT_WINDOW_DAYS = 21


class Accommodation(StrEnum):
    """MI014's accommodation categories (``research/turn2.md`` K1)."""

    SETTLED = "settled"
    OTHER_HOUSED = "other_housed"
    APPROVED_PREMISES_CAS = "approved_premises_cas"
    HOMELESS_NOT_ROUGH_SLEEPING = "homeless_not_rough_sleeping"
    ROUGH_SLEEPING = "rough_sleeping"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _ACCOMMODATION_LABELS[self]

    @property
    def housed(self) -> bool:
        """Settled or temporary accommodation: MI014's "housed on release"."""
        return self in (
            Accommodation.SETTLED,
            Accommodation.OTHER_HOUSED,
            Accommodation.APPROVED_PREMISES_CAS,
        )


_ACCOMMODATION_LABELS = {
    Accommodation.SETTLED: "Settled accommodation",
    Accommodation.OTHER_HOUSED: "Other housed (transient)",
    Accommodation.APPROVED_PREMISES_CAS: "Approved premises or CAS",
    Accommodation.HOMELESS_NOT_ROUGH_SLEEPING: "Homeless, not rough sleeping",
    Accommodation.ROUGH_SLEEPING: "Rough sleeping",
    Accommodation.UNKNOWN: "Unknown",
}


class Employment(StrEnum):
    """Employment status at a check (MI016 and MI017's categories)."""

    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"
    EDUCATION_TRAINING = "education_training"
    UNEMPLOYED = "unemployed"
    UNAVAILABLE = "unavailable"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _EMPLOYMENT_LABELS[self]


_EMPLOYMENT_LABELS = {
    Employment.EMPLOYED: "Employed",
    Employment.SELF_EMPLOYED: "Self-employed",
    Employment.EDUCATION_TRAINING: "Education or training",
    Employment.UNEMPLOYED: "Unemployed",
    Employment.UNAVAILABLE: "Unavailable for work",
    Employment.UNKNOWN: "Unknown",
}


class TreatmentStart(StrEnum):
    """Whether community structured drug or alcohol treatment started after release."""

    STARTED = "started"
    NOT_STARTED = "not_started"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            TreatmentStart.STARTED: "Started",
            TreatmentStart.NOT_STARTED: "Not started",
            TreatmentStart.UNKNOWN: "Unknown",
        }[self]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved on by whole calendar months; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")  # pragma: no cover


def due_on(point: CheckPoint, release_date: dt.date) -> dt.date:
    """The day a check of ``point`` is due, for a release on ``release_date``.

    The first night is checked the day after; 6 weeks, 3 and 6 months on the day they
    measure; a treatment start once its 3 weeks are over (it may be recorded sooner).
    """
    if point is CheckPoint.FIRST_NIGHT:
        return release_date + dt.timedelta(days=1)
    if point is CheckPoint.WEEK_6:
        return release_date + dt.timedelta(weeks=6)
    if point is CheckPoint.MONTH_3:
        return add_months(release_date, 3)
    if point is CheckPoint.MONTH_6:
        return add_months(release_date, 6)
    return release_date + dt.timedelta(days=TREATMENT_WINDOW_DAYS)


@functools.lru_cache(maxsize=8192)
def point_due_on(release_date: dt.date | None, day: dt.date | None) -> CheckPoint | None:
    """The point whose check is due on ``day`` for a release on ``release_date`` (each
    point's due day differs from every other's), or None when none is. Kept for the pairs
    seen last: a caseload export asks it for every row, and release days repeat."""
    if release_date is None or day is None:
        return None
    return next((point for point in CheckPoint if due_on(point, release_date) == day), None)


#: Drugs and alcohol pathway statuses that make a treatment need: support was needed (still
#: is, is under way, or was arranged). The treatment check is asked only of these people, and
#: they are PHOF C20's cohort.
TREATMENT_NEED_STATUSES = (
    PathwayStatus.SUPPORT_REQUIRED,
    PathwayStatus.IN_PROGRESS,
    PathwayStatus.DONE,
)


def points_for(treatment_need: bool) -> tuple[CheckPoint, ...]:
    """The points asked of a person: the treatment start only with a treatment need."""
    return tuple(
        point for point in CheckPoint if treatment_need or point is not CheckPoint.TREATMENT
    )


def earliest_outstanding(
    release_date: dt.date | None, treatment_need: bool, recorded: set[CheckPoint]
) -> dt.date | None:
    """The earliest due date of a point with no check for this release (None: none left, or
    no release date): ``people.outcome_check_due_on``."""
    if release_date is None:
        return None
    dues = [
        due_on(point, release_date) for point in points_for(treatment_need) if point not in recorded
    ]
    return min(dues, default=None)


class OutcomeCheckInput(CheckedText):
    """What the officer records at one point: the answers the point asks, the day the
    officer found out, and a note. Answers the point does not ask must be left empty.
    Parse it with ``domain.validation.validate``, which runs :meth:`cross_field_problems`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    point: CheckPoint = Field(title="Check")
    checked_on: dt.date = Field(title="Checked on")
    accommodation: Accommodation | None = Field(default=None, title="Accommodation")
    employment: Employment | None = Field(default=None, title="Employment")
    treatment: TreatmentStart | None = Field(default=None, title="Treatment")
    treatment_started_on: dt.date | None = Field(default=None, title="Treatment started on")
    note: Note = Field(default="", title="Note")

    def cross_field_problems(self) -> list[FieldProblem]:
        """What is missing or out of place for the check's point (dates against the release
        are checked by :func:`release_problems`, which needs the person)."""
        return _answer_problems(self)


def _answer_problems(check: OutcomeCheckInput) -> list[FieldProblem]:
    point = check.point
    problems: list[FieldProblem] = []
    for field, asked, answer in (
        ("accommodation", point.asks_accommodation, check.accommodation),
        ("employment", point.asks_employment, check.employment),
        ("treatment", point.asks_treatment, check.treatment),
    ):
        if asked and answer is None:
            problems.append(
                FieldProblem(field, "missing", f"Choose the {field} at {point.label.lower()}.")
            )
        elif not asked and answer is not None:
            problems.append(
                FieldProblem(field, "not_asked", f"The {point.label.lower()} check has no {field}.")
            )
    started = check.treatment is TreatmentStart.STARTED
    if started and check.treatment_started_on is None:
        problems.append(
            FieldProblem("treatment_started_on", "missing", "Give the date treatment started.")
        )
    if not started and check.treatment_started_on is not None:
        problems.append(
            FieldProblem(
                "treatment_started_on",
                "not_asked",
                "A start date goes only with treatment that started.",
            )
        )
    return problems


#: A 6-week, 3-month or 6-month check may be made this many days before its date (the
#: supervision appointment nearest to it), never sooner: it would measure another day.
EARLY_CHECK_DAYS = 7


def earliest_check_on(point: CheckPoint, release_date: dt.date) -> dt.date:
    """The first day a check of ``point`` may be made: the first night and a treatment start
    from release (a start may be known at once), the others a week before their date."""
    if point in (CheckPoint.FIRST_NIGHT, CheckPoint.TREATMENT):
        return release_date
    return due_on(point, release_date) - dt.timedelta(days=EARLY_CHECK_DAYS)


def release_problems(
    check: OutcomeCheckInput, release_date: dt.date | None, today: dt.date
) -> list[FieldProblem]:
    """Refusals that need the person's release date and today's date."""
    if release_date is None:
        return [
            FieldProblem(
                "point", "no_release_date", "Record a release date before an outcome check."
            )
        ]
    problems: list[FieldProblem] = []
    if release_date > today:
        problems.append(
            FieldProblem(
                "point",
                "not_released",
                f"Not released yet: outcome checks start after release on {release_date:%d %b %Y}.",
            )
        )
    if check.checked_on > today:
        problems.append(
            FieldProblem("checked_on", "future", "The check date cannot be in the future.")
        )
    if check.checked_on < release_date:
        problems.append(
            FieldProblem(
                "checked_on",
                "before_release",
                f"The check date is before release on {release_date:%d %b %Y}.",
            )
        )
    elif check.checked_on < earliest_check_on(check.point, release_date):
        due = due_on(check.point, release_date)
        problems.append(
            FieldProblem(
                "checked_on",
                "too_early",
                f"The {check.point.label.lower()} check says how things stand on "
                f"{due:%d %b %Y}: record it from "
                f"{earliest_check_on(check.point, release_date):%d %b %Y}.",
            )
        )
    window_ends = due_on(CheckPoint.TREATMENT, release_date)
    if (
        check.point is CheckPoint.TREATMENT
        and check.treatment not in (None, TreatmentStart.STARTED)
        and check.checked_on < window_ends
    ):
        problems.append(
            FieldProblem(
                "treatment",
                "too_early",
                f"Treatment can still start until {window_ends:%d %b %Y} (3 weeks after "
                f"release): record a start as soon as it happens, and 'not started' or "
                f"'unknown' from {window_ends:%d %b %Y}.",
            )
        )
    started_on = check.treatment_started_on
    if started_on is not None and started_on < release_date:
        problems.append(
            FieldProblem(
                "treatment_started_on",
                "before_release",
                f"Treatment in the community starts on or after release ({release_date:%d %b %Y}).",
            )
        )
    if started_on is not None and started_on > today:
        problems.append(
            FieldProblem(
                "treatment_started_on", "future", "The start date cannot be in the future."
            )
        )
    return problems


class OutcomeCheck(BaseModel):
    """One recorded check, as stored (current or superseded)."""

    model_config = ConfigDict(frozen=True)

    id: int
    person_id: int
    point: CheckPoint
    release_date: dt.date
    checked_on: dt.date
    accommodation: Accommodation | None = None
    employment: Employment | None = None
    treatment: TreatmentStart | None = None
    treatment_started_on: dt.date | None = None
    note: str = ""
    supersedes_id: int | None = None
    recorded_by: str
    recorded_at: dt.datetime

    @property
    def treatment_in_window(self) -> bool:
        """Treatment started within 3 weeks of release (PHOF C20's numerator)."""
        return (
            self.treatment is TreatmentStart.STARTED
            and self.treatment_started_on is not None
            and (self.treatment_started_on - self.release_date).days <= TREATMENT_WINDOW_DAYS
        )
