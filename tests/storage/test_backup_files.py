"""Backup files (``storage/backups.py``): private modes, manifests, checks and rotation."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from resettle.storage import backups
from resettle.storage.cipher import SQLITE_HEADER, connect_encrypted, file_header
from resettle.storage.key_slots import new_cipher_key
from resettle.storage.migrate import backup_sqlite_file

POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
WHEN = dt.datetime(2026, 3, 25, 10, 15, tzinfo=dt.UTC)


def small_database(path: Path, rows: int = 50) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL").fetchall()
    connection.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    connection.executemany(
        "INSERT INTO things (name) VALUES (?)", [(f"thing {n}" * 20,) for n in range(rows)]
    )
    connection.commit()
    connection.close()
    return path


@POSIX
def test_copies_and_manifests_are_private_even_under_a_lax_umask(tmp_path: Path) -> None:
    source = small_database(tmp_path / "db.sqlite3")
    old = os.umask(0o022)
    try:
        copy = backups.copy_sqlite(source, tmp_path / "copy.sqlite3")
        manifest = backups.make_manifest(
            copy, backend="sqlite", revision="0036", version="0.1.0", encrypted=False, now=WHEN
        )
        written = backups.write_manifest(copy, manifest)
        upgrade_copy = backup_sqlite_file(source, now=WHEN.replace(tzinfo=None))
        folder = backups.private_folder(tmp_path / "data" / "backups")
    finally:
        os.umask(old)
    for path in (copy, written, upgrade_copy):
        assert path.stat().st_mode & 0o777 == 0o600, path.name
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_copy_is_one_consistent_file_and_matches_its_manifest(tmp_path: Path) -> None:
    source = small_database(tmp_path / "db.sqlite3")
    writer = sqlite3.connect(source)  # an open writer with rows only in its WAL
    writer.execute("INSERT INTO things (name) VALUES ('in the wal')")
    writer.commit()
    try:
        copy = backups.copy_sqlite(source, tmp_path / "copy.sqlite3")
    finally:
        writer.close()
    assert not copy.with_name(copy.name + "-wal").exists()
    reader = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert reader.execute("SELECT count(*) FROM things").fetchone()[0] == 51
    finally:
        reader.close()
    manifest = backups.make_manifest(
        copy, backend="sqlite", revision="0036", version="0.1.0", encrypted=False, now=WHEN
    )
    backups.write_manifest(copy, manifest)
    read = backups.read_manifest(copy)
    assert read == manifest and read.created == WHEN
    backups.verify_checksum(copy, read)
    assert backups.sqlite_problems(copy) == []
    with copy.open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(backups.ChecksumMismatch):
        backups.verify_checksum(copy, read)


def test_an_encrypted_database_copies_encrypted(tmp_path: Path) -> None:
    cipher = new_cipher_key()
    source = tmp_path / "secret.sqlite3"
    connection = connect_encrypted(source, cipher)
    connection.execute("CREATE TABLE things (name TEXT)")
    connection.execute("INSERT INTO things VALUES ('Jo Bloggs')")
    connection.commit()
    connection.close()
    copy = backups.copy_sqlite(source, tmp_path / "copy.sqlite3", cipher)
    assert file_header(copy) == cipher.salt != SQLITE_HEADER
    assert b"Bloggs" not in copy.read_bytes()
    assert backups.sqlite_problems(copy, cipher) == []
    assert backups.sqlite_problems(copy)  # without its key it cannot be read


def test_damaged_and_foreign_files_have_problems(tmp_path: Path) -> None:
    source = small_database(tmp_path / "db.sqlite3", rows=400)
    copy = backups.copy_sqlite(source, tmp_path / "copy.sqlite3")
    with copy.open("r+b") as handle:
        handle.seek(copy.stat().st_size // 2)
        handle.write(b"\xff" * 4096)
    assert backups.sqlite_problems(copy)
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database at all" * 100)
    assert backups.sqlite_problems(text)


def test_a_manifest_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(b"x")
    backups.manifest_path(copy).write_text('{"hello": 1}')
    with pytest.raises(backups.BackupProblem, match="not a Resettle backup manifest"):
        backups.read_manifest(copy)
    backups.manifest_path(copy).write_text("{")
    with pytest.raises(
        backups.BackupProblem, match=r"is not valid JSON \(line 1 column 2.*cannot be used"
    ):
        backups.read_manifest(copy)


def test_rotation_keeps_the_newest_of_its_own_backups_only(tmp_path: Path) -> None:
    folder = backups.private_folder(tmp_path / "backups")
    made = []
    for minute in range(12):
        path = backups.own_backup_path(folder, WHEN + dt.timedelta(minutes=minute), "sqlite3")
        path.write_bytes(b"copy")
        backups.manifest_path(path).write_text("{}")
        stamp = (WHEN + dt.timedelta(minutes=minute)).timestamp()
        os.utime(path, (stamp, stamp))
        made.append(path)
    same_second = backups.own_backup_path(folder, WHEN + dt.timedelta(minutes=11), "sqlite3")
    assert same_second.name == "resettle-20260325-102600-1.sqlite3"
    others = [folder / "my-copy.sqlite3", folder / "resettle-before-moving.sqlite3", folder / "x"]
    for other in others:
        other.write_bytes(b"mine")
    removed = backups.rotate(folder, keep=10)
    assert removed == [made[1], made[0]]
    assert all(path.exists() for path in made[2:]) and all(path.exists() for path in others)
    assert not backups.manifest_path(made[0]).exists()
    assert backups.rotate(folder, keep=10) == []


def test_latest_backup_time_reads_the_manifests(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    assert backups.latest_backup_time(folder) is None
    folder.mkdir()
    for days in (10, 3):
        path = folder / f"resettle-{days}.sqlite3"
        path.write_bytes(b"copy")
        when = WHEN - dt.timedelta(days=days)
        backups.write_manifest(
            path,
            backups.make_manifest(
                path, backend="sqlite", revision="1", version="0", encrypted=False, now=when
            ),
        )
    (folder / "broken.sqlite3.manifest.json").write_text("{")
    assert backups.latest_backup_time(folder) == WHEN - dt.timedelta(days=3)


def test_pre_upgrade_copies_beside_the_database_are_rotated(tmp_path: Path) -> None:
    database = small_database(tmp_path / "resettle.sqlite3", rows=1)
    made = [
        backup_sqlite_file(database, now=dt.datetime(2026, 1, day, 9, 0)) for day in range(1, 13)
    ]
    others = [
        tmp_path / "resettle.backup-mine.sqlite3",
        tmp_path / "other.backup-20260101-090000.sqlite3",
    ]
    for other in others:
        other.write_bytes(b"keep")
    removed = backups.rotate_upgrade_copies(database, keep=10)
    assert removed == [made[1], made[0]]
    assert all(p.exists() for p in made[2:]) and all(p.exists() for p in others)
    assert database.exists()


def test_a_folder_named_with_uri_characters_is_copied_and_checked(tmp_path: Path) -> None:
    folder = tmp_path / "Team #2 ?%"
    folder.mkdir()
    source = small_database(folder / "db.sqlite3")
    copy = backups.copy_sqlite(source, folder / "copy.sqlite3")
    connection = sqlite3.connect(copy)
    try:
        assert connection.execute("SELECT count(*) FROM things").fetchone() == (50,)
    finally:
        connection.close()
    assert backups.sqlite_problems(copy) == []
    backups.require_unused(copy)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Team #2 ?%"]  # no stray file
    cipher = new_cipher_key()
    encrypted = connect_encrypted(folder / "secret.sqlite3", cipher)
    encrypted.execute("CREATE TABLE t (x)")
    encrypted.execute("INSERT INTO t VALUES (1)")
    encrypted.commit()
    encrypted.close()
    copied = backups.copy_sqlite(folder / "secret.sqlite3", folder / "secret-copy.sqlite3", cipher)
    assert file_header(copied) == cipher.salt
    assert backups.sqlite_problems(copied, cipher) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Team #2 ?%"]


def _made(folder: Path, name: str, when: dt.datetime | None, mtime: dt.datetime) -> Path:
    path = folder / name
    path.write_bytes(b"copy")
    if when is not None:
        backups.write_manifest(
            path,
            backups.make_manifest(
                path, backend="sqlite", revision="1", version="0", encrypted=False, now=when
            ),
        )
    os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


def test_rotation_goes_by_when_a_backup_was_made_not_by_its_name(tmp_path: Path) -> None:
    folder = backups.private_folder(tmp_path / "backups")
    assert (
        backups.own_backup_path(
            folder,
            dt.datetime(2026, 3, 25, 11, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            "dump",
        ).name
        == "resettle-20260325-101500.dump"
    )  # named in UTC whatever the local zone
    hour = dt.timedelta(hours=1)
    # Named in local time before a clock change: the names sort the other way round.
    oldest = _made(folder, "resettle-20260325-120000.sqlite3", WHEN, WHEN)
    middle = _made(folder, "resettle-20260325-110000.sqlite3", WHEN + hour, WHEN + hour)
    # Two in one second: -10 came after -2 (a name sort puts -10 first).
    second = _made(folder, "resettle-20260325-130000-2.sqlite3", WHEN + 3 * hour, WHEN)
    tenth = _made(folder, "resettle-20260325-130000-10.sqlite3", WHEN + 3 * hour, WHEN)
    # No manifest: its file's time counts.
    bare = _made(folder, "resettle-20260101-000000.sqlite3", None, WHEN + 2 * hour)
    assert backups.rotate(folder, keep=2) == [bare, middle, oldest]
    assert sorted(folder.glob("resettle-*.sqlite3")) == sorted([second, tenth])
    # The backup just made is kept even when its time says it is the oldest (clock set back).
    just_made = _made(folder, "resettle-20250101-000000.sqlite3", WHEN - 9 * hour, WHEN)
    assert backups.rotate(folder, keep=1, newest=just_made) == [tenth, second]
    assert just_made.exists()
