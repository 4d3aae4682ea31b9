"""Files only their owner can read, and files never half-written: one place for both.

Everything Resettle writes about people (the data folder, its ``logs/``, the SQLite database
and its ``-wal``/``-shm`` files, log files, and every PDF or CSV a user saves or prints) is
made readable by its owner only on POSIX: folders 0700, files 0600. The modes are set
explicitly, whatever the umask, at creation (``os.open``'s mode and ``mkdir``'s are masked by
the umask, so both are followed by a ``chmod``).

:func:`write_file_safely` is the one writer of output files: it writes to a temporary file in
the target's own folder (so the last step is a rename on the same file system), flushes it to
disk, and only then moves it under the real name. Any failure on the way (a full disk, a
failed render, an interruption) removes the temporary file and leaves the real name as it
was: nothing half-written, no ``.partial`` left behind.

Stdlib only: the storage, services, UI and command line all use it.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
#: Whether this system has owner/group/other modes to set (not Windows).
POSIX_MODES = os.name == "posix"

#: Why a file could not be written, in words, by ``errno`` (``write_failure_reason``).
_REASONS = {
    errno.EACCES: "the folder may not be written",
    errno.EPERM: "the folder may not be written",
    errno.EROFS: "the disk can only be read",
    errno.EISDIR: "it is a folder",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk is full (no space left for this account)",
    errno.ENOENT: "its folder is not there",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EEXIST: "a file of that name is there already",
}


def write_failure_reason(error: OSError) -> str:
    """The one translation of an ``OSError`` met writing a file into words for the user
    (the command line and the app both show it)."""
    if isinstance(error, FileNotWritten):
        return error.strerror or ""
    reason = _REASONS.get(error.errno or 0)
    if reason is not None:
        return reason
    return (error.strerror or type(error).__name__).lower()


class FileNotWritten(OSError):
    """A file that could not be written, naming the file asked for (never the temporary file
    beside it) and why in words: "Cannot write /x/plan.pdf: the disk is full". Keeps the
    ``errno``; ``filename`` is the file asked for."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(error.errno, write_failure_reason(error), str(path))
        self.path = path

    def __str__(self) -> str:
        return f"Cannot write {self.path}: {self.strerror}"


def is_same_file(path: Path, other: Path) -> bool:
    """Whether ``path`` names the file ``other`` does (the same file through a link, another
    spelling or letter case where the file system ignores it), or the same place when either
    is not there: so a report is never saved over the file it reports on."""
    try:
        return os.path.samefile(path, other)
    except OSError:
        return path.resolve() == other.resolve()


def make_private_folder(folder: Path, *, narrow_existing: bool = False) -> Path:
    """Make ``folder``, and every missing folder above it, 0700. An existing folder is left
    as it is (a user's own output folder is theirs to share) unless ``narrow_existing``
    (a folder only Resettle uses, such as ``logs/``): then it is narrowed to 0700 when others
    can read it, and the log says so."""
    missing: list[Path] = []
    here = folder
    while not here.is_dir() and here != here.parent:
        missing.append(here)
        here = here.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=PRIVATE_FOLDER_MODE)  # never wider than 0700, even for a moment
        except FileExistsError:
            if not made.is_dir():
                raise
            continue  # made meanwhile by someone else: theirs
        _chmod(made, PRIVATE_FOLDER_MODE)
    if narrow_existing and not missing:
        restrict_existing(folder)
    return folder


