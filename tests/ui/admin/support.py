"""Opening the administration window as an administrator, and driving its forms."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from resettle.domain.staff import Role
from resettle.services.workspace import Workspace
from resettle.ui.admin import AdministrationWindow
from resettle.ui.admin.form_dialog import FormDialog
from tests.accounts import seed_account, sign_in_as
from tests.background import wait_for_background

TEMPORARY = "violet-harbour-engine-93"


def admin_workspace(workspace: Workspace) -> Workspace:
    """The test database with a seeded administrator signed in (with a password)."""
    seed_account(workspace.database, "test.admin", (Role.ADMIN,))
    return sign_in_as(workspace.database, "test.admin")


def open_window(qtbot: Any, runner: Workspace) -> AdministrationWindow:
    window = AdministrationWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    return window


def the_dialog(window: AdministrationWindow) -> FormDialog:
    assert window.dialog is not None, "no dialog is open"
    return window.dialog


def type_into(edit: QLineEdit, text: str) -> None:
    edit.clear()
    edit.setText(text)


def save(qtbot: Any, window: AdministrationWindow, dialog: FormDialog) -> None:
    """Press Enter in the dialog (its default button) and wait for the lists read again."""
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    wait_for_background(qtbot)


def select_account(window: AdministrationWindow, username: str) -> None:
    for account in window.accounts.model.rows():
        if account.username == username:
            window.accounts.select(account.id)
            return
    raise AssertionError(f"{username} is not listed")


def row_of(window: AdministrationWindow, username: str) -> list[str]:
    rows = window.accounts.model.display_rows()
    return next(row for row in rows if row[0] == username)
