"""``resettle backup`` and ``resettle restore``: the whole database (administrators).

``backup`` writes an online consistent copy (SQLite's backup API; ``pg_dump --format=custom``
on PostgreSQL) with a manifest beside it (``FILE.manifest.json``: checksum, schema version,
time, backend, Resettle version): into ``--out FILE`` when given, else into the data folder's
``backups/``, where the newest ``--keep`` (default 10, or ``RESETTLE_BACKUP_KEEP``) are kept.
``restore FILE [--yes]`` checks the file and its manifest and checksum first, says when the
backup was made and asks to confirm (``--yes`` skips the question; without a terminal it is
required); then it checks the content and schema before it replaces anything, and keeps the
current database aside until the restored one is open (``services/backup.py``). A restore
rotates nothing; the database it replaced stays in ``backups/`` until removed by hand.

On PostgreSQL both work through the address given (``--database-url`` or
``RESETTLE_DATABASE_URL``), not the account's own login the sign-in connects as: after
``db setup-roles`` that must be the database owner's address (a login cannot read every row;
``storage/backups.BackupNeedsOwner`` says so in one line).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from resettle.cli.commands import add_acting_user, add_command
from resettle.cli.context import CliContext
from resettle.cli.password_prompt import has_terminal
from resettle.domain.errors import DomainError
from resettle.settings import resolve_settings

#: After a PostgreSQL restore whose backup had database logins where this database has none.
ROLES_TO_SET_UP = (
    "The backup's database had its own logins for each account; none were made from the "
    "backup. Until the database owner runs 'resettle db setup-roles', accounts sign in only "
    "through the owner's address."
)

if TYPE_CHECKING:
    from resettle.services.backup_preview import RestorePreview


def _keep(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError("a whole number from 1 to 1000")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = add_command(subparsers, "backup")
    backup.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write the backup to this new file (default: a new file in the data folder's "
        "backups/)",
    )
    backup.add_argument(
        "--keep",
        type=_keep,
        default=None,
        metavar="N",
        help="keep the newest N backups in backups/ (default 10, or RESETTLE_BACKUP_KEEP)",
    )
    add_acting_user(backup)
    backup.set_defaults(handler=_backup)
    restore = add_command(subparsers, "restore")
    restore.add_argument("file", type=Path, metavar="FILE", help="a backup made by resettle backup")
    restore.add_argument(
        "--yes", action="store_true", help="restore without asking to confirm at the terminal"
    )
    add_acting_user(restore)
    restore.set_defaults(handler=_restore)


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    return resolve_settings(args.data_dir, args.database_url, args.user)


def _backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.backup import back_up

    settings = _settings(args)
    done = back_up(
        ctx.open_app(),
        settings.backups_dir,
        out=args.out,
        keep=args.keep or settings.backup_keep,
        address=settings.database_url,  # PostgreSQL: pg_dump through the address given
    )
    print(f"Backed up to {done.path}", file=ctx.out)
    print(f"Schema {done.manifest.schema_revision}, SHA-256 {done.manifest.sha256}", file=ctx.out)
    if done.removed:
        print(
            f"Removed {len(done.removed)} older backups from {settings.backups_dir}", file=ctx.out
        )
    return 0


def _restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.backup import restore
    from resettle.services.backup_preview import preview_restore

    settings = _settings(args)
    workspace = ctx.open_app()
    preview = preview_restore(workspace, args.file)  # checked before anyone is asked
    if args.yes:
        print(_confirmation_text(preview), file=ctx.out)
    elif not _confirmed(_confirmation_text(preview), ctx):
        return 1
    done = restore(workspace, args.file, settings.backups_dir, address=settings.database_url)
    print(f"Restored from {args.file}", file=ctx.out)
    if done.upgraded:
        print(
            f"The backup's schema {done.backup_revision} was older: the database was upgraded "
            f"to {done.revision}.",
            file=ctx.out,
        )
    print(f"The database as it was before is kept as {done.previous}", file=ctx.out)
    if done.roles_to_set_up:
        print(ROLES_TO_SET_UP, file=ctx.out)
    return 0


class RestoreNotConfirmed(DomainError):
    code = "backup.restore_not_confirmed"


def _confirmation_text(preview: RestorePreview) -> str:
    when = preview.made_at.strftime("%d %B %Y at %H:%M")
    return (
        f"The backup {preview.backup} was made on {when} (local time; schema "
        f"{preview.schema_revision or 'unknown'}, Resettle {preview.resettle_version}).\n"
        f"Restoring it replaces the whole database: everything saved since {when}, and the "
        "audit trail of it, is replaced.\n"
        "The current database is kept in backups/, named with today's date and time and "
        "ending '-before-restore' (never removed by rotation): restoring that file undoes "
        "the restore."
    )


def _confirmed(question: str, ctx: CliContext) -> bool:
    """Whether the user typed ``yes`` at the terminal; refused (naming ``--yes``) when there
    is no terminal to type at."""
    if not has_terminal():
        raise RestoreNotConfirmed(
            "restore asks you to confirm, and there is no terminal to type at: add --yes to "
            "restore without asking. Nothing was restored."
        )
    print(question, file=ctx.err)
    try:
        typed = input("Type yes to restore, anything else to stop: ")
    except EOFError:
        typed = ""
    if typed.strip().lower() == "yes":
        return True
    print("Not restored: nothing was changed.", file=ctx.err)
    return False
