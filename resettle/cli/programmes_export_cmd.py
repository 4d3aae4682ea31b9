"""``resettle programmes export`` (one row per referral with its milestone dates) and
``resettle programmes attendance`` (one row per person per week: sessions held, attended,
absent acceptably, absent unacceptably, not yet marked; sessions after ``--to`` or today are
not counted), as CSV through ``reports/csv_cells.write_csv`` (a cell beginning with
``=``, ``+``, ``-``, ``@``, a tab, a carriage return or NUL is escaped). ``--out`` writes a
new file and never replaces one without ``--force``. ``programmes_cmd.py`` calls
:func:`register` with its sub-command parsers."""

from __future__ import annotations

import argparse
from pathlib import Path

from resettle.cli.commands import iso_day
from resettle.cli.context import CliContext
from resettle.cli.output_files import add_force_option, refuse_existing, write_output
from resettle.domain.plural import counted
from resettle.domain.programme_exports import MILESTONE_HEADER, WEEKLY_HEADER
from resettle.reports.csv_cells import write_csv


def register(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name, what in (
        ("export", "one row per referral with its milestone dates"),
        (
            "attendance",
            "one row per person per week: sessions held, attended, absent (acceptable or not),"
            " not yet marked",
        ),
    ):
        command = actions.add_parser(name, help=f"CSV: {what}")
        command.add_argument("--establishment", required=True, metavar="CODE")
        command.add_argument("--from", dest="start", required=True, type=iso_day, metavar="DATE")
        command.add_argument("--to", dest="end", required=True, type=iso_day, metavar="DATE")
        command.add_argument("--csv", action="store_true", required=True, help="write CSV")
        command.add_argument("--out", type=Path, metavar="FILE", help="write a new file")
        add_force_option(command)
        command.set_defaults(
            handler=_export, export=name, field_options={"establishment": "--establishment"}
        )


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_exports import (
        referral_milestones_export,
        weekly_attendance_export,
    )

    refuse_existing(args.out, args.force)
    workspace = ctx.open_app()
    establishment = args.establishment
    if args.export == "export":
        found = workspace.run(referral_milestones_export, establishment, args.start, args.end)
        text, count = write_csv((row.cells() for row in found), MILESTONE_HEADER), len(found)
    else:
        weeks = workspace.run(weekly_attendance_export, establishment, args.start, args.end)
        text, count = write_csv((row.cells() for row in weeks), WEEKLY_HEADER), len(weeks)
    if args.out is None:
        ctx.out.write(text)
        return 0
    # A byte-order mark, so that Excel opened by a double-click reads the names
    # ("José Ó Súilleabháin") as UTF-8; standard output stays without it, for pipes.
    write_output(args.out, text.encode("utf-8-sig"), force=args.force)
    print(f"{counted(count, 'row')} written to {args.out}", file=ctx.err)
    return 0
