"""The error report of a caseload import: each refused or left row as a CSV line (line,
column, prison number, reason), cells made safe for spreadsheets (``csv_cells``), written
readable by its owner only: it holds prison numbers."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from resettle.domain.import_file import RowProblem
from resettle.reports.csv_cells import write_csv

HEADER = ("line", "column", "prison_number", "reason")


def error_report_csv(problems: Iterable[RowProblem]) -> str:
    """The CSV text of ``problems`` in line order."""
    rows = [
        (p.line, p.column, p.prison_number, p.reason)
        for p in sorted(problems, key=lambda p: p.line)
    ]
    return write_csv(rows, HEADER)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` with mode 0600 on POSIX, replacing a file there."""
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            if hasattr(os, "fchmod"):
                os.fchmod(file.fileno(), 0o600)
            file.write(text)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
