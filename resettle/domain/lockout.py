"""When repeated wrong passwords lock an account, and for how long: pure rules, no clock.

After :data:`MAX_FAILED_ATTEMPTS` consecutive failed sign-ins the account is locked for
:data:`LOCK_MINUTES` minutes. The fifth failure sets ``locked_until`` and resets the count to 0,
so when the lock runs out the account starts afresh with five attempts. Failures are consecutive
until a successful sign-in (however far apart they are). While the account is locked, the
sign-in service refuses without checking the password; a failure recorded during the lock leaves
the state as it is (it neither counts nor extends the lock). A successful sign-in clears both.

Every time is a timezone-aware datetime (UTC by convention); a naive one raises ``ValueError``
rather than being compared with the wrong offset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
LOCK_DURATION = dt.timedelta(minutes=LOCK_MINUTES)


def _require_aware(name: str, moment: dt.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime (UTC), not a naive one")


@dataclass(frozen=True)
class SignInState:
    """An account's failed attempts since its last successful sign-in or lock, and its lock."""

    failed_attempts: int = 0
    locked_until: dt.datetime | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.failed_attempts < MAX_FAILED_ATTEMPTS:
            raise ValueError(
                f"failed_attempts must be from 0 to {MAX_FAILED_ATTEMPTS - 1}, "
                f"not {self.failed_attempts}"
            )
        if self.locked_until is not None:
            _require_aware("locked_until", self.locked_until)


def is_locked(state: SignInState, now: dt.datetime) -> bool:
    """Whether sign-in is refused at *now* (the lock ends exactly at ``locked_until``)."""
    _require_aware("now", now)
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: SignInState, now: dt.datetime) -> SignInState:
    """The state after a wrong password at *now*."""
    if is_locked(state, now):
        return state
    attempts = state.failed_attempts + 1
    if locks_at(attempts):
        return SignInState(failed_attempts=0, locked_until=now + LOCK_DURATION)
    return SignInState(failed_attempts=attempts, locked_until=None)


def locks_at(attempts: int) -> bool:
    """Whether a count of failures in a row reaches the lock."""
    return attempts >= MAX_FAILED_ATTEMPTS


def after_success(state: SignInState) -> SignInState:
    """The state after a successful sign-in: no failures, no lock."""
    return SignInState()
