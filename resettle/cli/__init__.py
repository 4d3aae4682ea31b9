"""The ``resettle`` command: no subcommand starts the GUI; subcommands run use cases headless.

Start-up is kept light: this module imports only the standard library and the command
table, a command's module is imported only when that command is on the command line, and
the database machinery (SQLAlchemy, migrations) only when a command opens the database. So
``resettle --version``, ``ogrs3``, ``recommend`` and ``evidence validate`` never load
SQLAlchemy, Qt or ReportLab (tests/cli/test_cli_imports.py checks this). In the console
script's own process a command also skips the garbage collections that would find nothing
(``resettle.cli.short_lived``; figures in docs/performance.md).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from resettle import __version__
from resettle.cli import short_lived
from resettle.cli.commands import COMMANDS, add_command, modules_for
from resettle.cli.context import CliContext
from resettle.logging_setup import LEVELS, configure_logging, stop_logging

if TYPE_CHECKING:
    from resettle.settings import Settings

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """Every parser of the command line (sub-commands inherit the class): options are never
    abbreviated (``--vers`` is not ``--version``, ``--plan-v`` not ``--plan-version``), and
    a mistake is one line naming the option, with where to find the usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        import re

        # A value quoted back (``invalid choice: 'aaaa...'``) is cut short: the line stays one
        # readable line whatever was typed.
        message = re.sub(r"'([^']{60})[^']{4,}'", r"'\1...'", message)
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def refused_argument(argv: Sequence[str]) -> str | None:
    """Why the command line cannot be used, naming the option: a word that is not valid UTF-8
    (the operating system passes such bytes as surrogate escapes) or holds a NUL; None when
    every word is text. Checked once, before any command's parser runs."""
    for index, word in enumerate(argv):
        if "\x00" in word:
            problem = "holds a NUL character"
        else:
            try:
                word.encode("utf-8")
            except UnicodeEncodeError:
                problem = "is not valid UTF-8 text"
            else:
                continue
        return f"{_option_named(argv, index)} {problem}"
    return None


def refused_setting(environ: Mapping[str, str]) -> str | None:
    """The same check for Resettle's environment variables (``RESETTLE_USER``...), named
    (never their value: one is a password)."""
    for name in sorted(environ):
        if name.startswith("RESETTLE_") and not _is_text(environ[name]):
            return f"{name} is not valid UTF-8 text"
    return None


def _option_named(argv: Sequence[str], index: int) -> str:
    """The option a word gives: ``--search=VALUE``, the word after ``--search``, or the
    option itself; a bare argument by its place."""
    word = argv[index]
    if word.startswith("--") and "=" in word:
        option = word.split("=", 1)[0]
        if _is_text(option):
            return option
    elif word.startswith("-") and len(word) > 1:
        return "an option name" if not _is_text(word) else word
    before = argv[index - 1] if index > 0 else ""
    if before.startswith("-") and "=" not in before and _is_text(before):
        return before
    return f"argument {index + 1} of the command line"


def _is_text(word: str) -> bool:
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in word


def _global_options(add_help: bool = True) -> argparse.ArgumentParser:
    """The options before any command; ``add_help=False`` is the quick look for whether there
    is a command, which has no ``--version`` either (a command's own ``--version N``, as in
    ``plan print``, must reach the command, and ``resettle --version`` alone is answered by
    the whole parser)."""
    parser = _Parser(
        prog="resettle",
        description="Resettle: resettlement case management. Without a command, opens the app.",
        add_help=add_help,
    )
    if add_help:
        parser.add_argument("--version", action="version", version=f"Resettle {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="folder for the SQLite database")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="database to use, e.g. postgresql://user@host/resettle (or RESETTLE_DATABASE_URL)",
    )
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help="staff account to act as (or RESETTLE_USER); the password is asked for, or read "
        "from RESETTLE_PASSWORD",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LEVELS,
        help="how much to write to the log file (default INFO, or RESETTLE_LOG_LEVEL)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="open the app off-screen, save a picture of the main window and exit",
    )
    return parser


