"""Tables built from Paragraph cells (so long text wraps) with a shared look.

Data tables repeat their header row on every page they span (`repeatRows=1`).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, LongTable, Paragraph, Table, TableStyle

from resettle.reports.fonts import REGULAR
from resettle.reports.styles import HEADER_FILL, RULE, ZEBRA_FILL, Styles
from resettle.reports.text import para


class Plain(str):
    """A short cell text that never needs wrapping (a number, a status word).

    The table draws it as a plain string: no mark-up is parsed, so nothing needs escaping,
    and it is much cheaper than a Paragraph. Anything that might be long stays a `str`.
    """


Cell = str | Flowable


def _cell(value: Cell, styles: Styles, bold: bool = False) -> Flowable | str:
    if isinstance(value, Flowable | Plain):
        return value
    return para(value, styles.cell_bold if bold else styles.cell)


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    styles: Styles,
    *,
    total_width: float,
) -> Table:
    """A table with a header row repeated on each page; `widths` are fractions of the width."""
    pad = styles.body_size * 0.3
    head: list[Flowable] = [Paragraph(h, styles.head_cell) for h in headers]
    body: list[list[Flowable | str]] = [[_cell(v, styles) for v in row] for row in rows]
    # A row of plain strings is one line high: saying so spares ReportLab measuring every row
    # again at each page break (a 10,000-row table took seconds more without it).
    one_line = styles.cell.leading + 2 * pad
    heights = [None] + [
        one_line if all(isinstance(cell, Plain) for cell in row) else None for row in body
    ]
    table = LongTable(
        [head, *body],  # type: ignore[list-item]
        colWidths=[w * total_width for w in widths],
        rowHeights=heights,
        repeatRows=1,
        splitInRow=1,  # a row taller than a page continues on the next one
        hAlign="LEFT",
    )
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), styles.cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), styles.cell.textColor),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]
    commands += [("BACKGROUND", (0, i), (-1, i), ZEBRA_FILL) for i in range(2, len(body) + 1, 2)]
    table.setStyle(TableStyle(commands))
    return table


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
    pad = styles.body_size * 0.3 * 2 + 1

    def widest(texts: Sequence[str], font: str, cap: float) -> float:
        words = [w for text in texts for w in str(text).split()]
        size = styles.cell.fontSize
        return min(cap, max((stringWidth(w, font, size) for w in words), default=0.0))

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
    table = Table(rows, colWidths=widths, hAlign="LEFT")
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
