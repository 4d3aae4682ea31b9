"""A person's allocation history: every allocation, newest first (when, from which officer,
to which, by whom), as a list the keyboard reaches from the person window's header."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from resettle.domain import clock
from resettle.domain.case_status import AllocationView
from resettle.ui.common.labels import date_text
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.views import table_view


class AllocationHistoryModel(RowsTableModel[AllocationView]):
    def __init__(self, parent: QObject | None = None) -> None:
        unknown = self.tr("Not recorded")
        super().__init__(
            [
                Column(self.tr("Date"), lambda a: date_text(clock.day_of(a.allocated_at))),
                Column(self.tr("From"), lambda a: a.previous_officer or self.tr("(first)")),
                Column(self.tr("To"), lambda a: a.officer),
                Column(self.tr("By"), lambda a: a.allocated_by or unknown),
            ],
            parent,
        )

    def show(self, allocations: Sequence[AllocationView]) -> None:
        """``allocations`` as the record holds them (oldest first), shown newest first."""
        self.set_rows(list(reversed(allocations)))


class AllocationHistoryDialog(QDialog):
    def __init__(
        self, person: str, allocations: Sequence[AllocationView], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Allocation history"))
        self.model = AllocationHistoryModel(self)
        self.model.show(allocations)
        self.table = table_view(self.model, self.tr("Allocation history"), stretch_column=2)
        heading = QLabel(
            self.tr("Every allocation of %1, newest first.").replace("%1", person)
            if allocations
            else self.tr("No allocation is recorded for %1.").replace("%1", person)
        )
        heading.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(560, 300)
        self.table.setFocus()
