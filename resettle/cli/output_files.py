"""Files a command writes, under one rule: never half-written under the real name, readable
by their owner only (``resettle/private_files.py`` is the one writer), and never replacing a
file that is there unless the user adds ``--force``.

Every command that writes a file the user names (``plan print --out``, ``report caseload
--out/--csv``, ``audit checkpoint --out``, ``programmes ... export --out``, ``import people
--errors``, ``plan print-batch``'s files) refuses an existing one in the same words, on one
line, before any work is done (:func:`refuse_existing`), and writes with ``replace=force``,
so a file that appears meanwhile is refused too, never overwritten (:func:`output_errors`).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path

from resettle.domain.errors import DomainError
from resettle.private_files import FileNotWritten, write_file_safely


class OutputExists(DomainError):
    """A command was asked to write a file that is there already, without ``--force``."""

    code = "output.exists"


def output_exists(
    path: Path, option: str = "--out", why: str = "", forceable: bool = True
) -> OutputExists:
    """The one refusal: "--out: /x/plan.pdf already exists: choose a new name, or add --force
    to replace it." (``why``: a few words after "already exists", such as why keeping it
    matters). Not ``forceable``: a file the command names itself in the folder given (a
    subject access export, an erasure certificate), which is never replaced."""
    if forceable:
        remedy = "choose a new name, or add --force to replace it"
    else:
        remedy = f"it is kept; choose another folder for {option}"
    return OutputExists(f"{option}: {path} already exists{why}: {remedy}.")


def add_force_option(parser: argparse.ArgumentParser, what: str = "FILE") -> None:
    parser.add_argument("--force", action="store_true", help=f"replace {what} if it exists")


def is_there(path: Path) -> bool:
    """Whether something is under ``path`` (a broken link counts: writing would replace it)."""
    return path.exists() or path.is_symlink()


def refuse_existing(path: Path | None, force: bool, option: str = "--out", why: str = "") -> None:
    """Refuse ``path`` when it is there and ``force`` is not given: called before any work,
    so nothing is read, rendered or audited for a file that would be refused. A folder
    under the name is no file to replace, ``--force`` or not: "Cannot write PATH: it is a
    folder" (the writer's own words, printed by ``resettle.cli.main``)."""
    if path is None:
        return
    if path.is_dir():
        raise FileNotWritten(path, IsADirectoryError(errno.EISDIR, "Is a directory"))
    if not force and is_there(path):
        raise output_exists(path, option, why)


@contextlib.contextmanager
def output_errors(
    path: Path, option: str = "--out", why: str = "", forceable: bool = True
) -> Iterator[None]:
    """Writing ``path`` (a file, or the folder of the files written) in the block: a file that
    appeared meanwhile (``FileExistsError`` from a write with ``replace=False``) is the same
    refusal as :func:`refuse_existing`, naming the file. Any other failure is the writer's
    ``FileNotWritten`` ("Cannot write PATH: the disk is full"), which ``resettle.cli.main``
    prints as one line (exit code 1)."""
    try:
        yield
    except FileExistsError as error:
        there = Path(error.filename) if error.filename else path
        raise output_exists(there, option, why, forceable) from None


def write_output(
    path: Path, data: bytes, *, force: bool, option: str = "--out", why: str = ""
) -> None:
    """Write ``data`` to ``path`` under the rule: a whole file or none, replacing one that is
    there only when ``force``."""
    with output_errors(path, option, why):
        write_file_safely(path, data, replace=force)
