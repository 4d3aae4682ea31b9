"""Encryption at rest (SQLite): a new database is encrypted, signing in opens it with the
account's key slot, the slots follow the accounts, and nothing else opens it."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from resettle.domain.errors import DomainError
from resettle.services import accounts, authentication, teams
from resettle.services.authentication import SignInRefused
from resettle.services.before_sign_in import run_before_sign_in
from resettle.services.workspace import Workspace, open_settings_database, open_workspace
from resettle.settings import DATABASE_FILE, Settings, resolve_settings
from resettle.storage import account_keys
from resettle.storage.cipher import SQLITE_HEADER, file_header
from resettle.storage.database import LARGEST_UNFINISHED_FILE
from resettle.storage.engine import sqlite_url
from resettle.storage.errors import CorruptDatabase, KeyFileMismatch, NotResettleDatabase
from resettle.storage.key_slots import key_file_path, read_key_file, unwrap_key

ADMIN = "jo.admin"
ADMIN_PASSWORD = "quartz-meadow-lantern-61"
TEMPORARY = "copper-harbour-violet-27"
CHOSEN = "saffron-glacier-pebble-83"


def settings_in(folder: Path) -> Settings:
    return resolve_settings(folder, sqlite_url(folder / DATABASE_FILE))


def new_encrypted_database(folder: Path) -> Settings:
    """A new database (encrypted, as the application makes one) and its first administrator."""
    settings = settings_in(folder)
    database = open_settings_database(settings)
    try:
        assert database.encrypted and database.cipher is not None
        run_before_sign_in(
            database, authentication.create_first_admin, ADMIN, "Jo Admin", ADMIN_PASSWORD
        )
    finally:
        database.close()
    return settings


def sign_in(settings: Settings, username: str, password: str) -> Workspace:
    return open_workspace(replace(settings, username=username), password)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def slot_names(settings: Settings) -> set[str]:
    keys = read_key_file(key_file_path(settings.data_dir / DATABASE_FILE))
    assert keys is not None
    return set(keys.slots)


@pytest.fixture
def encrypted(tmp_path: Path) -> Settings:
    return new_encrypted_database(tmp_path / "data")


def test_a_new_database_is_encrypted_and_opens_when_its_administrator_signs_in(
    encrypted: Settings,
) -> None:
    path = encrypted.data_dir / DATABASE_FILE
    assert file_header(path) != SQLITE_HEADER
    assert slot_names(encrypted) == {ADMIN}
    sealed = open_settings_database(encrypted)
    try:
        assert sealed.sealed is not None
        assert run_before_sign_in(sealed, authentication.has_accounts)
        with pytest.raises(DomainError, match="encrypted"):
            sealed.uow()
    finally:
        sealed.close()
    workspace = sign_in(encrypted, ADMIN, ADMIN_PASSWORD)
    try:
        assert workspace.encrypted and workspace.actor.username == ADMIN
        assert [a.username for a in workspace.run(accounts.list_accounts)] == [ADMIN]
    finally:
        workspace.close()


def test_a_wrong_password_cannot_read_the_file_and_five_lock_the_slot(
    encrypted: Settings,
) -> None:
    path = encrypted.data_dir / DATABASE_FILE
    before = digest(path)
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in(encrypted, ADMIN, "not-the-password-at-all")
    assert digest(path) == before  # never opened, never written
    with pytest.raises(SignInRefused):  # locked: the right password is refused too
        sign_in(encrypted, ADMIN, ADMIN_PASSWORD)
    keys = read_key_file(key_file_path(path))
    assert keys is not None and keys.slots[ADMIN].locked_until is not None
    with pytest.raises(SignInRefused):
        sign_in(encrypted, "nobody.here", ADMIN_PASSWORD)


def test_an_administrator_unlocking_the_account_clears_its_slots_lock(
    encrypted: Settings,
) -> None:
    officer_id = _new_officer_locked_out(encrypted)
    assert not _signs_in(encrypted, "sam.officer", TEMPORARY)  # locked in the key file
    admin = sign_in(encrypted, ADMIN, ADMIN_PASSWORD)
    try:
        admin.run(accounts.unlock_account, officer_id)
        with admin.uow() as uow:
            unlocked = uow.audit.count("account.unlocked")
    finally:
        admin.close()
    assert unlocked == 1
    assert _signs_in(encrypted, "sam.officer", TEMPORARY)


def test_a_copied_file_without_its_key_file_cannot_be_read_and_says_so(
    encrypted: Settings, tmp_path: Path
) -> None:
    copy = settings_in(tmp_path / "copy")
    copy.data_dir.mkdir()
    shutil.copyfile(encrypted.data_dir / DATABASE_FILE, copy.data_dir / DATABASE_FILE)
    with pytest.raises(NotResettleDatabase, match=r"encrypted and its key file .*keys is missing"):
        open_settings_database(copy)


def test_a_key_file_of_another_database_and_a_damaged_file_say_which(
    encrypted: Settings, tmp_path: Path
) -> None:
    other = new_encrypted_database(tmp_path / "other")
    mixed = settings_in(tmp_path / "mixed")
    mixed.data_dir.mkdir()
    shutil.copyfile(encrypted.data_dir / DATABASE_FILE, mixed.data_dir / DATABASE_FILE)
    keys = key_file_path(other.data_dir / DATABASE_FILE)
    shutil.copyfile(keys, key_file_path(mixed.data_dir / DATABASE_FILE))
    with pytest.raises(KeyFileMismatch, match="does not belong with its key file"):
        sign_in(mixed, ADMIN, ADMIN_PASSWORD)
    path = encrypted.data_dir / DATABASE_FILE
    damaged = bytearray(path.read_bytes())
    damaged[100:200] = bytes(100)  # inside the first page, after the salt
    path.write_bytes(bytes(damaged))
    with pytest.raises(CorruptDatabase, match="damaged"):
        sign_in(encrypted, ADMIN, ADMIN_PASSWORD)


def _new_officer(admin: Workspace) -> int:
    team = admin.run(teams.create_team, "ENC", "Encrypted team")
    made = admin.run(
        accounts.create_account,
        {
            "username": "sam.officer",
            "display_name": "Sam Officer",
            "roles": ["officer"],
            "team_ids": [team.id],
            "temporary_password": TEMPORARY,
        },
    )
    return made.id


def _new_officer_locked_out(settings: Settings) -> int:
    """A new officer account's id, its key slot locked by five wrong passwords."""
    admin = sign_in(settings, ADMIN, ADMIN_PASSWORD)
    try:
        officer_id = _new_officer(admin)
    finally:
        admin.close()
    for _ in range(5):
        assert not _signs_in(settings, "sam.officer", "not-the-password-at-all")
    return officer_id


