"""A long table made a page at a time (`PagedTable`) prints exactly as one `data_table`:
the same pages, breaks, header on each page and stripes, drawn the same way.

Compared by each page's drawing commands. One difference is allowed: on a page that continues
a split table, ReportLab draws the body's thin rule under the header as well, over the
header's thicker rule of the same colour (invisible); a page of `PagedTable` starts a table
of its own and draws that rule once (and ReportLab may set a line width it then draws nothing
with). So rules are compared as the set of lines drawn, and a line width only where it is
followed by something else than another width or the end of the table."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.platypus import Flowable, Paragraph, Spacer

from resettle.reports.page_templates import (
    OFFICIAL_SENSITIVE,
    PageFurniture,
    build_pdf,
    content_width,
)
from resettle.reports.styles import make_styles
from resettle.reports.tables import PagedTable, Plain, data_table

FURNITURE = PageFurniture(
    marking=OFFICIAL_SENSITIVE, title="Paged", subject="A long list", footer_note="Printed"
)
HEADERS = ("Name", "Prison number", "Notes")
WIDTHS = (0.3, 0.2, 0.5)


def _rows(count: int) -> list[tuple[str, ...]]:
    """Mostly one-line rows (plain cells), some wrapping over lines, one taller than a page."""
    rows: list[tuple[str, ...]] = []
    for n in range(count):
        notes = "A short note" if n % 7 else "A longer note that wraps over lines. " * (n % 5 + 1)
        if n == 130:
            notes = "A row taller than a page. " * 300
        short = n % 7 != 0 and n != 130
        rows.append((Plain(f"Person {n}"), Plain(f"A{n:04d}BC"), Plain(notes) if short else notes))
    return rows


def _pages(table: Flowable, before: float) -> list[tuple[list[str], set[str]]]:
    """Each page's drawing commands but lines, and the set of lines drawn."""
    styles = make_styles()
    story: list[Flowable] = [Paragraph("Heading", styles.h1), Spacer(1, before), table]
    pdf = build_pdf(story, FURNITURE, title="Paged", subject="A paged table")
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        commands = page.get_contents().get_data().decode("latin-1").splitlines()
        lines = {command for command in commands if command.endswith(" l S")}
        rest = [command for command in commands if command not in lines]
        kept = [
            command
            for command, after in zip(rest, [*rest[1:], ""], strict=True)
            if not (command.endswith(" w") and (after.endswith(" w") or after == "Q"))
        ]
        pages.append((kept, lines))
    return pages


def test_a_paged_table_prints_exactly_as_one_table() -> None:
    styles = make_styles()
    width = content_width(FURNITURE)
    rows = _rows(400)
    for before in (0, 333):  # the table starting at the top of a page and part way down
        whole = _pages(data_table(HEADERS, rows, WIDTHS, styles, total_width=width), before)
        paged = _pages(PagedTable(HEADERS, rows, WIDTHS, styles, total_width=width), before)
        assert len(whole) > 8
        assert paged == whole


def test_a_short_paged_table_is_one_table() -> None:
    styles = make_styles()
    width = content_width(FURNITURE)
    rows = _rows(5)
    whole = _pages(data_table(HEADERS, rows, WIDTHS, styles, total_width=width), 0)
    paged = _pages(PagedTable(HEADERS, rows, WIDTHS, styles, total_width=width), 0)
    assert len(paged) == 1 and paged == whole
