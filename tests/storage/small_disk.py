"""A small tmpfs for real full-disk and read-only trials (Linux, as root or with the right to
mount); tests skip with the reason when the machine cannot mount one."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=20)


@contextmanager
def small_disk(where: Path, size_kib: int = 4096) -> Iterator[Path]:
    """A tmpfs of ``size_kib`` mounted at ``where`` for the block (skips when it cannot be)."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0755", "none", str(where))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip() or 'refused'}")
    try:
        yield where
    finally:
        _run("umount", "-l", str(where))


def fill(disk: Path) -> None:
    """Fill ``disk`` to the last block."""
    with (disk / "filler").open("wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass


def make_read_only(disk: Path) -> None:
    remounted = _run("mount", "-o", "remount,ro", str(disk))
    if remounted.returncode != 0:
        pytest.skip(f"cannot remount the tmpfs read-only: {remounted.stderr.strip()}")
