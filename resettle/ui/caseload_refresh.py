"""Keeping the caseload current after a change made anywhere in the app (the change notice).

A change can alter any column of a row (readiness after an essential is saved, the officer after
an allocation, the release date) and, under any sort or filter, which people the rows loaded so
far hold (a new person, a closed case, a release date moved into range). So the refresh reads
the rows loaded so far again, with the query on screen, off the UI thread, in one page:

- the same people in the same order: the rows that differ are repainted in place
  (``replace_rows``); selection and scroll position are untouched;
- otherwise the rows are replaced, and the selected people, the current person and the scroll
  position are put back.

A refresh asked for while one runs runs once more after it; a page that arrives after the user
changed the query (search, sort, filter) or loaded more rows is dropped, as that read is newer.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QTableView

from resettle.domain.caseload import PAGE_SIZE, CaseloadPage, CaseloadQuery, CaseloadRow
from resettle.ui.caseload_model import CaseloadTableModel, PageSource
from resettle.ui.common.changes import EVIDENCE_PACK, Change

#: The most rows one refresh reads again (the query's own limit).
MAX_REFRESHED_ROWS = 5000


def concerns_caseload(change: Change) -> bool:
    """False only for changes the caseload shows nothing of (an evidence pack import)."""
    return not change.parts <= {EVIDENCE_PACK}


class CaseloadRefresher:
    def __init__(self, table: QTableView, model: CaseloadTableModel, source: PageSource) -> None:
        self.table = table
        self.model = model
        self._source = source
        self._running = False
        self._again = False

    def refresh(self) -> None:
        """Read the rows shown again in the background and show them (see the module)."""
        if self._running:
            self._again = True
            return
        query, count = self.model.query, self.model.rowCount()
        if count == 0:
            self.model.reload()
            return
        limit = min(max(count, PAGE_SIZE), MAX_REFRESHED_ROWS)
        self._running = True

        def arrived(page: CaseloadPage) -> None:
            self._running = False
            if self._same_query(query) and self.model.rowCount() == count:
                self.show_rows(list(page.rows), limit)
            self._run_again()

        def failed() -> None:
            self._running = False
            self._run_again()

        self._source(query.model_copy(update={"after": None, "limit": limit}), arrived, failed)

    def _same_query(self, query: CaseloadQuery) -> bool:
        return self.model.query == query

    def _run_again(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

    def show_rows(self, rows: list[CaseloadRow], limit: int) -> None:
        """Show ``rows``, the first ``limit`` rows of the query read again; rows loaded beyond
        them (more than :data:`MAX_REFRESHED_ROWS`) stay as they were."""
        current = self.model.rows()
        fresh = rows + current[limit:]
        if [row.id for row in fresh] == [row.id for row in current]:
            self.model.replace_rows(fresh)
        else:
            self._replace_keeping_place(fresh)

    def _replace_keeping_place(self, rows: list[CaseloadRow]) -> None:
        selection = self.table.selectionModel()
        chosen = {self.model.row_at(i.row()).id for i in selection.selectedRows()}
        current = self.table.currentIndex()
        current_id = self.model.row_at(current.row()).id if current.isValid() else None
        scroll = self.table.verticalScrollBar().value()
        self.model.set_rows(rows)
        where = {row.id: position for position, row in enumerate(rows)}
        last_column = self.model.columnCount() - 1
        picked = QItemSelection()
        for person_id in chosen & where.keys():
            row = where[person_id]
            picked.select(self.model.index(row, 0), self.model.index(row, last_column))
        flags = QItemSelectionModel.SelectionFlag
        if current_id in where:
            selection.setCurrentIndex(
                self.model.index(where[current_id], max(current.column(), 0)),
                flags.NoUpdate,
            )
        selection.select(picked, flags.ClearAndSelect)
        self.table.verticalScrollBar().setValue(scroll)
