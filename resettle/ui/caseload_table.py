"""The caseload's table view: whole rows selected (one or many), read-only, columns sized for
a 1366x768 screen and resizable, the last one stretched.

The header's sort arrow says how the rows are ordered, so it is shown only when one column's
order is what the list is in. The days-to-release order (the default) is grouped (upcoming
releases soonest first, then recent releases, then older ones, then no release date), which no
arrow describes: the header shows none, and its tooltip says the order."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from resettle.domain.caseload import CaseloadColumn
from resettle.ui.caseload_model import COLUMNS, CaseloadTableModel

#: Starting widths of the columns, in the model's order (the header remembers changes).
#: The last (stretched) column, the outcome check, keeps about 165 px at 1366 px wide: enough
#: for "Overdue: 3 months 12 Oct" on one line.
COLUMN_WIDTHS = (150, 95, 75, 95, 95, 115, 115, 160)


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


def match_sort_indicator(table: QTableView) -> None:
    """Show the header's sort arrow only for a column whose plain order the list is in (call
    after ``setSortingEnabled``, which shows it); kept right on every later sort."""
    header = table.horizontalHeader()

    def update(section: int = -1, _order: object = None) -> None:
        section = header.sortIndicatorSection() if section < 0 else section
        grouped = 0 <= section < len(COLUMNS) and (
            COLUMNS[section] is CaseloadColumn.DAYS_TO_RELEASE
        )
        header.setSortIndicatorShown(not grouped)

    header.sortIndicatorChanged.connect(update)
    update()
