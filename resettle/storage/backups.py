"""Backup files: an online consistent copy of the database, its manifest, checks and rotation.

A backup is one file and a sidecar manifest ``<file>.manifest.json`` (format, backend, schema
revision, when it was made, the Resettle version, size and SHA-256 of the file):

- SQLite: SQLite's backup API into a new file (an encrypted database's copy is encrypted with
  the same key and checked to be: ``storage/cipher.require_encrypted``), left in rollback-journal
  mode so the one file is the whole copy (the engine turns WAL on again when it is opened);
- PostgreSQL: ``pg_dump --format=custom`` (``storage/postgres_dump.py``; the password passed
  in the environment, never on the command line).

Every backup file and manifest is created 0600 on POSIX (no moment at which another account
may open it). Automatic backups live in the data folder's ``backups/`` (0700); rotation keeps
the newest N of Resettle's own backups there (``resettle-<time>.<ext>``) and never touches any
other file, such as one the user named with ``--out`` elsewhere.

Checking a backup before a restore (``verify_backup``) reads the manifest, compares the
checksum and backend, and checks the content: ``PRAGMA integrity_check`` on the SQLite file (a
staging copy, never the file the user gave), ``pg_restore --list`` on a dump.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from resettle.domain.input_files import InputRefused, read_json_file
from resettle.private_files import create_private_file, make_private_folder, write_file_safely
from resettle.storage.cipher import connect_encrypted, require_encrypted, sqlcipher_module
from resettle.storage.errors import DatabaseProblem
from resettle.storage.key_slots import CipherKey
from resettle.storage.sqlite_uri import sqlite_file_uri

MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_FORMAT = 1
BACKUPS_FOLDER = "backups"
#: Resettle's own backups in the backups folder: ``resettle-20260325-101500[-N].<ext>``.
OWN_BACKUP = re.compile(r"^resettle-\d{8}-\d{6}(?:-\d+)?\.(?:sqlite3|dump)$")
_CHUNK = 1024 * 1024
_MANIFEST_MAX = 64 * 1024


class BackupProblem(DatabaseProblem):
    """A backup cannot be made or used: names the file and what is wrong."""

    code = "backup.unusable"


class ChecksumMismatch(BackupProblem):
    code = "backup.checksum_mismatch"


class DatabaseInUse(BackupProblem):
    code = "backup.database_in_use"


class BackupNeedsOwner(BackupProblem):
    """A PostgreSQL backup asked for through a connection that cannot read every row."""

    code = "backup.needs_owner"

    def __init__(self, *, may_back_up: bool = True, restoring: bool = False) -> None:
        who = (
            "this account may back up, but the address used (an account's own login, or "
            "the gate) cannot read every row"
            if may_back_up
            else "the address used cannot read every row"
        )
        done = "restored" if restoring else "written"
        super().__init__(
            "Backups of a shared database are made with the owner's address: "
            f"{who}; give the database owner's address with --database-url (or "
            f"RESETTLE_DATABASE_URL), postgresql://OWNER@HOST/DATABASE. Nothing was {done}."
        )


@dataclass(frozen=True)
class Manifest:
    backend: str
    schema_revision: str | None
    created_at: str
    resettle_version: str
    sha256: str
    size: int
    encrypted: bool
    file_name: str
    format: int = MANIFEST_FORMAT

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def private_folder(folder: Path) -> Path:
    """``folder`` made when missing, 0700 on POSIX (narrowed when others can read it)."""
    return make_private_folder(folder, narrow_existing=True)


def write_manifest(backup: Path, manifest: Manifest) -> Path:
    target = manifest_path(backup)
    text = json.dumps(asdict(manifest), indent=2, sort_keys=True) + "\n"
    write_file_safely(target, text.encode("utf-8"))
    return target


def read_manifest(backup: Path) -> Manifest:
    where = manifest_path(backup)
    if not where.exists():
        raise BackupProblem(
            f"The backup {backup} has no manifest ({where.name} beside it): Resettle cannot "
            "check it, so it restores nothing from it."
        )
    try:  # the safe reader: size, strict UTF-8, nesting checked before parsing
        data: Any = read_json_file(where, label=f"The manifest {where}", max_bytes=_MANIFEST_MAX)
    except InputRefused as refused:
        raise BackupProblem(f"{refused}: it cannot be used.") from None
    try:
        manifest = Manifest(**data) if isinstance(data, dict) else None
    except TypeError:
        manifest = None
    if manifest is None or manifest.format != MANIFEST_FORMAT:
        raise BackupProblem(f"The manifest {where} is not a Resettle backup manifest.")
    return manifest


def make_manifest(
    backup: Path,
    *,
    backend: str,
    revision: str | None,
    version: str,
    encrypted: bool,
    now: dt.datetime,
) -> Manifest:
    return Manifest(
        backend=backend,
        schema_revision=revision,
        created_at=now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        resettle_version=version,
        sha256=sha256_of(backup),
        size=backup.stat().st_size,
        encrypted=encrypted,
        file_name=backup.name,
    )


def own_backup_path(folder: Path, now: dt.datetime, extension: str) -> Path:
    """A new name for an automatic backup in ``folder``: ``resettle-<UTC time>.<extension>``
    (``-N`` added when that name is taken). A naive ``now`` is taken as local time."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = folder / f"resettle-{stamp}.{extension}"
    counter = 1
    while target.exists():
        target = folder / f"resettle-{stamp}-{counter}.{extension}"
        counter += 1
    return target


