"""Creating an account, changing its roles and places of work, and resetting its password.

Passwords are typed twice and compared here; the services check the policy and every other
rule, and their problems appear under the fields they name.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLineEdit, QWidget

from resettle.domain.password_policy import MIN_LENGTH
from resettle.services import accounts, authentication
from resettle.services.accounts import AccountSummary
from resettle.services.regions import RegionSummary
from resettle.services.teams import EstablishmentAdminSummary, TeamSummary
from resettle.services.workspace import Workspace
from resettle.ui.access.form import FULL_NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, password_edit
from resettle.ui.access.form import note_label as hint_label
from resettle.ui.admin.form_dialog import FormDialog
from resettle.ui.admin.roles_places import RolesAndPlaces
from resettle.ui.common.widgets import line_edit

POLICY_HINT = (
    f"At least {MIN_LENGTH} characters; not the user name or part of the person's name; "
    "not a common password."
)
USERNAME_MAX_LENGTH = 40


def _text(max_length: int, placeholder: str = "") -> QLineEdit:
    return line_edit(max_length, placeholder)


class _TwoPasswords:
    """A password and its repeat on ``dialog``, with the policy hint under them."""

    def __init__(self, dialog: FormDialog, caption: str, field: str) -> None:
        self.first = password_edit(caption.replace("&", ""))
        self.first.setMaxLength(PASSWORD_MAX_LENGTH)
        self.first.setAccessibleDescription(POLICY_HINT)
        self.repeat = password_edit("Repeat " + caption.replace("&", "").lower())
        dialog.add_row(caption, self.first, field)
        dialog.add_row("Repeat pass&word", self.repeat, "repeat_password")
        dialog.form.addRow("", hint_label(POLICY_HINT))
        self._dialog = dialog

    def matching(self) -> bool:
        """The repeat matches; else say so under it, empty both and go back to the first."""
        if self.first.text() and self.first.text() == self.repeat.text():
            return True
        message = (
            "Enter the temporary password."
            if not self.first.text()
            else "The password and its repeat are not the same. Type them again."
        )
        self._dialog.errors.show_at("repeat_password", message)
        self.first.clear()
        self.repeat.clear()
        self.first.setFocus()
        return False

    def text(self) -> str:
        return self.first.text()


class NewAccountDialog(FormDialog):
    def __init__(
        self,
        runner: Workspace,
        teams: Sequence[TeamSummary],
        establishments: Sequence[EstablishmentAdminSummary],
        parent: QWidget | None = None,
        regions: Sequence[RegionSummary] = (),
    ) -> None:
        super().__init__("New account", "New account", "&Create account", parent)
        self._runner = runner
        self.username = _text(USERNAME_MAX_LENGTH, "for example jo.bloggs")
        self.display_name = _text(FULL_NAME_MAX_LENGTH)
        self.email = _text(200)
        self.phone = _text(40)
        self.add_row("&User name", self.username, "username")
        self.add_row("Full &name", self.display_name, "display_name")
        self.add_row("&Email (optional)", self.email, "email")
        self.add_row("P&hone (optional)", self.phone, "phone")
        self.access = RolesAndPlaces(self, teams, establishments, regions=regions)
        self.password = _TwoPasswords(self, "Tem&porary password", "temporary_password")
        self.form.addRow(
            "",
            hint_label(
                "The person must change this password when they first sign in. Give it to "
                "them in person or by phone, never by email."
            ),
        )
        self.fit(640)

    def check(self) -> bool:
        return self.access.any_role(self) and self.password.matching()

    def save(self) -> None:
        places = self.access.places()
        created = self._runner.run(
            accounts.create_account,
            {
                "username": self.username.text(),
                "display_name": self.display_name.text(),
                "email": self.email.text(),
                "phone": self.phone.text(),
                "roles": sorted(self.access.roles()),
                "temporary_password": self.password.text(),
                **{kind: sorted(ids) for kind, ids in places.by_kind().items()},
            },
        )
        self.created_id = created.id


class EditAccessDialog(FormDialog):
    """Roles and places of work, saved as two parts: each names the value the list showed, so
    a change another administrator made since is never overwritten."""

    def __init__(
        self,
        runner: Workspace,
        account: AccountSummary,
        teams: Sequence[TeamSummary],
        establishments: Sequence[EstablishmentAdminSummary],
        parent: QWidget | None = None,
        regions: Sequence[RegionSummary] = (),
    ) -> None:
        super().__init__(
            "Roles and places of work",
            f"Roles and places of work: {account.username}",
            "&Save",
            parent,
        )
        self._runner = runner
        self._account = account
        self.access = RolesAndPlaces(
            self, teams, establishments, account.roles, account.places, regions
        )
        self.fit(640)

    def check(self) -> bool:
        return self.access.any_role(self) and self.access.places_fit(self)

    def save(self) -> None:
        roles, places = self.access.roles(), self.access.places()
        if roles != self._account.roles:
            # Kept as saved: if the places are refused next, a second try does not take this
            # dialog's own change of roles for someone else's.
            self._account = self._runner.run(
                accounts.set_roles, self._account.id, sorted(roles), was=self._account.roles
            )
        if places != self._account.places:
            self._runner.run(
                accounts.set_places, self._account.id, places, was=self._account.places
            )


class ResetPasswordDialog(FormDialog):
    def __init__(
        self, runner: Workspace, account: AccountSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Reset password",
            f"Reset the password of {account.display_name} ({account.username})",
            "&Reset password",
            parent,
        )
        self._runner = runner
        self._account = account
        self.page_layout.insertWidget(
            1,
            hint_label(
                "Give the person a temporary password: they must change it when they next "
                "sign in. A lock after wrong passwords is lifted too."
            ),
        )
        self.password = _TwoPasswords(self, "Tem&porary password", "password")
        self.fit(560)

    def check(self) -> bool:
        return self.password.matching()

    def save(self) -> None:
        self._runner.run(authentication.reset_password, self._account.id, self.password.text())
