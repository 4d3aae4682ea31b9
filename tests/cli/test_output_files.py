"""``write_atomically``: whole files under the real name, and ``replace=False`` never
replacing one that is there when the write ends."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from resettle.cli.output_files import write_atomically


def test_a_new_file_is_made_and_an_existing_one_kept_unless_replacing(tmp_path: Path) -> None:
    path = tmp_path / "out" / "file.json"
    write_atomically(path, b"first", replace=False)
    assert path.read_bytes() == b"first"
    with pytest.raises(FileExistsError):
        write_atomically(path, b"second", replace=False)
    assert path.read_bytes() == b"first"
    write_atomically(path, b"third")
    assert path.read_bytes() == b"third"
    assert [p.name for p in path.parent.iterdir()] == ["file.json"]


def test_without_hard_links_an_exclusive_create_keeps_the_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "file.json"
    write_atomically(path, b"first", replace=False)
    with pytest.raises(FileExistsError):
        write_atomically(path, b"second", replace=False)
    assert path.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]
