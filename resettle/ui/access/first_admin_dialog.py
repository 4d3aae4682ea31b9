"""The first start on a database with no accounts: create the first administrator.

Nobody can sign in to an empty database, and no account is ever made without being asked
for, so the app asks for this one. Empty fields and a mistyped repeat are caught here; the
caller's attempt checks the rest (the password policy, a user name in use) and says what
is wrong in the outcome's message.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from resettle.ui.access.form import (
    FULL_NAME_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
    CredentialsDialog,
    attempt,
    password_edit,
    text_edit,
)
from resettle.ui.access.outcome import CreateAdminAttempt
from resettle.ui.common.message_style import Tone


class FirstAdminDialog(CredentialsDialog):
    def __init__(
        self,
        attempt: CreateAdminAttempt,
        *,
        policy_hint: str,
        key_file: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Create the first administrator"),
            self.tr("Create the first administrator"),
            self.tr("&Create administrator"),
            self.tr("&Quit"),
            parent,
        )
        self._attempt = attempt
        self._created_username = ""
        self.intro = self.add_note(
            self.tr(
                "This database has no accounts yet. The account you create here is its first "
                "administrator: it creates the other accounts and manages teams and "
                "establishments. Administrators do not read case records."
            ),
            Tone.NOTICE,
        )
        if key_file is not None:  # an encrypted database: its key file's name
            self.encryption_note = self.add_note(
                self.tr(
                    "This database is encrypted: each account's password opens it, through its "
                    "key slot in the key file beside it (%1). Keep that file with the database "
                    "and back up both together: without it nobody can read the database."
                ).replace("%1", key_file)
            )
        self.username = self.add_field(
            self.tr("&User name"), text_edit(self.tr("User name"), USERNAME_MAX_LENGTH)
        )
        self.full_name = self.add_field(
            self.tr("&Full name"), text_edit(self.tr("Full name"), FULL_NAME_MAX_LENGTH)
        )
        self.password = self.add_field(self.tr("&Password"), password_edit(self.tr("Password")))
        self.repeat = self.add_field(
            self.tr("&Repeat password"), password_edit(self.tr("Repeat password"))
        )
        self.policy_label = self.add_hint(policy_hint)
        self.password.setAccessibleDescription(policy_hint)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def created_username(self) -> str:
        """The administrator's user name ("" until the dialog is accepted)."""
        return self._created_username

    def submit(self) -> None:
        if self.missing(
            [
                (self.username, self.tr("Enter a user name.")),
                (self.full_name, self.tr("Enter the administrator's full name.")),
                (self.password, self.tr("Enter a password.")),
                (self.repeat, self.tr("Repeat the password.")),
            ]
        ):
            return
        if self.password.text() != self.repeat.text():
            self.refuse(
                self.tr("The password and its repeat are not the same. Type them again."),
                focus=self.password,
                clear=(self.password, self.repeat),
            )
            return
        username = self.username.text().strip()
        full_name = self.full_name.text().strip()
        password = self.password.text()
        outcome = attempt(lambda: self._attempt(username, full_name, password))
        if not outcome.ok:
            self.refuse(
                outcome.message or self.tr("The administrator was not created."),
                focus=self.password,
                clear=(self.password, self.repeat),
            )
            return
        self._created_username = username
        self.accept()


__all__ = ["FirstAdminDialog"]
