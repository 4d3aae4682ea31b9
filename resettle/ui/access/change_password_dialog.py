"""Changing one's own password: the current one, the new one twice.

When an administrator has reset the password (``forced``), the dialog says so and the only
other way out is to sign out. The new password and its repeat are compared here; the policy
(length, not the user name, not a common password) is the caller's to check, and its problems
come back in the outcome's message.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from resettle.ui.access.form import CredentialsDialog, attempt, password_edit
from resettle.ui.access.outcome import ChangeAttempt
from resettle.ui.common.message_style import Tone


class ChangePasswordDialog(CredentialsDialog):
    def __init__(
        self,
        attempt: ChangeAttempt,
        *,
        forced: bool,
        policy_hint: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Change password"),
            self.tr("An administrator set your password: choose your own")
            if forced
            else self.tr("Change your password"),
            self.tr("&Change password"),
            self.tr("Sign &out") if forced else self.tr("Cancel"),
            parent,
        )
        self._attempt = attempt
        self.forced = forced
        if forced:
            self.add_note(
                self.tr(
                    "You must choose a new password before you carry on. Enter the password "
                    "your administrator gave you, then a new one only you know."
                ),
                Tone.NOTICE,
            )
        self.current = self.add_field(
            self.tr("C&urrent password"), password_edit(self.tr("Current password"))
        )
        self.new = self.add_field(self.tr("&New password"), password_edit(self.tr("New password")))
        self.repeat = self.add_field(
            self.tr("&Repeat new password"), password_edit(self.tr("Repeat new password"))
        )
        self.policy_label = self.add_hint(policy_hint)
        self.new.setAccessibleDescription(policy_hint)
        self.current.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if self.missing(
            [
                (self.current, self.tr("Enter your current password.")),
                (self.new, self.tr("Enter a new password.")),
                (self.repeat, self.tr("Repeat the new password.")),
            ]
        ):
            return
        if self.new.text() != self.repeat.text():
            self.refuse(
                self.tr("The new password and its repeat are not the same. Type them again."),
                focus=self.new,
                clear=(self.new, self.repeat),
            )
            return
        if self.new.text() == self.current.text():
            self.refuse(
                self.tr("The new password must be different from the current one."),
                focus=self.new,
                clear=(self.new, self.repeat),
            )
            return
        current, new = self.current.text(), self.new.text()
        outcome = attempt(lambda: self._attempt(current, new))
        if not outcome.ok:
            self.refuse(
                outcome.message or self.tr("The password was not changed."),
                focus=self.new,
                clear=(self.new, self.repeat),
            )
            return
        self.accept()


__all__ = ["ChangePasswordDialog"]
