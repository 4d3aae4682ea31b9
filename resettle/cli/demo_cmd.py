"""``resettle demo --size N [--seed S]``: fill an empty database with a fictional caseload."""

from __future__ import annotations

import argparse
from typing import TextIO

from resettle.cli.commands import add_command
from resettle.cli.context import CliContext
from resettle.domain.caseload import CaseloadQuery
from resettle.services.caseload import count_caseload
from resettle.services.demo.loader import load_demo


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = add_command(subparsers, "demo")
    demo.add_argument("--size", type=int, default=500, help="number of people (default 500)")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same people (default 1)")
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing (and succeed) when the database already holds people",
    )
    demo.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace, ctx: CliContext) -> int:
    workspace = ctx.open_app()
    if args.if_empty and workspace.run(count_caseload, CaseloadQuery()):
        print("The database already holds people; demo data not loaded.", file=ctx.out)
        return 0

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,} of {total:,} people", end="", file=ctx.err, flush=True)

    # A progress line redrawn with "\r" only on a terminal: in a log file or a pipe the
    # redraws pile up on one line and run into the summary (user trial).
    on_terminal = _is_terminal(ctx.err)
    added = workspace.run(
        load_demo, args.size, args.seed, progress=progress if on_terminal else None
    )
    if on_terminal:
        print(file=ctx.err, flush=True)  # end the progress line before the summary
    print(f"Loaded {added:,} fictional people into {workspace.description}.", file=ctx.out)
    return 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
