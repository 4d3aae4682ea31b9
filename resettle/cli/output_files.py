"""Files a command writes: never half-written under the real name, readable by their owner
only (``resettle/private_files.py`` is the one writer)."""

from __future__ import annotations

from pathlib import Path

from resettle.private_files import write_file_safely


def write_atomically(path: Path, data: bytes, replace: bool = True) -> None:
    """Write beside the target, then move it into place: a reader sees the old file or the
    whole new one, never part of it; a failure leaves no temporary file. ``replace=False``
    never replaces a file that is there when the write ends (``FileExistsError``)."""
    write_file_safely(path, data, replace=replace)
