"""Files a command writes: never half-written under the real name."""

from __future__ import annotations

import errno
import os
from pathlib import Path

#: ``os.link`` errors meaning the file system keeps no hard links (some network shares, FAT).
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV})


def write_atomically(path: Path, data: bytes, replace: bool = True) -> None:
    """Write beside the target, then move it into place: a reader sees the old file or the
    whole new one, never part of it. ``replace=False`` never replaces a file that is there
    when the write ends (one made after the caller checked, too): the last step is a hard
    link, which fails if the name exists (``FileExistsError``), or, where the file system
    keeps no hard links, an exclusive create."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        if replace:
            partial.replace(path)
        else:
            _place_new(partial, path, data)
    finally:
        partial.unlink(missing_ok=True)


def _place_new(partial: Path, path: Path, data: bytes) -> None:
    try:
        os.link(partial, path)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        with path.open("xb") as new:  # FileExistsError when it is there
            new.write(data)
