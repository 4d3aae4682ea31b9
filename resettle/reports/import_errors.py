"""The error report of a caseload import: each refused or left row as a CSV line (line,
column, prison number, reason), cells made safe for spreadsheets (``csv_cells``), written
readable by its owner only: it holds prison numbers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from resettle.domain.import_file import RowProblem
from resettle.private_files import write_file_safely
from resettle.reports.csv_cells import write_csv

HEADER = ("line", "column", "prison_number", "reason")


def error_report_csv(problems: Iterable[RowProblem]) -> str:
    """The CSV text of ``problems`` in line order."""
    rows = [
        (p.line, p.column, p.prison_number, p.reason)
        for p in sorted(problems, key=lambda p: p.line)
    ]
    return write_csv(rows, HEADER)


def is_error_report(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) that starts as an error report does:
    the report an earlier import wrote beside its file, which the next one may replace."""
    first = ",".join(HEADER).encode()
    try:
        if path.is_symlink() or not path.is_file():
            return False
        with path.open("rb") as file:
            start = file.read(len(first) + 2)
    except OSError:
        return False
    return start in (first + b"\r\n", first + b"\n")


def write_private(path: Path, text: str, replace: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path``, 0600 on POSIX, never half-written
    (``private_files``); ``replace=False`` refuses a file there (``FileExistsError``)."""
    write_file_safely(path, text.encode("utf-8"), replace=replace, make_folder=False)
