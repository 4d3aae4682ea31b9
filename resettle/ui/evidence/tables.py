"""Column widths for the evidence tables: sized to typical contents, one column stretching.

Sizing every column to its contents lets one long cell push the others out of view; these
tables have long names and short codes, so the short columns get a width that fits their
usual words and the name column takes the rest, never less than its own sample's width (a
narrower window scrolls the table sideways instead of squeezing the names to a word a line).
Longer text wraps onto more lines, the row growing to fit (``views.wrap_cells``): an officer
reads every name and reason without hovering.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QHeaderView, QTableView

from resettle.ui.common.views import keep_stretch_floor

PADDING = 22


def fit_columns(view: QTableView, samples: Mapping[int, str], stretch: int) -> None:
    """Give each column in ``samples`` the width of its sample text; ``stretch`` takes the rest
    but at least the width of its own sample; text longer than its column wraps."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    metrics = view.fontMetrics()
    bold = header.fontMetrics()
    model = view.model()
    floor = 0
    for column in range(model.columnCount()):
        title = str(model.headerData(column, header.orientation()) or "")
        sample = samples.get(column, title)
        width = max(metrics.horizontalAdvance(sample), bold.horizontalAdvance(title) + 12)
        if column == stretch:
            floor = width + PADDING
            continue
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width + PADDING)
    header.setMinimumSectionSize(metrics.horizontalAdvance("#") + PADDING)
    keep_stretch_floor(view, stretch, floor)
