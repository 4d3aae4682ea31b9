"""``resettle sar``: a subject access export of one person, as JSON and PDF, into a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from resettle.cli.commands import add_acting_user, add_command, iso_day
from resettle.cli.context import CliContext
from resettle.cli.field_options import name_options
from resettle.cli.output_files import output_errors
from resettle.domain.subject_access import Period
from resettle.services.subject_access.export import export_subject_access, write_export


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sar = add_command(
        subparsers,
        "sar",
        description="Export everything held about one person (subject access request) as "
        "JSON and a readable PDF, into DIR. Managers only; the export is audited.",
    )
    sar.add_argument("--person", required=True, metavar="PRISON_NUMBER")
    sar.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write to")
    sar.add_argument(
        "--from", dest="start", type=iso_day, metavar="YYYY-MM-DD", help="from this day (00:00)"
    )
    sar.add_argument(
        "--to", dest="end", type=iso_day, metavar="YYYY-MM-DD", help="to the end of this day"
    )
    add_acting_user(sar)
    sar.set_defaults(handler=_export)
    name_options(sar, to="--to")


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    period = Period(start=args.start, end=args.end)  # refused before anything is opened
    if args.out.exists() and not args.out.is_dir():
        print(f"resettle: --out: {args.out} is a file, not a folder.", file=ctx.err)
        return 2
    workspace = ctx.open_app()
    export = workspace.run(export_subject_access, args.person, period)
    with output_errors(args.out, forceable=False):
        written = write_export(export, args.out)
    for path in written:
        print(f"Wrote {path}", file=ctx.out)
    print(
        "Resettle keeps no copy. Items marked 'review before release' may identify other "
        "people: a data-protection officer reviews them before release.",
        file=ctx.out,
    )
    return 0
