"""The one rule for files a command writes (``resettle/cli/output_files.py``): whole files
under the real name, an existing file refused in one line naming it unless ``--force``, and
a file that appears meanwhile refused too, never replaced."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from resettle.cli.output_files import (
    OutputExists,
    refuse_existing,
    write_output,
)
from resettle.private_files import FileNotWritten, file_written_safely


def test_a_new_file_is_made_and_an_existing_one_kept_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "out" / "file.json"
    write_output(path, b"first", force=False)
    assert path.read_bytes() == b"first"
    with pytest.raises(OutputExists) as refused:
        write_output(path, b"second", force=False)
    assert str(refused.value) == (
        f"--out: {path} already exists: choose a new name, or add --force to replace it."
    )
    assert path.read_bytes() == b"first"
    write_output(path, b"third", force=True)
    assert path.read_bytes() == b"third"
    assert [p.name for p in path.parent.iterdir()] == ["file.json"]


def test_the_early_check_names_the_option_and_the_file(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    refuse_existing(path, force=False, option="--csv")  # nothing there: no refusal
    refuse_existing(None, force=False)  # no file asked for
    path.write_bytes(b"old")
    refuse_existing(path, force=True, option="--csv")
    with pytest.raises(OutputExists) as refused:
        refuse_existing(path, force=False, option="--csv", why=", and it is evidence")
    assert str(refused.value) == (
        f"--csv: {path} already exists, and it is evidence: choose a new name, or add --force "
        "to replace it."
    )
    assert "\n" not in str(refused.value)


def test_a_broken_link_under_the_name_counts_as_there(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputExists):
        refuse_existing(path, force=False)


def test_a_file_that_appears_meanwhile_is_refused_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The early check passed; another program made the file before the write ended."""
    path = tmp_path / "plan.pdf"
    real_fsync = os.fsync

    def someone_else_writes(descriptor: int) -> None:
        real_fsync(descriptor)
        if not path.exists():
            path.write_bytes(b"theirs")

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    refuse_existing(path, force=False)
    with pytest.raises(OutputExists):
        write_output(path, b"ours", force=False)
    assert path.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_other_failures_are_the_writers_own_message(tmp_path: Path) -> None:
    """Not a refusal: "Cannot write PATH: it is a folder", printed by ``main`` (exit 1)."""
    with pytest.raises(FileNotWritten) as failed:
        write_output(tmp_path, b"x", force=True)
    assert str(failed.value) == f"Cannot write {tmp_path}: it is a folder"


def test_without_replacing_the_name_is_taken_before_the_block_and_freed_on_failure(
    tmp_path: Path,
) -> None:
    """Write, then the block (an audit row), then place: the name is taken (empty) before the
    block, so a refusal comes before anything is audited; a failing block frees it again."""
    path = tmp_path / "plan.pdf"
    with pytest.raises(RuntimeError), file_written_safely(path, b"%PDF", replace=False):
        assert path.read_bytes() == b""  # taken, nothing of the PDF under the name yet
        raise RuntimeError("the audit row failed")
    assert list(tmp_path.iterdir()) == []
    path.write_bytes(b"earlier")
    entered = []
    with pytest.raises(FileExistsError), file_written_safely(path, b"%PDF", replace=False):
        entered.append(True)
    assert entered == [] and path.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]
    with file_written_safely(path, b"%PDF", replace=True):
        assert path.read_bytes() == b"earlier"  # replaced only after the block
    assert path.read_bytes() == b"%PDF"


def test_without_hard_links_the_rule_still_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "file.json"
    write_output(path, b"first", force=False)
    with pytest.raises(OutputExists):
        write_output(path, b"second", force=False)
    assert path.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_a_folder_under_the_name_is_the_writers_message_before_any_work(
    tmp_path: Path,
) -> None:
    for force in (False, True):
        with pytest.raises(FileNotWritten) as failed:
            refuse_existing(tmp_path, force=force)
        assert str(failed.value) == f"Cannot write {tmp_path}: it is a folder"
