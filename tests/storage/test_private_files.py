"""``resettle/private_files.py``: owner-only folders and files whatever the umask, and the one
safe writer (a temporary file in the target's folder, removed on any failure)."""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from resettle.private_files import (
    create_private_file,
    file_written_safely,
    make_private_folder,
    restrict_existing,
    write_file_safely,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="owner/group/other modes are POSIX")


@pytest.fixture(autouse=True)
def _umask_022() -> Iterator[None]:
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_new_folders_are_0700_and_an_existing_one_is_left_unless_asked(tmp_path: Path) -> None:
    made = make_private_folder(tmp_path / "a" / "b")
    assert _mode(made) == 0o700 and _mode(made.parent) == 0o700
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    make_private_folder(shared)
    assert _mode(shared) == 0o755  # a user's own folder is theirs to share
    make_private_folder(shared, narrow_existing=True)
    assert _mode(shared) == 0o700


@posix_only
def test_a_private_file_is_made_0600_and_an_existing_one_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "db"
    create_private_file(path)
    assert _mode(path) == 0o600 and path.read_bytes() == b""
    path.write_bytes(b"kept")
    create_private_file(path)
    assert path.read_bytes() == b"kept"


@posix_only
def test_a_wide_file_is_narrowed_and_logged_without_its_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "Ann Smith.pdf"
    path.write_bytes(b"x")
    os.chmod(path, 0o644)
    with caplog.at_level(logging.INFO, logger="resettle.private_files"):
        assert restrict_existing(path)
        assert not restrict_existing(path)  # already narrow: nothing to do
    assert _mode(path) == 0o600
    [line] = [r.getMessage() for r in caplog.records]
    assert "from mode 644 to 600" in line and "Ann" not in line


@posix_only
def test_a_written_file_is_0600_whole_and_alone(tmp_path: Path) -> None:
    target = tmp_path / "out" / "plan.pdf"
    write_file_safely(target, b"%PDF whole")
    assert target.read_bytes() == b"%PDF whole" and _mode(target) == 0o600
    assert _mode(target.parent) == 0o700
    write_file_safely(target, b"%PDF again")
    assert [p.name for p in target.parent.iterdir()] == ["plan.pdf"]


@pytest.mark.parametrize("stage", ["writing", "flushing", "renaming"])
def test_a_failure_at_any_stage_removes_the_temporary_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    target = tmp_path / "report.csv"
    target.write_bytes(b"old")

    def half_then_fail(handle: BinaryIO) -> None:
        handle.write(b"half of it")
        if stage == "writing":
            raise OSError(28, "No space left on device")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    if stage == "flushing":
        monkeypatch.setattr(os, "fsync", fail)
    if stage == "renaming":
        monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_file_safely(target, half_then_fail)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_an_interruption_removes_the_temporary_file_too(tmp_path: Path) -> None:
    def interrupted(handle: BinaryIO) -> None:
        handle.write(b"part")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_file_safely(tmp_path / "plan.pdf", interrupted)
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_a_new_folder_is_never_wider_than_0700_even_before_its_chmod(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mode each folder has the moment it is made (before the ``chmod`` that follows):
    with umask 022 a plain ``mkdir`` would leave it 0755 for a moment."""
    at_birth: dict[str, int] = {}
    original = Path.mkdir

    def watched(self: Path, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        at_birth[self.name] = _mode(self)

    monkeypatch.setattr(Path, "mkdir", watched)
    make_private_folder(tmp_path / "a" / "b")
    assert at_birth == {"a": 0o700, "b": 0o700}


def test_a_two_step_write_places_the_file_only_when_the_block_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"earlier")
    with pytest.raises(RuntimeError), file_written_safely(target, b"new"):
        assert target.read_bytes() == b"earlier"  # written aside, not yet placed
        raise RuntimeError("the audit row could not be committed")
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]  # no temporary file left
    with file_written_safely(target, b"new") as placed:
        assert placed == target and target.read_bytes() == b"earlier"
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


@posix_only
@pytest.mark.parametrize(
    ("before", "after"), [(0o444, 0o400), (0o644, 0o600), (0o640, 0o600), (0o604, 0o600)]
)
def test_narrowing_takes_only_group_and_other_bits_so_a_read_only_file_stays_read_only(
    tmp_path: Path, before: int, after: int
) -> None:
    path = tmp_path / "resettle.sqlite3"
    path.write_bytes(b"x")
    os.chmod(path, before)
    assert restrict_existing(path)
    assert _mode(path) == after


@posix_only
def test_a_wide_folder_is_narrowed_to_0700_and_a_read_only_one_stays_read_only(
    tmp_path: Path,
) -> None:
    wide = tmp_path / "logs"
    wide.mkdir()
    os.chmod(wide, 0o755)
    assert restrict_existing(wide) and _mode(wide) == 0o700
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o555)
    try:
        assert restrict_existing(locked) and _mode(locked) == 0o500
    finally:
        os.chmod(locked, 0o700)


def test_a_folder_given_as_the_file_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(OSError) as refused:
        write_file_safely(tmp_path, b"x")
    assert str(refused.value) == f"Cannot write {tmp_path}: it is a folder"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("stage", "number", "words"),
    [
        ("creating", errno.EACCES, "the folder may not be written"),
        ("creating", errno.EPERM, "the folder may not be written"),
        ("writing", errno.ENOSPC, "the disk is full"),
        ("flushing", errno.ENOSPC, "the disk is full"),
        ("renaming", errno.EROFS, "the disk can only be read"),
    ],
)
def test_a_failure_names_the_file_asked_for_never_the_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, number: int, words: str
) -> None:
    import tempfile

    target = tmp_path / "plan.pdf"

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(number, os.strerror(number), str(tmp_path / ".plan.pdf.x.partial"))

    def write(handle: BinaryIO) -> None:
        if stage == "writing":
            fail()
        handle.write(b"%PDF")

    if stage == "creating":
        monkeypatch.setattr(tempfile, "mkstemp", fail)
    if stage == "flushing":
        monkeypatch.setattr(os, "fsync", fail)
    if stage == "renaming":
        monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError) as refused:
        write_file_safely(target, write)
    assert str(refused.value) == f"Cannot write {target}: {words}"
    assert refused.value.errno == number and refused.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_kept_by_replace_false_is_still_file_exists_error(
    tmp_path: Path,
) -> None:
    target = tmp_path / "a.csv"
    target.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        write_file_safely(target, b"new", replace=False)
    assert target.read_bytes() == b"old"


def test_a_failed_block_removes_only_the_empty_file_it_made_never_one_put_in_its_place(
    tmp_path: Path,
) -> None:
    """``replace=False`` takes the name with an empty file; when the block fails that file is
    removed again, but a file someone else put under the name meanwhile is kept."""
    target = tmp_path / "plan.pdf"
    with pytest.raises(RuntimeError), file_written_safely(target, b"ours", replace=False):
        assert target.read_bytes() == b""
        raise RuntimeError("the audit row was refused")
    assert not target.exists()  # our empty file: removed

    with pytest.raises(RuntimeError), file_written_safely(target, b"ours", replace=False):
        target.unlink()
        target.write_bytes(b"someone else's")  # another process's file under the name
        raise RuntimeError("the audit row was refused")
    assert target.read_bytes() == b"someone else's"
