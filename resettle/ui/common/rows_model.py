"""A read-only table model over a list of frozen read models, one column per ``Column``.

Every list in the UI is one of these (or a subclass naming its columns, and adding roles such as
a tick box or paging) unless it is an editable working copy, so each is tested without widgets.
``ROW_ROLE`` gives the read model of a row; ``SORT_ROLE`` gives a value that sorts properly
(dates as dates) for a ``QSortFilterProxyModel``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    display: Callable[[T], str]
    tooltip: Callable[[T], str | None] | None = None
    sort_key: Callable[[T], Any] | None = None
    align_right: bool = False
    colour: Callable[[T], QColor | None] | None = None
    icon: Callable[[T], QIcon | None] | None = None
    #: Shown when the pointer rests on the column's header: what the column's values mean
    #: (a callable when it depends on the model's state, such as its order).
    header_tooltip: str | Callable[[], str | None] | None = None


class RowsTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[T]) -> None:
        """Add ``rows`` at the end (the next page of a paged list)."""
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def replace_rows(self, rows: Sequence[T]) -> None:
        """Show ``rows`` in place of as many rows (the same items read again): only the rows
        that differ are repainted, and the view keeps its selection and scroll position."""
        if len(rows) != len(self._rows):
            raise ValueError("replace_rows needs as many rows as the model has")
        for position, (old, new) in enumerate(zip(self._rows, rows, strict=True)):
            if old != new:
                self._rows[position] = new
                self.dataChanged.emit(
                    self.index(position, 0), self.index(position, self.columnCount() - 1)
                )

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._columns[section].header_tooltip
            return tip() if callable(tip) else tip
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(item)
        if role == ROW_ROLE:
            return item
        if role == SORT_ROLE:
            return column.sort_key(item) if column.sort_key else column.display(item)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(item)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            return column.colour(item)
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display_rows(self) -> list[list[str]]:
        """Every cell as shown (for tests and copying)."""
        return [
            [self.data(self.index(r, c)) for c in range(self.columnCount())]
            for r in range(self.rowCount())
        ]
