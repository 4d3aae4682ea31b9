"""CSV text that a spreadsheet opens as data, never as formulas.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula, and some
treat a leading tab, carriage return or NUL the same way once they strip it ("CSV injection").
Every exported CSV therefore goes through :func:`write_csv`, which passes each cell through
:func:`escape_cell`: text beginning with one of :data:`DANGEROUS_FIRST` gets a single quote in
front, as OWASP advises, so ``=SUM(A1)`` is written ``'=SUM(A1)`` and shows as typed.

Decisions:

- *All* text beginning with ``-`` is escaped, including text that looks like a negative
  number (``"-5"``): the text came from a person and is shown as they typed it.
- Numbers passed as numbers (``int``, ``float``, ``Decimal``; not ``bool``) are written as
  numbers, so a genuine ``-5`` stays a number a spreadsheet can add up.
- ``None`` is an empty cell; ``True``/``False`` are ``yes``/``no``; dates and times are ISO
  8601; an enum is written as its value (a code), then escaped like any text.

The csv module quotes cells holding commas, quotes or line breaks (RFC 4180, ``\\r\\n``
between rows), so a cell never spills into the next one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import Enum

#: Characters that make a spreadsheet treat a cell as a formula when they come first.
DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\0")

Cell = str | int | float | Decimal


def escape_text(text: str) -> str:
    """``text`` with a single quote in front when it begins with a dangerous character."""
    return "'" + text if text.startswith(DANGEROUS_FIRST) else text


def escape_cell(value: object) -> Cell:
    """One value as a cell a spreadsheet shows and never runs (module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, Enum):
        return escape_text(str(value.value))
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    return escape_text(str(value))


def write_csv(rows: Iterable[Sequence[object]], header: Sequence[str]) -> str:
    """``header`` then ``rows`` as CSV text, every cell escaped; each row must be as long as
    the header (a short or long row is a mistake in the export, refused with its number)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape_cell(name) for name in header])
    for number, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise ValueError(f"row {number} has {len(row)} cells, the header {len(header)}")
        writer.writerow([escape_cell(value) for value in row])
    return out.getvalue()
