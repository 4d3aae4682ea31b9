"""The Accounts tab: every account with its roles, places of work and state, a filter, and
the administrator's actions on the chosen account."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from resettle.services import accounts
from resettle.services.accounts import AccountSummary
from resettle.ui.admin.account_dialogs import (
    EditAccessDialog,
    NewAccountDialog,
    ResetPasswordDialog,
)
from resettle.ui.admin.host import AdminHost
from resettle.ui.admin.list_page import ListPage
from resettle.ui.admin.texts import (
    is_locked,
    places_text,
    places_tooltip,
    roles_text,
    status_text,
)
from resettle.ui.common.messages import ask_ok_cancel
from resettle.ui.common.rows_model import Column

COLUMNS: list[Column[AccountSummary]] = [
    Column("User name", lambda a: a.username),
    Column("Name", lambda a: a.display_name),
    Column("Roles", lambda a: roles_text(a.roles)),
    Column("Status", status_text),
    Column("Teams and establishments", places_text, tooltip=places_tooltip),
]
#: The long column, last: it takes the room left and its full text is in its tooltip.
PLACES_COLUMN = 4


def confirm_disable(parent: QWidget, username: str) -> bool:
    """Disable this account? Cancel is the default."""
    return ask_ok_cancel(
        parent,
        QMessageBox.Icon.Question,
        "Disable account",
        f"Disable the account {username}?",
        "It can no longer sign in, and if it is signed in now its next action is refused. "
        "You can enable it again.",
        "&Disable account",
    )


class AccountsTab(ListPage[AccountSummary]):
    def __init__(self, host: AdminHost) -> None:
        super().__init__(COLUMNS, "Accounts", "&Filter accounts", stretch_column=PLACES_COLUMN)
        self.host = host
        self.new_button = self.add_action("&New account…", self.new_account)
        self.edit_button = self.add_action("Ed&it roles and places…", self.edit_access)
        self.active_button = self.add_action("&Disable", self.toggle_active, stretch=True)
        self.reset_button = self.add_action("&Reset password…", self.reset_password)
        self.unlock_button = self.add_action("&Unlock", self.unlock)
        self.selection_changed.connect(self._enable_actions)
        self.activated.connect(self.edit_access)
        self._enable_actions()

    def show_lists(self) -> None:
        self.set_rows(self.host.lists.accounts)
        self._enable_actions()

    def _enable_actions(self) -> None:
        account = self.selected()
        for button in (self.edit_button, self.active_button, self.reset_button):
            button.setEnabled(account is not None)
        self.unlock_button.setEnabled(account is not None and is_locked(account))
        enable = account is not None and not account.active
        self.active_button.setText("&Enable" if enable else "&Disable")
        self.active_button.setAccessibleName("Enable" if enable else "Disable")

    def new_account(self) -> None:
        lists = self.host.lists
        dialog = NewAccountDialog(
            self.host.runner, lists.teams, lists.establishments, self, lists.regions
        )
        self.host.open_form(dialog, "Account created.", created_in=self)

    def edit_access(self) -> None:
        account = self.selected()
        if account is None:
            return
        lists = self.host.lists
        dialog = EditAccessDialog(
            self.host.runner, account, lists.teams, lists.establishments, self, lists.regions
        )
        self.host.open_form(dialog, f"Roles and places of {account.username} saved.")

    def reset_password(self) -> None:
        account = self.selected()
        if account is not None:
            dialog = ResetPasswordDialog(self.host.runner, account, self)
            self.host.open_form(
                dialog,
                f"Password of {account.username} reset: they must change it when they next "
                "sign in.",
            )

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        runner = self.host.runner
        if account.active:
            if confirm_disable(self, account.username):
                self.host.change(
                    lambda: runner.run(accounts.disable_account, account.id),
                    f"{account.username} disabled.",
                )
        else:
            self.host.change(
                lambda: runner.run(accounts.enable_account, account.id),
                f"{account.username} enabled.",
            )

    def unlock(self) -> None:
        account = self.selected()
        if account is not None:
            runner = self.host.runner
            self.host.change(
                lambda: runner.run(accounts.unlock_account, account.id),
                f"{account.username} unlocked.",
            )
