"""Backing up and restoring the whole database (``resettle backup`` / ``restore``, the
administration window's "Backup now" and "Restore...").

Administrators only (``Permission.BACKUP_DATABASE``), audited:

- a backup's row (``database.backed_up``) is written before the copy, so the copy holds it;
- a restore's row (``database.restored``) cannot be written before: the restore replaces every
  row. It is written into the restored database just after it is in place (and upgraded),
  through a unit of work of its own, by the same account when the restored database has it
  (same id and user name), else with no account named (``acting_account_present`` false). If
  that fails, the restore is undone;
- who began a restore (``database.restore_started``) is written into the CURRENT database
  just before it is set aside, so the kept-aside copy holds it; the log names the account's
  id (never its name).

A restore first copies the backup into a private staging file and checks and restores only
that copy (the user's file may change meanwhile). It checks everything before it replaces
anything: the manifest, the checksum, the
backend, the content (``PRAGMA integrity_check`` of a staging copy, ``pg_restore --list``) and
the schema (a newer one is refused; an older one is restored and then upgraded as any opening
does, which the result says). The current database is kept aside (SQLite: the file renamed;
PostgreSQL: a ``pg_dump`` first) until the restored one is open and audited, and put back on
any failure; afterwards the kept copy stays in ``backups/`` as an automatic backup, so a
restore can itself be undone. SQLite refuses while another program has the file open
(``storage/backups.require_unused``); PostgreSQL's restore is one transaction that waits
for other sessions' locks, so stop other users first.

On PostgreSQL both go through the address given (``address``: the owner's), refused first
when it cannot read every row (``BackupNeedsOwner``); a restore takes only the dump's rows,
into a schema this version's migrations make (``storage/postgres_dump.restore_postgres``:
nothing of the file is run as SQL, so never a grant, policy or function of the file's), so
the logins read nothing until this version's security is applied again, and refuses a
restored schema unlike the models.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from resettle import __version__
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import InactiveAccount, Permission, require
from resettle.domain.staff import Actor
from resettle.private_files import restrict_existing
from resettle.services import audit
from resettle.services.database_logins import (
    accounts_no_login_may_have,
    forget_stored_roles_prefix,
    reapply_roles,
    roles_prefix,
)
from resettle.services.unit_of_work import UnitOfWork
from resettle.services.workspace import Workspace
from resettle.storage import backup_files, backups, postgres_dump, postgres_restored
from resettle.storage.backups import BackupProblem, Manifest
from resettle.storage.database import Database, open_database
from resettle.storage.engine import normalise_url
from resettle.storage.errors import NewerSchema, NotResettleDatabase
from resettle.storage.key_slots import CipherKey
from resettle.storage.migrate import (
    SchemaStatus,
    current_revision,
    head_revision,
    inspect_sqlite_file,
)
from resettle.storage.postgres_dump_rows import shown_safely

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupDone:
    path: Path
    manifest: Manifest
    #: Older automatic backups removed by rotation.
    removed: list[Path]


@dataclass(frozen=True)
class RestoreDone:
    #: The schema the backup had, and the one the database has now (upgraded when older).
    backup_revision: str | None
    revision: str
    #: The database as it was before the restore, kept as an automatic backup.
    previous: Path
    #: PostgreSQL: the backup's database had logins (roles) and this one has none set up:
    #: none were made from the backup's word; ``resettle db setup-roles`` makes them.
    roles_to_set_up: bool = False

    @property
    def upgraded(self) -> bool:
        return self.backup_revision != self.revision


#: The backends a backup is made of (the audit row names one).
BACKENDS = ("sqlite", "postgresql")


def record_backup(actor: Actor, uow: UnitOfWork, backend: str) -> None:
    """Administrators only; audited before the copy (so the copy holds the row)."""
    require(actor, Permission.BACKUP_DATABASE)
    if backend not in BACKENDS:
        raise ValidationFailed.single(
            "backend", "unknown_code", f"Backend: not one of {', '.join(BACKENDS)}"
        )
    with uow:
        audit.record(
            uow, actor, AuditAction.DATABASE_BACKED_UP, None, person_id=None, backend=backend
        )
        uow.commit()


def may_restore(actor: Actor, uow: UnitOfWork) -> None:
    """Administrators only, with an active account (the restore's audit row is written
    afterwards, into the restored database: ``restore``)."""
    require(actor, Permission.BACKUP_DATABASE)
    with uow:
        row = uow.staff.get(actor.id)
        if row is None or not row.active:
            raise InactiveAccount()


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).astimezone()


def _sqlite_path(database: Database) -> Path:
    return Path(database.url.database or "")


def _copy_database(
    database: Database, target: Path, now: dt.datetime, revision: str | None, address: URL
) -> Manifest:
    """The database into the new file ``target`` (0600) and its manifest beside it
    (PostgreSQL: ``pg_dump`` through ``address``, ``_address``)."""
    backend = "sqlite" if database.is_sqlite else "postgresql"
    if database.is_sqlite:
        backups.copy_sqlite(_sqlite_path(database), target, database.cipher)
    else:
        postgres_dump.dump_postgres(address, target)
    try:
        manifest = backups.make_manifest(
            target,
            backend=backend,
            revision=revision,
            version=__version__,
            encrypted=database.cipher is not None,
            now=now,
        )
        backups.write_manifest(target, manifest)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return manifest


def _address(database: Database, address: str | None) -> URL:
    """The address a PostgreSQL backup or restore is made through: ``address`` (the one the
    user gave: the owner's), else the workspace's own. A signed-in workspace on a database
    with logins is connected as the account's own login, which cannot read every row, so
    ``pg_dump`` needs the owner's address (``postgres_dump.require_whole_reader``)."""
    return normalise_url(address) if address and not database.is_sqlite else database.url


def _extension(database: Database) -> str:
    return "sqlite3" if database.is_sqlite else "dump"


def back_up(
    workspace: Workspace,
    backups_dir: Path,
    *,
    out: Path | None = None,
    keep: int = 10,
    now: dt.datetime | None = None,
    address: str | None = None,
) -> BackupDone:
    """An online copy of the workspace's database: into ``out`` (a new file) when given, else
    a new automatic backup in ``backups_dir``; then the newest ``keep`` automatic backups are
    kept. Refused for anyone but an administrator, before anything is written; on PostgreSQL,
    refused (``BackupNeedsOwner``) unless the address it is made through (``address``, else
    the workspace's) reads every row: the owner's does, an account's own login does not."""
    database = workspace.database
    when = _now(now)
    if out is not None and (out.exists() or backups.manifest_path(out).exists()):
        raise BackupProblem(f"{out} already exists: name a new file (a backup never overwrites).")
    if out is not None and not out.parent.is_dir():
        raise BackupProblem(f"The folder {out.parent} does not exist.")
    backend = "sqlite" if database.is_sqlite else "postgresql"
    through = _address(database, address)
    if not database.is_sqlite:
        require(workspace.actor, Permission.BACKUP_DATABASE)  # before the address is judged
        postgres_dump.require_whole_reader(through)
    workspace.run(record_backup, backend)
    revision = current_revision(database.engine)
    if out is None:
        target = backups.own_backup_path(
            backups.private_folder(backups_dir), when, _extension(database)
        )
    else:
        target = out
    with backup_files.made_or_removed(target):  # a failure leaves nothing; a full disk named
        manifest = _copy_database(database, target, when, revision, through)
    removed = backups.rotate(backups_dir, keep, newest=target)
    log.info(
        "Database backed up (%s, schema %s); %d old backups removed",
        backend,
        revision,
        len(removed),
    )
    return BackupDone(target, manifest, removed)


def record_restore_started(
    actor: Actor, uow: UnitOfWork, backend: str, backup_schema: str | None
) -> None:
    """Administrators only, with an active account: the ``database.restore_started`` row,
    written into the current database just before it is set aside (so the kept-aside copy
    names who replaced it)."""
    require(actor, Permission.BACKUP_DATABASE)
    if backend not in BACKENDS:
        raise ValidationFailed.single(
            "backend", "unknown_code", f"Backend: not one of {', '.join(BACKENDS)}"
        )
    with uow:
        row = uow.staff.get(actor.id)
        if row is None or not row.active:
            raise InactiveAccount()
        audit.record(
            uow,
            actor,
            AuditAction.DATABASE_RESTORE_STARTED,
            None,
            person_id=None,
            backend=backend,
            backup_schema=backup_schema,
        )
        uow.commit()


def restore(
    workspace: Workspace,
    backup: Path,
    backups_dir: Path,
    *,
    keep: int = 10,
    now: dt.datetime | None = None,
    address: str | None = None,
) -> RestoreDone:
    """Replace the workspace's database with ``backup`` (checked first; see the module's
    note). The workspace is closed afterwards: sign in again to go on.

    The backup is first copied into a private staging file; the checksum and every check
    are of that copy, and only it is restored (the user's file may change meanwhile). On
    PostgreSQL the restore is made through ``address`` (the owner's), as a backup is."""
    database = workspace.database
    workspace.run(may_restore)
    manifest = backup_files.checked_backup(backup)
    backend = "sqlite" if database.is_sqlite else "postgresql"
    if manifest.backend != backend:
        raise BackupProblem(
            f"The backup {backup} is of a {manifest.backend} database; this one is {backend}. "
            "Nothing was restored."
        )
    when = _now(now)
    staging = (
        _sqlite_path(database).parent if database.is_sqlite else backups.private_folder(backups_dir)
    )
    with backups.staging_copy(backup, staging) as staged:
        backups.verify_checksum(staged, manifest, shown=backup)
        if database.is_sqlite:
            return _restore_sqlite(workspace, backup, staged, manifest, backups_dir, keep, when)
        return _restore_postgres(
            workspace, backup, staged, manifest, backups_dir, when, _address(database, address)
        )


def _refuse_newer(backup: Path, revision: str | None) -> None:
    from resettle.storage.migrate import _known_revisions

    if revision is None or revision not in _known_revisions():
        shown = shown_safely(revision or "none", longest=40)
        raise NewerSchema(
            f"The backup {backup} was made by a newer version of Resettle (schema {shown}; "
            f"this version knows up to {head_revision()}). Nothing was restored."
        )


def _restore_sqlite(
    workspace: Workspace,
    backup: Path,
    staged: Path,
    manifest: Manifest,
    backups_dir: Path,
    keep: int,
    now: dt.datetime,
) -> RestoreDone:
    database = workspace.database
    path = _sqlite_path(database)
    cipher = database.cipher
    if manifest.encrypted != (cipher is not None):
        kind = "encrypted" if manifest.encrypted else "not encrypted"
        raise BackupProblem(
            f"The backup {backup} is {kind}, unlike this database: it cannot be restored "
            "here. Nothing was restored."
        )
    problems = backups.sqlite_problems(staged, cipher)
    if problems:
        raise BackupProblem(
            f"The backup {backup} is damaged ({problems[0]}"
            f"{f', and {len(problems) - 1} more problems' if len(problems) > 1 else ''}). "
            "Nothing was restored."
        )
    try:
        state = inspect_sqlite_file(staged, cipher)
    except NewerSchema:
        raise NewerSchema(
            f"The backup {backup} was made by a newer version of Resettle (this version knows "
            f"up to {head_revision()}). Nothing was restored."
        ) from None
    except NotResettleDatabase:  # said of the staging copy: said here of the file given
        raise BackupProblem(
            f"The backup {backup} is not a Resettle database. Nothing was restored."
        ) from None
    if state.status is SchemaStatus.EMPTY:
        raise BackupProblem(f"The backup {backup} holds no database. Nothing was restored.")
    _refuse_newer(backup, state.revision)
    if state.revision != manifest.schema_revision:
        manifest_says = shown_safely(manifest.schema_revision or "none", longest=40)
        raise BackupProblem(
            f"The backup {backup} holds schema {state.revision}, not {manifest_says} as its "
            "manifest says. Nothing was restored."
        )
    actor = workspace.actor
    workspace.close()
    backups.require_unused(path, cipher)
    _record_started_in(database, actor, "sqlite", state.revision)
    backups.require_unused(path, cipher)
    aside = path.with_name(f"{path.name}.before-restore-{now.strftime('%Y%m%d-%H%M%S')}")
    os.replace(path, aside)
    try:
        os.replace(staged, path)
        revision, _ = _open_and_audit(database, workspace.actor, cipher, state.revision)
    except BaseException:
        for side in ("-wal", "-shm"):
            path.with_name(path.name + side).unlink(missing_ok=True)
        os.replace(aside, path)
        log.warning("Restore failed; the database was put back as it was")
        raise
    previous = _keep_previous(aside, backups_dir, now, state.revision, cipher is not None, keep)
    log.info(
        "Database restored by account %s (schema %s, now %s)", actor.id, state.revision, revision
    )
    return RestoreDone(state.revision, revision, previous)


def _record_started_in(
    database: Database, actor: Actor, backend: str, backup_schema: str | None
) -> None:
    """The ``database.restore_started`` row, written into the current SQLite file (its
    workspace closed) through a connection of its own, closed again before the file moves."""
    current = open_database(
        database.url.render_as_string(hide_password=False),
        cipher=database.cipher,
        busy_timeout_ms=database.busy_timeout_ms,
        migrate=False,
    )
    try:
        record_restore_started(actor, current.uow(), backend, backup_schema)
    finally:
        current.close()
    log.info("Database restore started by account %s", actor.id)


def _keep_previous(
    aside: Path,
    backups_dir: Path,
    now: dt.datetime,
    revision: str | None,
    encrypted: bool,
    keep: int,
) -> Path:
    """The database set aside before a restore, moved into the backups as an automatic one."""
    folder = backups.private_folder(backups_dir)
    target = backup_files.pre_restore_path(folder, now, "sqlite3")
    shutil.move(aside, target)
    restrict_existing(target)
    manifest = backups.make_manifest(
        target,
        backend="sqlite",
        revision=revision,
        version=__version__,
        encrypted=encrypted,
        now=now,
    )
    backups.write_manifest(target, manifest)
    return target  # never rotated (``backup_files.pre_restore_path``); a restore rotates nothing


def _open_and_audit(
    database: Database,
    actor: Actor,
    cipher: CipherKey | None,
    backup_revision: str | None,
    *,
    roles: str | None = None,
    url: URL | None = None,
) -> tuple[str, bool]:
    """Open the restored database (upgrading it when older, as any opening does), re-apply
    this version's grants, functions and row-level security when its roles were set up
    before (``roles``: their prefix; a backup's own are never trusted), and write the
    restore's audit row into it; returns its schema revision now, and whether the backup
    named roles that were not made (``RestoreDone.roles_to_set_up``). ``url``: the address
    (PostgreSQL: the owner's) it is opened through, else the database's own."""
    restored = open_database(
        (url or database.url).render_as_string(hide_password=False),
        cipher=cipher,
        busy_timeout_ms=database.busy_timeout_ms,
    )
    try:
        roles_to_set_up = False
        if not restored.is_sqlite:
            _require_models(restored)
            roles_to_set_up = _require_usable_login_names(restored, roles)
        if roles is not None:
            reapply_roles(restored.uow(), roles)
        with restored.uow() as uow:
            account = uow.staff.by_username(actor.username)
            details = {
                "backup_schema": backup_revision,
                "upgraded": backup_revision != head_revision(),
            }
            if account is not None and account.id == actor.id:
                audit.record(
                    uow,
                    actor,
                    AuditAction.DATABASE_RESTORED,
                    None,
                    person_id=None,
                    acting_account_present=True,
                    **details,
                )
            else:
                audit.record_without_actor(
                    uow,
                    AuditAction.DATABASE_RESTORED,
                    None,
                    acting_account_present=False,
                    **details,
                )
            uow.commit()
        return current_revision(restored.engine) or "", roles_to_set_up
    finally:
        restored.close()


def _require_usable_login_names(restored: Database, roles: str | None) -> bool:
    """Refuse (``BackupProblem``; the caller puts the database back) an account whose user
    name no login may have: named like a group role or the gate, its login would take that
    role over where roles are re-applied (``roles``: the prefix of the database restored
    into), or stop ``resettle db setup-roles`` later where they are not. Where none were set
    up, the backup's own prefix is removed, never used: it could name another database's
    logins on the same server; ``resettle db setup-roles`` sets this one's up. Returns
    whether the backup named roles that were not made."""
    with restored.uow() as uow:
        refused = accounts_no_login_may_have(uow)
        if roles is None and not refused:
            had_roles = forget_stored_roles_prefix(uow)
            uow.commit()
            return had_roles
    if refused:
        more = f", and {len(refused) - 1} more" if len(refused) > 1 else ""
        raise BackupProblem(
            f"The backup holds an account whose user name no login may have (account "
            f"{refused[0]}{more}): it was changed by hand. Nothing was restored."
        )
    return False


def _require_models(restored: Database) -> None:
    """Refuse (``BackupProblem``: the caller puts the database as it was back) a restored and
    upgraded PostgreSQL database whose tables or columns are not this version's models."""
    with restored.engine.connect() as connection:
        differences = postgres_restored.schema_differences(connection)
    if differences:
        more = f", and {len(differences) - 1} more" if len(differences) > 1 else ""
        raise BackupProblem(
            f"The restored database is not Resettle's schema ({differences[0]}{more}). "
            "Nothing was restored."
        )


def _restore_postgres(
    workspace: Workspace,
    backup: Path,
    staged: Path,
    manifest: Manifest,
    backups_dir: Path,
    now: dt.datetime,
    address: URL,
) -> RestoreDone:
    database = workspace.database
    problems = postgres_dump.dump_problems(staged)
    if problems:
        raise BackupProblem(
            f"The backup {backup} is damaged ({problems[0]}). Nothing was restored."
        )
    revision = postgres_dump.dump_revision(staged)
    _refuse_newer(backup, revision)
    if revision != manifest.schema_revision:
        raise BackupProblem(
            f"The backup {backup} holds schema {revision}, not {manifest.schema_revision} as "
            "its manifest says. Nothing was restored."
        )
    postgres_dump.require_whole_reader(address, restoring=True)
    folder = backups.private_folder(backups_dir)
    previous = backup_files.pre_restore_path(folder, now, "dump")
    actor = workspace.actor
    with database.uow() as uow:
        prefix = roles_prefix(uow)
    workspace.run(record_restore_started, "postgresql", revision)
    log.info("Database restore started by account %s", actor.id)
    _copy_database(database, previous, now, current_revision(database.engine), address)
    workspace.close()
    try:
        postgres_dump.restore_postgres(address, staged)  # one transaction
    except BackupProblem:  # refused and rolled back: the database is the copy just made
        _discard_copy(previous)
        raise
    try:
        postgres_dump.require_only_restored_kinds(address)
        revision, roles_to_set_up = _open_and_audit(
            database, workspace.actor, None, manifest.schema_revision, roles=prefix, url=address
        )
    except BaseException:
        _put_back(database, previous, prefix, address)
        raise
    log.info(
        "Database restored by account %s (schema %s, now %s)",
        actor.id,
        manifest.schema_revision,
        revision,
    )
    return RestoreDone(manifest.schema_revision, revision, previous, roles_to_set_up)


def _discard_copy(copy: Path) -> None:
    """A copy of the database made for a restore that changed nothing: not kept, as a second
    copy of every record nobody needs (it would never be rotated away)."""
    backups.manifest_path(copy).unlink(missing_ok=True)
    copy.unlink(missing_ok=True)


def _put_back(database: Database, previous: Path, prefix: str | None, address: URL) -> None:
    """After a failed PostgreSQL restore: the copy made first restored, and (when roles were
    set up) this version's security applied to it again, as after any restore."""
    postgres_dump.restore_postgres(address, previous)
    postgres_dump.require_only_restored_kinds(address)
    if prefix is not None:
        put_back = open_database(
            address.render_as_string(hide_password=False),
            busy_timeout_ms=database.busy_timeout_ms,
            migrate=False,
        )
        try:
            reapply_roles(put_back.uow(), prefix)
        finally:
            put_back.close()
    log.warning("Restore failed; the database was put back from the copy made first")


def last_backup_time(backups_dir: Path) -> dt.datetime | None:
    """When the newest backup in ``backups_dir`` was made (from the manifests)."""
    return backups.latest_backup_time(backups_dir)


#: The administrator is reminded when the newest backup is older than this.
REMINDER_AFTER = dt.timedelta(days=7)


def backup_overdue_since(last: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    """True when no backup was made (``last`` None) or the last is older than 7 days."""
    return last is None or _now(now) - last > REMINDER_AFTER


def backup_overdue(backups_dir: Path, now: dt.datetime | None = None) -> bool:
    return backup_overdue_since(last_backup_time(backups_dir), now)
