"""A suggested action's due date: relative unless the day it resolves to (moved off a weekend
or bank holiday) has passed, then today."""

from __future__ import annotations

import datetime as dt

from resettle.domain.plan import DueDate
from resettle.services.plans.prefill import due_date

RELEASE = dt.date(2027, 1, 4)  # Monday; + 5 days is Saturday 9 January, moved to Monday 11th
SENTENCE = dt.date(2025, 1, 1)


def test_a_counted_saturday_passed_but_its_monday_to_come_stays_relative() -> None:
    sunday = dt.date(2027, 1, 10)
    assert due_date(5, release_date=RELEASE, sentence_date=SENTENCE, today=sunday) == (
        DueDate.relative(5)
    )


def test_once_the_moved_day_has_passed_it_is_today() -> None:
    tuesday = dt.date(2027, 1, 12)
    assert due_date(5, release_date=RELEASE, sentence_date=SENTENCE, today=tuesday) == (
        DueDate.absolute(tuesday)
    )
