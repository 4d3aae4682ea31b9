"""Opening an SQLite database: a folder that cannot be written, a read-only file and a full
disk each have their own message; only real damage is called damage (and advised a backup).
The full-disk and read-only-folder trials use a real small tmpfs (skipped where the machine
cannot mount one)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from resettle.domain.errors import DatabaseReadOnly, DiskFull, StorageFailure
from resettle.services.storage_errors import storage_failure_for
from resettle.storage.database import open_database
from resettle.storage.engine import sqlite_url
from resettle.storage.errors import (
    CorruptDatabase,
    DatabaseDiskFull,
    DatabaseFileReadOnly,
    DatabaseNeedsUpgrade,
    DatabaseProblem,
    FolderNotWritable,
)
from resettle.storage.key_slots import CipherKey, key_file_path
from resettle.storage.open_problems import diagnose, problem_opening
from tests.storage.small_disk import fill, make_read_only, small_disk


def _a_database(sqlite_template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "resettle.sqlite3"
    shutil.copyfile(sqlite_template, target)
    return target


def _no_damage_words(problem: DatabaseProblem) -> None:
    text = str(problem)
    assert "damaged" not in text.replace("Nothing is damaged", "")
    assert "backup" not in text


def _an_encrypted_database(folder: Path) -> tuple[Path, CipherKey]:
    """A new encrypted database in ``folder`` with its key file, and its key."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "resettle.sqlite3"
    made = open_database(sqlite_url(target), encrypt_new=True)
    try:
        assert made.cipher is not None
        with made.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO resettle_meta (key, value) VALUES ('marker', :value)"),
                {"value": MARKER},
            )
        return target, made.cipher
    finally:
        made.close()


MARKER = "Quillfeather-Marker-7731"


def _read_only_opening(
    database: Path,
    write_refused_as: type[StorageFailure] = DatabaseReadOnly,
    cipher: CipherKey | None = None,
) -> DatabaseProblem:
    """Open ``database`` (a folder or disk that cannot be written; encrypted: with
    ``cipher``): it opens to be read, its rows can be read and nothing can be written (a write
    is refused as the services say ``write_refused_as``); the problem that made it
    read-only."""
    from sqlalchemy.exc import OperationalError

    opened = open_database(sqlite_url(database), cipher=cipher)
    try:
        assert opened.read_only_problem is not None
        assert opened.cipher is cipher
        with opened.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM staff")).scalar() is not None
            if cipher is not None:
                marker = "SELECT value FROM resettle_meta WHERE key = 'marker'"
                assert connection.execute(text(marker)).scalar() == MARKER
            with pytest.raises(OperationalError) as refused:
                connection.execute(text("DELETE FROM staff"))
        assert getattr(refused.value.orig, "sqlite_errorcode", None) is not None
        assert type(storage_failure_for(refused.value)) is write_refused_as
    finally:
        opened.close()
    return opened.read_only_problem