_COUNTER = re.compile(r"-(\d+)\.[a-z0-9]+$")


def _counter(path: Path) -> int:
    """The ``-N`` of a name made when its second was taken (0: none), as a number."""
    found = _COUNTER.search(path.name)
    stamp_only = re.search(r"-\d{8}-\d{6}\.", path.name)
    return 0 if found is None or stamp_only else int(found.group(1))


def _made_at(path: Path) -> tuple[float, int]:
    """When a backup was made: its manifest's ``created_at``, else the file's modification
    time; then its ``-N`` counter as a number (later names in one second come after)."""
    try:
        when = read_manifest(path).created.timestamp()
    except (BackupProblem, ValueError, TypeError):
        when = path.stat().st_mtime
    return (when, _counter(path))


def copy_sqlite(source: Path, target: Path, cipher: CipherKey | None = None) -> Path:
    """A consistent copy of the SQLite file ``source`` (read while others may write) into the
    new file ``target``, created 0600; one self-contained file (rollback-journal mode). The
    copy of an encrypted file is encrypted with the same key and salt, and checked to be."""
    create_private_file(target, exclusive=True)
    try:
        if cipher is None:
            origin = sqlite3.connect(sqlite_file_uri(source, read_only=True), uri=True)
            destination = sqlite3.connect(target)
        else:
            origin = connect_encrypted(source, cipher, read_only=True)
            destination = connect_encrypted(target, cipher)
        try:
            origin.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            destination.close()
            origin.close()
        if cipher is not None:
            require_encrypted(target, cipher)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def sqlite_problems(path: Path, cipher: CipherKey | None = None) -> list[str]:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` of the SQLite file ``path``
    (empty: healthy); a file that cannot be read at all is one problem."""
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)
    try:
        if cipher is None:
            connection: Any = sqlite3.connect(sqlite_file_uri(path, read_only=True), uri=True)
        else:
            errors = (sqlite3.Error, sqlcipher_module().Error)
            connection = connect_encrypted(path, cipher, read_only=True)
    except errors as error:
        return [f"cannot be opened: {error}"]
    try:
        rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
        problems = [row for row in rows if row != "ok"]
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        problems += [f"broken reference in {row[0]} row {row[1]}" for row in broken]
        return problems
    except errors as error:
        return [f"cannot be read: {error}"]
    finally:
        connection.close()


def verify_checksum(backup: Path, manifest: Manifest, *, shown: Path | None = None) -> None:
    """Refuse ``backup`` (a staging copy: ``shown`` is the file the user named) unless its
    size and SHA-256 are the manifest's. This detects damage, not tampering: whoever can
    write the backup can write its manifest too."""
    size = backup.stat().st_size
    if size != manifest.size or sha256_of(backup) != manifest.sha256:
        raise ChecksumMismatch(
            f"The backup {shown or backup} does not match its manifest's checksum: it was "
            "changed or damaged after it was made. Nothing was restored."
        )


def require_unused(path: Path, cipher: CipherKey | None = None) -> None:
    """Refuse when another connection has the SQLite file ``path`` open.

    A connection in WAL mode keeps ``<file>-shm`` (and ``-wal``) while it is open, and the
    last one to close removes them. So a connection is opened and closed here (which tidies
    files a stopped program left behind); if the files are still there, another program
    (another copy of Resettle, or a tool) has the database open. Every connection of this
    process must be closed before this is called."""
    connection: Any = (
        sqlite3.connect(sqlite_file_uri(path), uri=True)
        if cipher is None
        else connect_encrypted(path, cipher)
    )
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        connection.close()
    sides = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    if any(side.exists() for side in sides):
        raise DatabaseInUse(
            f"The database {path} is open in another program (another copy of Resettle?): "
            "close it there and try again. Nothing was restored."
        )


def rotate(folder: Path, keep: int, *, newest: Path | None = None) -> list[Path]:
    """Remove all but the newest ``keep`` of Resettle's own backups in ``folder`` (with their
    manifests), newest by the manifest's time (``_made_at``), not by name; returns the removed
    files. ``newest`` (the backup just made) is never removed, whatever its time says; other
    files are never touched."""
    if keep < 1 or not folder.is_dir():
        return []
    own = sorted(
        (path for path in folder.iterdir() if path.is_file() and OWN_BACKUP.match(path.name)),
        key=_made_at,
        reverse=True,
    )
    if newest is not None and newest in own:
        own.remove(newest)
        own.insert(0, newest)
    removed = []
    for old in own[keep:]:
        old.unlink(missing_ok=True)
        manifest_path(old).unlink(missing_ok=True)
        removed.append(old)
    return removed


def rotate_upgrade_copies(database: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` pre-upgrade copies beside ``database``
    (``<stem>.backup-<time>[-N]<suffix>``, ``migrate.backup_sqlite_file``); nothing else."""
    pattern = re.compile(
        rf"^{re.escape(database.stem)}\.backup-\d{{8}}-\d{{6}}(?:-\d+)?{re.escape(database.suffix)}$"
    )
    copies = sorted(
        (p for p in database.parent.iterdir() if p.is_file() and pattern.match(p.name)),
        key=lambda p: (p.stat().st_mtime, _counter(p)),
        reverse=True,
    )
    for old in copies[keep:]:
        old.unlink(missing_ok=True)
    return copies[keep:]


def latest_backup_time(folder: Path) -> dt.datetime | None:
    """When the newest backup with a readable manifest in ``folder`` was made (None: none)."""
    if not folder.is_dir():
        return None
    times = []
    for manifest in folder.glob("*" + MANIFEST_SUFFIX):
        backup = manifest.with_name(manifest.name[: -len(MANIFEST_SUFFIX)])
        try:
            times.append(read_manifest(backup).created)
        except (BackupProblem, ValueError):
            continue
    return max(times, default=None)


@contextmanager
def staging_copy(source: Path, folder: Path) -> Iterator[Path]:
    """A private copy of ``source`` in ``folder`` (removed afterwards unless moved)."""
    target = folder / f".{source.name}.restoring"
    target.unlink(missing_ok=True)
    create_private_file(target, exclusive=True)
    try:
        shutil.copyfile(source, target)
        yield target
    finally:
        target.unlink(missing_ok=True)
