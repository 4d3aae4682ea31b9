"""Why an SQLite database could not be opened, said as what it is.

SQLite answers "unable to open database file" (``SQLITE_CANTOPEN``) alike for a folder it may
not write its ``-wal``/``-shm`` files into, a read-only file and a full disk; none of them is a
damaged database, and advice to restore a backup would be wrong (and alarming). So before a
failure is called damage, the folder and the file are probed:

- the folder cannot be written (read-only file system, or no permission): name the folder and
  what to ask IT for (``FolderNotWritable``);
- the database file (or its ``-wal``/``-shm`` file) may not be written
  (``DatabaseFileReadOnly``);
- the folder's disk is full (``DatabaseDiskFull``);
- damaged only when SQLite itself says the file is corrupt or not a database
  (``SQLITE_CORRUPT``, ``SQLITE_NOTADB``): ``CorruptDatabase``, restore a backup;
- anything else: it could not be opened, with SQLite's reason (no advice to restore).

The probe of the folder writes and removes one small file of its own
(``.resettle-write-check-<pid>``); it never touches the database.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from resettle.storage.errors import (
    CorruptDatabase,
    DatabaseDiskFull,
    DatabaseFileReadOnly,
    DatabaseProblem,
    FolderNotWritable,
)

_NOT_ALLOWED = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})
# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
#: Enough to need a fresh block on any file system (an empty file may fit a full disk).
_PROBE_BYTES = 64 * 1024


def sqlite_side_files(path: Path) -> tuple[Path, Path]:
    """The ``-wal`` and ``-shm`` files SQLite keeps beside a WAL database."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def problem_opening(path: Path, error: BaseException) -> DatabaseProblem:
    """The ``DatabaseProblem`` for ``error`` met opening the SQLite file ``path``."""
    found = diagnose(path, error)
    if found is not None:
        return found
    if _sqlite_code(error) in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return CorruptDatabase(
            f"The database file {path} is damaged ({_reason(error)}). Restore a backup copy."
        )
    return DatabaseProblem(f"The database file {path} cannot be opened: {_reason(error)}.")


def diagnose(path: Path, error: BaseException | None = None) -> DatabaseProblem | None:
    """A folder that cannot be written, a read-only file or a full disk (None for none of
    them). ``error``'s own errno is believed first when it has one."""
    folder = path.parent
    own = error.errno if isinstance(error, OSError) else None
    if own in _NO_SPACE:
        return _disk_full(folder)
    folder_errno = _probe_folder(folder)
    if folder_errno in _NOT_ALLOWED:
        return _folder_not_writable(folder, folder_errno)
    for file in (path, *sqlite_side_files(path)):
        file_errno = _probe_file(file)
        if file_errno in _NOT_ALLOWED:
            return DatabaseFileReadOnly(
                f"The database file {file} is read-only, so Resettle cannot save anything in "
                "it. Nothing is damaged. Ask IT to give your account permission to change "
                f"{file.name} in {folder}."
            )
    if folder_errno in _NO_SPACE or own in _NO_SPACE:
        return _disk_full(folder)
    return None


def _folder_not_writable(folder: Path, code: int) -> FolderNotWritable:
    why = "is on a read-only disk or share" if code == errno.EROFS else "cannot be written"
    return FolderNotWritable(
        f"The folder {folder}, which holds the database, {why}: Resettle needs to write its "
        "working files there. Nothing is damaged. Ask IT to give your account permission to "
        "write to that folder, or start Resettle with a data folder you can write "
        "(--data-dir)."
    )


def _disk_full(folder: Path) -> DatabaseDiskFull:
    return DatabaseDiskFull(
        f"The disk that holds {folder} is full, so the database cannot be opened or changed. "
        "Nothing is damaged. Free some space on it (or ask IT to), then try again."
    )


def _probe_folder(folder: Path) -> int | None:
    """The errno of writing (and removing) a small file in ``folder``; None when it can."""
    probe = folder / f".resettle-write-check-{os.getpid()}"
    try:
        descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        return error.errno
    try:
        os.write(descriptor, b"\0" * _PROBE_BYTES)
        os.fsync(descriptor)
    except OSError as error:
        return error.errno
    finally:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            probe.unlink()
    return None


def _probe_file(file: Path) -> int | None:
    """The errno of opening ``file`` for writing (nothing written); None when it can, or
    when it is not there."""
    if not file.exists():
        return None
    try:
        descriptor = os.open(file, os.O_WRONLY)
    except OSError as error:
        return error.errno
    os.close(descriptor)
    return None


def _sqlite_code(error: BaseException) -> int | None:
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    return text.splitlines()[0] if text else type(original).__name__
