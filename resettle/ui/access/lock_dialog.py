"""The window in front while the app is locked: the password of the account signed in, to
unlock, or Sign out. It cannot be closed or escaped any other way."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from resettle.ui.access.form import CredentialsDialog, password_edit


class LockDialog(CredentialsDialog):
    #: The password typed, to check.
    unlock_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Resettle is locked"),
            self.tr("Resettle is locked"),
            self.tr("&Unlock"),
            self.tr("Sign &out"),
            parent,
        )
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlags(
            Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint | Qt.WindowType.WindowTitleHint
        )
        self.username = username
        self.note = self.add_note(
            self.tr(
                "Signed in as %1. Enter your password to carry on: your unsaved work is "
                "kept as you left it."
            ).replace("%1", username)
        )
        self.password = self.add_field(self.tr("&Password"), password_edit(self.tr("Password")))
        self.cancel_button.setToolTip(self.tr("Sign out, so that someone else can sign in"))
        self.buttons.rejected.connect(self.sign_out_requested)
        self._closing = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The keyboard in the password, Enter to unlock (not on a button, where Enter would
        # press that button instead).
        self.ok_button.setDefault(True)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if self.missing([(self.password, self.tr("Enter your password."))]):
            return
        password = self.password.text()
        self.password.clear()
        self.unlock_requested.emit(password)

    def refused(self, message: str) -> None:
        self.refuse(message, focus=self.password, clear=(self.password,))

    def reject(self) -> None:
        """Escape does not close it: only the password, or signing out, does."""

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing:
            super().closeEvent(event)
        else:
            event.ignore()

    def finish(self) -> None:
        """Close it for good (unlocked, or the lock stopped)."""
        self._closing = True
        self.done(0)
        self.deleteLater()


__all__ = ["LockDialog"]
