"""The caseload table: a query-backed model that loads rows page by page as you scroll.

It never holds widgets per row and never loads the whole caseload: sorting and filtering are
new queries; ``fetchMore`` asks for the next page when the view scrolls near the end. The
cells come from the generic column model (``ui/common/rows_model.py``).

Pages are asked for through a :class:`PageSource`, which delivers each page when it has it: the
main window's source reads in the background, :func:`synchronous` (for tests and scripts)
reads at once. A page for an outdated query (the user typed on, or sorted again) is dropped:
each new query starts a new generation. At most one further page is fetched at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from resettle.domain import clock
from resettle.domain.caseload import (
    PAGE_SIZE,
    CaseloadColumn,
    CaseloadFilters,
    CaseloadPage,
    CaseloadQuery,
    CaseloadRow,
    OutcomeCheckDue,
)
from resettle.domain.caseload_figure import answer_label
from resettle.domain.limits import SEARCH_TEXT_MAX
from resettle.domain.readiness import ReadinessLevel
from resettle.domain.working_days import release_day_note
from resettle.ui.common.calendar_labels import closed_day_text, release_day_text
from resettle.ui.common.labels import date_text, readiness_text
from resettle.ui.common.rows_model import Column, RowsTableModel

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
    CaseloadColumn.OUTCOME_CHECK,
]
#: After ``COLUMNS``: an outcome measure's answer and check date, shown while the caseload
#: lists the people of an outcome figure (``CaseloadQuery.figure``), hidden otherwise; the
#: list is not sorted by them.
FIGURE_ANSWER_COLUMNS = ("answer", "checked_on")
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 3
#: Grey: "No release date" is a group of people, not an error.
NO_DATE_COLOUR = QColor("#605e5c")
#: A closed case ("Show closed cases"): grey italic in every column, so it stands apart from
#: the open cases it is listed among.
CLOSED_COLOUR = QColor("#8a8886")
READINESS_COLOURS = {
    ReadinessLevel.URGENT: QColor("#a4262c"),
    ReadinessLevel.OVERDUE: QColor("#a4262c"),
    ReadinessLevel.RELEASED_NO_PLAN: QColor("#a4262c"),
    ReadinessLevel.AT_RISK: QColor("#8a5300"),
    ReadinessLevel.PLAN_NOT_AGREED: QColor("#8a5300"),
    #: Green, so "Ready" is not the same black as "On track" (officers' trial).
    ReadinessLevel.READY: QColor("#107c10"),
}
OUTCOME_CHECK_COLOURS = {
    OutcomeCheckDue.OVERDUE: QColor("#a4262c"),
    OutcomeCheckDue.DUE: QColor("#8a5300"),
    OutcomeCheckDue.NONE: NO_DATE_COLOUR,
}


class PageSource(Protocol):
    """Fetches the page ``query`` asks for and hands it to ``arrived``, now or later; calls
    ``failed`` instead when it could not (having told the user)."""

    def __call__(
        self,
        query: CaseloadQuery,
        arrived: Callable[[CaseloadPage], None],
        failed: Callable[[], None],
    ) -> None: ...


def synchronous(fetch_page: FetchPage) -> PageSource:
    """A page source that reads at once, on the calling thread (tests, scripts)."""

    def source(
        query: CaseloadQuery,
        arrived: Callable[[CaseloadPage], None],
        failed: Callable[[], None],
    ) -> None:
        arrived(fetch_page(query))

    return source


class CaseloadTableModel(RowsTableModel[CaseloadRow]):
    #: The first page of a new query has arrived and replaced the rows.
    reloaded = Signal()

    def __init__(
        self,
        source: PageSource,
        today: Callable[[], dt.date] = clock.today,
        parent: QObject | None = None,
    ) -> None:
        self._source = source
        self._today = today
        self._query = CaseloadQuery()
        self._next: CaseloadQuery | None = None  # the next page's query, while there is one
        self._generation = 0
        self._fetching_more = False
        columns: dict[CaseloadColumn, Column[CaseloadRow]] = {
            CaseloadColumn.NAME: Column(self.tr("Name"), lambda r: r.name),
            CaseloadColumn.PRISON_NUMBER: Column(
                self.tr("Prison number"), lambda r: r.prison_number
            ),
            CaseloadColumn.CRN: Column(self.tr("CRN"), lambda r: r.crn),
            CaseloadColumn.RELEASE_DATE: Column(
                self.tr("Release date"),
                self._release_text,
                tooltip=self._release_tooltip,
                colour=lambda r: None if r.release_date else NO_DATE_COLOUR,
            ),
            CaseloadColumn.DAYS_TO_RELEASE: Column(
                self.tr("Days to release"),
                self._days_text,
                tooltip=self._days_tooltip,
                sort_key=lambda r: r.days_to_release(self._today()),
                align_right=True,
                colour=lambda r: None if r.release_date else NO_DATE_COLOUR,
                header_tooltip=lambda: self.grouped_order_text() if self.grouped_order() else None,
            ),
            CaseloadColumn.OFFICER: Column(self.tr("Officer"), lambda r: r.officer or ""),
            CaseloadColumn.ESTABLISHMENT: Column(
                self.tr("Establishment"), lambda r: r.establishment or ""
            ),
            CaseloadColumn.READINESS: Column(
                self.tr("Readiness"),
                self._readiness_text,
                tooltip=self._readiness_tooltip,
                header_tooltip=self.tr(
                    "Readiness for release, 0-100: falls with each release-day essential still "
                    "open, faster as release comes closer.\n"
                    "Ready (100): everything dealt with and a plan agreed.\n"
                    "On track (70-98), At risk (40-69), Urgent (1-39): essentials still open; "
                    "an open critical essential or no agreed plan holds it at At risk within "
                    "6 weeks of release and Urgent within 2.\n"
                    "Plan not agreed: everything else done, but no plan agreed yet.\n"
                    "Released: essentials open / Released: no agreed plan: released with work "
                    "left.\n"
                    "Sort by this column to see who most needs attention first."
                ),
                colour=lambda r: (
                    None if r.closed else READINESS_COLOURS.get(r.readiness(self._today()).level)
                ),
            ),
            CaseloadColumn.OUTCOME_CHECK: Column(
                self.tr("Outcome check"),
                self._outcome_check_text,
                tooltip=self._outcome_check_tooltip,
                header_tooltip=self.tr(
                    "Outcome checks after release (first night, 6 weeks, 3 and 6 months, and "
                    "treatment start): the earliest not yet recorded.\n"
                    "Due: due today or in the last 14 days. Overdue: due longer ago. Next: not "
                    "due yet.\n"
                    "Sort by this column to see the longest overdue first."
                ),
                colour=lambda r: OUTCOME_CHECK_COLOURS[r.outcome_check(self._today())],
            ),
        }
        answers = [
            Column(
                self.tr("Answer"),
                self._answer_text,
                header_tooltip=self.tr(
                    "The answer of the person's current check for the figure's point, as the "
                    "figure counts it (Not recorded: no check yet)"
                ),
            ),
            Column(
                self.tr("Checked on"),
                lambda r: date_text(r.figure_checked_on) if r.figure_checked_on else "",
            ),
        ]
        super().__init__([columns[column] for column in COLUMNS] + answers, parent)

    # --- queries -------------------------------------------------------------------------
    @property
    def query(self) -> CaseloadQuery:
        return self._query

    def reload(self, query: CaseloadQuery | None = None) -> None:
        """Run ``query`` (or the current one again) from the first page. The rows are
        replaced when the page arrives; until then the previous rows stay, without paging."""
        query = (query or self._query).model_copy(
            update={"after": None, "limit": PAGE_SIZE, "today": self._today()}
        )
        self._query = query
        self._generation += 1
        self._next = None
        self._fetching_more = False  # a page still on its way belongs to the old query
        generation = self._generation

        def arrived(page: CaseloadPage) -> None:
            if generation == self._generation:
                self._next = self._after(query, page)
                self.set_rows(page.rows)
                self.reloaded.emit()

        self._source(query, arrived, lambda: None)

    @staticmethod
    def _after(query: CaseloadQuery, page: CaseloadPage) -> CaseloadQuery | None:
        if page.next_cursor is None:
            return None
        return query.model_copy(update={"after": page.next_cursor})

    def show_first_page(self, query: CaseloadQuery, page: CaseloadPage) -> None:
        """Show ``page`` as the first page of ``query``, read already (a figure's people,
        read with their count: ``services.caseload.show_figure_people``)."""
        self._query = query.model_copy(update={"after": None, "limit": PAGE_SIZE})
        self._generation += 1
        self._fetching_more = False
        self._next = self._after(self._query, page)
        self.set_rows(page.rows)
        answer = len(COLUMNS)  # its header names the figure's check
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, answer, answer)
        self.reloaded.emit()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The answer column names the check the figure counts ("First night answer": a
        trial read the first night's answer as the next check's)."""
        figure = self._query.figure
        point = figure.measure.point if figure is not None and figure.outcome else None
        if (
            point is not None
            and orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and section == len(COLUMNS)
        ):
            return self.tr("%1 answer").replace("%1", point.label)
        return super().headerData(section, orientation, role)

    def set_search(self, text: str) -> None:
        self.reload(self._query.model_copy(update={"search": text.strip()[:SEARCH_TEXT_MAX]}))

    def use_filters(self, filters: CaseloadFilters) -> None:
        """Set the filters the next query uses, without running it (before the first)."""
        self._query = self._query.model_copy(update={"filters": filters})

    def set_filters(self, filters: CaseloadFilters) -> None:
        self.reload(self._query.model_copy(update={"filters": filters}))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.reload(
            self._query.model_copy(update={"sort": COLUMNS[column], "descending": descending})
        )

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None and not self._fetching_more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        query = self._next
        if parent.isValid() or query is None or self._fetching_more:
            return
        self._fetching_more = True
        generation = self._generation

        def arrived(page: CaseloadPage) -> None:
            if generation == self._generation:
                self._fetching_more = False
                self.append_rows(page.rows)
                self._next = self._after(query, page)

        def failed() -> None:
            if generation == self._generation:
                self._fetching_more = False

        self._source(query, arrived, failed)

    # --- cells ---------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        valid = index.isValid() and 0 <= index.row() < self.rowCount()
        if role == PERSON_ID_ROLE:
            return self.row_at(index.row()).id if valid else None
        if valid and self.row_at(index.row()).closed:
            if role == Qt.ItemDataRole.ForegroundRole:
                return CLOSED_COLOUR
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        return super().data(index, role)

    def grouped_order(self) -> bool:
        """True when the rows are in the grouped days-to-release order, which no single
        column's arrow describes (the header then shows none: ``caseload_table``)."""
        return self._query.sort is CaseloadColumn.DAYS_TO_RELEASE

    def grouped_order_text(self) -> str:
        if self._query.descending:
            return self.tr(
                "Sorted in reverse: no release date, then released longer ago, then released "
                "in the last 28 days, then upcoming releases, latest first"
            )
        return self.tr(
            "Sorted: upcoming releases, soonest first; then released in the last 28 days, "
            "most recent first; then released longer ago; then no release date"
        )

    def _release_text(self, row: CaseloadRow) -> str:
        if row.release_date is None:
            return self.tr("No release date")
        closed = closed_day_text(row.release_date)
        text = row.release_date.strftime("%d %b %Y")
        return self.tr("%1 (%2)").replace("%1", text).replace("%2", closed) if closed else text

    def _release_tooltip(self, row: CaseloadRow) -> str | None:
        if row.release_date is None:
            return self.tr(
                "No release date recorded: people without one are listed together, after "
                "everyone with a date"
            )
        return release_day_text(release_day_note(row.release_date)) or None

    def _days_text(self, row: CaseloadRow) -> str:
        """Days until release for upcoming releases (a number, 0 on the day); for people
        already released, how long ago ("9 days ago"), never a negative number."""
        days = row.days_to_release(self._today())
        if days is None:
            return "—"
        if days < 0:
            return self._ago(-days)
        return str(days)

    def _ago(self, days: int) -> str:
        if days == 1:
            return self.tr("1 day ago")
        return self.tr("%1 days ago").replace("%1", str(days))

    def _days_tooltip(self, row: CaseloadRow) -> str | None:
        days = row.days_to_release(self._today())
        if days is None:
            return self._release_tooltip(row)
        if days < 0 and row.release_date is not None:
            return (
                self.tr("Released %1 on %2")
                .replace("%1", self._ago(-days))
                .replace("%2", row.release_date.strftime("%d %b %Y"))
            )
        return None

    def _outcome_check_text(self, row: CaseloadRow) -> str:
        """ "Due: first night 12 Nov", "Overdue: 6 weeks 2 Oct" or, once released,
        "Next: 3 months 5 Jan"; nothing before release or when none is left."""
        due = row.outcome_check_due_on
        if due is None or row.closed:
            return ""
        state = row.outcome_check(self._today())
        day = f"{due.day} {due:%b}"
        point = row.outcome_check_point
        if point is not None:  # "Due: 6 weeks 12 Nov": which check, then when
            day = self.tr("%1 %2").replace("%1", point.short_label).replace("%2", day)
        if state is OutcomeCheckDue.OVERDUE:
            return self.tr("Overdue: %1").replace("%1", day)
        if state is OutcomeCheckDue.DUE:
            return self.tr("Due: %1").replace("%1", day)
        released = row.release_date is not None and row.release_date <= self._today()
        return self.tr("Next: %1").replace("%1", day) if released else ""

    def _outcome_check_tooltip(self, row: CaseloadRow) -> str | None:
        due = row.outcome_check_due_on
        if due is None or row.closed or row.outcome_check(self._today()) is OutcomeCheckDue.NONE:
            return None
        point = row.outcome_check_point
        check = point.label if point else self.tr("An outcome")
        return (
            self.tr(
                "%1 check was due on %2 and is not recorded yet: record it on the person's "
                "After release tab"
            )
            .replace("%1", check)
            .replace("%2", due.strftime("%d %b %Y"))
        )

    def _answer_text(self, row: CaseloadRow) -> str:
        figure = self._query.figure
        if figure is None or not figure.outcome:
            return ""
        answer = answer_label(figure.measure, row.figure_answer)
        if answer is None:
            return self.tr("Not recorded")
        if row.figure_started_on is not None:
            return (
                self.tr("%1 on %2")
                .replace("%1", answer)
                .replace("%2", date_text(row.figure_started_on))
            )
        return answer

    def _readiness_text(self, row: CaseloadRow) -> str:
        if row.closed:
            return self.tr("Case closed")
        return readiness_text(row.readiness(self._today()))

    def _readiness_tooltip(self, row: CaseloadRow) -> str:
        result = row.readiness(self._today())
        if result.level is ReadinessLevel.NO_RELEASE_DATE:
            return self.tr("No release date recorded: readiness cannot be measured yet")
        if result.level is ReadinessLevel.RELEASED_NO_PLAN:
            days = row.days_to_release(self._today())
            if days == 0:
                return self.tr("Leaving today without an agreed plan")
            return self.tr("Released without an agreed plan")
        nothing_open = not (row.open_critical_essentials or row.open_other_essentials)
        if result.level is ReadinessLevel.PLAN_NOT_AGREED or (nothing_open and not row.plan_agreed):
            return self.tr(
                "Every release-day essential is dealt with, but no plan is agreed yet: "
                "not ready until it is"
            )
        essentials = (
            self.tr("%1 critical and %2 other release-day essentials still open")
            .replace("%1", str(row.open_critical_essentials))
            .replace("%2", str(row.open_other_essentials))
        )
        if not row.plan_agreed:
            essentials += self.tr("; no plan agreed yet")
        return essentials
