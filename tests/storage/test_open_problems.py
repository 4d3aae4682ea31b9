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

from resettle.storage.database import open_database
from resettle.storage.engine import sqlite_url
from resettle.storage.errors import (
    CorruptDatabase,
    DatabaseDiskFull,
    DatabaseFileReadOnly,
    DatabaseProblem,
    FolderNotWritable,
)
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


def test_a_folder_on_a_read_only_disk_is_named_not_called_damaged(
    sqlite_template: Path, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "mnt") as disk:
        database = _a_database(sqlite_template, disk / "data")
        make_read_only(disk)
        with pytest.raises(FolderNotWritable) as refused:
            open_database(sqlite_url(database))
    text = str(refused.value)
    assert str(database.parent) in text and "read-only disk or share" in text
    assert "Ask IT" in text and "--data-dir" in text
    _no_damage_words(refused.value)


def test_a_full_disk_says_so_and_names_the_folder(sqlite_template: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "mnt") as disk:
        database = _a_database(sqlite_template, disk / "data")
        fill(disk)
        with pytest.raises(DatabaseDiskFull) as refused:
            open_database(sqlite_url(database))
    text = str(refused.value)
    assert f"The disk that holds {database.parent} is full" in text and "Free some space" in text
    _no_damage_words(refused.value)


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
