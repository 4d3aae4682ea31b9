"""Actions that repeat (``domain/action_repeats.py``): when the times fall, bank holidays left
out, what the plan refuses, and how a repeat reads in the plan's printable lines."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from resettle.domain.action_repeats import (
    PartOfDay,
    Repeat,
    RepeatEvery,
    first_time,
    repeat_dates,
)
from resettle.domain.errors import ValidationFailed
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, DueDate, PlanAction, check_actions
from resettle.domain.plan_calendar import weekday_mismatch
from resettle.domain.plan_document import action_line, canonical_json
from resettle.reports.samples import sample_plan_document

RELEASE = dt.date(2026, 5, 28)  # a Thursday
TUESDAY = 1
MONDAY = 0


def _weekly(weekday: int = TUESDAY, **ends: object) -> Repeat:
    end = ends or {"ends": DueDate.absolute(dt.date(2026, 6, 30))}
    return Repeat(every=RepeatEvery.WEEK, weekday=weekday, **end)  # type: ignore[arg-type]


FIVE_DAYS_AFTER = DueDate.relative(5)


def _action(repeat: Repeat | None, due: DueDate | None = FIVE_DAYS_AFTER) -> PlanAction:
    return PlanAction(
        pathway=Pathway.EDUCATION_SKILLS_WORK,
        what="Go to the job club on Tuesday mornings",
        owner=ActionOwner.PERSON,
        due=due,
        repeat=repeat,
    )


def test_the_first_time_is_the_weekday_on_or_after_the_start() -> None:
    assert first_time(dt.date(2026, 6, 2), _weekly()) == dt.date(2026, 6, 2)  # a Tuesday
    assert first_time(dt.date(2026, 6, 3), _weekly()) == dt.date(2026, 6, 9)
    # Monday 31 August 2026 is the summer bank holiday: the first time is the Monday after.
    assert first_time(dt.date(2026, 8, 29), _weekly(MONDAY)) == dt.date(2026, 9, 7)


def test_weekly_and_fortnightly_times_to_an_end_date() -> None:
    weekly = repeat_dates(_weekly(), dt.date(2026, 6, 2), RELEASE)
    assert weekly.times == tuple(dt.date(2026, 6, d) for d in (2, 9, 16, 23, 30))
    assert (weekly.first, weekly.last, weekly.closed) == (
        dt.date(2026, 6, 2),
        dt.date(2026, 6, 30),
        (),
    )
    fortnightly = _weekly().model_copy(update={"every": RepeatEvery.FORTNIGHT})
    assert repeat_dates(fortnightly, dt.date(2026, 6, 1), RELEASE).times == (
        dt.date(2026, 6, 2),
        dt.date(2026, 6, 16),
        dt.date(2026, 6, 30),
    )


def test_a_bank_holiday_is_left_out_and_named() -> None:
    mondays = _weekly(MONDAY, ends=DueDate.absolute(dt.date(2026, 9, 14)))
    dates = repeat_dates(mondays, dt.date(2026, 8, 24), RELEASE)
    assert dates.times == (dt.date(2026, 8, 24), dt.date(2026, 9, 7), dt.date(2026, 9, 14))
    assert dates.closed == (dt.date(2026, 8, 31),)


def test_an_end_in_days_after_release_counts_from_the_release_date() -> None:
    repeat = _weekly(ends=DueDate.relative(33))  # Thursday 28 May + 33 = Tuesday 30 June
    assert repeat_dates(repeat, dt.date(2026, 6, 2), RELEASE).last == dt.date(2026, 6, 30)
    assert repeat_dates(repeat, dt.date(2026, 6, 2), None).times == ()  # end not known yet


def test_until_something_happens_has_a_first_time_and_no_last() -> None:
    dates = repeat_dates(_weekly(until="you start work"), dt.date(2026, 6, 2), RELEASE)
    assert (dates.first, dates.last, dates.times) == (dt.date(2026, 6, 2), None, ())


@pytest.mark.parametrize(
    "fields",
    [
        {},  # no end at all
        {"ends": DueDate.relative(30), "until": "you start work"},  # two ends
        {"ends": DueDate.relative(30, pinned=True)},  # an end date is never moved
        {"until": "   "},
    ],
)
def test_a_repeat_needs_exactly_one_end(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Repeat(every=RepeatEvery.WEEK, weekday=TUESDAY, **fields)  # type: ignore[arg-type]


def test_a_repeating_action_is_due_on_its_first_time() -> None:
    # Due 5 days after a Thursday release (a Tuesday), repeating on Tuesdays.
    assert _action(_weekly()).due_on(RELEASE) == dt.date(2026, 6, 2)
    assert _action(_weekly(dt.date(2026, 6, 4).weekday())).due_on(RELEASE) == dt.date(2026, 6, 4)
    assert _action(None).due_on(RELEASE) == dt.date(2026, 6, 2)


def _codes(action: PlanAction, release: dt.date | None = RELEASE) -> list[tuple[str, str]]:
    try:
        check_actions((action,), sentence_start=None, release_date=release)
    except ValidationFailed as failed:
        return [(p.field, p.code) for p in failed.problems]
    return []


def test_the_plan_refuses_a_repeat_it_cannot_place() -> None:
    assert _codes(_action(_weekly())) == []
    assert _codes(_action(_weekly(), due=None)) == [("actions[0].due", "repeat_needs_start")]
    early = _weekly(ends=DueDate.absolute(dt.date(2026, 6, 1)))
    assert _codes(_action(early)) == [("actions[0].repeat", "repeat_ends_before_first")]
    endless = _weekly(ends=DueDate.absolute(dt.date(2029, 1, 1)))
    assert _codes(_action(endless)) == [("actions[0].repeat", "repeat_too_long")]
    # Days from a release date not recorded yet: nothing to check until there is one.
    assert _codes(_action(_weekly(ends=DueDate.relative(1))), release=None) == []
    assert _codes(_action(_weekly(ends=DueDate.relative(1)))) == [
        ("actions[0].repeat", "repeat_ends_before_first")
    ]


def test_the_refusal_names_the_action_and_both_days() -> None:
    early = _weekly(ends=DueDate.absolute(dt.date(2026, 6, 1)))
    with pytest.raises(ValidationFailed) as failed:
        check_actions((_action(early),), sentence_start=None, release_date=RELEASE)
    message = failed.value.problems[0].message
    assert "action 1 ('Go to the job club on Tuesday mornings')" in message
    assert "Monday 1 June 2026" in message and "Tuesday 2 June 2026" in message


def test_the_weekday_check_reads_the_repeats_day() -> None:
    # Due on a Thursday, but repeating on Tuesdays: the text and the times agree.
    thursday_start = DueDate.relative(7)
    assert not weekday_mismatch(_action(_weekly(), due=thursday_start), RELEASE)
    assert weekday_mismatch(_action(_weekly(3), due=thursday_start), RELEASE)


def test_the_printable_line_carries_the_series() -> None:
    repeat = _weekly(ends=DueDate.relative(96)).model_copy(
        update={"part_of_day": PartOfDay.MORNING}
    )
    line = action_line(_action(repeat), RELEASE)
    assert line.due_on == dt.date(2026, 6, 2)
    assert line.repeat is not None
    assert (line.repeat.last_on, line.repeat.times) == (dt.date(2026, 9, 1), 14)
    assert line.repeat.part_of_day is PartOfDay.MORNING
    unknown = action_line(_action(repeat), None).repeat
    assert unknown is not None and (unknown.last_on, unknown.ends_days) == (None, 96)


def test_a_plan_without_repeats_keeps_its_fingerprint() -> None:
    """Plans issued before actions could repeat: no "repeat" key in the canonical JSON."""
    data = json.loads(canonical_json(sample_plan_document()))
    assert data["actions"] and all("repeat" not in a for a in data["actions"])


def test_a_bank_holiday_after_the_last_time_is_not_named() -> None:
    """Mondays to Tuesday 1 June 2027: 31 May is a bank holiday after the last time (24 May),
    so the series does not say "not on 31 May" (a trial read it as a session on 31 May)."""
    mondays = _weekly(MONDAY, ends=DueDate.absolute(dt.date(2027, 6, 1)))
    dates = repeat_dates(mondays, dt.date(2027, 5, 17), RELEASE)
    assert dates.times == (dt.date(2027, 5, 17), dt.date(2027, 5, 24))
    assert dates.closed == ()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("until you find work", "you find work"),
        ("Until: you find work", "you find work"),
        ("till you start college", "you start college"),
        ("untidy rooms are sorted", "untidy rooms are sorted"),
    ],
)
def test_an_until_typed_with_its_own_until_is_kept_once(typed: str, kept: str) -> None:
    assert _weekly(until=typed).until == kept


def test_until_alone_is_refused() -> None:
    with pytest.raises(ValidationError):
        _weekly(until="until")


def test_until_something_happens_lists_its_times_up_to_a_day_asked() -> None:
    open_ended = _weekly(MONDAY, until="you find work")
    dates = repeat_dates(open_ended, dt.date(2027, 5, 17), RELEASE, up_to=dt.date(2027, 6, 7))
    assert dates.times == (dt.date(2027, 5, 17), dt.date(2027, 5, 24), dt.date(2027, 6, 7))
    assert dates.closed == (dt.date(2027, 5, 31),) and dates.last is None
