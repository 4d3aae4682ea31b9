"""England and Wales working days (``domain/working_days.py``) and how plan due dates move
off closed days (``domain/plan.resolve_due``)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from resettle.domain.plan import DueDate, counted_day, resolve_due
from resettle.domain.working_days import (
    ClosedReason,
    bank_holidays,
    closed_reason,
    next_working_day,
    previous_working_day,
    release_day_note,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2026, 4, 3), ClosedReason.BANK_HOLIDAY),  # Good Friday 2026
        (D(2026, 4, 6), ClosedReason.BANK_HOLIDAY),  # Easter Monday 2026
        (D(2027, 3, 26), ClosedReason.BANK_HOLIDAY),  # Good Friday 2027
        (D(2027, 3, 29), ClosedReason.BANK_HOLIDAY),  # Easter Monday 2027
        (D(2026, 12, 25), ClosedReason.BANK_HOLIDAY),  # Christmas, a Friday
        (D(2026, 12, 26), ClosedReason.WEEKEND),  # Boxing Day on a Saturday ...
        (D(2026, 12, 28), ClosedReason.BANK_HOLIDAY),  # ... its substitute Monday
        (D(2027, 12, 27), ClosedReason.BANK_HOLIDAY),  # Christmas 2027 (Sat) substitute
        (D(2027, 12, 28), ClosedReason.BANK_HOLIDAY),  # Boxing Day 2027 (Sun) substitute
        (D(2026, 6, 7), ClosedReason.WEEKEND),  # a Sunday
        (D(2026, 6, 8), None),  # a Monday
        (D(2027, 12, 29), None),  # the first working day after Christmas 2027
        (D(2026, 3, 17), None),  # St Patrick's Day: Northern Ireland's, not England's
        (D(2026, 11, 30), None),  # St Andrew's Day: Scotland's
    ],
)
def test_closed_days_in_england_and_wales(day: dt.date, reason: ClosedReason | None) -> None:
    assert closed_reason(day) is reason


def test_bank_holidays_are_the_libraries_eight_a_year_and_substitutes() -> None:
    assert len(bank_holidays([2026])) == 9  # 8 and Boxing Day's substitute
    assert D(2027, 12, 27) in bank_holidays([2026, 2027])


def test_next_and_previous_working_days_step_over_christmas_2027() -> None:
    assert next_working_day(D(2027, 12, 25)) == D(2027, 12, 29)
    assert next_working_day(D(2027, 12, 29)) == D(2027, 12, 29)
    assert previous_working_day(D(2027, 12, 28)) == D(2027, 12, 24)
    assert previous_working_day(D(2026, 4, 6)) == D(2026, 4, 2)  # over Easter 2026


def test_a_sunday_release_is_noted_with_the_friday_before() -> None:
    note = release_day_note(D(2026, 6, 7))
    assert note is not None
    assert note.reason is ClosedReason.WEEKEND
    assert note.working_day == D(2026, 6, 5)


def test_an_easter_monday_release_is_noted_with_the_thursday_before() -> None:
    note = release_day_note(D(2027, 3, 29))
    assert note is not None
    assert note.reason is ClosedReason.BANK_HOLIDAY
    assert note.working_day == D(2027, 3, 25)


def test_a_working_day_or_no_release_date_has_no_note() -> None:
    assert release_day_note(D(2026, 6, 8)) is None
    assert release_day_note(None) is None


SUNDAY = D(2026, 6, 7)


@pytest.mark.parametrize(
    ("release", "offset", "due"),
    [
        (D(2026, 6, 1), 6, D(2026, 6, 8)),  # Sunday -> Monday
        (D(2026, 6, 1), 5, D(2026, 6, 8)),  # Saturday -> Monday
        (D(2026, 6, 1), 4, D(2026, 6, 5)),  # a Friday stays
        (D(2026, 3, 30), 4, D(2026, 4, 7)),  # Good Friday 2026 -> the Tuesday after Easter
        (D(2026, 12, 21), 4, D(2026, 12, 29)),  # Christmas Day 2026 -> over Boxing Day's sub
        (D(2027, 12, 20), 7, D(2027, 12, 29)),  # Monday 27 December 2027 (substitute) -> 29th
    ],
)
def test_days_after_release_move_to_the_next_working_day(
    release: dt.date, offset: int, due: dt.date
) -> None:
    assert resolve_due(DueDate.relative(offset), release) == due


def test_a_pinned_date_stays_on_its_exact_day() -> None:
    pinned = DueDate.relative(6, pinned=True)
    assert resolve_due(pinned, D(2026, 6, 1)) == SUNDAY
    assert counted_day(DueDate.relative(6), D(2026, 6, 1)) == SUNDAY


def test_release_day_and_days_before_release_are_not_moved() -> None:
    assert resolve_due(DueDate.release_day(), SUNDAY) == SUNDAY
    assert resolve_due(DueDate.relative(-7), SUNDAY + dt.timedelta(days=7)) == SUNDAY
    assert resolve_due(DueDate.absolute(SUNDAY), None) == SUNDAY


def test_only_a_relative_date_can_be_pinned() -> None:
    with pytest.raises(ValidationError, match="only a relative due date can be pinned"):
        DueDate(kind="absolute", on=SUNDAY, pinned=True)  # type: ignore[arg-type]
