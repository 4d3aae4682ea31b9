"""“Add suggestions from the record…”: a checklist of actions the record suggests.

Every suggestion starts ticked; OK adds the ticked ones to the end of the plan (still unsaved).
A support need that an essential's action covers is not offered; a note under the list names it
and the action that covers it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.plan import PlanAction
from resettle.domain.plan_suggestions import CoveredNeed
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.views import note_label, table_view
from resettle.ui.plan.labels import (
    action_due_text,
    name_buttons,
    owner_text,
    pathway_icon,
    pathway_text,
    source_text,
    tr,
)

Index = QModelIndex | QPersistentModelIndex
WHAT = 0  # the column with the tick box


def covered_texts(covered: Sequence[CoveredNeed]) -> list[str]:
    """One line per support need left out, naming the action that covers it."""
    return [
        tr('Support need "%1" gets no action of its own: "%2" covers the same ground.')
        .replace("%1", need.support_need)
        .replace("%2", need.essential_action)
        for need in covered
    ]


class SuggestionsModel(RowsTableModel[PlanAction]):
    """Suggested actions, each with a tick box (all ticked to begin with)."""

    def __init__(
        self,
        suggestions: Sequence[PlanAction],
        release_date: dt.date | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            [
                Column(self.tr("Action"), lambda a: a.what, tooltip=lambda a: a.what),
                Column(
                    self.tr("Pathway"),
                    lambda a: pathway_text(a.pathway),
                    icon=lambda a: pathway_icon(a.pathway),
                ),
                Column(self.tr("Owner"), lambda a: owner_text(a.owner)),
                Column(self.tr("Due"), lambda a: action_due_text(a, release_date)),
                Column(self.tr("From"), lambda a: source_text(a.source)),
            ],
            parent,
        )
        self.set_rows(suggestions)
        self._ticked = [True] * len(suggestions)

    def chosen(self) -> list[PlanAction]:
        return [a for a, ticked in zip(self.rows(), self._ticked, strict=True) if ticked]

    def tick_all(self, ticked: bool) -> None:
        self._ticked = [ticked] * len(self._ticked)
        if self._ticked:
            self.dataChanged.emit(self.index(0, WHAT), self.index(len(self._ticked) - 1, WHAT))

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == WHAT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole:
            if not index.isValid() or index.column() != WHAT:
                return None
            ticked = self._ticked[index.row()]
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

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
        *,
        covered: Sequence[CoveredNeed] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add suggestions from the record"))
        self.setModal(True)
        fit_to_screen(self, 1040, 480)
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
        self.covered_note = note_label("\n".join(covered_texts(covered)))
        self.covered_note.setVisible(bool(covered))
        layout.addWidget(self.covered_note)
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
