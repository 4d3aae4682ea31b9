"""Actions whose text names a weekday other than their due date's (``plan_calendar.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, DueDate, PlanAction
from resettle.domain.plan_calendar import mismatched_actions, named_weekdays, weekday_mismatch

RELEASE = dt.date(2026, 6, 1)  # a Monday


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Go to the job club on Tuesday mornings", {1}),
        ("job club, tuesdays", {1}),
        ("Recovery group (Thu, 6 pm) and Sat. football", {3, 5}),
        ("Meet on Weds or Fri", {2, 4}),
        ("Sun cream and a sat nav", {6}),  # "Sun" capitalised is a day; "sat" is not
        ("Monday and Thursday sign-in", {0, 3}),
        ("Collect the prescription", set()),
        ("Sunderland office; Monarch house; Saturnine", set()),
    ],
)
def test_named_weekdays(text: str, days: set[int]) -> None:
    assert named_weekdays(text) == days


def _action(what: str, due: DueDate | None) -> PlanAction:
    return PlanAction(
        pathway=Pathway.EDUCATION_SKILLS_WORK, what=what, owner=ActionOwner.PERSON, due=due
    )


def test_a_tuesday_action_due_on_a_thursday_is_flagged() -> None:
    thursday = _action("Go to the job club on Tuesday mornings", DueDate.relative(3))
    tuesday = _action("Go to the job club on Tuesday mornings", DueDate.relative(1))
    plain = _action("Budgeting session", DueDate.relative(3))
    undated = _action("Go to the job club on Tuesday mornings", None)
    assert weekday_mismatch(thursday, RELEASE)
    assert not weekday_mismatch(tuesday, RELEASE)
    assert mismatched_actions([thursday, tuesday, plain, undated], RELEASE) == (thursday,)
    assert not weekday_mismatch(thursday, None)  # no release date: no day to compare


def test_the_moved_date_is_the_one_compared() -> None:
    # Release Monday 1 June + 5 days is Saturday 6 June, moved to Monday 8 June.
    moved = _action("Sign in on Monday", DueDate.relative(5))
    pinned = _action("Sign in on Monday", DueDate.relative(5, pinned=True))
    assert not weekday_mismatch(moved, RELEASE)
    assert weekday_mismatch(pinned, RELEASE)
