"""``resettle db upgrade``, ``check``, ``setup-roles`` and ``encrypt``."""

from __future__ import annotations

import argparse
import os

from resettle.cli.commands import add_command
from resettle.cli.context import CliContext
from resettle.cli.password_prompt import typed_password
from resettle.cli.workspace_opener import read_password
from resettle.services.database_logins import (
    ADMIN_TEMPORARY_PASSWORD_ENV,
    GATE_PASSWORD_ENV,
    BadRolePrefix,
    setup_database_roles,
)
from resettle.services.workspace import check_database, upgrade_database
from resettle.settings import resolve_settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = add_command(subparsers, "db")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="back up (SQLite) and upgrade to this version")
    upgrade.set_defaults(handler=_upgrade)
    check = actions.add_parser("check", help="integrity check and schema version")
    check.set_defaults(handler=_check)
    roles = actions.add_parser(
        "setup-roles",
        help="PostgreSQL: a login per account and row-level security (the owner, once)",
    )
    roles.add_argument(
        "--prefix",
        default=None,
        help="role-name prefix for this database (default: from the database name)",
    )
    roles.add_argument(
        "--reset-admin",
        dest="reset_admins",
        action="append",
        default=[],
        metavar="USERNAME",
        help=(
            "give this active administrator a temporary password, to change at the next "
            f"sign-in (typed twice, or from {ADMIN_TEMPORARY_PASSWORD_ENV}); repeatable"
        ),
    )
    roles.set_defaults(handler=_setup_roles)
    encrypt = actions.add_parser(
        "encrypt",
        help="SQLite: encrypt a plain database in place, after a backup (an administrator)",
    )
    encrypt.set_defaults(handler=_encrypt)


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    return resolve_settings(args.data_dir, args.database_url, args.user)


def _upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    database = upgrade_database(_settings(args), read_password)
    if database.backup_path is not None:
        print(f"Backed up to {database.backup_path}", file=ctx.out)
    print(f"{database.description} is up to date.", file=ctx.out)
    return 0


def _check(args: argparse.Namespace, ctx: CliContext) -> int:
    health = check_database(_settings(args), read_password)
    print(f"Database: {health.description}", file=ctx.out)
    print(
        f"Schema version: {health.revision or 'none'} (this Resettle: {health.head})", file=ctx.out
    )
    if health.row_counts:
        print(f"Rows in each of {len(health.row_counts)} tables:", file=ctx.out)
        for table, count in sorted(health.row_counts.items()):
            print(f"  {table}: {count} row{'' if count == 1 else 's'}", file=ctx.out)
    for note in health.notes:
        print(f"Note: {note}", file=ctx.out)
    for warning in health.warnings:
        print(f"Warning: {warning}", file=ctx.out)
    for problem in health.problems:
        print(f"Problem: {problem}", file=ctx.err)
    if health.revision != health.head:
        print("Problem: the schema is not current; run 'resettle db upgrade'.", file=ctx.err)
    print("OK" if health.healthy else "NOT OK", file=ctx.out)
    return 0 if health.healthy else 1


def _password_twice(env: str, prompt: str, label: str) -> str:
    """``env`` when set, else typed twice at a prompt that does not echo."""
    given = os.environ.get(env)
    if given is not None:
        return given
    first = typed_password(prompt, env)
    again = typed_password("The same password again: ", env)
    if first != again:
        raise BadRolePrefix(f"{label}: the two passwords typed differ.")
    return first


def _setup_roles(args: argparse.Namespace, ctx: CliContext) -> int:
    gate = _password_twice(GATE_PASSWORD_ENV, "Password for the gate login: ", "Gate password")
    temporary = ""
    if args.reset_admins:
        temporary = _password_twice(
            ADMIN_TEMPORARY_PASSWORD_ENV,
            "Temporary password for the administrator to reset: ",
            "Temporary password",
        )
    done = setup_database_roles(
        _settings(args),
        gate,
        args.prefix,
        reset_admins=args.reset_admins,
        temporary_password=temporary,
    )
    print(f"Roles set up with the prefix {done.prefix}.", file=ctx.out)
    print(
        f"Gate login (share its URL with the team): {done.gate_login}; it reads no case data.",
        file=ctx.out,
    )
    for username in done.reset_admins:
        print(
            f"{username} can sign in through the gate URL with the temporary password, and "
            "must change it at that sign-in.",
            file=ctx.out,
        )
    if done.needing_reset:
        who = _who_resets(done.reset_admins)
        print(
            f"These accounts cannot sign in to PostgreSQL until {who} resets their password "
            "(resettle accounts reset-password):",
            file=ctx.out,
        )
        for username in done.needing_reset:
            print(f"  {username}", file=ctx.out)
    return 0


def _who_resets(reset_admins: list[str]) -> str:
    if not reset_admins:
        return "an administrator"
    return reset_admins[0] if len(reset_admins) == 1 else "one of those administrators"


def _encrypt(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.encryption import encrypt_in_place

    workspace = ctx.open_app()
    done = encrypt_in_place(workspace, read_password("Your password again: "))
    print(f"Encrypted {done.database}; its key file is {done.key_file}.", file=ctx.out)
    print(
        "Keep the key file beside the database and copy both together: without the key file "
        "nobody can read the database.",
        file=ctx.out,
    )
    print(
        f"The copy made first, {done.plain_backup}, is NOT encrypted: move it somewhere safe "
        "or delete it securely.",
        file=ctx.out,
    )
    if done.needing_reset:
        print(
            "These accounts cannot sign in until an administrator resets their password "
            "(which gives them a key slot):",
            file=ctx.out,
        )
        for username in done.needing_reset:
            print(f"  {username}", file=ctx.out)
    return 0
