"""``resettle demo --size N [--seed S] [--if-empty]``: a new database filled with a fictional
caseload and demo accounts for every role, all with the documented password ``demo-password``.

Nobody signs in to do it (a new database has no accounts yet); a database that has accounts
or people is refused, or left as it is with ``--if-empty``.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from resettle.cli.arg_types import integer
from resettle.cli.commands import add_command
from resettle.cli.context import CliContext

#: What each demo account is, in the order they are printed.
ACCOUNT_ROLES = (
    ("demo.officer", "probation officer"),
    ("demo.manager", "manager"),
    ("demo.regional", "manager of a region (Yorkshire and the Humber)"),
    ("demo.prison", "prison staff"),
    ("demo.programmes", "programme team"),
    ("demo.admin", "administrator"),
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = add_command(subparsers, "demo")
    demo.add_argument("--size", type=integer, default=500, help="number of people (default 500)")
    demo.add_argument("--seed", type=integer, default=1, help="same seed, same people (default 1)")
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing (and succeed) when the database already has accounts or people",
    )
    demo.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.before_sign_in import run_before_sign_in
    from resettle.services.demo.loader import (
        DEMO_PASSWORD,
        NOT_NEW,
        DemoRefused,
        database_holds_data,
        start_demo_database,
    )

    # Decided on the database as it is: one that gets no demo data is not upgraded or
    # backed up first (user trial).
    as_is = ctx.open_database_as_is()
    try:
        holds_data = database_holds_data(as_is)
    finally:
        as_is.close()
    if holds_data:
        if args.if_empty:
            print(
                "The database already has accounts or people; demo data not loaded.",
                file=ctx.out,
            )
            return 0
        raise DemoRefused(NOT_NEW)
    database = ctx.open_database(encrypt_new=False)  # demo data is never encrypted

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,} of {total:,} people", end="", file=ctx.err, flush=True)

    # A progress line redrawn with "\r" only on a terminal: in a log file or a pipe the
    # redraws pile up on one line and run into the summary (user trial).
    on_terminal = _is_terminal(ctx.err)
    added = run_before_sign_in(
        database,
        start_demo_database,
        args.size,
        args.seed,
        progress=progress if on_terminal else None,
    )
    if on_terminal:
        print(file=ctx.err, flush=True)  # end the progress line before the summary
    print(f"Loaded {added:,} fictional people into {database.description}.", file=ctx.out)
    print(f"Demo accounts, each with the password {DEMO_PASSWORD}:", file=ctx.out)
    for username, role in ACCOUNT_ROLES:
        print(f"  {username:<15} {role}", file=ctx.out)
    print(
        "  officer001...   probation officers; keyworker.<prison><n>: prison key workers;"
        " programmes.<prison>: programme teams",
        file=ctx.out,
    )
    return 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
