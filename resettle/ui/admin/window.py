"""The administration window: Accounts, Teams, Establishments and Retention tabs over lists
read in the background, one message line for what happened, and Close.

Every read and change goes through the workspace (``runner.run``): the services check that the
account may manage accounts and teams, and audit every change. An account that may not (an
officer, a manager) sees the services' refusal in the message line and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from resettle.domain.errors import ConcurrentEdit
from resettle.domain.permissions import Permission, PermissionDenied, has_permission
from resettle.services.workspace import Workspace
from resettle.ui.access.form import busy_cursor
from resettle.ui.admin.accounts_tab import AccountsTab
from resettle.ui.admin.backup_buttons import BackupButtons
from resettle.ui.admin.form_dialog import FormDialog
from resettle.ui.admin.host import AdminLists, read_lists
from resettle.ui.admin.list_page import ListPage
from resettle.ui.admin.places_tab import ESTABLISHMENTS, TEAMS, PlacesTab
from resettle.ui.admin.retention_tab import RetentionTab
from resettle.ui.common import screen_fit
from resettle.ui.common.banner_space import keep_one_line
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.views import push_button
from resettle.ui.failures import failure_text

RELOADED = "The lists were read again to show it."


class AdministrationWindow(QWidget):
    """``AdministrationWindow(workspace)``, shown with ``show()``; it reads its lists at once."""

    def __init__(
        self,
        runner: Workspace,
        parent: QWidget | None = None,
        *,
        backups_dir: Path | None = None,
        backup_keep: int = 10,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Administration - Resettle")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.runner = runner
        self.lists = AdminLists()
        self.loaded = False
        self.dialog: FormDialog | None = None
        #: The list and id of a row just created, to select once the lists are read again.
        self._to_select: tuple[ListPage[Any], int] | None = None
        self.busy = BusyIndicator(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Message")
        style_banner(self.message, Tone.NOTICE)
        # The line keeps its room: the tabs and their buttons stay put as messages come and
        # go after each action (user trial).
        keep_one_line(self.message)
        self.message.hide()
        self.accounts = AccountsTab(self)
        self.teams = PlacesTab(self, TEAMS)
        self.establishments = PlacesTab(self, ESTABLISHMENTS)
        self.retention = RetentionTab(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.accounts, "&Accounts")
        self.tabs.addTab(self.teams, "&Teams")
        self.tabs.addTab(self.establishments, "E&stablishments")
        self.tabs.addTab(self.retention, "Retenti&on")
        self.tabs.setAccessibleName("Administration")
        self.tabs.setEnabled(False)
        self.close_button = push_button("&Close")
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy.label)
        bottom.addStretch(1)
        #: "Back up now" and "Restore..." (``backup_buttons.py``): administrators, when the
        #: window knows the backups folder.
        self.backups: BackupButtons | None = None
        if backups_dir is not None and has_permission(runner.actor, Permission.BACKUP_DATABASE):
            self.backups = BackupButtons(self, backups_dir, backup_keep)
            bottom.addWidget(self.backups.back_up_button)
            bottom.addWidget(self.backups.restore_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        screen_fit.fit_to_screen(self, 1100, 680)
        self.reload()
        if self.backups is not None:
            self.backups.remind()

    def reload(self) -> None:
        """Read every list again in the background (hundreds of accounts)."""
        runner = self.runner
        self.busy.run(lambda _job: read_lists(runner), self._arrived, on_failure=self._refused)

    def _arrived(self, lists: AdminLists) -> None:
        self.lists, self.loaded = lists, True
        self.tabs.setEnabled(True)
        for tab in (self.accounts, self.teams, self.establishments, self.retention):
            tab.show_lists()
        if self._to_select is not None:
            page, row_id = self._to_select
            self._to_select = None
            page.show_row(row_id)
        if not self.tabs.currentWidget().isAncestorOf(self.focusWidget() or self):
            self.tabs.currentWidget().setFocus()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, PermissionDenied):
            text = f"Only administrators can use this window. {error}"
        else:
            text = failure_text(error, "administration")
        self.say(text, Tone.ERROR)

    def say(self, text: str, tone: Tone = Tone.NOTICE) -> None:
        """One line above the tabs: what was done, or why not."""
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        style_banner(self.message, tone)
        self.message.setVisible(bool(text))

    def change(self, action: Callable[[], Any], done: str) -> None:
        self.say("")
        try:
            with busy_cursor():
                action()
        except ConcurrentEdit as error:
            self.say(f"{error} {RELOADED}", Tone.WARNING)
        except Exception as error:
            self.say(failure_text(error, "administration"), Tone.ERROR)
            return
        else:
            self.say(done)
        self.reload()

    def open_form(
        self, dialog: FormDialog, done: str, created_in: ListPage[Any] | None = None
    ) -> None:
        self.say("")
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda result: self._form_closed(dialog, result, done, created_in))
        dialog.open()

    def _form_closed(
        self, dialog: FormDialog, result: int, done: str, created_in: ListPage[Any] | None
    ) -> None:
        self.dialog = None
        if dialog.changed_elsewhere:
            self.say(f"{dialog.changed_elsewhere} {RELOADED}", Tone.WARNING)
        elif result == QDialog.DialogCode.Accepted:
            self.say(done)
            if created_in is not None and dialog.created_id is not None:
                self._to_select = (created_in, dialog.created_id)
        else:
            return
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after being closed (the main window keeps it): the lists are read
        again, since another copy of Resettle or the command line may have changed them."""
        super().showEvent(event)
        if self.loaded and not event.spontaneous():
            self.reload()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        super().closeEvent(event)
