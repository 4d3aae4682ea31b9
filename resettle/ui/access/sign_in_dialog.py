"""The dialog the app opens with: a user name and password, tried by the caller's attempt.

It says which database it opens (a shared server or this computer's file), and on demo data
which password the demo accounts use. A refusal is shown under the fields in the caller's
words (which never say whether the user name exists); the password is emptied for the next
try and the user name kept.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from resettle.ui.access.form import (
    USERNAME_MAX_LENGTH,
    CredentialsDialog,
    attempt,
    note_label,
    password_edit,
    text_edit,
)
from resettle.ui.access.outcome import SignInAttempt
from resettle.ui.common.message_style import Tone

DEMO_PASSWORD = "demo-password"


class SignInDialog(CredentialsDialog):
    def __init__(
        self,
        attempt: SignInAttempt,
        *,
        database_description: str,
        demo: bool,
        remembered_username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Sign in to Resettle"),
            self.tr("Sign in to Resettle"),
            self.tr("&Sign in"),
            self.tr("&Quit"),
            parent,
        )
        self._attempt = attempt
        self._signed_in_username = ""
        self._needs_password_change = False
        if demo:
            self.demo_note = self.add_note(
                self.tr("Demo data: demo accounts use the password %1").replace(
                    "%1", DEMO_PASSWORD
                ),
                Tone.WARNING,
            )
        self.username = self.add_field(
            self.tr("&User name"), text_edit(self.tr("User name"), USERNAME_MAX_LENGTH)
        )
        self.password = self.add_field(self.tr("&Password"), password_edit(self.tr("Password")))
        self.database_label = note_label(
            self.tr("Database: %1").replace("%1", database_description)
        )
        self.footer.addWidget(self.database_label)
        small = self.database_label.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.database_label.setFont(small)
        self.username.setText(remembered_username)
        (self.password if remembered_username else self.username).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    @property
    def signed_in_username(self) -> str:
        """The user name that signed in ("" until the dialog is accepted)."""
        return self._signed_in_username

    @property
    def needs_password_change(self) -> bool:
        """Signed in, but the password must be changed before anything else."""
        return self._needs_password_change

    def submit(self) -> None:
        if self.missing(
            [
                (self.username, self.tr("Enter your user name.")),
                (self.password, self.tr("Enter your password.")),
            ]
        ):
            return
        username = self.username.text().strip()
        password = self.password.text()
        outcome = attempt(lambda: self._attempt(username, password))
        if not outcome.ok:
            self.refuse(
                outcome.message or self.tr("The user name or password is not right."),
                focus=self.password,
                clear=(self.password,),
            )
            return
        self._signed_in_username = username
        self._needs_password_change = outcome.must_change_password
        self.accept()


__all__ = ["DEMO_PASSWORD", "SignInDialog"]
