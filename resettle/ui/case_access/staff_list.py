"""A list of named staff a manager edits: the staff chosen, a field to find one more among
hundreds of accounts by typing any part of a name, Add and Remove.

The field offers only the staff ``offered`` allows (not those already on this list or on the
other list of the dialog); ``fixed`` staff are listed but cannot be removed (the manager on a
restricted person's list)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from resettle.ui.common.typed_choice import TypedChoiceCombo
from resettle.ui.common.views import push_button

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class StaffListEditor(QWidget):
    """``labels``: every account's label by id (``staff_labels``), in the order offered (set
    once the staff are read)."""

    changed = Signal()

    def __init__(
        self,
        caption: str,
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.labels: dict[int, str] = {}
        self.fixed: frozenset[int] = frozenset()
        self.offered: Callable[[int], bool] = lambda _staff_id: True
        self._chosen: list[int] = []
        self.list = QListWidget()
        self.list.setAccessibleName(name)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 5)
        caption_label = QLabel(caption)
        caption_label.setBuddy(self.list)
        self.search = TypedChoiceCombo(self.tr("member of staff"), self.tr("members of staff"))
        self.search.setAccessibleName(self.tr("%1: find someone to add").replace("%1", name))
        self.search.setMinimumContentsLength(16)
        edit = self.search.lineEdit()
        assert edit is not None  # the combo is editable
        edit.setPlaceholderText(self.tr("Type part of a name, user name or team…"))
        edit.installEventFilter(self)
        self.list.installEventFilter(self)
        self.add_button = push_button(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add to %1").replace("%1", name))
        self.remove_button = push_button(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove from %1").replace("%1", name))
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption_label, 0, 0, 1, 2)
        layout.addWidget(self.list, 1, 0, 1, 2)
        layout.addWidget(self.remove_button, 2, 1, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.search, 3, 0)
        layout.addWidget(self.add_button, 3, 1)
        layout.setColumnStretch(0, 1)
        QWidget.setTabOrder(self.list, self.remove_button)  # as laid out: top to bottom
        QWidget.setTabOrder(self.remove_button, self.search)
        QWidget.setTabOrder(self.search, self.add_button)
        self.add_button.clicked.connect(self.add_found)
        self.remove_button.clicked.connect(self.remove_selected)
        self.search.value_changed.connect(self._update_buttons)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())

    # --- value ---------------------------------------------------------------------------
    def staff_ids(self) -> list[int]:
        return list(self._chosen)

    def set_staff_ids(self, staff_ids: Iterable[int]) -> None:
        self._chosen = list(dict.fromkeys(staff_ids))
        self._show()

    def add(self, staff_id: int) -> None:
        if staff_id not in self._chosen:
            self._chosen.append(staff_id)
            self._show()
            self.changed.emit()

    # --- actions -------------------------------------------------------------------------
    def add_found(self) -> bool:
        """Add the member of staff named in the find field; False when it names nobody."""
        staff_id = self.search.value()
        if staff_id is None:
            return False
        self.add(staff_id)
        self.search.setFocus()
        return True

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        staff_id = item.data(Qt.ItemDataRole.UserRole)
        if staff_id in self.fixed:
            return
        row = self.list.row(item)
        self._chosen.remove(staff_id)
        self._show()
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.changed.emit()

    def refresh_offer(self) -> None:
        """Offer again the staff ``offered`` allows (after either list changed)."""
        self.search.set_choices(
            (staff_id, label)
            for staff_id, label in self.labels.items()
            if staff_id not in self._chosen and self.offered(staff_id)
        )
        self.search.setEditText("")
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a whole name in the find field adds it (instead of pressing the dialog's
        Save); Delete in the list removes the member of staff selected."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.list and event.key() == Qt.Key.Key_Delete:
                self.remove_selected()
                return True
            if (
                watched is not self.list
                and event.key() in _ENTER
                and self.search.value() is not None
            ):
                self.add_found()
                return True
        return super().eventFilter(watched, event)

    def _show(self) -> None:
        self.list.clear()
        for staff_id in self._chosen:
            text = self.labels.get(staff_id, self.tr("Account %1 (no longer listed)")).replace(
                "%1", str(staff_id)
            )
            if staff_id in self.fixed:
                text = self.tr("%1 (you: kept on the list)").replace("%1", text)
            item = QListWidgetItem(text)
            item.setToolTip(text)  # the whole label, where the list is too narrow for it
            item.setData(Qt.ItemDataRole.UserRole, staff_id)
            self.list.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.isEnabled() and self.search.value() is not None)
        item = self.list.currentItem()
        self.remove_button.setEnabled(
            item is not None and item.data(Qt.ItemDataRole.UserRole) not in self.fixed
        )
