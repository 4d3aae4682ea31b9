"""Five wrong passwords in a row lock an account for fifteen minutes."""

from __future__ import annotations

import datetime as dt
from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resettle.domain.lockout import (
    LOCK_DURATION,
    LOCK_MINUTES,
    MAX_FAILED_ATTEMPTS,
    SignInState,
    after_failure,
    after_success,
    is_locked,
)

START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
FRESH = SignInState()


def _failures(count: int, state: SignInState = FRESH, at: dt.datetime = START) -> SignInState:
    return reduce(lambda s, _: after_failure(s, at), range(count), state)


def test_the_rules_are_five_attempts_and_fifteen_minutes() -> None:
    assert (MAX_FAILED_ATTEMPTS, LOCK_MINUTES) == (5, 15)


def test_four_failures_do_not_lock() -> None:
    state = _failures(4)
    assert state == SignInState(failed_attempts=4)
    assert not is_locked(state, START)


def test_the_fifth_failure_locks_for_fifteen_minutes_and_resets_the_count() -> None:
    state = _failures(5)
    assert state == SignInState(failed_attempts=0, locked_until=START + dt.timedelta(minutes=15))
    assert is_locked(state, START)
    assert is_locked(state, START + dt.timedelta(minutes=14, seconds=59))
    assert not is_locked(state, START + dt.timedelta(minutes=15))


def test_failures_during_the_lock_neither_count_nor_extend_it() -> None:
    locked = _failures(5)
    later = START + dt.timedelta(minutes=10)
    assert _failures(3, locked, later) == locked


def test_an_expired_lock_starts_a_fresh_count() -> None:
    after_lock = START + dt.timedelta(minutes=15)
    state = after_failure(_failures(5), after_lock)
    assert state == SignInState(failed_attempts=1)
    assert not is_locked(_failures(3, state, after_lock), after_lock)
    assert is_locked(_failures(4, state, after_lock), after_lock)


def test_success_clears_the_count() -> None:
    state = after_success(_failures(4))
    assert state == SignInState()
    assert not is_locked(_failures(4, state), START)


def test_naive_times_are_refused() -> None:
    naive = dt.datetime(2026, 3, 1, 9, 0)
    with pytest.raises(ValueError, match="now must be a timezone-aware"):
        is_locked(SignInState(), naive)
    with pytest.raises(ValueError, match="locked_until must be a timezone-aware"):
        SignInState(locked_until=naive)


@pytest.mark.parametrize("attempts", [-1, MAX_FAILED_ATTEMPTS])
def test_an_impossible_count_is_refused(attempts: int) -> None:
    with pytest.raises(ValueError, match="failed_attempts"):
        SignInState(failed_attempts=attempts)


def test_times_in_other_zones_compare_as_the_same_moment() -> None:
    state = _failures(5)
    plus_one = dt.timezone(dt.timedelta(hours=1))
    assert is_locked(state, (START + dt.timedelta(minutes=14)).astimezone(plus_one))
    assert not is_locked(state, (START + LOCK_DURATION).astimezone(plus_one))


_offsets = st.integers(min_value=0, max_value=60 * 60).map(lambda s: dt.timedelta(seconds=s))


@given(st.lists(st.tuples(st.booleans(), _offsets), max_size=40))
def test_any_history_keeps_the_rules(events: list[tuple[bool, dt.timedelta]]) -> None:
    """Whatever the sequence of failures and successes: the count stays below five, a lock
    lasts at most fifteen minutes from the attempt that set it, a success always unlocks, and
    five failures in a row while unlocked always end locked."""
    state, now, unlocked_failures = SignInState(), START, 0
    for failed, wait in events:
        now += wait
        if failed:
            was_locked = is_locked(state, now)
            state = after_failure(state, now)
            unlocked_failures = unlocked_failures if was_locked else unlocked_failures + 1
            if unlocked_failures == MAX_FAILED_ATTEMPTS:
                assert state.locked_until == now + LOCK_DURATION
                unlocked_failures = 0
        else:
            state, unlocked_failures = after_success(state), 0
            assert not is_locked(state, now)
        assert 0 <= state.failed_attempts < MAX_FAILED_ATTEMPTS
        assert state.locked_until is None or state.locked_until <= now + LOCK_DURATION
