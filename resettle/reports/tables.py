"""Tables built from Paragraph cells (so long text wraps) with a shared look.

Data tables repeat their header row on every page they span (`repeatRows=1`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, LongTable, Paragraph, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from resettle.reports.bidi_text import has_rtl, visual
from resettle.reports.fonts import REGULAR
from resettle.reports.styles import HEADER_FILL, RULE, ZEBRA_FILL, Styles
from resettle.reports.text import para


@lru_cache(maxsize=1 << 16)
def text_width(text: str, font: str, size: float) -> float:
    """`stringWidth`, kept: a long list repeats its words and cells (dates, names, statuses)
    and ReportLab measures a TrueType string in Python, a character at a time."""
    return stringWidth(text, font, size)  # type: ignore[no-any-return]


class Plain(str):
    """A short cell text that never needs wrapping (a number, a status word).

    The table draws it as a plain string: no mark-up is parsed, so nothing needs escaping,
    and it is much cheaper than a Paragraph. Anything that might be long stays a `str`.
    """


Cell = str | Flowable


def _cell(value: Cell, styles: Styles, bold: bool = False) -> Flowable | str:
    if isinstance(value, Plain):
        return Plain(visual(value)) if has_rtl(value) else value
    if isinstance(value, Flowable):
        return value
    return para(value, styles.cell_bold if bold else styles.cell)


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    styles: Styles,
    *,
    total_width: float,
    first_row: int = 0,
    split_rows: bool = True,
) -> Table:
    """A table with a header row repeated on each page; `widths` are fractions of the width.

    `first_row` is the number of the first row in a longer list this table is a part of (see
    `PagedTable`), so the zebra stripes carry on where the part before left them. Without
    `split_rows` a row is never split between pages (each row has to fit on a page)."""
    pad = styles.cell_pad
    head: list[Flowable] = [Paragraph(h, styles.head_cell) for h in headers]
    body: list[list[Flowable | str]] = [[_cell(v, styles) for v in row] for row in rows]
    # A row of plain strings is one line high: saying so spares ReportLab measuring every row
    # again at each page break (a 10,000-row table took seconds more without it).
    one_line = styles.cell.leading + 2 * pad
    heights = [None] + [
        one_line if all(isinstance(cell, Plain) for cell in row) else None for row in body
    ]
    # Every cell's font, colour, alignment and padding come with its cell style, made as the
    # table is (`_data_cell_style`), not from style commands applied a cell at a time.
    cell_style = _data_cell_style(
        styles.cell.fontSize, styles.cell.leading, styles.cell.textColor, pad
    )
    columns = len(headers)
    table = (MeasuredOnceTable if split_rows else WholeRowsTable)(
        [head, *body],  # type: ignore[list-item]
        colWidths=[w * total_width for w in widths],
        rowHeights=heights,
        repeatRows=1,
        splitInRow=1,  # a row taller than a page continues on the next one
        hAlign="LEFT",
        cellStyles=[[cell_style("") for _ in range(columns)] for _ in range(len(body) + 1)],
    )
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ]
    commands += [
        ("BACKGROUND", (0, i), (-1, i), ZEBRA_FILL)
        for i in range(1, len(body) + 1)
        if (first_row + i) % 2 == 0
    ]
    table.setStyle(TableStyle(commands))
    return table


class _MeasuredOnce:
    """A table measured once for a width: ReportLab measures every cell again at each
    ``wrap`` (a frame's fit test, a heading kept with it, a split each ask), which was most of
    an officer's copy's time. With fixed column widths and no spanned cells, the sizes depend
    on the width alone, so a second ask at the same width is answered from the first."""

    _spanCmds: list[object]
    _width: float
    _height: float

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._spanCmds or getattr(self, "_measured_at", None) != availWidth:
            super().wrap(availWidth, availHeight)  # type: ignore[misc]
            self._measured_at = availWidth
        self.availWidth = availWidth
        return self._width, self._height


class MeasuredOnceTable(_MeasuredOnce, LongTable):  # type: ignore[misc]  # ReportLab is untyped
    """A data table (``data_table``) measured once for a width (``_MeasuredOnce``)."""


class MeasuredOnceGrid(_MeasuredOnce, Table):  # type: ignore[misc]
    """A small table (``key_value_table``, signatures) measured once for a width."""


class WholeRowsTable(MeasuredOnceTable):
    """A table whose rows are never split between pages, unless a row cannot fit even on a
    page of its own (it then continues on the next, as a `LongTable`'s would)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)  # set by the frame that asks
        if frame is not None and frame._atTop:
            return super().split(availWidth, availHeight)  # type: ignore[no-any-return]
        in_row, self.splitInRow = self.splitInRow, 0
        try:
            parts: list[Flowable] = super().split(availWidth, availHeight)
        finally:
            self.splitInRow = in_row
        for part in parts:  # made while in-row splits were off: on for them, at a page's top
            if isinstance(part, Table):
                part.splitInRow = in_row
        return parts


@lru_cache(maxsize=16)
def _data_cell_style(size: float, leading: float, color: object, pad: float) -> type[CellStyle]:
    """The cell style of every cell of a `data_table`: what the style commands `FONTNAME`,
    `FONTSIZE`, `LEADING`, `TEXTCOLOR`, `VALIGN` and the four paddings over the whole table
    would set, as a class whose instances (one a cell, as ReportLab's own) start with it.
    ReportLab applies a style command to each cell in turn, in Python: nine of them over every
    cell were about 5 % of a 100,000-person report's time in a profile (2.6 million calls)."""
    return type(
        "DataCellStyle",
        (CellStyle,),
        {
            "fontname": REGULAR,
            "fontsize": size,
            "leading": leading,
            "color": colors.toColor(color, colors.Color(0, 0, 0)),
            "valign": "TOP",
            "leftPadding": pad,
            "rightPadding": pad,
            "topPadding": pad,
            "bottomPadding": pad,
        },
    )


class PagedTable(Flowable):
    """`data_table` of a long list of rows, made a page at a time.

    ReportLab splits one long table page by page, and each split builds the whole remaining
    table again with its style (a stripe per row): the time grows with the square of the rows
    (a caseload report of 100,000 people took minutes). This hands ReportLab a table of only
    as many rows as can possibly fit the space left (every row is at least a line high), lets
    it split that one, and keeps the rest for the next page: the same pages, the same breaks,
    the header on each page, the stripes carried on. A row taller than a page (split inside
    itself) is left to ReportLab's own split of the whole remaining table.
    """

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[float],
        styles: Styles,
        *,
        total_width: float,
        first_row: int = 0,
        split_rows: bool = True,
    ) -> None:
        super().__init__()
        self.headers, self.rows, self.widths = headers, rows, widths
        self.styles, self.total_width, self.first_row = styles, total_width, first_row
        self.split_rows = split_rows
        self.hAlign = "LEFT"
        self._part: Table | None = None
        self._part_for: float | None = None

    def _table(self, count: int | None = None) -> Table:
        start = self.first_row
        rows = self.rows[start:] if count is None else self.rows[start : start + count]
        return data_table(
            self.headers,
            rows,
            self.widths,
            self.styles,
            total_width=self.total_width,
            first_row=start,
            split_rows=self.split_rows,
        )

    def _most_rows(self, height: float) -> int:
        """More rows than can fit `height` (with the header), as no row is under a line."""
        line = self.styles.cell.leading + 2 * self.styles.cell_pad
        return int(height // line) + 2

    def _enough(self, height: float) -> Table:
        if self._part is None or self._part_for != height:
            most = self._most_rows(height)
            left = len(self.rows) - self.first_row
            self._part = self._table(None if left <= most else most)
            self._part_for = height
        return self._part

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self._enough(availHeight).wrap(availWidth, availHeight)  # type: ignore[no-any-return]

    def drawOn(self, canvas: object, x: float, y: float, _sW: float = 0) -> None:
        assert self._part is not None, "drawn before it was wrapped"
        self._part.drawOn(canvas, x, y, _sW)

    def _in_frame(self, table: Table) -> Table:
        """`table`, told which frame it is split for (a `WholeRowsTable` asks)."""
        table._frame = getattr(self, "_frame", None)
        return table

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        part = self._in_frame(self._enough(availHeight))
        taken = part._nrows - 1
        if taken >= len(self.rows) - self.first_row:
            return part.split(availWidth, availHeight)  # type: ignore[no-any-return]
        pieces = part.split(availWidth, availHeight)
        if len(pieces) != 2:  # nothing fits here: the frame moves on
            return pieces  # type: ignore[no-any-return]
        head, tail = pieces
        done = head._nrows - 1
        if done + tail._nrows - 1 != taken:  # a row split inside itself
            whole = self._in_frame(self._table())
            return whole.split(availWidth, availHeight)  # type: ignore[no-any-return]
        rest = PagedTable(
            self.headers,
            self.rows,
            self.widths,
            self.styles,
            total_width=self.total_width,
            first_row=self.first_row + done,
            split_rows=self.split_rows,
        )
        return [head, rest]


#: At most this share of the width is claimed for one column's longest word in the body (a
#: long web address in a note may still break; a heading or a status word never does).
WORD_SHARE_AT_MOST = 0.3


def widths_fitting_words(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    fractions: Sequence[float],
    styles: Styles,
    *,
    total_width: float,
) -> tuple[float, ...]:
    """Column fractions for `data_table` close to `fractions`, but with every column wide
    enough for its longest word (headings in bold), so no word is split across lines
    ("Categor y"). Columns the words need widen; the others give up width in proportion to
    their share. When the words cannot all fit, each column gets a share of its need."""
    pad = styles.cell_pad * 2 + 1

    def widest(texts: Sequence[str], font: str, cap: float) -> float:
        words = {w for text in texts for w in str(text).split()}  # each word measured once
        size = styles.cell.fontSize
        return min(cap, max((text_width(w, font, size) for w in words), default=0.0))

    cap = WORD_SHARE_AT_MOST * total_width
    needs = [
        max(
            widest([header], styles.head_cell.fontName, total_width),
            widest([row[column] for row in rows if column < len(row)], styles.cell.fontName, cap),
        )
        + pad
        for column, header in enumerate(headers)
    ]
    if sum(needs) >= total_width:
        return tuple(need / sum(needs) for need in needs)
    widths = [fraction * total_width for fraction in fractions]
    fixed: set[int] = set()
    while True:
        short = [c for c in range(len(widths)) if c not in fixed and widths[c] < needs[c]]
        if not short:
            break
        fixed |= set(short)
        left = total_width - sum(needs[c] for c in fixed)
        free = [c for c in range(len(widths)) if c not in fixed]
        share = sum(fractions[c] for c in free) or 1.0
        widths = [
            needs[c] if c in fixed else left * fractions[c] / share for c in range(len(widths))
        ]
    return tuple(width / total_width for width in widths)


def key_value_table(
    pairs: Sequence[tuple[str, Cell]],
    styles: Styles,
    *,
    total_width: float,
    columns: int = 2,
    label_fraction: float = 0.4,
) -> Table:
    """Label/value pairs laid out in `columns` side-by-side column pairs."""
    per_col = total_width / columns
    widths = [per_col * label_fraction, per_col * (1 - label_fraction)] * columns
    cells = [(para(label, styles.cell_bold), _cell(value, styles)) for label, value in pairs]
    rows: list[list[Flowable | str]] = []
    for start in range(0, len(cells), columns):
        row: list[Flowable | str] = []
        for label, value in cells[start : start + columns]:
            row += [label, value]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    pad = styles.body_size * 0.28
    table = MeasuredOnceGrid(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ]
        )
    )
    return table
