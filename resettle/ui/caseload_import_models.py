"""The Import people dialog's models: the column mapping (file column -> Resettle field, edited
with a combo box) and the preview of every row, a refused row marked with its reasons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from resettle.domain.import_checks import PreviewLine
from resettle.domain.import_file import IMPORT_FIELDS

Index = QModelIndex | QPersistentModelIndex
_REFUSED = QColor("#fde2e1")


class MappingModel(QAbstractTableModel):
    """The file's columns (rows of this table) and the field each gives ("" ignored)."""

    changed_mapping = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.fields: list[str] = []

    def set_columns(self, header: list[str], columns: Mapping[str, str]) -> None:
        self.beginResetModel()
        by_header = {name: key for key, name in columns.items()}
        self.headers = list(header)
        self.fields = [by_header.get(name, "") for name in header]
        self.endResetModel()

    def mapping(self) -> dict[str, str]:
        return {name: key for name, key in zip(self.headers, self.fields, strict=True) if name}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (self.tr("File column"), self.tr("Resettle field"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return self.headers[index.row()]
            key = self.fields[index.row()]
            if role == Qt.ItemDataRole.EditRole:
                return key
            return IMPORT_FIELDS[key].title if key else self.tr("(ignored)")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == 1 else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != 1 or role != Qt.ItemDataRole.EditRole:
            return False
        key = str(value or "")
        if key and key not in IMPORT_FIELDS:
            return False
        self.fields[index.row()] = key
        self.dataChanged.emit(index, index)
        self.changed_mapping.emit()
        return True


class FieldDelegate(QStyledItemDelegate):
    """A combo box of Resettle's fields (or "(ignored)") to edit the mapping."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(self.tr("(ignored)"), "")
        for key, field in IMPORT_FIELDS.items():
            combo.addItem(field.title, key)
        combo.activated.connect(lambda _n: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PreviewModel(QAbstractTableModel):
    """Every line of the file as mapped, each checked as the import checks it: line, what is
    wrong (a refused row marked), then the mapped fields. The view pages lazily (``fetchMore``:
    a page at a time as it scrolls), so a file of 100,000 rows opens at once; "only problems"
    shows the refused lines alone."""

    PAGE = 200

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys: list[str] = []
        self.lines: list[PreviewLine] = []
        #: Indexes into ``lines`` of the refused ones.
        self.refused: list[int] = []
        self.only_problems = False
        self.loaded = 0

    def set_rows(self, keys: list[str], lines: list[PreviewLine]) -> None:
        self.beginResetModel()
        self.keys, self.lines = keys, lines
        self.refused = [n for n, line in enumerate(lines) if line[2]]
        self.loaded = min(self.PAGE, len(self._order()))
        self.endResetModel()

    def set_only_problems(self, only: bool) -> None:
        self.beginResetModel()
        self.only_problems = only
        self.loaded = min(self.PAGE, len(self._order()))
        self.endResetModel()

    @property
    def good_count(self) -> int:
        return len(self.lines) - len(self.refused)

    @property
    def refused_count(self) -> int:
        return len(self.refused)

    def _order(self) -> list[int] | range:
        return self.refused if self.only_problems else range(len(self.lines))

    def _line(self, row: int) -> PreviewLine:
        return self.lines[self._order()[row]]

    def next_problem(self, after: int) -> int | None:
        """The view row of the first refused line after view row ``after`` (-1: from the
        top), pages loaded up to it; None when there is none."""
        if self.only_problems:
            target = after + 1 if after + 1 < len(self.refused) else None
        else:
            target = next((n for n in self.refused if n > after), None)
        if target is not None and target >= self.loaded:
            self.beginInsertRows(QModelIndex(), self.loaded, target)
            self.loaded = target + 1
            self.endInsertRows()
        return target

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.loaded < len(self._order())

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(self.PAGE, len(self._order()) - self.loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self.loaded, self.loaded + more - 1)
        self.loaded += more
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys) + 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return self.tr("Line")
        if section == 1:
            return self.tr("Problem")
        return IMPORT_FIELDS[self.keys[section - 2]].title

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.loaded:
            return None
        line, values, problem = self._line(index.row())
        if role == Qt.ItemDataRole.BackgroundRole and problem:
            return _REFUSED
        if role == Qt.ItemDataRole.ToolTipRole and problem:
            return problem
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return line
            if index.column() == 1:
                return problem
            return values.get(self.keys[index.column() - 2], "")
        return None
