"""Who is signed in to the app, from the sign-in dialog to signing out.

The database is opened before anyone signs in. On a database without accounts the first
administrator is created, then signs in. Signed in, the main window opens with the idle lock
running; a password an administrator reset is changed first (or the user is signed out).

Signing out (and Switch user) closes every window of the workspace, asking first about unsaved
edits as closing a person window does, and then the sign-in dialog opens again: nothing of the
case stays on screen. An account disabled since signing in is signed out at its next action,
with one message in the sign-in dialog saying why; one whose password must be changed gets
the change dialog (``ui/common/account_refusals.py``).

The dialogs open without a nested event loop (``open``), so the app and its tests keep running
while one is up.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog

from resettle.domain.permissions import InactiveAccount
from resettle.services import authentication
from resettle.services.before_sign_in import Database, run_before_sign_in
from resettle.services.demo_marker import is_demo_database
from resettle.services.workspace import Workspace
from resettle.settings import Settings
from resettle.ui.access.idle_lock import IdleLock
from resettle.ui.common.account_refusals import account_refusals
from resettle.ui.main_window import MainWindow
from resettle.ui.signing_in import (
    SignIn,
    change_password_dialog,
    first_admin_dialog,
    scripted_sign_in,
    unlock_attempt,
)

log = logging.getLogger(__name__)


#: How long signing out waits for background work still running before closing the
#: signed-out account's database connections.
SIGN_OUT_WAIT_MS = 10_000


class AppSession(QObject):
    #: A main window opened for the account that signed in.
    window_opened = Signal(object)
    #: The user quit (at the sign-in dialog, or by closing the main window).
    quit_requested = Signal()

    def __init__(self, settings: Settings, database: Database) -> None:
        super().__init__()
        self.settings = settings
        self.database = database
        self.demo = run_before_sign_in(database, is_demo_database)
        self.workspace: Workspace | None = None
        self.main_window: MainWindow | None = None
        self.idle_lock: IdleLock | None = None
        #: The dialog up now (sign-in, first administrator, change password), kept alive.
        self.dialog: QDialog | None = None
        self._sign_in: SignIn | None = None
        self._signing_out = False
        self._refused = False
        account_refusals().refused.connect(self._account_refused)

    # --- signing in ----------------------------------------------------------------------
    def start(self) -> None:
        """Signed in by ``--user`` and ``RESETTLE_PASSWORD`` when both are given (raises
        ``SignInRefused`` if wrong), else the first-administrator or the sign-in dialog."""
        workspace = scripted_sign_in(self.database, self.settings.username)
        if workspace is not None:
            self._signed_in(workspace)
        elif not run_before_sign_in(self.database, authentication.has_accounts):
            self.ask_first_admin()
        else:
            self.ask_sign_in(self.settings.username or "")

    def ask_first_admin(self) -> None:
        dialog = first_admin_dialog(self.database)
        dialog.accepted.connect(lambda: self.ask_sign_in(dialog.created_username))
        dialog.rejected.connect(self.quit_requested)
        self._show(dialog)

    def ask_sign_in(self, username: str = "", *, remember: bool = True, note: str = "") -> None:
        sign_in = self._sign_in = SignIn(self.database, username, remember=remember, note=note)

        def accepted() -> None:
            if sign_in.workspace is not None:
                self._signed_in(sign_in.workspace)

        sign_in.dialog.accepted.connect(accepted)
        sign_in.dialog.rejected.connect(self.quit_requested)
        self._show(sign_in.dialog)

    def _signed_in(self, workspace: Workspace) -> None:
        self._refused = False
        if not workspace.must_change_password:
            self._open(workspace)
            return
        dialog = change_password_dialog(workspace, forced=True)
        dialog.accepted.connect(lambda: self._open(workspace))
        dialog.rejected.connect(lambda: self.ask_sign_in(workspace.actor.username))
        self._show(dialog)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_closed(d))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _open(self, workspace: Workspace) -> None:
        self.workspace = workspace
        window = MainWindow(workspace, demo=self.demo)
        window.backups_dir = self.settings.backups_dir
        window.backup_keep = self.settings.backup_keep
        window.remind_backup()
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.change_password_requested.connect(self.change_password)
        window.lock_requested.connect(self.lock_now)
        window.switch_user_requested.connect(self.switch_user)
        window.sign_out_requested.connect(self.sign_out)
        window.database_restored.connect(self._database_restored)
        window.closed.connect(self._window_closed)
        self.main_window = window
        self._start_lock(window, workspace)
        self.window_opened.emit(window)
        window.show()

    def _start_lock(self, window: MainWindow, workspace: Workspace) -> IdleLock:
        lock = IdleLock(
            window,
            self.settings.idle_lock_minutes,
            unlock_attempt(workspace),
            workspace.actor.username,
        )
        lock.sign_out_requested.connect(self._sign_out_from_lock)
        self.idle_lock = lock
        return lock

    def _sign_out_from_lock(self) -> None:
        """Sign out at the lock: if the user keeps a window open (Cancel at a question about
        unsaved edits), the app locks again rather than staying open without the password."""
        if self.sign_out():
            return
        if self.main_window is not None and self.workspace is not None:
            self._start_lock(self.main_window, self.workspace).lock_now()

    # --- the Account menu ----------------------------------------------------------------
    def change_password(self) -> QDialog | None:
        if self.workspace is None or self.main_window is None:
            return None
        window = self.main_window
        dialog = change_password_dialog(self.workspace, forced=False, parent=window)
        dialog.accepted.connect(
            lambda: window.statusBar().showMessage(window.tr("Password changed."), 8000)
        )
        self._show(dialog)
        return dialog

    def lock_now(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock_now()

    def sign_out(self) -> bool:
        """Close every window (asking about unsaved edits first), then the sign-in dialog;
        False when the user kept a window open."""
        username = self.workspace.actor.username if self.workspace is not None else ""
        if not self._close_windows():
            return False
        self.ask_sign_in(username)
        return True

    def switch_user(self) -> bool:
        """As Sign out, with the user name left empty for the next person."""
        if not self._close_windows():
            return False
        self.ask_sign_in(remember=False)
        return True

    def _database_restored(self, what: str) -> None:
        """The database was replaced under every window (its workspace is closed): they all
        close, unsaved edits with them, and the sign-in dialog says what happened."""
        username = self.workspace.actor.username if self.workspace is not None else ""
        self._close_windows(discard=True)
        self.ask_sign_in(username, note=what + " " + self.tr("Sign in again."))

    # --- refusals of the account ---------------------------------------------------------
    def _account_refused(self, error: Exception) -> None:
        if self._refused or self.workspace is None:
            return
        self._refused = True
        if isinstance(error, InactiveAccount):
            log.info("Signed out: the account is no longer active")
            self._close_windows(discard=True)
            self.ask_sign_in(
                remember=False,
                note=self.tr(
                    "You were signed out: your account is no longer active. Ask your "
                    "administrator if you need it again."
                ),
            )
            return
        dialog = change_password_dialog(self.workspace, forced=True, parent=self.main_window)
        dialog.accepted.connect(self._password_changed)
        dialog.rejected.connect(self.sign_out)
        self._show(dialog)

    def _password_changed(self) -> None:
        self._refused = False

    # --- closing -------------------------------------------------------------------------
    def _close_windows(self, discard: bool = False) -> bool:
        """Close the main window and with it every window of the workspace; with
        ``discard``, unsaved edits are dropped without asking (the account may not save)."""
        window = self.main_window
        if window is None:
            return True
        if self.idle_lock is not None and self.idle_lock.is_locked:
            self.idle_lock.stop()  # the lock's Sign out: uncover, so the questions can show
        if discard:
            from resettle.ui.person import PersonWindow

            for person_window in window.findChildren(PersonWindow):
                person_window.discard()
        self._signing_out = True
        try:
            closed = window.close()
        finally:
            self._signing_out = False
        if not closed:
            return False
        if self.idle_lock is not None:
            self.idle_lock.stop()
        for other in QApplication.topLevelWidgets():
            if other is not window and other.isVisible() and not other.isHidden():
                other.close()
        self.main_window = None
        self.idle_lock = None
        self._close_workspace()
        return True

    def _close_workspace(self) -> None:
        """The signed-out account's connections go too (on PostgreSQL they are its own
        login's), once background work still running has stopped."""
        workspace, self.workspace = self.workspace, None
        if workspace is not None and workspace.database is not self.database:
            from resettle.ui.worker import wait_for_background_work

            wait_for_background_work(SIGN_OUT_WAIT_MS)
            workspace.close()

    def _window_closed(self) -> None:
        if not self._signing_out:
            if self.idle_lock is not None:
                self.idle_lock.stop()
            self.quit_requested.emit()


__all__ = ["AppSession"]