def _signs_in(settings: Settings, username: str, password: str) -> bool:
    try:
        sign_in(settings, username, password).close()
    except SignInRefused:
        return False
    return True


def _data_key(settings: Settings, username: str, password: str) -> bytes | None:
    keys = read_key_file(key_file_path(settings.data_dir / DATABASE_FILE))
    assert keys is not None
    return unwrap_key(keys.slots[username], username, password)


def test_slots_follow_the_account_created_changed_reset_disabled_enabled(
    encrypted: Settings,
) -> None:
    path = encrypted.data_dir / DATABASE_FILE
    data_key = _data_key(encrypted, ADMIN, ADMIN_PASSWORD)
    salt = file_header(path)
    admin = sign_in(encrypted, ADMIN, ADMIN_PASSWORD)
    try:
        officer_id = _new_officer(admin)
        assert slot_names(encrypted) == {ADMIN, "sam.officer"}

        officer = sign_in(encrypted, "sam.officer", TEMPORARY)
        assert officer.must_change_password
        officer.run(authentication.change_password, TEMPORARY, CHOSEN)
        officer.close()
        # Re-wrapped, not re-encrypted: the same data key and the same file salt.
        assert _data_key(encrypted, "sam.officer", CHOSEN) == data_key
        assert file_header(path) == salt
        assert not _signs_in(encrypted, "sam.officer", TEMPORARY)
        assert _signs_in(encrypted, "sam.officer", CHOSEN)

        admin.run(authentication.reset_password, officer_id, TEMPORARY)
        assert _data_key(encrypted, "sam.officer", TEMPORARY) == data_key
        assert not _signs_in(encrypted, "sam.officer", CHOSEN)

        admin.run(accounts.disable_account, officer_id)
        assert slot_names(encrypted) == {ADMIN}
        assert not _signs_in(encrypted, "sam.officer", TEMPORARY)
        admin.run(accounts.enable_account, officer_id)
        assert slot_names(encrypted) == {ADMIN}  # enabling gives no slot back
        assert not _signs_in(encrypted, "sam.officer", TEMPORARY)
        admin.run(authentication.reset_password, officer_id, TEMPORARY)
        assert _signs_in(encrypted, "sam.officer", TEMPORARY)
    finally:
        admin.close()


