"""The caseload window's menu bar: File, View, Cases, Evidence, Account and Help, each item
shown only to a role that may use it, and the commands that open other windows from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from resettle import __version__
from resettle.domain.permissions import Permission, has_permission
from resettle.ui.common.storage_read_only import offer_only_when_writable
from resettle.ui.programmes import may_open_programmes

if TYPE_CHECKING:
    from resettle.ui.main_window import MainWindow

Shortcut = str | QKeySequence.StandardKey | None


def build_menus(window: MainWindow) -> None:
    """The menus of ``window``, for the role signed in."""
    actor = window.workspace.actor
    because = window.workspace.read_only_because
    tr = window.tr
    bar = window.menuBar()
    file_menu = bar.addMenu(tr("&File"))
    file_menu.setToolTipsVisible(True)  # a greyed item says why (a read-only database)
    if has_permission(actor, Permission.REGISTER_PERSON):
        offer_only_when_writable(
            add_action(window, file_menu, tr("&New person…"), window.new_person, "Ctrl+N"),
            because,
        )
    if has_permission(actor, Permission.VIEW_PERSON):
        add_action(window, file_menu, tr("&Open person"), window.open_selected, "Ctrl+O")
    if has_permission(actor, Permission.PRINT_PLAN):
        offer_only_when_writable(
            add_action(
                window, file_menu, tr("&Print plans…"), lambda: print_plans(window), "Ctrl+Shift+P"
            ),
            because,
        )
    if has_permission(actor, Permission.EXPORT_CASELOAD):
        add_action(window, file_menu, tr("E&xport list…"), window.export_list, None)
    if has_permission(actor, Permission.IMPORT_PEOPLE):
        offer_only_when_writable(
            add_action(
                window, file_menu, tr("&Import people…"), lambda: import_people(window), None
            ),
            because,
        )
    file_menu.addSeparator()
    add_action(window, file_menu, tr("&Quit"), window.close, QKeySequence.StandardKey.Quit)
    if has_permission(actor, Permission.VIEW_CASELOAD):
        view_menu = bar.addMenu(tr("&View"))
        add_action(
            window, view_menu, tr("&Find"), window.focus_search, QKeySequence.StandardKey.Find
        )
        add_action(
            window, view_menu, tr("&Refresh"), window.refresh, QKeySequence.StandardKey.Refresh
        )
    if any(
        has_permission(actor, p)
        for p in (
            Permission.ALLOCATE_CASES,
            Permission.RESTRICT_ACCESS,
            Permission.GRANT_COVER,
            Permission.REVIEW_RETENTION,
            Permission.EXPORT_SUBJECT_ACCESS,
        )
    ):
        case_menu = bar.addMenu(tr("&Cases"))
        case_menu.setToolTipsVisible(True)
    if has_permission(actor, Permission.ALLOCATE_CASES):
        offer_only_when_writable(
            add_action(
                window,
                case_menu,
                tr("&Allocate to an officer…"),
                window.allocate_selected,
                "Ctrl+Shift+A",
            ),
            because,
        )
    if has_permission(actor, Permission.RESTRICT_ACCESS):
        add_action(
            window,
            case_menu,
            tr("&Who may see this person…"),
            lambda: person_access(window),
            None,
        )
    if has_permission(actor, Permission.GRANT_COVER):
        add_action(window, case_menu, tr("&Cover for colleagues…"), lambda: cover(window), None)
    if has_permission(actor, Permission.REVIEW_RETENTION):
        add_action(
            window, case_menu, tr("&Retention review…"), lambda: retention_review(window), None
        )
    if has_permission(actor, Permission.EXPORT_SUBJECT_ACCESS):
        add_action(
            window, case_menu, tr("&Subject access export…"), lambda: subject_access(window), None
        )
    if has_permission(actor, Permission.MANAGE_ACCOUNTS):
        add_action(
            window,
            file_menu,
            tr("&Administration…"),
            window.open_administration,
            "Ctrl+Shift+D",
        )
    if may_open_programmes(actor):
        programmes_menu = bar.addMenu(tr("&Programmes"))
        add_action(
            window,
            programmes_menu,
            tr("&Offerings, groups and sessions…"),
            window.open_programmes,
            "Ctrl+Shift+G",
        )
    if has_permission(actor, Permission.VIEW_MEASURES):
        # Alt+T: Alt+R is "Clear filters" on the caseload.
        reports_menu = bar.addMenu(tr("Repor&ts"))
        add_action(window, reports_menu, tr("&Dashboard…"), window.open_dashboard, "Ctrl+Shift+M")
        add_action(
            window, reports_menu, tr("&Caseload report…"), window.print_caseload_report, None
        )
    evidence_menu = bar.addMenu(tr("&Evidence"))
    evidence_menu.setToolTipsVisible(True)
    add_action(
        window, evidence_menu, tr("Evidence &browser…"), lambda: browse_evidence(window), "Ctrl+E"
    )
    if has_permission(actor, Permission.MANAGE_EVIDENCE):
        offer_only_when_writable(
            add_action(
                window,
                evidence_menu,
                tr("&Import a newer evidence pack…"),
                lambda: import_pack(window),
                None,
            ),
            because,
        )
    build_account_menu(window)
    help_menu = bar.addMenu(tr("&Help"))
    add_action(window, help_menu, tr("&Keyboard shortcuts"), window.show_keyboard_help, "F1")
    add_action(window, help_menu, tr("&About Resettle"), lambda: show_about(window), None)


def build_account_menu(window: MainWindow) -> QMenu:
    """Account: the signed-in user's password, the lock, and handing over the computer."""
    tr = window.tr
    menu = window.menuBar().addMenu(tr("A&ccount"))
    add_action(window, menu, tr("&Change password…"), window.change_password_requested.emit, None)
    add_action(window, menu, tr("&Lock now"), window.lock_requested.emit, "Ctrl+L")
    menu.addSeparator()
    add_action(window, menu, tr("S&witch user…"), window.switch_user_requested.emit, None)
    add_action(window, menu, tr("Sign &out"), window.sign_out_requested.emit, None)
    return menu


