"""The administration window's "Back up now" and "Restore..." buttons, and the reminder when
the newest backup is older than a week (``services/backup.py`` does the work, in the
background).

A restore replaces the whole database and closes the workspace, so afterwards everyone
signs in again: ``restored`` is emitted with what happened, and the app signs everyone out
and says it at the sign-in dialog.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from resettle.services import backup
from resettle.services.backup_preview import RestorePreview, preview_restore
from resettle.ui.common.message_style import Tone
from resettle.ui.common.save_dialogs import ask_open_path
from resettle.ui.common.views import push_button
from resettle.ui.common.window_message import exec_box, window_message_box
from resettle.ui.failures import failure_text

if TYPE_CHECKING:
    from resettle.ui.admin.window import AdministrationWindow


class BackupButtons(QObject):
    """``BackupButtons(window, backups_dir, keep)``: put ``back_up_button`` and
    ``restore_button`` in the window's button row."""

    #: The database was restored (what happened, in words): the workspace is closed; sign
    #: in again.
    restored = Signal(str)
    #: A backup was made (the start page's reminder is read again).
    backed_up = Signal()
    #: A backup or restore finished (for tests; the message line says what happened).
    finished = Signal()

    def __init__(self, window: AdministrationWindow, backups_dir: Path, keep: int) -> None:
        super().__init__(window)
        self.window = window
        self.backups_dir = backups_dir
        self.keep = keep
        self.back_up_button: QPushButton = push_button(self.tr("&Back up now"))
        self.back_up_button.setToolTip(
            self.tr("Copy the whole database into %1").replace("%1", str(backups_dir))
        )
        self.back_up_button.clicked.connect(self.back_up)
        self.restore_button: QPushButton = push_button(self.tr("&Restore..."))
        self.restore_button.setToolTip(self.tr("Replace the whole database with a backup"))
        self.restore_button.clicked.connect(self.ask_restore)

    def _set_running(self, running: bool) -> None:
        self.back_up_button.setEnabled(not running)
        self.restore_button.setEnabled(not running)

    # --- the reminder --------------------------------------------------------------------
    def remind(self) -> None:
        """Say so in the message line when the newest backup is older than 7 days."""
        folder = self.backups_dir
        self.window.busy.run(lambda _job: backup.last_backup_time(folder), self._reminder)

    def _reminder(self, last: dt.datetime | None) -> None:
        if not backup.backup_overdue_since(last):
            return
        if last is None:
            text = self.tr("No backup of this database has been made here yet: Back up now.")
        else:
            days = (dt.datetime.now(dt.UTC) - last).days
            text = self.tr("The last backup was made %1 days ago: Back up now.").replace(
                "%1", str(days)
            )
        self.window.say(text, Tone.WARNING)

    # --- backing up ----------------------------------------------------------------------
    def back_up(self) -> None:
        runner, folder, keep = self.window.runner, self.backups_dir, self.keep
        self.window.say(self.tr("Backing up the database..."))
        self._set_running(True)
        self.window.busy.run(
            lambda _job: backup.back_up(runner, folder, keep=keep),
            self._backed_up,
            on_failure=self._failed,
        )

    def _backed_up(self, done: backup.BackupDone) -> None:
        self._set_running(False)
        self.window.say(self.tr("Backed up to %1").replace("%1", str(done.path)))
        self.backed_up.emit()
        self.finished.emit()

    def _failed(self, error: Exception) -> None:
        self._set_running(False)
        self.window.say(failure_text(error, "backup"), Tone.ERROR)
        self.finished.emit()

    # --- restoring -----------------------------------------------------------------------
    def ask_restore(self) -> None:
        chosen = ask_open_path(
            self.window,
            self.tr("Restore from a backup"),
            self.tr("Resettle backups (*.sqlite3 *.dump);;All files (*)"),
            start=self.backups_dir,
        )
        if chosen is not None:
            self.check_then_ask(chosen)

    def check_then_ask(self, path: Path) -> None:
        """Check ``path`` in the background (the file, its manifest and checksum), then ask
        with the backup's date; nothing is replaced before the answer is Yes."""
        runner = self.window.runner
        self.window.say(self.tr("Checking the backup..."))
        self._set_running(True)
        self.window.busy.run(
            lambda _job: preview_restore(runner, path), self._checked, on_failure=self._failed
        )

    def _checked(self, preview: RestorePreview) -> None:
        self._set_running(False)
        self.window.say("")
        if self._confirmed(preview):
            self.restore(preview.backup)
        else:
            self.window.say(self.tr("Not restored: nothing was changed."))
            self.finished.emit()

    def _confirmed(self, preview: RestorePreview) -> bool:
        when = preview.made_at.astimezone().strftime("%d %b %Y %H:%M")  # local time
        box = window_message_box(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Restore the database"))
        box.setText(
            self.tr("Replace the whole database with the backup made on %1?").replace("%1", when)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setInformativeText(
            self.tr(
                "The backup %1 holds schema %2. Everything saved since %3 will be replaced, "
                "including the audit trail of it (the current database is kept in backups/, "
                "named with today's date and time and ending “-before-restore”, which rotation "
                "never removes). Everyone "
                "must sign in again afterwards."
            )
            .replace("%1", preview.backup.name)
            .replace("%2", preview.schema_revision or self.tr("unknown"))
            .replace("%3", when)
        )
        return exec_box(box) == QMessageBox.StandardButton.Yes

    def restore(self, path: Path) -> None:
        """Restore ``path`` in the background (no question: ``ask_restore`` asks)."""
        runner, folder = self.window.runner, self.backups_dir
        self.window.say(self.tr("Checking the backup and restoring..."))
        self._set_running(True)
        self.window.busy.run(
            lambda _job: backup.restore(runner, path, folder),  # a restore rotates nothing
            self._restored,
            on_failure=self._failed,
        )

    def _restored(self, done: Any) -> None:
        self._set_running(False)
        text = self.tr("Restored. The database as it was before is kept as %1.").replace(
            "%1", str(done.previous)
        )
        if done.upgraded:
            text += " " + self.tr("The backup was from an older version and was upgraded.")
        if getattr(done, "roles_to_set_up", False):
            text += " " + self.tr(
                "The backup's database had its own logins for each account; none were made "
                "from the backup: the database owner runs 'resettle db setup-roles'."
            )
        self.window.say(text)
        self.finished.emit()
        self.restored.emit(text)


def backup_widgets(buttons: BackupButtons) -> list[QWidget]:
    return [buttons.back_up_button, buttons.restore_button]
