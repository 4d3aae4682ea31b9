"""The access dialogs (``ui/access``) wired to the services: signing in, the first
administrator, changing a password and unlocking, each a plain attempt returning an
``AttemptOutcome``; and the user name each database last signed in with (never a password).

Scripts and benchmarks sign in without the dialog by giving ``--user NAME`` and the password
in ``RESETTLE_PASSWORD`` together (the password is still checked, as at the dialog).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QWidget

from resettle.domain.errors import DomainError, ValidationFailed
from resettle.services import authentication
from resettle.services.before_sign_in import Database, run_before_sign_in
from resettle.services.demo_marker import is_demo_database
from resettle.services.workspace import Workspace, signed_in_workspace
from resettle.ui.access.change_password_dialog import ChangePasswordDialog
from resettle.ui.access.first_admin_dialog import FirstAdminDialog
from resettle.ui.access.outcome import AttemptOutcome
from resettle.ui.access.sign_in_dialog import SignInDialog
from resettle.ui.common.message_style import Tone

#: The password of ``--user`` for scripts (the same variable the CLI reads).
PASSWORD_ENV = "RESETTLE_PASSWORD"
USERNAME_KEY = "sign_in/{database}/username"


def _tr(text: str) -> str:
    return QCoreApplication.translate("SigningIn", text)


def policy_hint() -> str:
    return _tr(
        "At least 12 characters, not your user name or your name, and not a common password."
    )


def refusal_text(error: DomainError) -> str:
    """A refusal in the words shown under the form (each broken rule on its own line)."""
    if isinstance(error, ValidationFailed) and error.problems:
        return "\n".join(problem.message for problem in error.problems)
    return str(error)


def outcome_of(call: Callable[[], object]) -> AttemptOutcome:
    """Run ``call``: ok, or not ok with the refusal's words (any ``DomainError``)."""
    try:
        call()
    except DomainError as error:
        return AttemptOutcome(ok=False, message=refusal_text(error))
    return AttemptOutcome(ok=True)


# --- remembering the user name ---------------------------------------------------------------
def remembered_username(database: Database) -> str:
    value = QSettings().value(USERNAME_KEY.format(database=database.key))
    return value if isinstance(value, str) else ""


def remember_username(database: Database, username: str) -> None:
    QSettings().setValue(USERNAME_KEY.format(database=database.key), username)


# --- the dialogs -----------------------------------------------------------------------------
def scripted_sign_in(database: Database, username: str | None) -> Workspace | None:
    """Signed in without the dialog when both ``--user`` and ``RESETTLE_PASSWORD`` are given
    (raises ``SignInRefused`` on a wrong password); None when either is missing."""
    password = os.environ.get(PASSWORD_ENV)
    if not username or password is None:
        return None
    return signed_in_workspace(database, username, password)


def first_admin_dialog(database: Database) -> FirstAdminDialog:
    """On a database without accounts: the dialog that creates the first administrator
    (``created_username`` once accepted)."""

    def create(username: str, full_name: str, password: str) -> AttemptOutcome:
        return outcome_of(
            lambda: run_before_sign_in(
                database, authentication.create_first_admin, username, full_name, password
            )
        )

    key_file = database.key_file
    return FirstAdminDialog(
        create, policy_hint=policy_hint(), key_file=key_file.name if key_file else None
    )


class SignIn:
    """One sign-in through the dialog: keeps the workspace the accepted attempt opened.
    ``username`` fills the user name (else the one this database last signed in with, unless
    ``remember`` is off, as for Switch user); ``note`` is said above the fields (why the user
    was signed out)."""

    def __init__(
        self, database: Database, username: str = "", *, remember: bool = True, note: str = ""
    ) -> None:
        self.database = database
        self.workspace: Workspace | None = None
        self.dialog = SignInDialog(
            self.attempt,
            database_description=database.description,
            demo=run_before_sign_in(database, is_demo_database),
            remembered_username=username or (remembered_username(database) if remember else ""),
        )
        if note:
            self.dialog.add_note(note, Tone.WARNING)

    def attempt(self, username: str, password: str) -> AttemptOutcome:
        try:
            workspace = signed_in_workspace(self.database, username, password)
        except DomainError as error:  # SignInRefused, or the database unreachable
            return AttemptOutcome(ok=False, message=refusal_text(error))
        self.workspace = workspace
        remember_username(self.database, username)
        return AttemptOutcome(ok=True, must_change_password=workspace.must_change_password)


def change_password_dialog(
    workspace: Workspace, *, forced: bool, parent: QWidget | None = None
) -> ChangePasswordDialog:
    """The Change password dialog for the account signed in (accepted once changed)."""

    def change(current: str, new: str) -> AttemptOutcome:
        return outcome_of(lambda: workspace.run(authentication.change_password, current, new))

    return ChangePasswordDialog(change, forced=forced, policy_hint=policy_hint(), parent=parent)


def unlock_attempt(workspace: Workspace) -> Callable[[str], AttemptOutcome]:
    """The idle lock's unlock: the signed-in account's password, checked through the
    workspace (so a disabled account cannot unlock)."""

    def unlock(password: str) -> AttemptOutcome:
        try:
            right = workspace.run(authentication.check_password, password)
        except DomainError as error:
            return AttemptOutcome(ok=False, message=refusal_text(error))
        if not right:
            return AttemptOutcome(ok=False, message=_tr("The password is not right."))
        return AttemptOutcome(ok=True)

    return unlock


__all__ = [
    "PASSWORD_ENV",
    "SignIn",
    "change_password_dialog",
    "first_admin_dialog",
    "outcome_of",
    "policy_hint",
    "remember_username",
    "remembered_username",
    "scripted_sign_in",
    "unlock_attempt",
]