def add_action(
    owner: QWidget, menu: QMenu, text: str, slot: Callable[[], object], shortcut: Shortcut
) -> QAction:
    """An item of ``menu``, owned by the window ``owner``, that calls ``slot``."""
    action = QAction(text, owner)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def person_access(window: MainWindow) -> None:
    """A manager decides who may reach the selected person (restriction, exclusions)."""
    from resettle.ui.case_access.person_access_dialog import open_person_access

    person_ids = window.selected_person_ids()
    if len(person_ids) != 1:
        window.statusBar().showMessage(
            window.tr("Select one person first, then choose who may see them."), 5000
        )
        return
    open_person_access(window, window.workspace, person_ids[0])


def subject_access(window: MainWindow) -> QWidget | None:
    """A manager exports everything held about the selected person (JSON and PDF)."""
    from resettle.ui.subject_access_dialog import open_subject_access

    rows = window.selected_rows()
    if len(rows) != 1:
        window.statusBar().showMessage(
            window.tr("Select one person first, then export what is held about them."), 5000
        )
        return None
    return open_subject_access(window, window.workspace, rows[0].prison_number, rows[0].name)


def import_people(window: MainWindow) -> QWidget:
    """A caseload import from a CSV file; the caseload refreshes after one is saved."""
    from resettle.ui.caseload_import_dialog import open_caseload_import

    dialog = open_caseload_import(window, window.workspace)
    dialog.imported.connect(lambda _outcome: window.refresh())
    return dialog


def cover(window: MainWindow) -> None:
    from resettle.ui.case_access.cover_dialog import open_cover

    open_cover(window, window.workspace)


def retention_review(window: MainWindow) -> None:
    """A manager's queue of records due for review: keep or erase (the certificate goes
    beside the database, or into the data folder for a server)."""
    from resettle.settings import resolve_settings
    from resettle.ui.case_access.retention_review import open_retention_review

    open_retention_review(window, window.workspace, resolve_settings().data_dir)


def print_plans(window: MainWindow) -> None:
    from resettle.ui.plan.batch_dialog import open_batch_print

    open_batch_print(window, window.workspace)


def browse_evidence(window: MainWindow) -> None:
    from resettle.ui.evidence import open_evidence_browser

    open_evidence_browser(window, window.workspace)


def import_pack(window: MainWindow) -> None:
    from resettle.ui.evidence import import_pack_interactively

    import_pack_interactively(window, window.workspace)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        parent.tr("About Resettle"),
        parent.tr(
            "Resettle %1\nResettlement case management for probation and prison staff."
        ).replace("%1", __version__),
    )
