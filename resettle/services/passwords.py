"""Password hashing: argon2id with argon2-cffi's default parameters.

The parameters are argon2-cffi's ``PasswordHasher()`` defaults (argon2-cffi 23.1 and later:
argon2id, memory 65,536 KiB, 3 passes, 4 lanes; RFC 9106's second recommended option). The
stored hash names its own parameters (``$argon2id$v=19$m=65536,t=3,p=4$...``), so a hash made
with older parameters still verifies, and :func:`needs_rehash` says when to hash the password
again (at the next successful sign-in, while the typed password is at hand).

Tests would spend 64 MiB and three passes on every hash; the test suite installs a cheap hasher
for the session with :func:`hasher_in_use` (tests/conftest.py). Nothing else should call it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import Argon2Error, InvalidHashError

#: What Resettle hashes with: argon2-cffi's current defaults.
DEFAULT_HASHER: Final = PasswordHasher()

_hasher: PasswordHasher = DEFAULT_HASHER


@contextmanager
def hasher_in_use(hasher: PasswordHasher) -> Iterator[PasswordHasher]:
    """Hash and verify with *hasher* inside the block (for tests: cheaper parameters)."""
    global _hasher
    previous, _hasher = _hasher, hasher
    _hash_for_unknown_users.cache_clear()
    try:
        yield hasher
    finally:
        _hasher = previous
        _hash_for_unknown_users.cache_clear()


def hash_password(password: str) -> str:
    """The argon2id hash of *password* (with a fresh random salt), to store."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether *password* matches *stored_hash*; False, never an exception, for a wrong
    password or a stored hash that is empty, missing or malformed."""
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (Argon2Error, ValueError):  # InvalidHashError is a ValueError
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether *stored_hash* was made with other parameters than the current ones (or cannot
    be read), so the password should be hashed again after it has been verified."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return True


@cache
def _hash_for_unknown_users() -> str:
    return _hasher.hash("no account has this password: it only spends the time")


def verify_for_unknown_user(password: str) -> bool:
    """Spend the time a real check takes, for a user name that has no account, and return
    False: a sign-in for a name that does not exist takes as long as a wrong password, so the
    time taken does not reveal which names exist."""
    verify_password(_hash_for_unknown_users(), password)
    return False
