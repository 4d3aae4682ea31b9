"""PostgreSQL login roles of the accounts (``storage/postgres_access.py`` has the SQL): read
and kept in step inside the caller's transaction, so a rolled-back change leaves no role."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from resettle.domain.accounts import RESERVED_USERNAMES, USERNAME_PATTERN
from resettle.domain.staff import Role
from resettle.storage.engine import POSTGRES_CONNECT_TIMEOUT_S
from resettle.storage.postgres_access import (
    PASSWORD_SET_COMMENT,
    PREFIX_KEY,
    STAFF_GROUP,
    group_name,
    group_roles_sql,
    login_name,
    quote_ident,
    quote_literal,
    scram_verifier,
)
from resettle.storage.tables.meta import MetaRow


class LoginRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def on_postgres(self) -> bool:
        return self._session.get_bind().dialect.name == "postgresql"

    def prefix(self) -> str | None:
        """This database's role prefix; None on SQLite or before ``setup-roles`` ran. Read
        through a function, so the gate login (which reads no table) can read it too."""
        if not self.on_postgres:
            return None
        if not self._session.scalar(
            text("SELECT to_regprocedure('resettle_role_prefix()') IS NOT NULL")
        ):
            return None
        value = self._session.scalar(text("SELECT resettle_role_prefix()"))
        return str(value) if value else None

    def forget_stored_prefix(self) -> bool:
        """Remove the role prefix ``resettle_meta`` holds (a restored backup's); whether it
        held one."""
        row = self._session.get(MetaRow, PREFIX_KEY)
        if row is None:
            return False
        self._session.delete(row)
        self._session.flush()
        return bool(row.value)

    def accounts_no_login_may_have(self) -> list[int]:
        """The ids of accounts whose user name a login may not have (``domain/accounts``:
        not of the pattern, or kept for the database's own roles), in order."""
        found = self._session.execute(text("SELECT id, username FROM staff ORDER BY id"))
        return [
            int(staff_id)
            for staff_id, username in found
            if not USERNAME_PATTERN.fullmatch(str(username)) or str(username) in RESERVED_USERNAMES
        ]

    def through_gate(self) -> bool:
        """Connected as the gate login: it reads no table, only its functions."""
        return self.on_postgres and not self._session.scalar(
            text("SELECT has_table_privilege('resettle_meta', 'SELECT')")
        )

    def gate_status(self) -> tuple[bool, bool]:
        """(the database has accounts, it holds demo data), through the gate's function."""
        row = self._session.execute(
            text("SELECT has_accounts, demo FROM resettle_gate_status()")
        ).one()
        return bool(row[0]), bool(row[1])

    def signed_in_staff_id(self) -> int | None:
        """The account whose login this session is (None: the owner or the gate)."""
        value = self._session.scalar(text("SELECT resettle_login_staff_id()"))
        return int(value) if value is not None else None

    def set_up(self, prefix: str, gate_password: str) -> None:
        """The roles, functions, grants and policies (the owner runs this)."""
        row = self._session.get(MetaRow, PREFIX_KEY)
        if row is None:
            self._session.add(MetaRow(key=PREFIX_KEY, value=prefix))
        else:
            row.value = prefix
        self._session.flush()
        from resettle.storage.postgres_setup import setup_sql  # PostgreSQL only, when used

        for statement in setup_sql(prefix, scram_verifier(gate_password)):
            self._run(statement)

    def reapply(self, prefix: str) -> None:
        """After a restore, where roles were set up before: the current version's functions,
        grants and policies again (every policy the restored database holds is dropped
        first, so none that a backup added stays), the role groups made when missing, and
        every account's login synced. The gate login and its password are left as they are."""
        row = self._session.get(MetaRow, PREFIX_KEY)
        if row is None:
            self._session.add(MetaRow(key=PREFIX_KEY, value=prefix))
        else:
            row.value = prefix
        self._session.flush()
        policies = self._session.execute(
            text("SELECT policyname, tablename FROM pg_policies WHERE schemaname = 'public'")
        ).all()
        for policy, table in policies:
            self._run(f"DROP POLICY {quote_ident(policy)} ON public.{quote_ident(table)}")
        from resettle.storage.postgres_setup import access_sql  # PostgreSQL only, when used

        for statement in [*group_roles_sql(prefix), *access_sql(prefix)]:
            self._run(statement)
        for staff_id in self._session.scalars(text("SELECT id FROM staff ORDER BY id")):
            self.sync(staff_id)
        self._shut_logins_of_no_account(prefix)

    def _shut_logins_of_no_account(self, prefix: str) -> None:
        """Logins this database made (members of its staff group) whose account the restored
        database does not hold (made after the backup): NOLOGIN and out of every role's
        group, so none connects or reads (a restore brings back accounts, not the server's
        roles). Each stays in the staff group, the mark that this database made it, so an
        account a later restore brings back gets its login again."""
        usernames = self._session.scalars(text("SELECT username FROM staff")).all()
        held = {login_name(prefix, str(username)) for username in usernames}
        members = self._session.scalars(
            text(
                "SELECT r.rolname FROM pg_auth_members m "
                "JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid "
                "WHERE g.rolname = :group AND r.rolname <> ALL (:held) ORDER BY 1"
            ),
            {"group": group_name(prefix, STAFF_GROUP), "held": sorted(held) or [""]},
        ).all()
        for login in members:
            self._run(f"ALTER ROLE {quote_ident(str(login))} NOLOGIN")
            for role in Role:
                self._run(
                    f"REVOKE {quote_ident(group_name(prefix, role))} FROM {quote_ident(str(login))}"
                )

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

    def own_password_changed(self, password_hash: str) -> None:
        """The signed-in login's own staff row: its new hash, no change required."""
        self._session.execute(
            text("SELECT resettle_own_password_changed(:hash)"), {"hash": password_hash}
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
        return bool(comment == PASSWORD_SET_COMMENT)

    def before_sign_in(self, username: str) -> None:
        """Through the gate: lift the account's lock when its time has run out (PostgreSQL
        refuses a locked account's login). Says nothing of whether the account exists."""
        self._session.execute(text("SELECT resettle_gate_before_sign_in(:u)"), {"u": username})

    def record_failed_sign_in(self, username: str) -> None:
        """Through the gate: counts towards the lock and writes the audit rows."""
        self._session.execute(text("SELECT resettle_gate_sign_in_failed(:u)"), {"u": username})

    def own_before_sign_in(self) -> None:
        """As ``before_sign_in``, for the signed-in login's own account."""
        self._session.execute(text("SELECT resettle_own_before_sign_in()"))

    def own_sign_in_failed(self) -> None:
        """A wrong password typed by the signed-in login for its own account."""
        self._session.execute(text("SELECT resettle_own_sign_in_failed()"))

    def clear_own_failures(self) -> None:
        self._session.execute(text("SELECT resettle_clear_sign_in_failures()"))

    def password_opens(self, prefix: str, username: str, password: str) -> bool:
        """Whether ``password`` opens the account's login on this session's server and
        database (PostgreSQL checks it): a short connection, closed at once."""
        import psycopg  # the driver is loaded when a PostgreSQL login is checked

        url = self._session.get_bind().engine.url
        try:
            psycopg.connect(
                host=url.host,
                port=url.port,
                dbname=url.database,
                user=login_name(prefix, username),
                password=password,
                connect_timeout=POSTGRES_CONNECT_TIMEOUT_S,
            ).close()
        except psycopg.OperationalError:
            return False
        return True
