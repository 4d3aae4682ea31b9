"""The caseload table: a query-backed model that loads rows page by page as you scroll.

It never holds widgets per row and never loads the whole caseload: sorting and filtering are
new queries; ``fetchMore`` asks for the next page when the view scrolls near the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from resettle.domain.caseload import (
    PAGE_SIZE,
    CaseloadColumn,
    CaseloadPage,
    CaseloadQuery,
    CaseloadRow,
)
from resettle.domain.readiness import ReadinessLevel

FetchPage = Callable[[CaseloadQuery], CaseloadPage]
Index = QModelIndex | QPersistentModelIndex

COLUMNS: list[CaseloadColumn] = [
    CaseloadColumn.NAME,
    CaseloadColumn.PRISON_NUMBER,
    CaseloadColumn.CRN,
    CaseloadColumn.RELEASE_DATE,
    CaseloadColumn.DAYS_TO_RELEASE,
    CaseloadColumn.OFFICER,
    CaseloadColumn.ESTABLISHMENT,
    CaseloadColumn.READINESS,
]
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1
READINESS_COLOURS = {
    ReadinessLevel.URGENT: QColor("#a4262c"),
    ReadinessLevel.OVERDUE: QColor("#a4262c"),
    ReadinessLevel.AT_RISK: QColor("#8a5300"),
}


class CaseloadTableModel(QAbstractTableModel):
    def __init__(
        self,
        fetch_page: FetchPage,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._today = today
        self._query = CaseloadQuery()
        self._rows: list[CaseloadRow] = []
        self._has_more = False
        self._headers = {
            CaseloadColumn.NAME: self.tr("Name"),
            CaseloadColumn.PRISON_NUMBER: self.tr("Prison number"),
            CaseloadColumn.CRN: self.tr("CRN"),
            CaseloadColumn.RELEASE_DATE: self.tr("Release date"),
            CaseloadColumn.DAYS_TO_RELEASE: self.tr("Days to release"),
            CaseloadColumn.OFFICER: self.tr("Officer"),
            CaseloadColumn.ESTABLISHMENT: self.tr("Establishment"),
            CaseloadColumn.READINESS: self.tr("Readiness"),
        }
        self._readiness_labels = {
            ReadinessLevel.READY: self.tr("Ready"),
            ReadinessLevel.ON_TRACK: self.tr("On track"),
            ReadinessLevel.AT_RISK: self.tr("At risk"),
            ReadinessLevel.URGENT: self.tr("Urgent"),
            ReadinessLevel.OVERDUE: self.tr("Released, not ready"),
        }

    # --- queries -------------------------------------------------------------------------
    @property
    def query(self) -> CaseloadQuery:
        return self._query

    def reload(self, query: CaseloadQuery | None = None) -> None:
        """Run ``query`` (or the current one again) from the first page."""
        query = (query or self._query).model_copy(update={"offset": 0, "limit": PAGE_SIZE})
        page = self._fetch_page(query)
        self.beginResetModel()
        self._query = query
        self._rows = list(page.rows)
        self._has_more = page.has_more
        self.endResetModel()

    def set_search(self, text: str) -> None:
        self.reload(self._query.model_copy(update={"search": text.strip()[:100]}))

    def set_only_officer(self, officer_id: int | None) -> None:
        self.reload(self._query.model_copy(update={"only_officer_id": officer_id}))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.reload(
            self._query.model_copy(update={"sort": COLUMNS[column], "descending": descending})
        )

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._has_more:
            return
        page = self._fetch_page(self._query.model_copy(update={"offset": len(self._rows)}))
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._has_more = page.has_more

    # --- table ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[COLUMNS[section]]
        return None

    def row_at(self, row: int) -> CaseloadRow:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == PERSON_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column is CaseloadColumn.DAYS_TO_RELEASE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column is CaseloadColumn.READINESS:
            return self.tr(
                "%1 critical and %2 other release-day essentials still open"
            ).replace("%1", str(row.open_critical_essentials)).replace(
                "%2", str(row.open_other_essentials)
            )
        if role == Qt.ItemDataRole.ForegroundRole and column is CaseloadColumn.READINESS:
            level = row.readiness(self._today()).level
            return READINESS_COLOURS.get(level)
        if role == Qt.ItemDataRole.ToolTipRole and column is CaseloadColumn.DAYS_TO_RELEASE:
            days = row.days_to_release(self._today())
            if days is not None and days < 0:
                return self.tr("Released %n day(s) ago", "", -days)
        return None

    def _display(self, row: CaseloadRow, column: CaseloadColumn) -> str:
        if column is CaseloadColumn.NAME:
            return row.name
        if column is CaseloadColumn.PRISON_NUMBER:
            return row.prison_number
        if column is CaseloadColumn.CRN:
            return row.crn
        if column is CaseloadColumn.RELEASE_DATE:
            return row.release_date.strftime("%d %b %Y") if row.release_date else ""
        if column is CaseloadColumn.DAYS_TO_RELEASE:
            days = row.days_to_release(self._today())
            return "" if days is None else str(days)
        if column is CaseloadColumn.OFFICER:
            return row.officer or ""
        if column is CaseloadColumn.READINESS:
            result = row.readiness(self._today())
            return f"{self._readiness_labels[result.level]} ({result.score})"
        return row.establishment or ""