def create_private_file(path: Path, *, exclusive: bool = False) -> None:
    """Make ``path`` as an empty file, 0600, when it is not there (e.g. a database file before
    SQLite opens it, so that its ``-wal`` and ``-shm`` files, which SQLite makes with the
    database's mode, are 0600 too). An existing file is left as it is, or, when
    ``exclusive``, refused (``FileExistsError``: a backup never overwrites a file)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        if exclusive:
            raise
        return
    try:
        if POSIX_MODES:
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
    finally:
        os.close(descriptor)


def restrict_existing(path: Path) -> bool:
    """Take away every group and other permission from ``path`` when it has any; True when it
    was changed. Only those bits: the owner's are kept as they are, so a read-only file stays
    read-only (0444 -> 0400, 0644 -> 0600, a 0755 folder -> 0700). Logged with the old and new
    modes (a path in the data folder is not personal data, but only the file's kind is logged
    anyway). A file we may not change is left."""
    if not POSIX_MODES:
        return False
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return False
    if not current & 0o077:
        return False
    mode = current & ~0o077
    try:
        os.chmod(path, mode)
    except OSError as error:
        # On a read-only disk nothing can change it (nor read it wider than before): noted
        # only; refused otherwise (another account's file) is worth a warning.
        level = logging.INFO if error.errno == errno.EROFS else logging.WARNING
        log.log(
            level,
            "Could not narrow %s (mode %o) to %o: %s",
            _kind(path),
            current,
            mode,
            errno.errorcode.get(error.errno or 0, type(error).__name__),
        )
        return False
    log.info("Narrowed %s from mode %o to %o (others could read it)", _kind(path), current, mode)
    return True


def _kind(path: Path) -> str:
    if path.is_dir():
        return "a folder"
    suffix = path.suffix.lstrip(".") or path.name.rsplit("-", 1)[-1]
    return f"a .{suffix} file"


def _chmod(path: Path, mode: int) -> None:
    if POSIX_MODES:
        os.chmod(path, mode)


def write_file_safely(
    path: Path,
    data: bytes | Callable[[BinaryIO], None],
    *,
    replace: bool = True,
    make_folder: bool = True,
) -> Path:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path``, 0600, never
    half-written (see the module). ``replace=False`` never replaces a file that is there when
    the write ends (one made after the caller checked, too): the name is then taken by an
    exclusive create, which fails if it exists (``FileExistsError``). The folder is made
    (0700) when missing, unless ``make_folder`` is False (a folder the user chose in a
    dialog: a missing one is an error)."""
    with file_written_safely(path, data, replace=replace, make_folder=make_folder):
        pass
    return path


@contextlib.contextmanager
def file_written_safely(
    path: Path,
    data: bytes | Callable[[BinaryIO], None],
    *,
    replace: bool = True,
    make_folder: bool = True,
) -> Iterator[Path]:
    """:func:`write_file_safely` in two steps, for a file that must not appear unless
    something else succeeds too (an audit row committed): the temporary file is written and
    flushed to disk on entry; the block runs; only when it ends without an error is the file
    moved under ``path``. An error in the block removes the temporary file and leaves
    ``path`` (an earlier file of that name, too) exactly as it was. Yields ``path``.

    ``replace=False``: the name is taken before the block runs, by creating ``path`` empty
    and exclusively (``FileExistsError`` when a file of that name is there: raised before
    the block, so nothing is audited for a file that would not be placed); the whole file
    then replaces that empty one. An error in the block removes it again. The order is
    always write, then the block (the audit row), then place; only an empty file, never
    part of one, can be seen under the name meanwhile."""
    import tempfile  # here: commands that write no file should not pay for importing it

    folder = path.parent
    if path.is_dir():
        raise FileNotWritten(path, IsADirectoryError(errno.EISDIR, "Is a directory"))
    try:
        if make_folder and not folder.is_dir():
            make_private_folder(folder)
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    except OSError as error:
        raise FileNotWritten(path, error) from error
    temporary = Path(name)
    reserved: tuple[int, int] | None = None  # the empty file that took the name: (device, inode)
    try:
        try:
            with os.fdopen(descriptor, "wb") as handle:
                if POSIX_MODES:
                    os.fchmod(handle.fileno(), PRIVATE_FILE_MODE)
                if isinstance(data, bytes | bytearray | memoryview):
                    handle.write(data)
                else:
                    data(handle)
                handle.flush()
                os.fsync(handle.fileno())
        except FileNotWritten:
            raise
        except OSError as error:
            raise FileNotWritten(path, error) from error
        if not replace:
            try:
                create_private_file(path, exclusive=True)
            except FileExistsError:
                raise  # callers say "already there, --force to replace it" in their own words
            except OSError as error:
                raise FileNotWritten(path, error) from error
            taken = path.lstat()
            reserved = (taken.st_dev, taken.st_ino)
        yield path
        try:
            os.replace(temporary, path)
        except OSError as error:
            raise FileNotWritten(path, error) from error
        reserved = None  # the whole file is there now
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        if reserved is not None:
            _remove_if_ours(path, reserved)


def _remove_if_ours(path: Path, reserved: tuple[int, int]) -> None:
    """Remove the empty file that took ``path``'s name, only if it is still the one made
    (same device and inode, still empty): in a shared folder someone may have put their own
    file there meanwhile, and that is never removed."""
    with contextlib.suppress(FileNotFoundError):
        there = path.lstat()
        if (there.st_dev, there.st_ino) == reserved and there.st_size == 0:
            path.unlink()
