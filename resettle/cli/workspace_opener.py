"""Opens the workspace once, on first use by a command, and closes it at exit.

Signing in: ``--user NAME`` names the account; the password is read from
``RESETTLE_PASSWORD`` (for scripts) or asked for at a prompt that does not echo it. There is
no way to act as an account without its password.

The database machinery is imported on first use, so commands that never open the
workspace do not load SQLAlchemy or the migrations.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from resettle.cli.password_prompt import typed_password
from resettle.domain.errors import DomainError
from resettle.settings import Settings

if TYPE_CHECKING:
    from resettle.services.workspace import Workspace
    from resettle.storage.database import Database

PASSWORD_ENV = "RESETTLE_PASSWORD"
NEW_PASSWORD_ENV = "RESETTLE_NEW_PASSWORD"


class NoAccountNamed(DomainError):
    code = "account.none_named"

    def __init__(self) -> None:
        super().__init__(
            "Name your account with --user NAME (the password is asked for, or read from "
            f"{PASSWORD_ENV} in scripts). On a new database, create the first administrator "
            "with: resettle accounts create-admin --user NAME"
        )


def read_password(prompt: str = "Password: ") -> str:
    """``RESETTLE_PASSWORD`` when set, else typed at a prompt that does not echo (refused
    without a terminal, naming the variable)."""
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        return given
    return typed_password(prompt, PASSWORD_ENV)


class PasswordsDiffer(DomainError):
    code = "account.passwords_differ"

    def __init__(self, field: str) -> None:
        super().__init__(f"{field}: the two passwords typed differ; nothing was changed.")


def read_new_password(field: str, env: str = NEW_PASSWORD_ENV) -> str:
    """A password to set: ``env`` when set (scripts), else typed twice at prompts that do not
    echo, and refused when the two differ. ``field`` names it ("New password")."""
    given = os.environ.get(env)
    if given is not None:
        return given
    first = typed_password(f"{field}: ", env)
    second = typed_password(f"{field} again: ", env)
    if first != second:
        raise PasswordsDiffer(field)
    return first


class NoAccountsYet(DomainError):
    code = "account.none_yet"

    def __init__(self) -> None:
        super().__init__(
            "This database has no accounts yet, so nobody can sign in to it. Create the first "
            "administrator with: resettle accounts create-admin --user NAME. To restore a "
            "backup into it, sign in as that administrator: the restore replaces the database, "
            "that account with it."
        )


class WorkspaceOpener:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._workspace: Workspace | None = None
        self._database: Database | None = None

    def open(self) -> Workspace:
        """The workspace, signed in as ``--user``; refuses without a user name."""
        if self._workspace is None:
            from resettle.services.authentication import has_accounts
            from resettle.services.before_sign_in import run_before_sign_in
            from resettle.services.workspace import signed_in_workspace

            if not self.settings.username:
                raise NoAccountNamed()
            database = self._settings_database(create=False)
            if not run_before_sign_in(database, has_accounts):  # not a wrong password: say so
                raise NoAccountsYet()
            self._workspace = signed_in_workspace(database, self.settings.username, read_password())
        return self._workspace

    def open_database(self, *, encrypt_new: bool | None = None) -> Database:
        """The database, checked and migrated, with nobody signed in (for creating the
        first administrator and for demo data, whose new database is not encrypted:
        ``encrypt_new=False``). An encrypted file is sealed until someone signs in. These
        commands set a database up: a SQLite file named with ``--database-url`` that is not
        there yet is made."""
        return self._settings_database(encrypt_new=encrypt_new, create=True)

    def _settings_database(self, *, encrypt_new: bool | None = None, create: bool) -> Database:
        if self._database is None:
            from resettle.services.workspace import open_settings_database

            self._database = open_settings_database(
                self.settings, encrypt_new=encrypt_new, create=create
            )
        return self._database

    def open_database_as_is(self) -> Database:
        """The database without upgrading or backing it up (not kept: the caller closes
        it). Only ``resettle demo`` looks at it so, before it sets a database up: a SQLite
        file named with ``--database-url`` that is not there yet is made."""
        from resettle.storage.database import open_database

        return open_database(
            self.settings.database_url,
            migrate=False,
            busy_timeout_ms=self.settings.busy_timeout_ms,
            create_missing=True,  # `resettle demo`'s look before it sets a database up
        )

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None
        elif self._database is not None:
            self._database.close()
        self._database = None
