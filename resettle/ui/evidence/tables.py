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

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

from resettle.ui.common.views import wrap_cells

PADDING = 22


def fit_columns(view: QTableView, samples: Mapping[int, str], stretch: int) -> None:
    """Give each column in ``samples`` the width of its sample text; ``stretch`` takes the rest
    but at least the width of its own sample; text longer than its column wraps."""
    wrap_cells(view)
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
    StretchFloor(view, stretch, floor)


class StretchFloor(QObject):
    """Keeps ``column`` stretching over the room the other columns leave, but never narrower
    than ``floor``: below that it holds ``floor`` and the table scrolls sideways. Qt's stretch
    mode alone squeezes the column to a few letters in a narrow window (the evidence browser
    at 125% scaling showed an intervention's name one word a line over seven lines)."""

    def __init__(self, view: QTableView, column: int, floor: int) -> None:
        super().__init__(view)
        self.view, self.column, self.floor = view, column, floor
        view.viewport().installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(self._other_resized)
        self.apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def _other_resized(self, column: int, _old: int, _new: int) -> None:
        if column != self.column:
            self.apply()

    def room(self) -> int:
        """The width the other columns leave in the viewport."""
        header = self.view.horizontalHeader()
        others = sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column != self.column and not header.isSectionHidden(column)
        )
        return self.view.viewport().width() - others

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        if self.room() >= self.floor:
            header.setSectionResizeMode(self.column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(self.column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(self.column, self.floor)
