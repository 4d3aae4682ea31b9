"""PostgreSQL login roles of the accounts (``storage/postgres_access.py`` has the SQL): read
and kept in step inside the caller's transaction, so a rolled-back change leaves no role."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from resettle.storage.postgres_access import (
    PASSWORD_SET_COMMENT,
    PREFIX_KEY,
    login_name,
    quote_literal,
    scram_verifier,
    setup_sql,
)
from resettle.storage.tables.meta import MetaRow


class LoginRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def on_postgres(self) -> bool:
        return self._session.get_bind().dialect.name == "postgresql"

    def prefix(self) -> str | None:
        """This database's role prefix; None on SQLite or before ``setup-roles`` ran."""
        if not self.on_postgres:
            return None
        row = self._session.get(MetaRow, PREFIX_KEY)
        return row.value if row is not None else None

    def set_up(self, prefix: str, gate_password: str) -> None:
        """The roles, functions, grants and policies (the owner runs this)."""
        row = self._session.get(MetaRow, PREFIX_KEY)
        if row is None:
            self._session.add(MetaRow(key=PREFIX_KEY, value=prefix))
        else:
            row.value = prefix
        self._session.flush()
        for statement in setup_sql(prefix, scram_verifier(gate_password)):
            self._run(statement)

    def sync(self, staff_id: int) -> None:
        self._session.flush()
        self._session.execute(text("SELECT resettle_sync_login(:id)"), {"id": staff_id})

    def set_password(self, prefix: str, staff_id: int, username: str, password: str) -> None:
        """Only the SCRAM verifier reaches the server, never the password."""
        self._session.flush()
        verifier = scram_verifier(password)
        if self.session_user() == login_name(prefix, username):
            # A login changes its own password (PostgreSQL allows it without CREATEROLE).
            self._run(f"ALTER ROLE CURRENT_USER PASSWORD {quote_literal(verifier)}")
            self._session.execute(text("SELECT resettle_own_password_set()"))
            return
        self._session.execute(
            text("SELECT resettle_set_login_password(:id, :verifier)"),
            {"id": staff_id, "verifier": verifier},
        )

    def _run(self, statement: str) -> None:
        """As written, on the session's connection: no bind parameters at all (a verifier holds
        ``:`` and ``$``, a function body ``%``)."""
        driver = self._session.connection().connection.dbapi_connection
        assert driver is not None
        cursor = driver.cursor()
        try:
            cursor.execute(statement)
        finally:
            cursor.close()

    def session_user(self) -> str:
        return str(self._session.scalar(text("SELECT session_user")))

    def has_password(self, prefix: str, username: str) -> bool:
        comment = self._session.scalar(
            text("SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = :name"),
            {"name": login_name(prefix, username)},
        )
        return comment == PASSWORD_SET_COMMENT

    def clear_own_failures(self) -> None:
        self._session.execute(text("SELECT resettle_clear_sign_in_failures()"))