def build_parser(words: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``words``, only the commands named in them get their arguments.

    The other commands are listed by name and help only, so ``--help`` and errors read the
    same either way, and their modules (with what they import) are not loaded.
    """
    parser = _global_options()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = {c.module for c in COMMANDS.values()} if words is None else modules_for(words)
    for name, command in COMMANDS.items():
        if name in subparsers.choices:
            continue  # added by an earlier module that registers several commands
        if command.module in wanted:
            importlib.import_module(f"resettle.cli.{command.module}").register(subparsers)
        else:
            add_command(subparsers, name)
    return parser


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    """Run the command in ``argv`` (default: the command line) and return its exit code.

    ``own_process`` is for the console script only: the process ends when this returns, so a
    command's start-up and exit skip the garbage collections that would find nothing
    (``resettle.cli.short_lived``).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    refused = refused_argument(argv) or refused_setting(os.environ)
    if refused is not None:
        print(f"resettle: {refused}", file=sys.stderr)
        return 2
    # Without a command the app opens: parse only the global options, so start-up does not
    # import every command's machinery.
    quick, rest = _global_options(add_help=False).parse_known_args(argv)
    if quick.database_url is not None and not quick.database_url.strip():
        print(
            "resettle: --database-url is empty: give a database address, e.g. "
            "postgresql://USER@HOST/DATABASE or sqlite:///PATH, or leave the option out to "
            "use the data folder",
            file=sys.stderr,
        )
        return 2
    if not rest:
        from resettle.settings import resolve_settings
        from resettle.ui.app import run_gui

        settings = resolve_settings(
            quick.data_dir, quick.database_url, quick.user, named_must_exist=True
        )
        if not _start_logging(settings, quick.log_level, "gui", command=False):
            return 2
        try:
            return run_gui(settings, screenshot=quick.screenshot)
        finally:
            stop_logging()
    with short_lived.starting_up() if own_process else contextlib.nullcontext():
        args, settings = _parse_command(argv, rest)
        if not _start_logging(settings, args.log_level, args.command, command=True):
            return 2
    try:
        return _run_command(args, settings)
    finally:
        stop_logging()
        if own_process:
            short_lived.before_exit()


def _parse_command(argv: list[str], rest: list[str]) -> tuple[argparse.Namespace, Settings]:
    """The command's arguments (its module loaded) and the settings it runs with."""
    from resettle.settings import resolve_settings

    parser = build_parser(rest)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("unknown arguments: " + " ".join(rest))
    return args, resolve_settings(
        args.data_dir, args.database_url, args.user, named_must_exist=True
    )


def _start_logging(settings: Settings, level: str | None, what: str, *, command: bool) -> bool:
    """Configure logging for this run; False (with a message) for a bad RESETTLE_LOG_LEVEL.
    A ``command`` also logs to the terminal, and ends soon (the app does neither)."""
    try:
        configure_logging(
            settings.log_file,
            level=level,
            stderr=command,
            short_lived=command,
            fallback=settings.fallback_log_file,
        )
    except ValueError as error:
        print(f"resettle: {error}", file=sys.stderr)
        return False
    log.info("Resettle %s started: %s", __version__, what)
    return True


def _run_command(args: argparse.Namespace, settings: Settings) -> int:
    from resettle.cli.field_options import refusal_lines
    from resettle.cli.workspace_opener import WorkspaceOpener
    from resettle.domain.errors import DomainError, ValidationFailed

    opener = WorkspaceOpener(settings)
    ctx = CliContext(
        out=sys.stdout,
        err=sys.stderr,
        open_app=opener.open,
        open_database=opener.open_database,
        open_database_as_is=opener.open_database_as_is,
        username=settings.username,
        cache_dir=settings.cache_dir,
    )
    action = f"command {args.command}"
    try:
        return int(args.handler(args, ctx))
    except ValidationFailed as refused:
        log.info("%s refused: %s", action, refused.code)
        for line in refusal_lines(refused, getattr(args, "field_options", {})):
            print(line, file=sys.stderr)
        return 2
    except DomainError as error:
        log.info("%s refused: %s", action, error.code)
        print(f"resettle: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: not an error of ours.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except OSError as error:  # e.g. an output folder that cannot be written
        from resettle.private_files import FileNotWritten

        if isinstance(error, FileNotWritten):  # "Cannot write PATH: the disk is full"
            print(f"resettle: {error}", file=sys.stderr)
            return 1
        where = f" ({error.filename})" if error.filename else ""
        print(f"resettle: {error.strerror or error}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("resettle: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        refusal = _model_refusal(error, args)
        if refusal is not None:
            # Input a use case's model refused before the use case could say it in its words.
            log.info("%s refused: validation.failed (model)", action)
            print(refusal, file=sys.stderr)
            return 2
        # Imported only now: commands that never fail need not load SQLAlchemy.
        from resettle.services.storage_errors import translated

        failure = translated(error, action)
        if failure is error:
            # A traceback in the log file (engines hide SQL parameters), then the usual one.
            log.exception("%s failed unexpectedly: %s", action, type(error).__name__)
            raise
        print(f"resettle: {failure}", file=sys.stderr)
        return 2
    finally:
        opener.close()


def _model_refusal(error: Exception, args: argparse.Namespace) -> str | None:
    """A Pydantic refusal of input as one line naming the option (``--search``) or field;
    None for any other error. Pydantic is imported only when something failed."""
    from pydantic import ValidationError

    from resettle.cli.field_options import option_for
    from resettle.domain.validation import plain_reason

    if not isinstance(error, ValidationError):
        return None
    options = getattr(args, "field_options", {}) or {}
    said = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "value"
        head = field.split(".", 1)[0]
        option = option_for(field, options)
        if option is None and head in vars(args):
            option = "--" + head.replace("_", "-")
        label = option or head.replace("_", " ")
        # Never pydantic's English: a kind not known is said plainly too.
        said.append(f"{label}: {plain_reason(item, label) or 'is not a value Resettle accepts'}")
    return "resettle: " + "; ".join(said)


def entry_point() -> None:
    sys.exit(main(own_process=True))
