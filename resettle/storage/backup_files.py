"""The file given to a restore, checked before anything else is read from it.

A restore names one backup file; its manifest is ``<file>.manifest.json`` beside it
(``storage/backups.py``). Each mistake a person makes when naming it gets its own one-line
message and code (the code is what the log keeps): no such file, a folder, the manifest
itself given instead of the backup, or a manifest written for a file of another name.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from resettle.storage.backups import (
    MANIFEST_SUFFIX,
    BackupProblem,
    Manifest,
    manifest_path,
    read_manifest,
)


class NoSuchBackup(BackupProblem):
    code = "backup.no_such_file"


class BackupIsFolder(BackupProblem):
    code = "backup.is_folder"


class BackupIsManifest(BackupProblem):
    code = "backup.is_manifest"


class ManifestForAnotherFile(BackupProblem):
    code = "backup.manifest_names_another_file"


class BackupDiskFull(BackupProblem):
    code = "backup.disk_full"


def checked_backup(backup: Path) -> Manifest:
    """The manifest of the backup file ``backup``, refused (nothing restored) when ``backup``
    is missing, a folder or a manifest, or when its manifest was written for another file."""
    if backup.name.endswith(MANIFEST_SUFFIX) and backup.is_file():
        beside = backup.with_name(backup.name[: -len(MANIFEST_SUFFIX)])
        raise BackupIsManifest(
            f"{backup} is a manifest: give the backup file beside it ({beside.name}). "
            "Nothing was restored."
        )
    if backup.is_dir():
        raise BackupIsFolder(
            f"{backup} is a folder: give a backup file (for example one in backups/). "
            "Nothing was restored."
        )
    if not backup.exists():
        raise NoSuchBackup(f"{backup}: no such file. Nothing was restored.")
    manifest = read_manifest(backup)
    if manifest.file_name != backup.name:
        raise ManifestForAnotherFile(
            f"The manifest beside {backup} was written for the backup {manifest.file_name}, "
            f"not {backup.name}: give that file, or the manifest made with this one. "
            "Nothing was restored."
        )
    return manifest


#: What a restore keeps of the database it replaces: ``resettle-<time>-before-restore.<ext>``
#: in ``backups/``. Not one of ``backups.OWN_BACKUP``, so rotation never removes it.
PRE_RESTORE_MARK = "-before-restore"


def pre_restore_path(folder: Path, now: dt.datetime, extension: str) -> Path:
    """A new name in ``folder`` for the database as it was before a restore."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"resettle-{stamp}{PRE_RESTORE_MARK}.{extension}"
    counter = 1
    while target.exists():
        target = folder / f"resettle-{stamp}{PRE_RESTORE_MARK}-{counter}.{extension}"
        counter += 1
    return target


_SQLITE_FULL = 13
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _disk_full(error: BaseException) -> bool:
    if getattr(error, "sqlite_errorcode", None) == _SQLITE_FULL:
        return True
    return isinstance(error, OSError) and error.errno in _NO_SPACE


@contextmanager
def made_or_removed(target: Path) -> Iterator[None]:
    """Around the making of the new backup ``target``: when it fails, every file it made is
    removed (the copy, SQLite's ``-journal`` beside it, the manifest), and a full disk is
    said in words naming the folder (``BackupDiskFull``). The caller has made sure none of
    them existed before (a backup never overwrites)."""
    try:
        yield
    except BaseException as error:
        for leftover in (target, target.with_name(target.name + "-journal"), manifest_path(target)):
            leftover.unlink(missing_ok=True)
        if _disk_full(error):
            raise BackupDiskFull(
                f"The disk that holds {target.parent} is full: the backup was not made, and "
                "nothing of it was left there. Free some space and try again."
            ) from None
        raise
