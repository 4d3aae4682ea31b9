"""Checks that a table shows its text whole: no cell or header cut short with "…".

Measured with the view's own font and the style's margins, so the checks hold for whatever
font the machine has (scripts/system-deps.sh installs DejaVu).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle, QTableView

TALL = 100_000


def cut_short_cells(view: QTableView) -> list[str]:
    """Every cell whose text does not fit its cell (wrapped, if the view wraps), as
    ``row, column: text``."""
    model = view.model()
    metrics = view.fontMetrics()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    flags = Qt.TextFlag.TextWordWrap if view.wordWrap() else Qt.TextFlag.TextSingleLine
    found = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            if view.isColumnHidden(column):
                continue
            index = model.index(row, column)
            text = str(index.data() or "")
            cell = view.visualRect(index)
            room = cell.width() - 2 * margin
            needed = metrics.boundingRect(QRect(0, 0, room, TALL), int(flags), text)
            if text and (needed.width() > room or needed.height() > cell.height()):
                found.append(f"{row}, {column}: {text!r} needs {needed.size().toTuple()}")
    return found


def cut_short_headers(view: QTableView) -> list[str]:
    """Every column header whose title is wider than its column."""
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    found = []
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        title = str(view.model().headerData(column, Qt.Orientation.Horizontal) or "")
        needed = metrics.horizontalAdvance(title) + 2 * margin
        if needed > header.sectionSize(column):
            found.append(f"{title!r}: {header.sectionSize(column)} of {needed}")
    return found
