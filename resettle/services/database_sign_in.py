"""Signing in on PostgreSQL with logins (``resettle db setup-roles``): the app connects as
the signed-in person's own login, so the database's row-level security binds everything the
app then does, and PostgreSQL checks the password (SCRAM).

The database opened before sign-in (the owner's or the gate's URL) is used only for the
gate's calls: before trying, lift a lock whose time has run out; after, record a refused
sign-in. PostgreSQL itself refuses a locked account's login (``storage/postgres_gate.py``), so
a locked account, an unknown user name and a wrong password get the same refusal, counted
and audited through the gate. The password is never logged and never appears in an error's
text.
"""

from __future__ import annotations

from resettle.services.authentication import SignInRefused
from resettle.services.storage_errors import translate_storage_errors
from resettle.storage.database import Database, open_database
from resettle.storage.errors import DatabaseProblem, OwnerMustUpgrade
from resettle.storage.migrate import current_revision, head_revision
from resettle.storage.postgres_access import login_name
from resettle.storage.repositories.logins import LoginRepository


def login_prefix(database: Database) -> str | None:
    """The role prefix when ``database`` is PostgreSQL with logins set up, else None."""
    if database.is_sqlite:
        return None
    with translate_storage_errors("sign_in"), database.uow() as uow:
        return LoginRepository(uow.session).prefix()


def open_as_login(database: Database, prefix: str, username: str, password: str) -> Database:
    """The same database, connected as the account's login with ``password``. A locked,
    unknown or disabled account and a wrong password are refused alike: PostgreSQL refuses
    the connection, and the gate counts and audits the refusal."""
    username = username.strip()
    _gate(database, username, refused=False)
    url = database.url.set(username=login_name(prefix, username), password=password)
    try:
        opened = open_database(url.render_as_string(hide_password=False), migrate=False)
    except DatabaseProblem:
        _gate(database, username, refused=True)
        raise SignInRefused() from None
    if current_revision(opened.engine) != head_revision():
        opened.close()
        raise OwnerMustUpgrade(database.description)
    return opened


def _gate(database: Database, username: str, *, refused: bool) -> None:
    """Before trying: lift a lock whose time has run out; after a refusal: record it."""
    with translate_storage_errors("sign_in"), database.uow() as uow:
        logins = LoginRepository(uow.session)
        if refused:
            logins.record_failed_sign_in(username)
        else:
            logins.before_sign_in(username)
        uow.commit()
