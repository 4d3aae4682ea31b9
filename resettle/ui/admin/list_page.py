"""What the Accounts, Teams and Establishments tabs share: a filtered table over a row model,
a row of action buttons under it, and the selected row kept across a reload."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.views import push_button, source_row, table_view

T = TypeVar("T")


class ListPage(QWidget, Generic[T]):
    """Rows with an ``id``; ``selection_changed`` when the chosen row changes, ``activated``
    on Enter or a double click."""

    selection_changed = Signal()
    activated = Signal()

    def __init__(
        self,
        columns: Sequence[Column[T]],
        accessible_name: str,
        filter_caption: str,
        stretch_column: int | None = None,
    ) -> None:
        super().__init__()
        self.model: RowsTableModel[T] = RowsTableModel(columns, self)
        self.view = table_view(
            self.model, accessible_name, sortable=True, wrap=False, stretch_column=stretch_column
        )
        proxy = self.view.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        self.proxy = proxy
        proxy.setFilterKeyColumn(-1)
        # A to Z by the first column: Qt's header starts with a descending indicator, and the
        # lists first showed Z to A (user trial).
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText("Type part of any column")
        self.filter.setAccessibleName(filter_caption.replace("&", ""))
        self.filter.textChanged.connect(proxy.setFilterFixedString)
        caption = QLabel(filter_caption)
        caption.setBuddy(self.filter)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.filter, 1)
        self.action_row = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.action_row)
        self.view.selectionModel().currentRowChanged.connect(
            lambda *_: self.selection_changed.emit()
        )
        self.view.activated.connect(lambda _index: self.activated.emit())
        proxy.modelReset.connect(self.selection_changed.emit)
        proxy.layoutChanged.connect(self.selection_changed.emit)
        proxy.rowsRemoved.connect(lambda *_: self.selection_changed.emit())

    def add_action(
        self, text: str, on_click: Callable[[], None], *, stretch: bool = False
    ) -> QPushButton:
        button = push_button(text)
        button.clicked.connect(on_click)
        if stretch:
            self.action_row.addStretch(1)
        self.action_row.addWidget(button)
        return button

    def selected(self) -> T | None:
        row = source_row(self.view)
        return self.model.row_at(row) if row is not None else None

    def set_rows(self, rows: Sequence[T]) -> None:
        """Show ``rows``, keeping the selected one (by id) selected, else the first."""
        chosen: Any = self.selected()
        self.model.set_rows(rows)
        self.select(getattr(chosen, "id", None))
        if self.selected() is None and self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    def show_row(self, row_id: int) -> None:
        """Select and show the row ``row_id`` (one just created), clearing a filter that
        hides it."""
        self.select(row_id)
        if (chosen := self.selected()) is None or getattr(chosen, "id", None) != row_id:
            self.filter.clear()
            self.select(row_id)
        self.view.setFocus()

    def select(self, row_id: int | None) -> None:
        for position, row in enumerate(self.model.rows()):
            if getattr(row, "id", None) == row_id:
                index = self.proxy.mapFromSource(self.model.index(position, 0))
                if index.isValid():
                    self.view.setCurrentIndex(index)
                    self.view.scrollTo(index)
                return
