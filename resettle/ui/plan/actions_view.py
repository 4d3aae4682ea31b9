"""The plan's actions on screen: a table (plan order) or a timeline, and a short line instead of
an empty table. Keyboard on the table: Enter opens, Insert adds, Delete deletes, Ctrl+Up and
Ctrl+Down move, Space ticks off."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from resettle.ui.common.views import table_view
from resettle.ui.plan.actions_model import (
    DUE,
    NUMBER,
    OWNER,
    PATHWAY,
    STATUS,
    WHAT,
    PlanActionsModel,
)
from resettle.ui.plan.timeline import PlanTimeline


class PlanActionsView(QStackedWidget):
    #: The chosen action changed (its row, or None).
    row_chosen = Signal(object)
    #: The user asked to open an action (Enter, double-click on a row or a marker).
    open_requested = Signal(int)
    #: The height asked for: a few rows. The Plan tab stretches the view over what is left;
    #: asking for more made the tab's scroll area scroll on a 1366x768 screen (it sizes a
    #: page with wrapped text by its preferred height), hiding "Preview and print…".
    PREFERRED_HEIGHT = 150

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.PREFERRED_HEIGHT)

    def __init__(self, model: PlanActionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = table_view(model, self.tr("Plan actions"), stretch_column=WHAT)
        header = self.table.horizontalHeader()
        for column in (NUMBER, PATHWAY, OWNER, DUE, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.activated.connect(lambda index: self.open_requested.emit(index.row()))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._moved())
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 40px;")
        self.timeline = PlanTimeline(model)
        self.timeline.action_clicked.connect(self.select_row)
        self.timeline.action_activated.connect(self.open_requested.emit)
        self.timeline_scroll = QScrollArea()
        self.timeline_scroll.setWidget(self.timeline)
        self.timeline_scroll.setWidgetResizable(True)
        self.timeline_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for page in (self.table, self.empty, self.timeline_scroll):
            self.addWidget(page)
        self._on_timeline = False
        # Columns sized to their contents are not re-measured when rows arrive: ask again.
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self._fit_columns)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self._fit.start)
        model.modelReset.connect(self._show_page)
        model.editable_changed.connect(self._word_empty_page)
        self._word_empty_page()
        model.rowsInserted.connect(self._show_page)
        model.rowsRemoved.connect(self._show_page)

    def add_shortcuts(self, shortcuts: list[tuple[object, Callable[[], object]]]) -> None:
        for keys, slot in shortcuts:
            action = QAction(self.table)
            action.setShortcut(QKeySequence(keys))  # type: ignore[call-overload]
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)

    # --- which view ----------------------------------------------------------------------
    def show_table(self) -> None:
        self._on_timeline = False
        self._show_page()

    def show_timeline(self) -> None:
        self._on_timeline = True
        self._show_page()

    @property
    def on_timeline(self) -> bool:
        return self._on_timeline

    def _word_empty_page(self) -> None:
        """What an empty plan says: how to start one, or, read-only, only that it is empty."""
        if self.model.editable:
            text = self.tr(
                "No actions yet. Use “Add action…”, or “Add suggestions from the record…” to "
                "start from the person's open essentials, needs and referrals."
            )
        else:
            text = self.tr("No actions yet: the person's probation officer builds the plan.")
        self.empty.setText(text)

    def _show_page(self) -> None:
        if self._on_timeline:
            self.setCurrentWidget(self.timeline_scroll)
        else:
            self.setCurrentWidget(self.table if self.model.rowCount() else self.empty)

    # --- the chosen action ---------------------------------------------------------------
    def selected_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, WHAT)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)

    def scroll_to_selected(self) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self.table.scrollTo(current)

    def _moved(self) -> None:
        row = self.selected_row()
        self.timeline.set_selected_row(row)
        self.row_chosen.emit(row)

    def _fit_columns(self) -> None:
        self.table.horizontalHeader().resizeSections()
