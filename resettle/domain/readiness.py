"""Release readiness: one sortable number from the open essentials and the days to release.

Inputs are plain counts, so storage can compute it from one aggregated query per caseload:
``open_critical`` (critical essentials to do or in progress, see
``essentials.CRITICAL_KINDS``), ``open_other`` (the other open essentials) and
``days_to_release`` (negative once released; None when there is no release date) and
``plan_agreed`` (a version of the person's plan has been agreed or issued).

Score, 0-100
    load     = 10 x open critical + 4 x open other
    pressure = 1 + 3 x (84 - d) / 84, with d = days to release held within 0..84, so pressure
               runs from 1 (twelve weeks or more away: when Through the Gate work began) to 4
               (release day)
    score    = 100 - ceil(load x pressure), held within 1..99 while anything is open
    caps     = an open critical essential holds the score at or below a cap that falls day by
               day: 55 + (d - 14) // 2 within 42 days of release (69 at 42 days, 55 at 15: "At
               risk"), 25 + d within 14 (39 at 14 days, 25 on the day: "Urgent"). Falling, not
               flat, so people held by a cap still sort by how close their release is (second
               trial: twelve people read "Urgent (39)" and the one leaving tomorrow sorted last)
    100 when nothing is open (whatever the date) and a plan is agreed; 0 when released with
    anything open. Anything open costs at least 4 points, so an open essential never scores
    above 96.

Honest exceptions, which never show as ready
    no release date: no score and the level "No release date" (the pressure cannot be known;
    sorted after everyone with a date);
    released, or leaving today, with no agreed plan: 0 and the level "Released: no agreed
    plan", whatever is open (on release day a draft plan is as late as none: officers' trial
    found a person leaving today with a draft plan shown "On track");
    not yet released, nothing open, but no plan agreed or issued (none, or only a draft): 99
    and the level "Plan not agreed" (everything else is done; the plan is what is missing);
    not yet released without an agreed plan: the plan counts as an open critical item for the
    caps (at most 69 within 42 days of release, 39 within 14, falling), so a person three weeks from
    release with no plan at all never reads "On track" (officers' trial: "On track (87)" with
    no plan). The words say so: "At risk (62), plan not agreed".

Level, read from the score otherwise
    100 ready; 99 plan not agreed; 70-98 on track; 40-69 at risk; 1-39 urgent; 0 overdue
    ("Released: essentials open": released with an agreed plan but essentials still open).

Monotone: each term only grows with more open essentials or fewer days, and the caps only switch
on that way, so neither ever raises the score or the level (``tests/domain/test_readiness.py``
checks every combination over a grid). Sorting by the score ascending puts the people who most
need attention first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the caseload needs only the arithmetic: keep start-up light
    from resettle.domain.essentials import EssentialBase

CRITICAL_WEIGHT = 10
OTHER_WEIGHT = 4
HORIZON_DAYS = 84
MAX_PRESSURE = 4
#: The caps of an open critical essential (or no agreed plan): within AT_RISK_DAYS of release
#: the score is at most AT_RISK_BASE + (d - URGENT_DAYS) // 2 (55-69), within URGENT_DAYS at
#: most URGENT_BASE + d (25-39).
AT_RISK_DAYS, AT_RISK_BASE = 42, 55
URGENT_DAYS, URGENT_BASE = 14, 25
#: Nothing open before release, but no plan agreed or issued: never 100 ("Ready").
PLAN_NOT_AGREED_SCORE = 99


class ReadinessLevel(StrEnum):
    READY = "ready"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    URGENT = "urgent"
    OVERDUE = "overdue"
    RELEASED_NO_PLAN = "released_no_plan"
    NO_RELEASE_DATE = "no_release_date"
    PLAN_NOT_AGREED = "plan_not_agreed"

    @property
    def label(self) -> str:
        return {
            ReadinessLevel.READY: "Ready",
            ReadinessLevel.ON_TRACK: "On track",
            ReadinessLevel.AT_RISK: "At risk",
            ReadinessLevel.URGENT: "Urgent",
            ReadinessLevel.OVERDUE: "Released: essentials open",
            ReadinessLevel.RELEASED_NO_PLAN: "Released: no agreed plan",
            ReadinessLevel.NO_RELEASE_DATE: "No release date",
            ReadinessLevel.PLAN_NOT_AGREED: "Plan not agreed",
        }[self]


#: Levels shown as words alone: their score says nothing a reader could use.
UNSCORED_LEVELS = frozenset(
    {
        ReadinessLevel.NO_RELEASE_DATE,
        ReadinessLevel.RELEASED_NO_PLAN,
        ReadinessLevel.PLAN_NOT_AGREED,
    }
)


@dataclass(frozen=True, slots=True)
class Readiness:
    #: None when there is no release date (nothing to measure against).
    score: int | None
    level: ReadinessLevel
    #: A version of the plan is agreed or issued; shown beside a score when it is not.
    plan_agreed: bool = True

    @property
    def shows_score(self) -> bool:
        """False for the honest exceptions, shown as words alone ("No release date")."""
        return self.score is not None and self.level not in UNSCORED_LEVELS


def readiness_score(open_critical: int, open_other: int, days_to_release: int | None) -> int:
    """The 0-100 score described in the module docstring (integer arithmetic only)."""
    if open_critical < 0 or open_other < 0:
        raise ValueError("open counts cannot be negative")
    if open_critical == 0 and open_other == 0:
        return 100
    if days_to_release is not None and days_to_release < 0:
        return 0
    days = HORIZON_DAYS if days_to_release is None else min(days_to_release, HORIZON_DAYS)
    load = CRITICAL_WEIGHT * open_critical + OTHER_WEIGHT * open_other
    # ceil(load * (1 + (MAX_PRESSURE - 1) * (HORIZON - days) / HORIZON)) in integers
    scaled = load * (HORIZON_DAYS + (MAX_PRESSURE - 1) * (HORIZON_DAYS - days))
    penalty = -(-scaled // HORIZON_DAYS)
    score = min(99, max(1, 100 - penalty))
    return _capped(score, days) if open_critical else score


def level_for_score(score: int) -> ReadinessLevel:
    if score >= 100:
        return ReadinessLevel.READY
    if score == PLAN_NOT_AGREED_SCORE:
        return ReadinessLevel.PLAN_NOT_AGREED
    if score >= 70:
        return ReadinessLevel.ON_TRACK
    if score >= 40:
        return ReadinessLevel.AT_RISK
    if score >= 1:
        return ReadinessLevel.URGENT
    return ReadinessLevel.OVERDUE


def person_score(
    open_critical: int, open_other: int, days_to_release: int | None, plan_agreed: bool
) -> int | None:
    """The caseload's readiness sort key: the score with the honest exceptions applied
    (None with no release date; 0 from the release day on without an agreed plan; at most 99
    before it without one)."""
    if days_to_release is None:
        return None
    if not plan_agreed:
        if days_to_release <= 0:  # released, or leaving today, without an agreed plan
            return 0
        score = min(
            readiness_score(open_critical, open_other, days_to_release), PLAN_NOT_AGREED_SCORE
        )
        return _capped(score, days_to_release)
    return readiness_score(open_critical, open_other, days_to_release)


def critical_cap(days_to_release: int) -> int | None:
    """The highest score an open critical essential (or a missing agreed plan) allows this many
    days before release; None beyond AT_RISK_DAYS. It falls as release comes closer."""
    if days_to_release <= URGENT_DAYS:
        return URGENT_BASE + max(days_to_release, 0)
    if days_to_release <= AT_RISK_DAYS:
        return AT_RISK_BASE + (days_to_release - URGENT_DAYS) // 2
    return None


def _capped(score: int, days_to_release: int) -> int:
    """The caps of an open critical essential, which a missing agreed plan also brings."""
    cap = critical_cap(days_to_release)
    return score if cap is None else min(score, cap)


#: The scores each level holds (the levels read from the score alone).
SCORE_RANGES: dict[ReadinessLevel, tuple[int, int]] = {
    ReadinessLevel.READY: (100, 100),
    ReadinessLevel.PLAN_NOT_AGREED: (PLAN_NOT_AGREED_SCORE, PLAN_NOT_AGREED_SCORE),
    ReadinessLevel.ON_TRACK: (70, 98),
    ReadinessLevel.AT_RISK: (40, 69),
    ReadinessLevel.URGENT: (1, 39),
    ReadinessLevel.OVERDUE: (0, 0),
    ReadinessLevel.RELEASED_NO_PLAN: (0, 0),
}


def readiness(
    open_critical: int, open_other: int, days_to_release: int | None, plan_agreed: bool
) -> Readiness:
    score = person_score(open_critical, open_other, days_to_release, plan_agreed)
    if score is None:
        return Readiness(None, ReadinessLevel.NO_RELEASE_DATE, plan_agreed)
    if days_to_release is not None and days_to_release <= 0 and not plan_agreed:
        return Readiness(score, ReadinessLevel.RELEASED_NO_PLAN, plan_agreed)
    return Readiness(score, level_for_score(score), plan_agreed)


def readiness_of(
    essentials: Iterable[EssentialBase],
    release_date: date | None,
    today: date,
    plan_agreed: bool,
) -> Readiness:
    """Readiness of one person from their essential records."""
    from resettle.domain.essentials import open_counts

    critical, other = open_counts(essentials)
    days = None if release_date is None else (release_date - today).days
    return readiness(critical, other, days, plan_agreed)