def test_a_failed_commit_puts_the_key_file_back(
    encrypted: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = key_file_path(encrypted.data_dir / DATABASE_FILE)
    admin = sign_in(encrypted, ADMIN, ADMIN_PASSWORD)
    try:
        officer_id = _new_officer(admin)
        before = keys.read_bytes()

        def refuse(self: Session) -> None:
            raise RuntimeError("the disk is full")

        with monkeypatch.context() as patched:
            patched.setattr(Session, "commit", refuse)
            with pytest.raises(RuntimeError):
                admin.run(authentication.reset_password, officer_id, CHOSEN)
        assert keys.read_bytes() == before
        assert _signs_in(encrypted, "sam.officer", TEMPORARY)
        assert not _signs_in(encrypted, "sam.officer", CHOSEN)
    finally:
        admin.close()


def test_a_key_file_that_cannot_be_written_leaves_the_password_unchanged(
    encrypted: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = sign_in(encrypted, ADMIN, ADMIN_PASSWORD)
    try:
        officer_id = _new_officer(admin)

        def refuse(*_: Any) -> None:
            raise OSError("read-only folder")

        with monkeypatch.context() as patched:
            patched.setattr(account_keys, "write_key_file", refuse)
            with pytest.raises(OSError):
                admin.run(authentication.reset_password, officer_id, CHOSEN)
        assert _signs_in(encrypted, "sam.officer", TEMPORARY)
        assert not _signs_in(encrypted, "sam.officer", CHOSEN)
    finally:
        admin.close()


def test_a_stale_slot_of_a_disabled_account_is_still_refused(encrypted: Settings) -> None:
    """A key file put back from an older copy can hold a slot an account has lost: the key
    opens the file (whoever holds that password could read it anyway), but the database still
    refuses the disabled account."""
    keys = key_file_path(encrypted.data_dir / DATABASE_FILE)
    admin = sign_in(encrypted, ADMIN, ADMIN_PASSWORD)
    try:
        officer_id = _new_officer(admin)
        with_slot = keys.read_bytes()
        admin.run(accounts.disable_account, officer_id)
    finally:
        admin.close()
    keys.write_bytes(with_slot)
    assert not _signs_in(encrypted, "sam.officer", TEMPORARY)


def test_a_new_database_left_before_its_first_administrator_is_made_again(
    tmp_path: Path,
) -> None:
    settings = settings_in(tmp_path / "data")
    path = settings.data_dir / DATABASE_FILE
    first = open_settings_database(settings)
    salt = first.cipher.salt if first.cipher else b""
    while_open = None
    try:
        # Open (its -wal and -shm files are there): left alone.
        with (
            first.engine.connect(),
            pytest.raises(DomainError, match="has no account yet and is open"),
        ):
            while_open = open_settings_database(settings)
    finally:
        first.close()
    assert while_open is None
    again = open_settings_database(settings)  # closed, nobody could ever open it: made again
    try:
        assert again.cipher is not None and again.cipher.salt != salt
        assert file_header(path) == again.cipher.salt
    finally:
        again.close()
    set_aside = list(path.parent.glob(f"{path.name}.unfinished-*"))
    assert len(set_aside) == 1 and file_header(set_aside[0]) == salt  # moved, never deleted


def test_a_database_with_records_whose_key_file_was_emptied_is_left_alone(
    encrypted: Settings,
) -> None:
    path = encrypted.data_dir / DATABASE_FILE
    keys = key_file_path(path)
    document = json.loads(keys.read_text())
    document["slots"] = {}
    keys.write_text(json.dumps(document))
    with path.open("ab") as grown:  # as big as a database holding records
        grown.write(b"\0" * (LARGEST_UNFINISHED_FILE + 1))
    before = path.read_bytes()
    with pytest.raises(DomainError, match=r"has no key slot, but the database .* holds records"):
        open_settings_database(encrypted)
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.unfinished-*"))


def _refusal_rows(settings: Settings) -> list[tuple[str, int | None, dict[str, Any]]]:
    admin = sign_in(settings, ADMIN, ADMIN_PASSWORD)
    try:
        with admin.uow() as uow:
            rows = uow.audit.latest(200)
            return [
                (row.action, row.entity_id, dict(row.details or {}))
                for row in reversed(rows)
                if (row.details or {}).get("via") == "key_file"
            ]
    finally:
        admin.close()


def test_wrong_passwords_typed_against_the_key_file_are_audited_at_the_next_sign_in(
    encrypted: Settings,
) -> None:
    officer_id = _new_officer_locked_out(encrypted)
    keys = read_key_file(key_file_path(encrypted.data_dir / DATABASE_FILE))
    assert keys is not None and len(keys.refusals) == 5 and keys.refusals[-1].locked

    rows = _refusal_rows(encrypted)

    failed = [row for row in rows if row[0] == "account.sign_in_failed"]
    locked = [row for row in rows if row[0] == "account.locked"]
    assert [row[1] for row in failed] == [officer_id] * 5
    assert all(row[2]["reason"] == "wrong_password" and row[2]["attempted_at"] for row in failed)
    assert [row[1] for row in locked] == [officer_id]
    keys = read_key_file(key_file_path(encrypted.data_dir / DATABASE_FILE))
    assert keys is not None and keys.refusals == () and keys.refusals_dropped == 0
    assert len(_refusal_rows(encrypted)) == 6  # written once, not again at the next sign-in
    admin = sign_in(encrypted, ADMIN, ADMIN_PASSWORD)
    try:  # the administrator sees the lock, and can take it off
        listed = {a.id: a for a in admin.run(accounts.list_accounts)}
        assert listed[officer_id].locked_until is not None
    finally:
        admin.close()


def test_refusals_beyond_what_the_key_file_keeps_are_audited_as_a_count(
    encrypted: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("resettle.storage.key_slots.MAX_REFUSALS_KEPT", 2)
    for _ in range(3):
        with pytest.raises(SignInRefused):
            sign_in(encrypted, ADMIN, "not-the-password-at-all")
    keys = read_key_file(key_file_path(encrypted.data_dir / DATABASE_FILE))
    assert keys is not None and len(keys.refusals) == 2 and keys.refusals_dropped == 1

    rows = _refusal_rows(encrypted)

    assert [row[2]["reason"] for row in rows] == ["wrong_password", "wrong_password", "not_kept"]
    assert rows[-1][2]["count"] == 1


def test_a_damaged_refusal_in_the_key_file_says_the_key_file_is_damaged(
    encrypted: Settings,
) -> None:
    path = key_file_path(encrypted.data_dir / DATABASE_FILE)
    data = json.loads(path.read_text())
    data["unaudited_refusals"] = [{"staff_id": 1, "at": "yesterday"}]
    path.write_text(json.dumps(data))
    with pytest.raises(Exception, match="damaged"):
        read_key_file(path)


def test_a_locked_slot_takes_as_long_to_refuse_as_an_unknown_user_name(
    encrypted: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in(encrypted, ADMIN, "not-the-password-at-all")
    checked: list[str] = []
    monkeypatch.setattr(
        "resettle.services.passwords.verify_for_unknown_user",
        lambda password: checked.append(password),
    )
    with pytest.raises(SignInRefused):
        sign_in(encrypted, ADMIN, ADMIN_PASSWORD)
    assert checked == [ADMIN_PASSWORD]  # the same password check an unknown name gets


def test_audit_list_says_how_many_refusals_wait_in_the_key_file(
    encrypted: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from resettle.cli import main

    for _ in range(2):
        with pytest.raises(SignInRefused):
            sign_in(encrypted, ADMIN, "not-the-password-at-all")
    monkeypatch.setenv("RESETTLE_PASSWORD", ADMIN_PASSWORD)
    words = ["--data-dir", str(encrypted.data_dir), "--user", ADMIN, "audit", "list"]
    assert main(words) == 0
    assert "Note: 2 refused sign-in(s) typed against the key file" in capsys.readouterr().err
