"""``resettle db upgrade`` and ``resettle db check``."""

from __future__ import annotations

import argparse

from resettle.cli.commands import add_command
from resettle.cli.context import CliContext
from resettle.services.workspace import check_database, upgrade_database
from resettle.settings import resolve_settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = add_command(subparsers, "db")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="back up (SQLite) and upgrade to this version")
    upgrade.set_defaults(handler=_upgrade)
    check = actions.add_parser("check", help="integrity check and schema version")
    check.set_defaults(handler=_check)


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    return resolve_settings(args.data_dir, args.database_url, args.user)


def _upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    database = upgrade_database(_settings(args))
    if database.backup_path is not None:
        print(f"Backed up to {database.backup_path}", file=ctx.out)
    print(f"{database.description} is up to date.", file=ctx.out)
    return 0


def _check(args: argparse.Namespace, ctx: CliContext) -> int:
    health = check_database(_settings(args))
    print(f"Database: {health.description}", file=ctx.out)
    print(
        f"Schema version: {health.revision or 'none'} (this Resettle: {health.head})", file=ctx.out
    )
    for problem in health.problems:
        print(f"Problem: {problem}", file=ctx.err)
    if health.revision != health.head:
        print("Problem: the schema is not current; run 'resettle db upgrade'.", file=ctx.err)
    print("OK" if health.healthy else "NOT OK", file=ctx.out)
    return 0 if health.healthy else 1
