"""The ``resettle`` command: no subcommand starts the GUI; subcommands run use cases headless."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from resettle import __version__
from resettle.cli import db_cmd, demo_cmd, people_cmd
from resettle.cli.context import CliContext
from resettle.cli.workspace_opener import WorkspaceOpener
from resettle.domain.errors import DomainError
from resettle.settings import resolve_settings

COMMAND_MODULES = [db_cmd, people_cmd, demo_cmd]


def _optional_modules() -> list[object]:
    """Command modules of features that register themselves when present."""
    modules: list[object] = []
    for name in ("ogrs3_cmd", "evidence_cmd", "plan_cmd"):
        try:
            modules.append(__import__(f"resettle.cli.{name}", fromlist=["register"]))
        except ModuleNotFoundError as error:
            if error.name != f"resettle.cli.{name}":
                raise
    return modules


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resettle",
        description="Resettle: resettlement case management. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"Resettle {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="folder for the SQLite database")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="database to use, e.g. postgresql://user@host/resettle (or RESETTLE_DATABASE_URL)",
    )
    parser.add_argument("--user", metavar="USERNAME", help="staff account to act as")
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="open the app off-screen, save a picture of the main window and exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in [*COMMAND_MODULES, *_optional_modules()]:
        module.register(subparsers)  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = resolve_settings(args.data_dir, args.database_url, args.user)
    if args.command is None:
        from resettle.ui.app import run_gui

        return run_gui(settings, screenshot=args.screenshot)
    opener = WorkspaceOpener(settings)
    ctx = CliContext(out=sys.stdout, err=sys.stderr, open_app=opener.open)
    try:
        return int(args.handler(args, ctx))
    except DomainError as error:
        print(f"resettle: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: not an error of ours.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except KeyboardInterrupt:
        print("resettle: interrupted", file=sys.stderr)
        return 130
    finally:
        opener.close()


def entry_point() -> None:
    sys.exit(main())
