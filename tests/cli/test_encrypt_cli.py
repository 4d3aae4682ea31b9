"""``resettle db encrypt``: a plain database (here the demo's) encrypted in place after a
backup; afterwards no demo name or prison number is left readable in the database file, its
WAL or its encrypted backups."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from resettle.cli import main
from resettle.cli.workspace_opener import PASSWORD_ENV
from resettle.services.demo.loader import DEMO_PASSWORD
from resettle.services.workspace import open_workspace
from resettle.settings import DATABASE_FILE, USER_ENV, resolve_settings
from resettle.storage.cipher import SQLITE_HEADER, file_header
from resettle.storage.database import open_database
from resettle.storage.engine import sqlite_url
from resettle.storage.key_slots import CipherKey, key_file_path, read_key_file, unwrap_key
from resettle.storage.migrate import backup_sqlite_file


def run(data: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _demo_values(path: Path) -> list[bytes]:
    """Family names and prison numbers (and CRNs) of the demo people, read from the plain
    file."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT family_name, prison_number, crn FROM people").fetchall()
    finally:
        connection.close()
    return sorted({value.encode() for row in rows for value in row if len(value) >= 5})


def _cipher(database: Path) -> CipherKey:
    keys = read_key_file(key_file_path(database))
    assert keys is not None
    data_key = unwrap_key(keys.slots["demo.admin"], "demo.admin", DEMO_PASSWORD)
    assert data_key is not None
    return CipherKey(data_key, keys.salt)


def test_encrypting_the_demo_database_leaves_no_name_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.delenv("RESETTLE_DATABASE_URL", raising=False)
    code, _, _ = run(data, "demo", "--size", "30", "--seed", "4", capsys=capsys)
    assert code == 0
    database = data / DATABASE_FILE
    assert file_header(database) == SQLITE_HEADER  # the demo's database is plain
    values = _demo_values(database)
    assert len(values) > 50 and all(value in database.read_bytes() for value in values[:3])

    monkeypatch.setenv(USER_ENV, "demo.admin")
    monkeypatch.setenv(PASSWORD_ENV, DEMO_PASSWORD)
    code, out, err = run(data, "db", "encrypt", capsys=capsys)
    assert code == 0, err
    assert "NOT encrypted" in out and "demo.manager" in out  # the plain backup; who needs a reset
    plain_backups = list(data.glob("resettle.backup-*.sqlite3"))
    assert len(plain_backups) == 1 and file_header(plain_backups[0]) == SQLITE_HEADER
    assert file_header(database) != SQLITE_HEADER

    settings = replace(resolve_settings(data, sqlite_url(database)), username="demo.admin")
    workspace = open_workspace(settings, DEMO_PASSWORD)
    workspace.close()
    cipher = _cipher(database)
    backup = backup_sqlite_file(database, cipher=cipher)
    # A connection that rewrites every person's row and stays open: its WAL is on disk.
    opened = open_database(sqlite_url(database), cipher=cipher)
    try:
        with opened.engine.begin() as connection:
            connection.execute(text("UPDATE people SET search_text = search_text || ' '"))
        wal = database.with_name(database.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0
        files = [database, wal, backup]
        for path in files:
            raw = path.read_bytes()
            found = [value.decode() for value in values if value in raw]
            assert not found, f"{path.name} holds {len(found)} demo values in clear"
        assert file_header(backup) == cipher.salt
    finally:
        opened.close()


def test_encrypting_needs_an_administrator(
    officer_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = officer_data_dir / DATABASE_FILE
    before = database.read_bytes()
    code, _, err = run(officer_data_dir, "db", "encrypt", capsys=capsys)
    assert code == 2 and "may not manage staff accounts" in err
    assert not key_file_path(database).exists()
    assert database.read_bytes()[:100] == before[:100]
    assert not list(officer_data_dir.glob("*.encrypting"))


def test_db_check_on_an_encrypted_database_signs_in_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.delenv("RESETTLE_DATABASE_URL", raising=False)
    monkeypatch.setenv(PASSWORD_ENV, "quartz-meadow-lantern-61")
    code, _, err = run(data, "accounts", "create-admin", "--user", "jo.admin", capsys=capsys)
    assert code == 0, err
    assert file_header(data / DATABASE_FILE) != SQLITE_HEADER
    monkeypatch.delenv(USER_ENV, raising=False)
    code, _, err = run(data, "db", "check", capsys=capsys)
    assert code == 2 and "is encrypted: it opens when an account signs in" in err
    code, out, _ = run(data, "--user", "jo.admin", "db", "check", capsys=capsys)
    assert code == 0 and "OK" in out
    code, _, _ = run(data, "--user", "jo.admin", "accounts", "list", capsys=capsys)
    assert code == 0
