"""How many people the caseload shows, in the status bar, and what to say when it is none:
the guide for an empty database, or the filters that hid everyone (``caseload_summary``).

Counts are read off the UI thread; an answer is shown only while the query it was asked for
is still the window's (a newer search or filter has its own)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from resettle.domain.caseload import CaseloadCount as CaseloadCountResult
from resettle.domain.caseload import CaseloadFilters, CaseloadQuery
from resettle.services.caseload import caseload_is_empty, count_caseload, count_caseload_shown
from resettle.services.workspace import Workspace
from resettle.ui.caseload_model import CaseloadTableModel
from resettle.ui.caseload_summary import CaseloadSummaryLine, cleared, hides_people, no_match_text
from resettle.ui.worker import run_in_background


class CaseloadCount(QObject):
    """Keeps ``label`` (the count), ``summary`` (why nobody matches) and ``area`` (showing
    ``table``, or ``guide`` on an empty caseload) up to date with ``model``'s query. Background
    work belongs to ``owner`` (the window), so none outlives it."""

    #: A dashboard figure's people were counted again (``CaseloadQuery.figure``): how many.
    figure_counted = Signal(int)

    def __init__(
        self,
        owner: QWidget,
        workspace: Workspace,
        model: CaseloadTableModel,
        summary: CaseloadSummaryLine,
        area: QStackedWidget,
        table: QWidget,
        guide: QWidget,
        sees_caseload: bool,
    ) -> None:
        super().__init__(owner)
        self.owner = owner
        self.workspace = workspace
        self.model = model
        self.summary = summary
        self.area = area
        self.guide = guide
        self.table = table
        self.sees_caseload = sees_caseload
        self.label = QLabel()
        #: Where the role's caseload opens (named by "Clear filters" in the explanation).
        self.default_filters = CaseloadFilters()

    def refresh(self) -> None:
        if not self.sees_caseload:
            self.label.setText(self.tr("Your role does not include case records."))
            return
        query = self.model.query
        workspace = self.workspace

        def show(counted: CaseloadCountResult) -> None:
            if query == self.model.query:
                total = counted.count
                self._show_guide_if_empty(total)
                self.label.setText(self.count_text(total, counted.restricted_hidden))
                if query.figure is not None:
                    self.figure_counted.emit(total)
                self.summary.show_filters(query.filters)
                if total == 0 and (query.search or hides_people(query.filters)):
                    self._explain_no_match(query)

        run_in_background(self.owner, lambda _job: workspace.run(count_caseload_shown, query), show)

    def count_text(self, total: int, restricted_hidden: bool = False) -> str:
        if total == 0:
            text = self.tr("Nobody found")
        elif total == 1:
            text = self.tr("1 person")
        else:
            text = self.tr("%1 people").replace("%1", f"{total:,}")
        if restricted_hidden:
            # Limited-access cases the account is not named on: never how many.
            text += self.tr(" (restricted cases are not shown)")
        return text

    def _explain_no_match(self, query: CaseloadQuery) -> None:
        """Nobody found: name the filters that hid them, once a count without the filters
        shows that someone matches without them (else blame the search alone)."""
        workspace = self.workspace
        unfiltered = query.model_copy(update={"filters": cleared(query.filters)})

        def show(found: int) -> None:
            if query == self.model.query:
                self.summary.show_no_match(
                    no_match_text(
                        query.search,
                        query.filters,
                        workspace.actor.role,
                        found > 0,
                        self.default_filters,
                    )
                )

        if not hides_people(query.filters):
            show(0)
            return
        run_in_background(self.owner, lambda _job: workspace.run(count_caseload, unfiltered), show)

    def _show_guide_if_empty(self, total: int) -> None:
        """No one on the caseload and no filter to blame: ask whether the database is empty."""
        query = self.model.query
        filtered = bool(query.search) or query.filters.narrowed or query.figure is not None
        if total or filtered:
            self.area.setCurrentWidget(self.table)
            return
        workspace = self.workspace

        def shown(empty: bool) -> None:
            if query == self.model.query:
                self.area.setCurrentWidget(self.guide if empty else self.table)
                if empty:
                    self.label.setText(self.tr("No one on the caseload yet"))

        run_in_background(self.owner, lambda _job: workspace.run(caseload_is_empty), shown)
