"""A dashboard figure's people in the main window's caseload: the banner naming the figure,
part, period and filters with how many people (the figure's count) and the way back ("Show
all my caseload"), and what changes in the window meanwhile.

While a figure's people are listed, the search and every filter are disabled and the summary
line gives way to the banner: the figure alone decides who is listed, so the caseload's count
stays the figure's; leaving puts the search and filters back as they were. An outcome
figure's people show the answer of their check and its date (``FIGURE_ANSWER_COLUMNS``), in
place of the CRN and readiness, so the list fits a 1366x768 screen. The people are read with
their count in one audited read (``services.caseload.show_figure_people``); later pages,
orders and refreshes are the caseload's own reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from resettle.domain.caseload import CaseloadColumn, CaseloadQuery, FigurePeople
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.domain.limits import SEARCH_TEXT_MAX
from resettle.services.caseload import show_figure_people
from resettle.ui.caseload_model import COLUMNS, FIGURE_ANSWER_COLUMNS
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.worker import show_failure

if TYPE_CHECKING:
    from resettle.ui.main_window import MainWindow

#: Hidden while an outcome figure's answers are shown (the answers take their room).
GIVE_WAY_COLUMNS = (
    CaseloadColumn.CRN,
    CaseloadColumn.DAYS_TO_RELEASE,
    CaseloadColumn.READINESS,
)
#: The outcome check column beside the answers: "Overdue: treatment start 12 Oct" on one line.
CHECK_WIDTH = 190
ANSWER_WIDTH = 180


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
            self.tr(
                "People of the dashboard figure %1 · %2 (your search and filters are set "
                "aside meanwhile)"
            )
            .replace("%1", self.words)
            .replace("%2", how_many)
        )

    def clear(self) -> None:
        self.figure, self.words = None, ""
        self.text.clear()
        self.hide()


class FigureShowing(QObject):
    """Shows and leaves a figure's people in ``window``'s caseload."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.banner = FigureBanner()
        self.banner.cleared.connect(self.clear)
        self.show_answer_columns(False)

    @property
    def figure(self) -> CaseloadFigure | None:
        """The figure shown or being read (None: the caseload is the user's own)."""
        return self.banner.figure

    def show(self, figure: CaseloadFigure, words: str) -> None:
        window = self.window
        window._search_timer.stop()
        shown = window.model.query
        query = CaseloadQuery(sort=shown.sort, descending=shown.descending, figure=figure)
        self._set_mode(figure)
        self.banner.show_figure(figure, words)
        workspace = window.workspace

        def arrived(people: FigurePeople) -> None:
            if self.banner.figure is not figure:
                return  # left, or another figure asked for since
            window.model.show_first_page(query, people.page)
            self.banner.show_count(people.count.count)
            window.count_label.setText(
                window.count.count_text(people.count.count, people.count.restricted_hidden)
            )
            window.caseload_area.setCurrentWidget(window.table)

        def failed(error: Exception) -> None:
            if self.banner.figure is figure:
                self.clear()
            show_failure(window, error)

        window.busy.run(
            lambda _job: workspace.run(show_figure_people, query), arrived, on_failure=failed
        )

    def clear(self) -> None:
        """Back to the caseload with the search and filters as they were before."""
        window = self.window
        if window.model.query.figure is None and self.banner.figure is None:
            return
        self.banner.clear()
        self._set_mode(None)
        query = window.model.query.model_copy(
            update={
                "figure": None,
                "filters": window.filter_bar.filters(),
                "search": window.search_box.text().strip()[:SEARCH_TEXT_MAX],
            }
        )
        window.model.reload(query)
        window.count.refresh()
        window.table.setFocus()

    def counted(self, count: int) -> None:
        """The caseload's count read again (after a change): the banner says it too."""
        if self.banner.figure is not None:
            self.banner.show_count(count)

    def _set_mode(self, figure: CaseloadFigure | None) -> None:
        window = self.window
        free = figure is None
        for widget in (
            window.search_box,
            window.filter_bar,
            window.only_mine,
            window.outcome_checks_due,
            window.show_closed,
        ):
            widget.setEnabled(free)
        window.summary.setVisible(free and window.sees_caseload)
        self.show_answer_columns(figure is not None and figure.outcome)

    def show_answer_columns(self, shown: bool) -> None:
        """Show the answer columns in place of ``GIVE_WAY_COLUMNS``, or the other way round
        (before the header's state is saved: it is kept as the caseload's own)."""
        table = self.window.table
        for offset in range(len(FIGURE_ANSWER_COLUMNS)):
            table.setColumnHidden(len(COLUMNS) + offset, not shown)
        if shown and table.columnWidth(len(COLUMNS)) < ANSWER_WIDTH:
            table.setColumnWidth(len(COLUMNS), ANSWER_WIDTH)  # "Homeless, not rough sleeping"
        check = COLUMNS.index(CaseloadColumn.OUTCOME_CHECK)  # no longer the last, stretched
        if shown and table.columnWidth(check) < CHECK_WIDTH:
            table.setColumnWidth(check, CHECK_WIDTH)  # "Due: treatment start 22 Nov"
        for column in GIVE_WAY_COLUMNS:
            table.setColumnHidden(COLUMNS.index(column), shown)
