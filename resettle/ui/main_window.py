"""The main window: the caseload, search-as-you-type, filters and status bar.

Its parts live beside it, one job each: the menus (``main_menus.py``), the table view
(``caseload_table.py``), the filter bar (``caseload_filter_bar.py``), the summary line
(``caseload_summary.py``), the count and the empty guide (``caseload_count.py``), opening a
person (``person_opening.py``) and the rows read again after a change
(``caseload_refresh.py``).

A figure of the dashboard opens its people here (``show_figure``): the caseload lists exactly
them, under a banner naming the figure (``caseload_figure_banner.py``), with the search and
filters disabled until "Show all my caseload".

The caseload is read off the UI thread (``ui/worker.py``): the window stays responsive while
a search, a sort or the next page is fetched, and shows it is working when that takes over
200 ms (``ui/common/busy.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.caseload import (
    CaseloadColumn,
    CaseloadFilters,
    CaseloadPage,
    CaseloadQuery,
    CaseloadRow,
)
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.domain.limits import SEARCH_TEXT_MAX
from resettle.domain.permissions import Permission, has_permission
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import ROLE_PRECEDENCE, Role
from resettle.services import staff
from resettle.services.caseload import default_filters, list_caseload
from resettle.services.workspace import Workspace
from resettle.ui import caseload_export, caseload_filters_state, saved_state
from resettle.ui.access.banners import DemoBanner, SignedInLabel
from resettle.ui.administration_page import AdministrationPage
from resettle.ui.caseload_count import CaseloadCount
from resettle.ui.caseload_figure import FigureShowing
from resettle.ui.caseload_filter_bar import CaseloadFilterBar
from resettle.ui.caseload_model import (
    COLUMNS,
    FIGURE_ANSWER_COLUMNS,
    PERSON_ID_ROLE,
    CaseloadTableModel,
)
from resettle.ui.caseload_refresh import CaseloadRefresher, concerns_caseload
from resettle.ui.caseload_summary import CaseloadSummaryLine
from resettle.ui.caseload_table import caseload_table_view, match_sort_indicator
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.change_watch import ChangeWatch
from resettle.ui.common.changes import (
    NOTES,
    Change,
    change_notice,
)
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.storage_read_only import storage_reason
from resettle.ui.empty_guide import EmptyCaseloadGuide
from resettle.ui.main_menus import build_menus
from resettle.ui.person_opening import PersonOpener
from resettle.ui.worker import Job, show_failure

if TYPE_CHECKING:
    from resettle.ui.allocation_dialog import AllocationDialog
    from resettle.ui.common.person_tab import PersonTab
    from resettle.ui.dashboard.window import DashboardWindow
    from resettle.ui.person.new_person_dialog import NewPersonDialog
    from resettle.ui.programmes.delivery_window import ProgrammesWindow

SEARCH_DELAY_MS = 150
GEOMETRY_KEY = "main_window/geometry"
#: The caseload header's widths and order, kept per set of columns: a header saved before a
#: column was added (restored into the new column set) left the new column undrawn.
HEADER_KEY = "main_window/caseload_header_" + "_".join(
    [column.value for column in COLUMNS] + list(FIGURE_ANSWER_COLUMNS)
)


class MainWindow(QMainWindow):
    #: The first page of the caseload is in the table (once per window; the start-up probe
    #: and ``--screenshot`` wait for it). An empty caseload counts once its answer is in.
    caseload_shown = Signal()
    #: The Account menu's commands, for the app (``ui/app_session.py``) to carry out.
    change_password_requested = Signal()
    lock_requested = Signal()
    switch_user_requested = Signal()
    sign_out_requested = Signal()
    #: An administrator restored the database (what happened, in words): everyone signs in
    #: again (``AppSession``).
    database_restored = Signal(str)
    #: The window closed (the user quit, or the app signed out).
    closed = Signal()

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, demo: bool = False
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        #: A demo database: this window and every person window say so at the top.
        self.demo = demo
        self.open_windows: list[QWidget] = []
        self.setWindowTitle(self.tr("Resettle — caseload"))
        self.sees_caseload = has_permission(workspace.actor, Permission.VIEW_CASELOAD)
        self.busy = BusyIndicator(self)
        self._focus_table_when_loaded = False
        self._caseload_first_shown = False
        self.person_opener = PersonOpener(self, workspace, self.busy, demo=demo)
        self.model = CaseloadTableModel(self._request_page, parent=self)
        self.model.reloaded.connect(self._first_page_arrived)
        self._build_widgets()
        #: Where this role's caseload opens, and where Clear filters puts it back.
        self.default_filters = (
            workspace.run(default_filters) if self.sees_caseload else CaseloadFilters()
        )
        self.summary.defaults = self.default_filters
        self.count.default_filters = self.default_filters
        self._use_filters(self._starting_filters())
        build_menus(self)
        self._watch_changes()
        self._restore_geometry()
        # Enabling sorting runs the first query, in the order the header shows.
        self.table.horizontalHeader().setSortIndicator(
            COLUMNS.index(CaseloadQuery().sort), Qt.SortOrder.AscendingOrder
        )
        self.table.setSortingEnabled(True)
        match_sort_indicator(self.table)
        # Counting a large caseload can wait until the first rows are on screen.
        QTimer.singleShot(0, self, self._refresh_count)

    # --- building ------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search by name, prison number, CRN or PNC"))
        self.search_box.setAccessibleName(self.tr("Search the caseload"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMaxLength(SEARCH_TEXT_MAX)
        self.filter_bar = CaseloadFilterBar(self.workspace.actor.role)
        self.only_mine = self.filter_bar.mine
        self.show_closed = self.filter_bar.show_closed
        self.outcome_checks_due = self.filter_bar.outcome_checks_due
        self.summary = CaseloadSummaryLine(self.workspace.actor.role, self._establishment_name())
        self.summary.clear_requested.connect(self.clear_filters)
        self.summary.setVisible(self.sees_caseload)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self._focus_table)
        self.filter_bar.changed.connect(self._filters_changed)

        self.table = caseload_table_view(self.model)
        self.table.activated.connect(self._open_index)
        self.figure_showing = FigureShowing(self)
        self.figure_banner = self.figure_showing.banner

        bar = QHBoxLayout()
        bar.addWidget(self.search_box, stretch=1)
        bar.addWidget(self.only_mine)
        bar.addWidget(self.outcome_checks_due)
        bar.addWidget(self.show_closed)
        self.export_button = QPushButton(self.tr("E&xport list…"))
        self.export_button.setToolTip(
            self.tr(
                "Save the whole list as it is searched, filtered and sorted (every page) as a "
                "CSV file for a spreadsheet"
            )
        )
        self.export_button.clicked.connect(self.export_list)
        self.export_button.setVisible(
            self.sees_caseload and caseload_export.can_export(self.workspace)
        )
        bar.addWidget(self.export_button)
        self.empty_guide = EmptyCaseloadGuide(
            can_register=has_permission(self.workspace.actor, Permission.REGISTER_PERSON)
        )
        self.empty_guide.add_person.connect(self.new_person)
        self.caseload_area = QStackedWidget()
        self.caseload_area.addWidget(self.table)
        self.caseload_area.addWidget(self.empty_guide)
        self.count = CaseloadCount(
            self,
            self.workspace,
            self.model,
            self.summary,
            self.caseload_area,
            self.table,
            self.empty_guide,
            self.sees_caseload,
        )
        self.count_label = self.count.label
        self.count.figure_counted.connect(self.figure_showing.counted)
        caseload = QVBoxLayout()
        caseload.setContentsMargins(0, 0, 0, 0)
        caseload.addLayout(bar)
        caseload.addWidget(self.figure_banner)
        caseload.addWidget(self.filter_bar)
        caseload.addWidget(self.summary)
        caseload.addWidget(self.caseload_area)
        self.caseload_page = QWidget()
        self.caseload_page.setLayout(caseload)
        layout = QVBoxLayout()
        self.demo_banner = DemoBanner(encrypted=self.workspace.encrypted) if self.demo else None
        if self.demo_banner is not None:
            layout.addWidget(self.demo_banner)
        self.read_only_banner = self._read_only_banner()
        if self.read_only_banner is not None:
            layout.addWidget(self.read_only_banner)
        # A role without a caseload (administrators) gets the administration entry point.
        self.administration = None if self.sees_caseload else AdministrationPage()
        self.administration_window: QWidget | None = None
        #: Where "Back up now" writes (set by the app from the settings; None: no buttons).
        self.backups_dir: Path | None = None
        self.backup_keep = 10
        self.programmes_window: ProgrammesWindow | None = None
        self.dashboard_window: DashboardWindow | None = None
        if self.administration is not None:
            self.administration.open_requested.connect(self.open_administration)
        if self.administration is None:
            layout.addWidget(self.caseload_page)
        else:
            self.caseload_page.hide()
            self.caseload_page.setParent(self)
            layout.addWidget(self.administration, 1)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)

        status = self.statusBar()
        status.addWidget(self.count_label)
        status.addWidget(self.busy.label)
        who = self.workspace.actor
        roles = [role.label for role in ROLE_PRECEDENCE if who.holds(role)]
        self.signed_in_label = SignedInLabel(who.display_name, roles)
        status.addPermanentWidget(self.signed_in_label)
        self.database_label = QLabel(self.workspace.description)
        status.addPermanentWidget(self.database_label)

    # --- behaviour -----------------------------------------------------------------------

    def _read_only_banner(self) -> QLabel | None:
        """Signed in on a database that cannot be written (``Workspace.read_only_because``):
        said here at once, not only when a record is opened."""
        because = self.workspace.read_only_because
        if because is None:
            return None
        if because is ReadOnlyBecause.DISK_FULL:
            text = self.tr(
                "The disk that holds the database is full: you can read, but changes cannot "
                "be saved. Free some space (or tell your administrator), then sign in again."
            )
        else:
            text = self.tr(
                "This database can only be read: you can look at records, but changes cannot "
                "be saved. Ask your administrator to check the database's permissions."
            )
        banner = QLabel(text)
        banner.setWordWrap(True)
        banner.setTextFormat(Qt.TextFormat.PlainText)
        banner.setAccessibleName(self.tr("Read only"))
        style_banner(banner, Tone.WARNING)
        return banner

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search_box.text())
        self._refresh_count()

    def refresh(self) -> None:
        self.model.reload()
        self._refresh_count()

    def _starting_filters(self) -> CaseloadFilters:
        """The filters this user last chose, else where their role's caseload opens."""
        remembered = caseload_filters_state.load(*self._filters_owner())
        return remembered if remembered is not None else self.default_filters

    def _filters_owner(self) -> tuple[str, str]:
        """Whose remembered filters: this database's, this user's."""
        return self.workspace.database_key, self.workspace.actor.username

    def _establishment_name(self) -> str | None:
        """The establishment prison staff and the programme team are limited to (their
        caption names it)."""
        actor = self.workspace.actor
        establishment_roles = (Role.PRISON_STAFF, Role.PROGRAMME_TEAM)
        if actor.role not in establishment_roles or actor.establishment_id is None:
            return None
        found = self.workspace.run(staff.list_establishments)
        return next((e.name for e in found if e.id == actor.establishment_id), None)

    def _use_filters(self, filters: CaseloadFilters) -> None:
        """Show ``filters`` and make them the query's, before the first query runs."""
        self.filter_bar.show_filters(filters)
        self.summary.show_filters(self.filter_bar.filters())
        self.model.use_filters(self.filter_bar.filters())

    def _filters_changed(self, filters: CaseloadFilters) -> None:
        caseload_filters_state.save(*self._filters_owner(), filters)
        self.summary.show_filters(filters)
        self.model.set_filters(filters)
        self._refresh_count()

    def clear_filters(self) -> None:
        """Clear filters: back to where the role's caseload opens (an officer's own people,
        every list on "any") and no search; "Show closed cases" stays as it is."""
        shown = self.filter_bar.filters()
        self.filter_bar.show_filters(
            self.default_filters.model_copy(update={"include_closed": shown.include_closed})
        )
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self._search_timer.stop()
        filters = self.filter_bar.filters()
        caseload_filters_state.save(*self._filters_owner(), filters)
        self.summary.show_filters(filters)
        self.model.reload(self.model.query.model_copy(update={"search": "", "filters": filters}))
        self._refresh_count()

    def new_person(self) -> NewPersonDialog | None:
        """The New person dialog (Ctrl+N); the person registered opens in their window."""
        if not has_permission(self.workspace.actor, Permission.REGISTER_PERSON):
            return None
        if self.workspace.read_only_because is not None:  # the empty caseload's button too
            self.statusBar().showMessage(
                storage_reason(self.workspace.read_only_because)
                + self.tr(", so no one can be added now."),
                8000,
            )
            return None
        from resettle.ui.person.new_person_dialog import NewPersonDialog

        dialog = NewPersonDialog(
            self.workspace, self.workspace.run(staff.list_establishments), self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.registered.connect(self._registered)
        dialog.open_existing.connect(self.open_person)
        dialog.start()
        return dialog

    def _registered(self, person_id: int) -> None:
        message = self.tr("Registered and allocated to you.")
        if self.summary.clear_button.isEnabled() or self.search_box.text().strip():
            # Second trial: with filters on, the new person was not in the list and nothing
            # said why.
            message += " " + self.tr(
                "The filters or search in force may keep them out of the list: Clear filters "
                "(Alt+R) shows them."
            )
        self.statusBar().showMessage(message, 10000)
        self.open_person(person_id)

    def export_list(self) -> Job | None:
        """ "Export list": the list as shown (search, filters, order), every page, to a CSV
        file the user chooses, in the background (``caseload_export.py``)."""
        if self._search_timer.isActive():
            self.apply_search()  # the words typed, not the list before them
        return caseload_export.export_list(
            self, self.workspace, self.model.query, self._list_exported
        )

    def _list_exported(self, path: Path, rows: int) -> None:
        people = self.tr("1 person") if rows == 1 else self.tr("%1 people").replace("%1", str(rows))
        self.statusBar().showMessage(
            self.tr("Exported %1 to %2").replace("%1", people).replace("%2", str(path)), 15000
        )

    def selected_person_ids(self) -> list[int]:
        return [row.id for row in self.selected_rows()]

    def selected_rows(self) -> list[CaseloadRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(row) for row in rows if row < self.model.rowCount()]

    def remind_backup(self) -> None:
        """On the administrator's start page: a banner when the newest backup in the backups
        folder is more than 7 days old, or there is none (read in the background)."""
        if self.administration is None or self.backups_dir is None:
            return
        if not has_permission(self.workspace.actor, Permission.BACKUP_DATABASE):
            return
        from resettle.services.backup import last_backup_time

        folder = self.backups_dir
        self.busy.run(lambda _job: last_backup_time(folder), self._backup_reminder)

    def _backup_reminder(self, last: dt.datetime | None) -> None:
        from resettle.services.backup import backup_overdue_since

        if self.administration is None:
            return
        if not backup_overdue_since(last):
            self.administration.show_backup_reminder("")  # hidden (a backup was just made)
            return
        if last is None:
            text = self.tr(
                "No backup of this database has been made yet: open administration "
                "and press Back up now."
            )
        else:
            days = (dt.datetime.now(dt.UTC) - last).days
            text = self.tr(
                "The last backup was made %1 days ago: open administration and press Back up now."
            ).replace("%1", str(days))
        self.administration.show_backup_reminder(text)

    def open_administration(self) -> QWidget | None:
        """The administration window (accounts, teams, establishments), one per main window;
        the services refuse accounts that may not manage them."""
        if not has_permission(self.workspace.actor, Permission.MANAGE_ACCOUNTS):
            return None
        if self.administration_window is None:
            from resettle.ui.admin.window import AdministrationWindow

            window = AdministrationWindow(
                self.workspace, self, backups_dir=self.backups_dir, backup_keep=self.backup_keep
            )
            if window.backups is not None:
                # A restore closed the workspace: everyone signs in again.
                window.backups.restored.connect(self.database_restored)
                window.backups.backed_up.connect(self.remind_backup)
            self.administration_window = window
        self.administration_window.show()
        self.administration_window.raise_()
        self.administration_window.activateWindow()
        return self.administration_window

    def open_programmes(self) -> QWidget | None:
        """The Programmes view (offerings, groups and sessions of the account's
        establishments), one per main window, read again each time it is opened."""
        if self.programmes_window is None:
            from resettle.ui.programmes.delivery_window import ProgrammesWindow

            self.programmes_window = ProgrammesWindow(self.workspace, self)
            # A referral double-clicked there opens the person as the caseload does, on
            # their Programme referrals tab.
            self.programmes_window.person_requested.connect(self.open_person_referrals)
        else:
            self.programmes_window.reload()
        self.programmes_window.show()
        self.programmes_window.raise_()
        self.programmes_window.activateWindow()
        return self.programmes_window

    def open_dashboard(self) -> QWidget | None:
        """The dashboard of the measures (``ui/dashboard``), one per main window, its
        figures read again each time it is opened."""
        if self.dashboard_window is None:
            from resettle.ui.dashboard.window import DashboardWindow

            self.dashboard_window = DashboardWindow(self.workspace, self)
            # A figure, part, bar, cell or officer chosen there: its people, here.
            self.dashboard_window.figure_requested.connect(self.show_figure)
        else:
            self.dashboard_window.reload()
        self.dashboard_window.show()
        self.dashboard_window.raise_()
        self.dashboard_window.activateWindow()
        return self.dashboard_window

    # --- a dashboard figure's people (``caseload_figure.py``) ---------------------------
    def show_figure(self, figure: CaseloadFigure, words: str) -> None:
        """List the people of ``figure`` (``words``: the figure, part, period and filters,
        for the banner) in the caseload, in its current order. The window comes to the
        front; the dashboard stays open behind it."""
        if not self.sees_caseload:
            return
        self.figure_showing.show(figure, words)
        self.raise_()
        self.activateWindow()

    def clear_figure(self) -> None:
        """ "Show all my caseload": leave a figure's people."""
        self.figure_showing.clear()

    def print_caseload_report(self) -> None:
        """The caseload report, from the dashboard (it covers the dashboard's filters)."""
        window = self.open_dashboard()
        if isinstance(window, QWidget) and self.dashboard_window is not None:
            self.dashboard_window.print_when_shown()

    def allocate_selected(self) -> AllocationDialog | None:
        """A manager allocates the selected people (one or many rows) to an officer."""
        if not has_permission(self.workspace.actor, Permission.ALLOCATE_CASES):
            return None
        person_ids = self.selected_person_ids()
        if not person_ids:
            self.statusBar().showMessage(self.tr("Select the people to allocate first."), 5000)
            return None
        from resettle.ui.allocation_dialog import AllocationDialog  # loaded on first use

        dialog = AllocationDialog(
            self.workspace,
            person_ids,
            self.workspace.run(staff.list_staff, Role.OFFICER),
            self,
            workplaces=self.workspace.run(staff.list_workplaces),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reported.connect(self._allocated)
        dialog.open()
        return dialog

    def _allocated(self, outcome: str) -> None:
        self.statusBar().showMessage(outcome, 8000)

    def _watch_changes(self) -> None:
        """After a write anywhere in the app (the change notice), the rows shown are read again
        off the UI thread, keeping selection and scroll position (``ui/caseload_refresh.py``)."""
        self._refresher = CaseloadRefresher(self.table, self.model, self._request_page)
        change_notice(self.workspace).changed.connect(self._people_changed)
        #: Writes by another copy of the app, found in the database (``change_watch.py``);
        #: a role without case records (administrators) has nothing here to keep current.
        self.change_watch = ChangeWatch(self, self.workspace) if self.sees_caseload else None

    def _people_changed(self, change: Change) -> None:
        if concerns_caseload(change) and self._shows_any(change):
            self._refresher.refresh()
            self._refresh_count()

    def _shows_any(self, change: Change) -> bool:
        """Whether ``change`` can alter what the caseload shows. A change found in the
        database (another copy's, or this copy's own seen again) matters when it is about
        someone on screen, or about a part that can bring someone in or move them (the
        profile's release date, needs, essentials, the plan, allocation, a case closed);
        notes, risk and referrals of people not on screen show nowhere in the list."""
        if not change.external or change.everyone:
            return True
        if {row.id for row in self.model.rows()} & change.person_ids:
            return True
        return any(not _off_list(part) for part in change.parts)

    def _request_page(
        self,
        query: CaseloadQuery,
        arrived: Callable[[CaseloadPage], None],
        failed: Callable[[], None],
    ) -> None:
        """The caseload model's page source: read in the background, deliver on arrival."""
        if not self.sees_caseload:  # e.g. administrators: no access to case records
            arrived(CaseloadPage(rows=()))
            return
        workspace = self.workspace

        def could_not_read(error: Exception) -> None:
            failed()
            show_failure(self, error)

        self.busy.run(
            lambda _job: workspace.run(list_caseload, query), arrived, on_failure=could_not_read
        )

    def _refresh_count(self) -> None:
        self.count.refresh()

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _focus_table(self) -> None:
        """Enter in the search box: search now, then move to the first person found."""
        self._focus_table_when_loaded = True
        self.apply_search()

    def _first_page_arrived(self) -> None:
        if not self._caseload_first_shown:
            self._caseload_first_shown = True
            # On the next turn of the event loop: the rows are painted by then, and a page
            # that arrives at once (no access to case records) reaches whoever connects after
            # the window is made.
            QTimer.singleShot(0, self, self.caseload_shown.emit)
        if self._focus_table_when_loaded:
            self._focus_table_when_loaded = False
            if self.model.rowCount():
                self.table.setFocus()
                self.table.selectRow(0)

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_index(index)

    def _open_index(self, index: QModelIndex) -> None:
        person_id = self.model.data(index, PERSON_ID_ROLE)
        if person_id is None:
            return
        query = self.model.query
        outcome_figure = query.figure is not None and query.figure.outcome
        if outcome_figure or (query.figure is None and query.filters.outcome_checks_due):
            self.open_person_after_release(int(person_id))
        else:
            self.open_person(int(person_id))

    def open_person_after_release(self, person_id: int) -> None:
        """Open the person's case record on their After release tab (from the people of an
        outcome figure: their checks are what the figure counted; from "Outcome checks due":
        a check is what the officer came to record)."""
        from resettle.ui.person.outcome_checks_tab import OutcomeChecksTab

        self.person_opener.open(person_id, tab=OutcomeChecksTab)

    def open_person(self, person_id: int) -> None:
        """Open the person's case record (``ui/person_opening.py``)."""
        self.person_opener.open(person_id)

    def open_person_referrals(self, person_id: int, referral_id: int = 0) -> None:
        """Open the person's case record on their Programme referrals tab, with
        ``referral_id`` chosen when given (a person may have several referrals)."""
        from resettle.ui.person.programme_referrals_tab import ProgrammeReferralsTab

        def choose(tab: PersonTab) -> None:
            if isinstance(tab, ProgrammeReferralsTab) and referral_id:
                tab.show_referral(referral_id)

        self.person_opener.open(person_id, tab=ProgrammeReferralsTab, then=choose)

    def show_keyboard_help(self) -> None:
        from resettle.ui.keyboard_help import open_keyboard_help

        open_keyboard_help(self)

    # --- geometry ------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        if not saved_state.restore(GEOMETRY_KEY, self.restoreGeometry):
            self.resize(1100, 700)
        # At most the available screen less the title bar and frame (700 px high plus a title
        # bar did not fit a 1366x768 laptop's 728 px above its taskbar).
        fit_to_screen(self)
        saved_state.restore(HEADER_KEY, self.table.horizontalHeader().restoreState)
        self.figure_showing.show_answer_columns(False)  # the caseload's own columns
        self._hide_outcome_checks_unless_seen()

    def _hide_outcome_checks_unless_seen(self) -> None:
        """Prison staff and the programme team do not see outcome checks after release
        (casework, like case notes): no column of due checks, no filter of them."""
        if has_permission(self.workspace.actor, Permission.VIEW_OUTCOME_CHECKS):
            return
        self.table.setColumnHidden(COLUMNS.index(CaseloadColumn.OUTCOME_CHECK), True)
        self.outcome_checks_due.setChecked(False)
        self.outcome_checks_due.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        figure = self.figure_showing.figure
        self.figure_showing.show_answer_columns(False)  # keep the caseload's own columns
        saved_state.save(
            **{
                GEOMETRY_KEY: self.saveGeometry(),
                HEADER_KEY: self.table.horizontalHeader().saveState(),
            }
        )
        self.figure_showing.show_answer_columns(figure is not None and figure.outcome)
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()


def _off_list(part: str) -> bool:
    """A part of a record no caseload column, filter or order reads."""
    return part in (NOTES, RecordPart.RISK.value) or part.startswith("referral:")
