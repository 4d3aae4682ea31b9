"""``resettle audit list``: audit rows, newest first, for whoever checks the trail (opened as
``audit verify`` opens the database: docs/audit.md)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from resettle.cli.arg_types import integer, record_id
from resettle.cli.commands import iso_day
from resettle.cli.context import CliContext
from resettle.cli.field_options import name_options
from resettle.domain.identifiers import checked_prison_number

DEFAULT_LIMIT = 100
MOST_ROWS = 10_000


def register_list(actions: Any, handler_open: Any) -> None:
    listing = actions.add_parser(
        "list",
        help="audit rows, newest first: who did what to which record and when (codes and ids)",
    )
    listing.add_argument(
        "--account", metavar="USERNAME", help="rows by this account, or about it (sign-ins)"
    )
    whose = listing.add_mutually_exclusive_group()
    whose.add_argument(
        "--person", metavar="PRISON_NUMBER", help="rows about this person (still held)"
    )
    whose.add_argument(
        "--person-id",
        type=record_id,
        metavar="ID",
        help="rows about the person with this internal id (an erased person's: the id on "
        "their erasure certificate)",
    )
    listing.add_argument("--action", metavar="ACTION", help="e.g. person.viewed (docs/audit.md)")
    listing.add_argument(
        "--from", dest="start", type=iso_day, metavar="YYYY-MM-DD", help="from this day (00:00)"
    )
    listing.add_argument(
        "--to", dest="end", type=iso_day, metavar="YYYY-MM-DD", help="to this day (inclusive)"
    )
    listing.add_argument(
        "--limit",
        type=integer,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N rows (default {DEFAULT_LIMIT}, at most {MOST_ROWS:,})",
    )
    listing.set_defaults(handler=lambda args, ctx: _list(args, ctx, handler_open))
    name_options(
        listing, account="--account", prison_number="--person", limit="--limit", end="--to"
    )


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).astimezone()


def _list(args: argparse.Namespace, ctx: CliContext, open_database: Any) -> int:
    from resettle.domain.errors import ValidationFailed
    from resettle.services.audit_listing import list_audit
    from resettle.storage.audit_listing import AuditFilter

    if not 1 <= args.limit <= MOST_ROWS:
        raise ValidationFailed.single(
            "limit", "range", f"--limit: give a number from 1 to {MOST_ROWS:,}"
        )
    if args.start and args.end and args.end < args.start:
        raise ValidationFailed.single("end", "order", "--to: the day is before --from")
    number = checked_prison_number(args.person) if args.person is not None else None
    wanted = AuditFilter(
        person_id=args.person_id,
        action=args.action,
        start=_local_midnight(args.start) if args.start else None,
        end=_local_midnight(args.end + dt.timedelta(days=1)) if args.end else None,
        limit=args.limit,
    )
    database = open_database(args)
    try:
        rows = list_audit(database, wanted, username=args.account, prison_number=number)
    finally:
        database.close()
    _say_waiting_refusals(database, ctx)
    if not rows:
        print("No audit rows match.", file=ctx.out)
        return 0
    print(
        "Seq       When (local)      Account           Action                       "
        "About              Person  Details",
        file=ctx.out,
    )
    for row in rows:
        when = row.at.astimezone().strftime("%Y-%m-%d %H:%M")
        about = (
            f"{row.entity_type} {row.entity_id}" if row.entity_id is not None else row.entity_type
        )
        person = "" if row.person_id is None else str(row.person_id)
        print(
            f"{row.seq:<9} {when:<17} {row.actor or '-':<17} {row.action:<28} {about:<18} "
            f"{person:<7} {row.details}",
            file=ctx.out,
        )
    if len(rows) == args.limit:
        print(f"(the newest {args.limit}: --limit N for more)", file=ctx.out)
    return 0


def _say_waiting_refusals(database: Any, ctx: CliContext) -> None:
    """An encrypted file's key file keeps wrong passwords until the next sign-in writes them
    to the trail (docs/encryption.md): say how many are waiting, so none is missed."""
    from resettle.services.encrypted_sign_in import waiting_refusals

    waiting = waiting_refusals(database)
    if waiting:
        print(
            f"Note: {waiting} refused sign-in(s) typed against the key file are not in the "
            "trail yet: the next sign-in to the app (or a command such as 'accounts list') "
            "writes them.",
            file=ctx.err,
        )
