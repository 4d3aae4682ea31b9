"""Session generation from a weekly schedule and the programme's templates, and replacing a
session (rescheduling, catch-ups)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.programmes.catalogue import Programme, SessionType
from resettle.domain.programmes.catalogue_file import shipped_catalogue
from resettle.domain.programmes.offerings import GroupDraft, OfferingDraft, WeeklySlot
from resettle.domain.programmes.sessions import (
    SESSION_ZONE,
    generate_sessions,
    replacement,
)
from resettle.domain.validation import validate
from tests.domain.test_programme_catalogue import programme_data

MONDAY = dt.date(2027, 1, 4)
MON = WeeklySlot(weekday="monday", starts_at=dt.time(9, 30), minutes=150)
THU = WeeklySlot(weekday="thursday", starts_at=dt.time(14), minutes=150)


def _programme(sessions: int = 4) -> Programme:
    templates = [
        {
            "number": n,
            "name": f"S{n}",
            "session_type": "one_to_one" if n % 2 == 0 else "group",
            "minutes": 60 if n % 2 == 0 else 150,
        }
        for n in range(1, sessions + 1)
    ]
    return validate(
        Programme, programme_data(modules=[{"number": 1, "name": "M", "sessions": templates}])
    )


def test_sessions_take_the_weekly_slots_in_order() -> None:
    result = generate_sessions(
        _programme(4), (THU, MON), MONDAY, MONDAY + dt.timedelta(days=30), frozenset()
    )
    starts = [s.starts_at for s in result.sessions]
    assert [s.date() for s in starts] == [
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 7),
        dt.date(2027, 1, 11),
        dt.date(2027, 1, 14),
    ]
    assert starts[0].time() == dt.time(9, 30) and starts[1].time() == dt.time(14)
    assert [s.sequence for s in result.sessions] == [1, 2, 3, 4]
    assert [s.session_type for s in result.sessions] == [
        SessionType.GROUP,
        SessionType.ONE_TO_ONE,
    ] * 2
    assert result.sessions[1].ends_at - result.sessions[1].starts_at == dt.timedelta(minutes=60)
    assert result.holidays_checked and result.skipped_days == ()


def test_closed_days_are_skipped_and_named() -> None:
    closed = frozenset({dt.date(2027, 1, 7)})
    result = generate_sessions(
        _programme(3), (MON, THU), MONDAY, MONDAY + dt.timedelta(days=30), closed
    )
    assert [s.starts_at.date() for s in result.sessions] == [
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 11),
        dt.date(2027, 1, 14),
    ]
    assert result.skipped_days == (dt.date(2027, 1, 7),)


def test_without_a_holiday_calendar_nothing_is_skipped_and_it_says_so() -> None:
    result = generate_sessions(_programme(2), (MON,), MONDAY, MONDAY + dt.timedelta(days=7), None)
    assert not result.holidays_checked and len(result.sessions) == 2


def test_wall_clock_times_hold_across_the_clock_change() -> None:
    start = dt.date(2027, 3, 22)  # a Monday; clocks go forward on 28 March 2027
    result = generate_sessions(
        _programme(2), (MON,), start, start + dt.timedelta(days=7), frozenset()
    )
    first, second = result.sessions
    assert first.starts_at.time() == second.starts_at.time() == dt.time(9, 30)
    assert first.starts_at.utcoffset() == dt.timedelta(0)
    assert second.starts_at.utcoffset() == dt.timedelta(hours=1)
    assert second.starts_at.tzinfo == SESSION_ZONE


def test_too_few_slots_before_the_end_date_is_refused_naming_it() -> None:
    with pytest.raises(ValidationFailed) as caught:
        generate_sessions(
            _programme(4), (MON,), MONDAY, MONDAY + dt.timedelta(days=14), frozenset()
        )
    problem = caught.value.problems[0]
    assert problem.field == "ends_on" and problem.code == "too_few_slots"
    assert "3 slots" in problem.message and "4 sessions" in problem.message


def test_a_session_longer_than_its_slot_is_refused_naming_the_schedule() -> None:
    short = WeeklySlot(weekday="monday", starts_at=dt.time(9), minutes=90)
    with pytest.raises(ValidationFailed) as caught:
        generate_sessions(
            _programme(2), (short,), MONDAY, MONDAY + dt.timedelta(days=30), frozenset()
        )
    assert caught.value.problems[0].field == "schedule"
    assert caught.value.problems[0].code == "slot_too_short"


def test_building_choices_high_fits_its_published_weeks_on_three_slots_a_week() -> None:
    programme = shipped_catalogue().require("BC-HIGH")
    wed = WeeklySlot(weekday="wednesday", starts_at=dt.time(9), minutes=150)
    result = generate_sessions(
        programme, (MON, wed, THU), MONDAY, MONDAY + dt.timedelta(weeks=25), frozenset()
    )
    assert len(result.sessions) == len(programme.session_templates()) == 52
    assert result.sessions[0].name == "Pre-group: one-to-one session"
    assert result.sessions[-1].name == "Bringing it all together: group session 4 of 4"
    # 52 sessions three times a week: the last falls in the 18th week, inside 17 to 25.
    assert (result.sessions[-1].starts_at.date() - MONDAY).days // 7 + 1 == 18
    # Twice a week does not fit 25 weeks: the end date is named.
    with pytest.raises(ValidationFailed) as caught:
        generate_sessions(
            programme, (MON, THU), MONDAY, MONDAY + dt.timedelta(weeks=25), frozenset()
        )
    assert caught.value.problems[0].field == "ends_on"


def test_building_choices_moderate_fits_its_published_weeks_on_two_slots_a_week() -> None:
    programme = shipped_catalogue().require("BC-MOD")
    result = generate_sessions(
        programme, (MON, THU), MONDAY, MONDAY + dt.timedelta(weeks=13), frozenset()
    )
    assert len(result.sessions) == 26
    assert (result.sessions[-1].starts_at.date() - MONDAY).days // 7 + 1 == 13


def test_rescheduling_keeps_the_template_and_length() -> None:
    old = generate_sessions(_programme(1), (MON,), MONDAY, MONDAY, frozenset()).sessions[0]
    moved = replacement(old, dt.datetime(2027, 1, 5, 13, 0))
    assert moved.starts_at == dt.datetime(2027, 1, 5, 13, 0, tzinfo=SESSION_ZONE)
    assert moved.ends_at - moved.starts_at == old.ends_at - old.starts_at
    assert (moved.sequence, moved.module_number, moved.session_number, moved.name) == (
        old.sequence,
        old.module_number,
        old.session_number,
        old.name,
    )
    assert not moved.is_catch_up
    catch_up = replacement(old, dt.datetime(2027, 1, 8, 10, 0, tzinfo=SESSION_ZONE), catch_up=True)
    assert catch_up.is_catch_up
    with pytest.raises(ValidationFailed) as caught:
        replacement(old, old.starts_at)
    assert caught.value.problems[0].field == "starts_at"


def _group(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "offering_id": 1,
        "code": "G1",
        "capacity": 10,
        "starts_on": "2027-01-04",
        "ends_on": "2027-04-30",
        "schedule": [{"weekday": "monday", "starts_at": "09:30", "minutes": 150}],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"capacity": 0}, "capacity", "Capacity"),
        ({"capacity": 101}, "capacity", "Capacity"),
        ({"ends_on": "2027-01-03"}, "ends_on", "End date: is before the start date"),
        ({"schedule": []}, "schedule", "Weekly schedule: needs at least one day of the week"),
        (
            {"schedule": [_group()["schedule"][0]] * 2},
            "schedule",
            "a day and start time appears twice",
        ),
        (
            {"schedule": [{"weekday": "funday", "starts_at": "09:30", "minutes": 60}]},
            "schedule",
            "Weekly schedule",
        ),
        ({"code": ""}, "code", "Group code"),
    ],
)
def test_a_bad_group_is_refused_naming_the_field(
    changes: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(GroupDraft, _group(**changes))
    problem = caught.value.problems[0]
    assert problem.field.split(".")[0] == field and words in problem.message


def test_a_good_group_and_offering_validate() -> None:
    assert validate(GroupDraft, _group()).schedule[0].starts_at == dt.time(9, 30)
    assert validate(OfferingDraft, {"programme_code": "BC-HIGH", "team_id": 3}).team_id == 3


@pytest.mark.parametrize("place", [{}, {"establishment_id": 1, "team_id": 2}])
def test_an_offering_is_in_exactly_one_place(place: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(OfferingDraft, {"programme_code": "BC-HIGH", **place})
    assert caught.value.problems[0].field == "establishment_id"
    assert caught.value.problems[0].code == "one_place"


def test_bank_holidays_are_england_and_wales_ones() -> None:
    from resettle.domain.working_days import bank_holidays

    closed = bank_holidays([2027])
    assert dt.date(2027, 12, 27) in closed  # Christmas Day falls on a Saturday: Monday off
    assert dt.date(2027, 8, 30) in closed  # summer bank holiday (England, not Scotland)
    assert dt.date(2027, 8, 2) not in closed  # Scotland's summer bank holiday
    assert dt.date(2027, 3, 17) not in closed  # St Patrick's Day: Northern Ireland only
