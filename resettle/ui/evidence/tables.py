"""Column widths for the evidence tables: sized to typical contents, one column stretching.

Sizing every column to its contents lets one long cell push the others out of view; these
tables have long names and short codes, so the short columns get a width that fits their
longest word and the name column takes the rest (long names are elided, with a tooltip).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QHeaderView, QTableView

PADDING = 22


def fit_columns(view: QTableView, samples: Mapping[int, str], stretch: int) -> None:
    """Give each column in ``samples`` the width of its sample text; ``stretch`` takes the rest."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    metrics = view.fontMetrics()
    bold = header.fontMetrics()
    model = view.model()
    for column in range(model.columnCount()):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        title = str(model.headerData(column, header.orientation()) or "")
        sample = samples.get(column, title)
        width = max(metrics.horizontalAdvance(sample), bold.horizontalAdvance(title) + 12)
        header.resizeSection(column, width + PADDING)
    header.setMinimumSectionSize(metrics.horizontalAdvance("#") + PADDING)
