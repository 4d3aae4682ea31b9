"""When a rescheduled session may run: session hours, bank holidays in England and Wales,
and module order (catch-ups exempt from the order)."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.programmes.session_times import (
    SESSION_HOURS,
    GroupSessionTime,
    bank_holiday_name,
    check_module_order,
    check_not_bank_holiday,
    check_not_started,
    check_session_hours,
)
from resettle.domain.programmes.sessions import SESSION_ZONE
from resettle.domain.working_days import bank_holidays

#: England and Wales bank holidays as https://www.gov.uk/bank-holidays lists them
#: (substitute days where a holiday falls at a weekend).
GOV_UK_ENGLAND_AND_WALES = {
    2025: [(1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)],
    2026: [(1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)],
    2027: [(1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)],
}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SESSION_ZONE)


def _problem(run: object) -> tuple[str, str, str]:
    with pytest.raises(ValidationFailed) as caught:
        run()  # type: ignore[operator]
    (problem,) = caught.value.problems
    return problem.field, problem.code, problem.message


@pytest.mark.parametrize("year", sorted(GOV_UK_ENGLAND_AND_WALES))
def test_the_bank_holiday_calendar_matches_gov_uk(year: int) -> None:
    """Every gov.uk date is closed; any other closed day is the weekend day a substitute
    stands in for (no session is scheduled at weekends by this check's callers)."""
    expected = {dt.date(year, m, d) for m, d in GOV_UK_ENGLAND_AND_WALES[year]}
    calendar = bank_holidays([year])
    assert expected <= calendar
    assert all(day.weekday() >= 5 for day in calendar - expected)
    assert all(day.weekday() < 5 for day in expected)


def test_a_bank_holiday_is_refused_naming_the_day_and_the_holiday() -> None:
    field, code, message = _problem(lambda: check_not_bank_holiday(_at(dt.date(2027, 5, 31), 10)))
    assert (field, code) == ("starts_at", "programme_session.bank_holiday")
    assert message == (
        "New start: 31/05/2027 is a bank holiday in England and Wales (Spring Bank Holiday); "
        "choose another day"
    )
    assert bank_holiday_name(dt.date(2027, 12, 27)) is not None  # Christmas Day, substitute
    check_not_bank_holiday(_at(dt.date(2027, 6, 1), 10))  # the Tuesday after: fine
    # A late evening in UTC that is already the holiday in England is refused too.
    utc_late = dt.datetime(2027, 8, 29, 23, 30, tzinfo=dt.UTC)  # 00:30 on 30/08 in London
    assert _problem(lambda: check_not_bank_holiday(utc_late))[1] == "programme_session.bank_holiday"


@pytest.mark.parametrize(
    ("start", "minutes", "fits"),
    [
        ((8, 0), 150, True),  # opens at 08:00
        ((7, 59), 60, False),
        ((17, 30), 150, True),  # ends at 20:00 exactly
        ((17, 31), 150, False),  # ends at 20:01
        ((19, 0), 60, True),
        ((23, 30), 60, False),  # runs past midnight
    ],
)
def test_session_hours_are_a_half_open_day_window(
    start: tuple[int, int], minutes: int, fits: bool
) -> None:
    assert (dt.time(8), dt.time(20)) == SESSION_HOURS
    starts_at = _at(dt.date(2027, 2, 3), *start)
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    if fits:
        check_session_hours(starts_at, ends_at)
        return
    field, code, message = _problem(lambda: check_session_hours(starts_at, ends_at))
    assert (field, code) == ("starts_at", "programme_session.outside_hours")
    assert message.startswith(f"New start: a session at {starts_at:%H:%M}-")
    assert "outside session hours (08:00-20:00)" in message


def _others() -> list[GroupSessionTime]:
    """Module 1 on 1 and 3 Feb, module 2 on 8 and 10 Feb, module 3 on 15 Feb (2027)."""
    return [
        GroupSessionTime(1, 1, "Welcome", _at(dt.date(2027, 2, 1), 10)),
        GroupSessionTime(1, 2, "Goals", _at(dt.date(2027, 2, 3), 10)),
        GroupSessionTime(2, 1, "Thinking", _at(dt.date(2027, 2, 8), 10)),
        GroupSessionTime(2, 3, "Feelings", _at(dt.date(2027, 2, 10), 10)),
        GroupSessionTime(3, 1, "People", _at(dt.date(2027, 2, 15), 10)),
    ]


def test_a_session_moved_within_its_modules_place_keeps_the_order() -> None:
    # Module 2's second session, anywhere between module 1's last and module 3's first.
    for day in (dt.date(2027, 2, 4), dt.date(2027, 2, 9), dt.date(2027, 2, 12)):
        check_module_order(2, _at(day, 14), _others())


def test_a_session_moved_before_an_earlier_modules_session_is_refused() -> None:
    field, code, message = _problem(
        lambda: check_module_order(2, _at(dt.date(2027, 2, 2), 14), iter(_others()))
    )
    assert (field, code) == ("starts_at", "programme_session.out_of_order")
    assert message == (
        "New start: a module 2 session on 02/02/2027 would run before Module 1, session 2: "
        "Goals on 03/02/2027 at 10:00; a group's modules run in order (add a catch-up to "
        "repeat a session out of order)"
    )


def test_a_session_moved_after_a_later_modules_session_is_refused() -> None:
    _field, code, message = _problem(
        lambda: check_module_order(2, _at(dt.date(2027, 2, 16), 10), iter(_others()))
    )
    assert code == "programme_session.out_of_order"
    assert "would run after Module 3, session 1: People on 15/02/2027 at 10:00" in message
    # The same moment as a later module's session is no longer in order either.
    assert _problem(lambda: check_module_order(2, _at(dt.date(2027, 2, 15), 10), _others()))[1] == (
        "programme_session.out_of_order"
    )


def test_a_session_moved_past_a_session_of_its_own_module_is_refused() -> None:
    """User trial: module 2 session 2 moved after session 3 was accepted."""
    # Module 2 session 2, between session 1 (8 Feb) and session 3 (10 Feb): in order.
    check_module_order(2, _at(dt.date(2027, 2, 9), 14), _others(), session_number=2)
    for day, where, crossed in (
        (dt.date(2027, 2, 12), "after", "Module 2, session 3: Feelings"),
        (dt.date(2027, 2, 4), "before", "Module 2, session 1: Thinking"),
    ):
        field, code, message = _problem(
            lambda day=day: check_module_order(2, _at(day, 14), _others(), session_number=2)
        )
        assert (field, code) == ("starts_at", "programme_session.out_of_order")
        assert message.startswith(f"New start: module 2 session 2 on {day:%d/%m/%Y} would run")
        assert f"would run {where} {crossed}" in message
        assert "a module's sessions run in order" in message


def test_a_session_already_started_is_not_rescheduled() -> None:
    starts = _at(dt.date(2027, 2, 8), 10)
    ends = starts + dt.timedelta(hours=2)
    check_not_started(starts, ends, starts - dt.timedelta(minutes=1))
    for now, state in ((starts, "under way"), (ends, "over")):
        field, code, message = _problem(lambda now=now: check_not_started(starts, ends, now))
        assert (field, code) == ("session_id", "programme_session.already_held")
        assert message == (
            f"Session: it started on 08/02/2027 at 10:00 and is {state}; a session already "
            "held or over cannot be rescheduled: add a catch-up instead"
        )
