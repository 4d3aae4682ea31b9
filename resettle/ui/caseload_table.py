"""The caseload's table view: whole rows selected (one or many), read-only, columns sized for
a 1366x768 screen and resizable, the last one stretched."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from resettle.ui.caseload_model import CaseloadTableModel

#: Starting widths of the columns, in the model's order (the header remembers changes).
COLUMN_WIDTHS = (190, 105, 85, 105, 125, 150, 140)


def caseload_table_view(model: CaseloadTableModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(table.tr("Caseload"))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate(COLUMN_WIDTHS):
        table.setColumnWidth(column, width)
    return table
