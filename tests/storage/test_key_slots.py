"""Key slots: a password unwraps its own copy of the data key, and nothing else does."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from resettle.storage.cipher import PlainCopyRefused, require_encrypted
from resettle.storage.key_slots import (
    OWNER_ONLY,
    KeyFile,
    KeyFileDamaged,
    key_file_path,
    new_cipher_key,
    read_key_file,
    unwrap_key,
    wrap_key,
    write_key_file,
)

PASSWORD = "harbour-lantern-quartz-19"


def test_the_right_password_unwraps_the_key_and_a_wrong_one_does_not() -> None:
    cipher = new_cipher_key()
    slot = wrap_key(cipher.data_key, 7, "jo.admin", PASSWORD)
    assert unwrap_key(slot, "jo.admin", PASSWORD) == cipher.data_key
    assert unwrap_key(slot, "jo.admin", PASSWORD + "x") is None
    # The user name is bound in: a slot moved to another account opens nothing.
    assert unwrap_key(slot, "sam.officer", PASSWORD) is None
    assert cipher.data_key not in slot.wrapped


def test_the_key_file_round_trips_without_the_key_in_it(tmp_path: Path) -> None:
    cipher = new_cipher_key()
    path = key_file_path(tmp_path / "resettle.sqlite3")
    assert path.name == "resettle.sqlite3.keys"
    keys = KeyFile(salt=cipher.salt).with_slot(
        "jo.admin", wrap_key(cipher.data_key, 1, "jo.admin", PASSWORD)
    )
    write_key_file(path, keys)
    assert read_key_file(path) == keys
    text = path.read_bytes()
    assert cipher.data_key.hex().encode() not in text and PASSWORD.encode() not in text
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    assert "hidden" in repr(cipher) and cipher.data_key.hex() not in repr(cipher)


def test_no_key_file_is_a_plain_database_and_a_damaged_one_is_named(tmp_path: Path) -> None:
    path = tmp_path / "resettle.sqlite3.keys"
    assert read_key_file(path) is None
    path.write_text("{not json")
    with pytest.raises(KeyFileDamaged, match=r"resettle\.sqlite3\.keys is damaged"):
        read_key_file(path)


def test_a_copy_that_came_out_plain_is_deleted_and_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(PlainCopyRefused):
        require_encrypted(copy, new_cipher_key())
    assert not copy.exists()


def test_the_key_file_is_its_owners_only(tmp_path: Path) -> None:
    path = tmp_path / "resettle.sqlite3.keys"
    write_key_file(path, KeyFile(salt=b"s" * 16))
    assert stat.S_IMODE(path.stat().st_mode) == OWNER_ONLY
