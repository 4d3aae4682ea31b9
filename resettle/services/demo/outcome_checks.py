"""The demo's outcome checks after release (``domain/outcome_checks.py``), for people already
released: what an officer would have found out at each point that has come due.

The proportions follow the published measures (``research/turn2.md``) closely enough for the
dashboard to look like a real probation delivery unit's: about 84% housed on the first night
(some homeless or sleeping rough), roughly a fifth in work at 6 weeks and nearer a third at
6 months (some unavailable for work), and, of the people with a drugs or alcohol need, about
two in five starting community treatment within 3 weeks (some later, some not at all).
"Unknown" is a real answer and appears at every point. Some checks that have come due are
left unrecorded, most often the ones that came due in the last fortnight, so the caseload has
checks due and overdue; a few checks are corrected (a later row superseding the first).

The draws come from their own random sequence, so the rest of the demo is the same for a seed
with or without them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from resettle.domain.outcome_checks import (
    TREATMENT_WINDOW_DAYS,
    Accommodation,
    CheckPoint,
    Employment,
    TreatmentStart,
    due_on,
    points_for,
)
from resettle.services.demo.case_records import not_after_now

Row = dict[str, Any]

A = Accommodation
FIRST_NIGHT = (
    (A.SETTLED, 46),
    (A.OTHER_HOUSED, 16),
    (A.APPROVED_PREMISES_CAS, 22),
    (A.HOMELESS_NOT_ROUGH_SLEEPING, 8),
    (A.ROUGH_SLEEPING, 3),
    (A.UNKNOWN, 5),
)
LATER_ACCOMMODATION = (
    (A.SETTLED, 58),
    (A.OTHER_HOUSED, 14),
    (A.APPROVED_PREMISES_CAS, 10),
    (A.HOMELESS_NOT_ROUGH_SLEEPING, 7),
    (A.ROUGH_SLEEPING, 2),
    (A.UNKNOWN, 9),
)
W = Employment
EMPLOYMENT = {
    CheckPoint.WEEK_6: (
        (W.EMPLOYED, 17),
        (W.SELF_EMPLOYED, 2),
        (W.EDUCATION_TRAINING, 4),
        (W.UNEMPLOYED, 50),
        (W.UNAVAILABLE, 15),
        (W.UNKNOWN, 12),
    ),
    CheckPoint.MONTH_3: (
        (W.EMPLOYED, 22),
        (W.SELF_EMPLOYED, 3),
        (W.EDUCATION_TRAINING, 4),
        (W.UNEMPLOYED, 45),
        (W.UNAVAILABLE, 14),
        (W.UNKNOWN, 12),
    ),
    CheckPoint.MONTH_6: (
        (W.EMPLOYED, 26),
        (W.SELF_EMPLOYED, 4),
        (W.EDUCATION_TRAINING, 4),
        (W.UNEMPLOYED, 40),
        (W.UNAVAILABLE, 14),
        (W.UNKNOWN, 12),
    ),
}
#: How a treatment check turns out: started in the 3 weeks, started later, not started, unknown.
TREATMENT = (("in_window", 40), ("later", 12), ("not_started", 34), ("unknown", 14))

#: Chance a check that came due in the last 14 days is not recorded yet; longer ago.
UNRECORDED_RECENT = 0.35
UNRECORDED_OLDER = 0.05
#: Chance a recorded check was later corrected (and the first few always are, so even a
#: small demo shows a correction in a check's history).
CORRECTED = 0.015
ALWAYS_CORRECTED = 2
#: Share of the people released in the last month drawn as released longer ago (1 to 9
#: months), so the 6-week, 3-month and 6-month checks come due for some of the caseload.
LONG_RELEASED_SHARE = 0.6


def long_released_offset(rng: random.Random) -> int:
    """Days further back to move a release drawn in the last month (0: leave it)."""
    return rng.randint(28, 240) if rng.random() < LONG_RELEASED_SHARE else 0


@dataclass
class OutcomeRows:
    """Rows for ``outcome_checks``, with ids given here so a correction names its original."""

    next_id: int
    rows: list[Row] = field(default_factory=list)
    corrections: int = 0

    def new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value


def add_outcome_checks(
    out: OutcomeRows,
    rng: random.Random,
    person_id: int,
    release_date: dt.date | None,
    treatment_need: bool,
    today: dt.date,
    officer_id: int,
    officer_name: str,
) -> None:
    """The checks of one person's release that have come due by ``today``."""
    if release_date is None or release_date >= today:
        return
    for point in points_for(treatment_need):
        due = due_on(point, release_date)
        if due > today:
            continue
        chance = UNRECORDED_RECENT if (today - due).days <= 14 else UNRECORDED_OLDER
        if rng.random() < chance:
            continue
        checked_on = min(due + dt.timedelta(days=rng.randint(0, 10)), today)
        answers = _answers(rng, point, release_date, checked_on)
        first = _row(
            out,
            rng,
            person_id,
            point,
            release_date,
            checked_on,
            answers,
            officer_id,
            officer_name,
            None,
        )
        out.rows.append(first)
        corrected = rng.random() < CORRECTED or out.corrections < ALWAYS_CORRECTED
        if corrected and checked_on < today:
            out.corrections += 1
            later = min(checked_on + dt.timedelta(days=rng.randint(1, 7)), today)
            changed = _answers(rng, point, release_date, later)
            out.rows.append(
                _row(
                    out,
                    rng,
                    person_id,
                    point,
                    release_date,
                    later,
                    changed,
                    officer_id,
                    officer_name,
                    first["id"],
                )
            )


