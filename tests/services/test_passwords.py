"""Password hashing: argon2id, verification that never raises, and rehashing on new parameters.

The suite hashes with cheap parameters (tests/conftest.py); one test uses the real defaults.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from resettle.services.passwords import (
    DEFAULT_HASHER,
    hash_password,
    hasher_in_use,
    needs_rehash,
    verify_for_unknown_user,
    verify_password,
)

PASSWORD = "a long and unusual phrase"


def test_the_real_default_is_argon2id_with_argon2_cffis_parameters() -> None:
    with hasher_in_use(DEFAULT_HASHER):
        stored = hash_password(PASSWORD)
        assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        assert verify_password(stored, PASSWORD)
        assert not verify_password(stored, PASSWORD.upper())
        assert not needs_rehash(stored)


def test_the_suite_hashes_cheaply_and_a_block_restores_the_hasher_it_found() -> None:
    cheap = "$argon2id$v=19$m=8,t=1,p=1$"
    assert hash_password(PASSWORD).startswith(cheap)
    with hasher_in_use(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)):
        assert hash_password(PASSWORD).startswith("$argon2id$v=19$m=16,t=2,p=1$")
    assert hash_password(PASSWORD).startswith(cheap)


def test_a_password_verifies_against_its_own_hash_only() -> None:
    stored = hash_password(PASSWORD)
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + " ")
    assert not verify_password(stored, "")
    assert not verify_password(hash_password("something else entirely"), PASSWORD)


def test_each_hash_has_its_own_salt() -> None:
    assert hash_password(PASSWORD) != hash_password(PASSWORD)


def test_the_password_is_taken_as_typed() -> None:
    stored = hash_password(" spaces around it ")
    assert verify_password(stored, " spaces around it ")
    assert not verify_password(stored, "spaces around it")


@pytest.mark.parametrize(
    "stored",
    [None, "", "not a hash", "$argon2id$v=19$m=8,t=1,p=1$", "$2b$12$abcdefghijklmnopqrstuv"],
    ids=["missing", "empty", "text", "truncated", "bcrypt"],
)
def test_a_missing_or_malformed_stored_hash_never_verifies_and_never_raises(
    stored: str | None,
) -> None:
    assert verify_password(stored, PASSWORD) is False


def test_a_password_that_cannot_be_encoded_does_not_verify() -> None:
    assert verify_password(hash_password(PASSWORD), "lone surrogate \ud800") is False


def test_a_hash_made_with_other_parameters_needs_rehashing() -> None:
    with hasher_in_use(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)):
        older = hash_password(PASSWORD)
    assert needs_rehash(older)
    assert verify_password(older, PASSWORD)  # still verifies, so it can be rehashed
    assert not needs_rehash(hash_password(PASSWORD))


def test_an_unreadable_hash_needs_replacing() -> None:
    assert needs_rehash("not a hash")


def test_an_unknown_user_never_verifies() -> None:
    assert verify_for_unknown_user(PASSWORD) is False
    assert verify_for_unknown_user("") is False
