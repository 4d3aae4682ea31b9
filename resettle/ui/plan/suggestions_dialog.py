"""“Add suggestions from the record…”: a checklist of actions the record suggests.

Every suggestion starts ticked; OK adds the ticked ones to the end of the plan (still unsaved).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.plan import ActionSource, PlanAction
from resettle.ui.common.views import note_label, table_view
from resettle.ui.plan.labels import (
    due_text,
    name_buttons,
    owner_text,
    pathway_icon,
    pathway_text,
    tr,
)

Index = QModelIndex | QPersistentModelIndex
WHAT, PATHWAY, OWNER, DUE, SOURCE = range(5)


def source_text(source: ActionSource | None) -> str:
    if source is None:
        return ""
    if source.essential_kind:
        return tr("Release-day essential")
    if source.support_need_id is not None:
        return tr("Support need")
    if source.recommendation_intervention_id:
        return tr("Accepted recommendation")
    if source.aftercare_referral_id is not None:
        return tr("Aftercare appointment")
    return ""


class SuggestionsModel(QAbstractTableModel):
    """Suggested actions, each with a tick box (all ticked to begin with)."""

    def __init__(
        self,
        suggestions: Sequence[PlanAction],
        release_date: dt.date | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._rows = list(suggestions)
        self._ticked = [True] * len(self._rows)
        self._release_date = release_date
        self._headers = [
            self.tr("Action"),
            self.tr("Pathway"),
            self.tr("Owner"),
            self.tr("Due"),
            self.tr("From"),
        ]

    def chosen(self) -> list[PlanAction]:
        return [a for a, ticked in zip(self._rows, self._ticked, strict=True) if ticked]

    def tick_all(self, ticked: bool) -> None:
        self._ticked = [ticked] * len(self._rows)
        if self._rows:
            self.dataChanged.emit(self.index(0, WHAT), self.index(len(self._rows) - 1, WHAT))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == WHAT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        action = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                WHAT: action.what,
                PATHWAY: pathway_text(action.pathway),
                OWNER: owner_text(action.owner),
                DUE: due_text(action.due, self._release_date),
                SOURCE: source_text(action.source),
            }[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == WHAT:
            ticked = self._ticked[index.row()]
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and column == PATHWAY:
            return pathway_icon(action.pathway)
        if role == Qt.ItemDataRole.ToolTipRole and column == WHAT:
            return action.what
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        self._ticked[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
        self.dataChanged.emit(index, index)
        return True


class SuggestionsDialog(QDialog):
    def __init__(
        self,
        suggestions: Sequence[PlanAction],
        release_date: dt.date | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add suggestions from the record"))
        self.setModal(True)
        self.resize(1040, 480)
        self.model = SuggestionsModel(suggestions, release_date, self)
        self.table = table_view(self.model, self.tr("Suggested actions"), stretch_column=WHAT)
        self.table.setWordWrap(False)
        intro = note_label(
            self.tr(
                "Open release-day essentials, open support needs, accepted recommendations and "
                "booked aftercare appointments that are not in the plan yet. Untick any you do "
                "not want; you can change each action after adding it."
            )
        )
        tick_all = QPushButton(self.tr("&Tick all"))
        tick_all.clicked.connect(lambda: self.model.tick_all(True))
        tick_none = QPushButton(self.tr("&Untick all"))
        tick_none.clicked.connect(lambda: self.model.tick_all(False))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName(self.tr("Add the ticked actions"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(tick_all)
        row.addWidget(tick_none)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        name_buttons(self)
        self.model.dataChanged.connect(lambda *_: self._update())
        self._update()

    def chosen(self) -> list[PlanAction]:
        return self.model.chosen()

    def _update(self) -> None:
        count = len(self.model.chosen())
        self.ok_button.setText(
            self.tr("&Add 1 action")
            if count == 1
            else self.tr("&Add %1 actions").replace("%1", str(count))
        )
        self.ok_button.setEnabled(count > 0)