def _answers(rng: random.Random, point: CheckPoint, release: dt.date, checked_on: dt.date) -> Row:
    if point is CheckPoint.TREATMENT:
        return _treatment(rng, release, checked_on)
    weights = FIRST_NIGHT if point is CheckPoint.FIRST_NIGHT else LATER_ACCOMMODATION
    answers: Row = {"accommodation": _pick(rng, weights).value}
    if point.asks_employment:
        answers["employment"] = _pick(rng, EMPLOYMENT[point]).value
    return answers


def _treatment(rng: random.Random, release: dt.date, checked_on: dt.date) -> Row:
    outcome = _pick(rng, TREATMENT)
    days_known = (checked_on - release).days
    if outcome == "later" and days_known <= TREATMENT_WINDOW_DAYS:
        outcome = "not_started"  # not started yet, as far as the officer knows
    if outcome in ("in_window", "later"):
        if outcome == "in_window":
            started = release + dt.timedelta(
                days=rng.randint(0, min(TREATMENT_WINDOW_DAYS, days_known))
            )
        else:
            started = release + dt.timedelta(
                days=rng.randint(TREATMENT_WINDOW_DAYS + 1, days_known)
            )
        return {"treatment": TreatmentStart.STARTED.value, "treatment_started_on": started}
    value = TreatmentStart.NOT_STARTED if outcome == "not_started" else TreatmentStart.UNKNOWN
    return {"treatment": value.value}


def _row(
    out: OutcomeRows,
    rng: random.Random,
    person_id: int,
    point: CheckPoint,
    release: dt.date,
    checked_on: dt.date,
    answers: Row,
    officer_id: int,
    officer_name: str,
    supersedes_id: int | None,
) -> Row:
    at = dt.datetime.combine(
        checked_on, dt.time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))), dt.UTC
    )
    return {
        "id": out.new_id(),
        "person_id": person_id,
        "point": point.value,
        "release_date": release,
        "checked_on": checked_on,
        "accommodation": None,
        "employment": None,
        "treatment": None,
        "treatment_started_on": None,
        "note": "Corrected: the first answer was mistaken." if supersedes_id else "",
        "supersedes_id": supersedes_id,
        "recorded_by_id": officer_id,
        "recorded_by": officer_name,
        "recorded_at": not_after_now(at),
    } | answers


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    values = [value for value, _weight in weighted]
    return rng.choices(values, weights=[weight for _value, weight in weighted])[0]