def test_a_folder_on_a_read_only_disk_is_opened_to_read_saying_why(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """No -wal or -shm file, and none can be made: read through ``immutable=1``."""
    with small_disk(tmp_path / "mnt") as disk:
        database = _a_database(sqlite_template, disk / "data")
        make_read_only(disk)
        problem = _read_only_opening(database)
        left = sorted(p.name for p in database.parent.iterdir())
    assert isinstance(problem, FolderNotWritable)
    text = str(problem)
    assert str(database.parent) in text and "read-only disk or share" in text
    assert "Ask IT" in text and "--data-dir" in text
    _no_damage_words(problem)
    assert left == ["resettle.sqlite3"]  # nothing made beside it


def test_a_full_disk_opens_the_database_to_read_saying_why(
    sqlite_template: Path, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "mnt") as disk:
        database = _a_database(sqlite_template, disk / "data")
        fill(disk)
        problem = _read_only_opening(database, write_refused_as=DiskFull)
    assert isinstance(problem, DatabaseDiskFull)
    text = str(problem)
    assert f"The disk that holds {database.parent} is full" in text and "Free some space" in text
    _no_damage_words(problem)


def test_an_encrypted_database_on_a_read_only_disk_or_a_full_one_opens_to_read(
    tmp_path: Path,
) -> None:
    """With its key, as a signed-in user opens it: read through SQLCipher read-only; nothing
    is made beside it and no byte of it is written (it stays encrypted)."""
    with small_disk(tmp_path / "mnt") as disk:
        database, cipher = _an_encrypted_database(disk / "data")
        before = database.read_bytes()
        fill(disk)
        full = _read_only_opening(database, write_refused_as=DiskFull, cipher=cipher)
        assert database.read_bytes() == before and MARKER.encode() not in before
    assert isinstance(full, DatabaseDiskFull)
    with small_disk(tmp_path / "mnt2") as disk:
        database, cipher = _an_encrypted_database(disk / "data")
        make_read_only(disk)
        unwritable = _read_only_opening(database, cipher=cipher)
        left = sorted(p.name for p in database.parent.iterdir())
    assert isinstance(unwritable, FolderNotWritable)
    assert left == sorted(["resettle.sqlite3", key_file_path(database).name])


def _with_wal_frames(sqlite_template: Path, folder: Path) -> Path:
    """A copy whose last change is only in its -wal file (a copy that stopped before its
    checkpoint): the -wal file copied while a writer holds it, without its -shm file."""
    import sqlite3

    database = _a_database(sqlite_template, folder)
    writer = sqlite3.connect(database)
    try:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("CREATE TABLE left_in_the_wal (x)")
        writer.commit()
        wal = database.read_bytes(), (database.parent / "resettle.sqlite3-wal").read_bytes()
    finally:
        writer.close()
    database.write_bytes(wal[0])
    (database.parent / "resettle.sqlite3-wal").write_bytes(wal[1])
    (database.parent / "resettle.sqlite3-shm").unlink(missing_ok=True)
    assert wal[1]
    return database


def test_a_wal_file_holding_changes_is_not_skipped_the_opening_is_refused(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """``immutable=1`` would ignore the -wal file's changes and show an older record: the
    opening is refused with the folder's message instead."""
    with small_disk(tmp_path / "mnt") as disk:
        database = _with_wal_frames(sqlite_template, disk / "data")
        make_read_only(disk)
        with pytest.raises(FolderNotWritable):
            open_database(sqlite_url(database))


def test_an_older_schema_that_can_only_be_read_is_refused_saying_so(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """Migrations never run on a database opened to be read: an older schema is refused,
    saying why it cannot be upgraded, and nothing is changed."""
    import sqlite3

    database = _a_database(sqlite_template, tmp_path / "staging")
    with sqlite3.connect(database) as older:
        older.execute("UPDATE alembic_version SET version_num = '0036'")
    older.close()
    with small_disk(tmp_path / "mnt") as disk:
        copy = _a_database(database, disk / "data")
        before = copy.read_bytes()
        make_read_only(disk)
        with pytest.raises(DatabaseNeedsUpgrade) as refused:
            open_database(sqlite_url(copy))
        assert copy.read_bytes() == before
    text = str(refused.value)
    assert "read-only disk or share" in text and "needs upgrading" in text
    assert "schema 0036" in text and "Nothing was changed" in text


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="as root a folder's mode is ignored"
)
def test_a_folder_without_write_permission_opens_the_database_to_read(
    sqlite_template: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    database = _a_database(sqlite_template, folder)
    folder.chmod(0o500)
    try:
        assert isinstance(_read_only_opening(database), FolderNotWritable)
    finally:
        folder.chmod(0o700)


def test_a_new_database_on_a_full_disk_says_so(tmp_path: Path) -> None:
    with small_disk(tmp_path / "mnt") as disk:
        fill(disk)
        with pytest.raises(DatabaseDiskFull):
            open_database(sqlite_url(disk / "resettle.sqlite3"))


def test_a_read_only_file_is_said_as_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root a file mode does not stop writing, so the refusal to open the file for
    writing is what the probe meets, from ``os.open`` itself."""
    database = tmp_path / "resettle.sqlite3"
    database.write_bytes(b"")
    real_open = os.open

    def refused_for_the_database(path: object, flags: int, *args: object) -> int:
        if Path(str(path)) == database and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refused_for_the_database)
    found = diagnose(database)
    assert isinstance(found, DatabaseFileReadOnly)
    assert f"The database file {database} is read-only" in str(found)
    _no_damage_words(found)


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="as root a read-only file mode is ignored"
)
def test_a_read_only_file_mode_is_said_as_read_only(tmp_path: Path) -> None:
    database = tmp_path / "resettle.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o444)
    assert isinstance(diagnose(database), DatabaseFileReadOnly)


def test_only_a_damaged_file_is_called_damaged(sqlite_template: Path, tmp_path: Path) -> None:
    database = _a_database(sqlite_template, tmp_path)
    data = bytearray(database.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page, overwritten
    database.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabase) as refused:
        open_database(sqlite_url(database))
    assert "is damaged" in str(refused.value) and "Restore a backup copy" in str(refused.value)


def test_an_unknown_failure_is_not_called_damage(tmp_path: Path) -> None:
    import sqlite3

    error = sqlite3.OperationalError("disk I/O error")
    problem = problem_opening(tmp_path / "resettle.sqlite3", error)
    assert type(problem) is DatabaseProblem
    assert "cannot be opened: disk I/O error" in str(problem)
    _no_damage_words(problem)


def test_the_folder_probe_leaves_nothing_behind(tmp_path: Path) -> None:
    assert diagnose(tmp_path / "resettle.sqlite3") is None
    assert list(tmp_path.iterdir()) == []
