"""The banner over the caseload while it lists a dashboard figure's people: which figure,
part, period and filters, how many people (the figure's count), and the way back ("Show all
my caseload").

While it shows, the caseload's search and filters are disabled (``main_window.py``): the
figure alone decides who is listed, so the caseload's count stays the figure's. Leaving it
puts the search and filters back as they were.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from resettle.domain.caseload_figure import CaseloadFigure
from resettle.ui.common.message_style import Tone, style_banner


class FigureBanner(QWidget):
    """ "People of: Housed on the first night after release (MI014): counted · releases from
    24 Nov 2025 to 23 Nov 2026 · Team: North · 3 people  [Show all my caseload]"."""

    #: The user asked to leave the figure's people (back to the caseload as it was).
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure: CaseloadFigure | None = None
        self.words = ""
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAccessibleName(self.tr("Figure shown"))
        style_banner(self.text, Tone.NOTICE)
        self.clear_button = QPushButton(self.tr("Show &all my caseload"))
        self.clear_button.setToolTip(
            self.tr("Leave the figure's people: the caseload with your own search and filters")
        )
        self.clear_button.clicked.connect(self.cleared)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_figure(self, figure: CaseloadFigure, words: str) -> None:
        """Show ``words`` (the figure, part, period and filters) while its people are read."""
        self.figure, self.words = figure, words
        self._say(self.tr("Reading…"))
        self.show()

    def show_count(self, count: int) -> None:
        if count == 1:
            people = self.tr("1 person")
        else:
            people = self.tr("%1 people").replace("%1", f"{count:,}")
        self._say(people)

    def _say(self, how_many: str) -> None:
        self.text.setText(
            self.tr("People of the dashboard figure %1 · %2")
            .replace("%1", self.words)
            .replace("%2", how_many)
        )

    def clear(self) -> None:
        self.figure, self.words = None, ""
        self.text.clear()
        self.hide()
