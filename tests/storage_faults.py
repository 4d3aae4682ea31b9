"""Storage faults injected on purpose: a database another user has locked, a connection that
drops in the middle of a save. Both backends (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

#: Short enough to keep the tests quick, long enough to be a real wait.
SHORT_BUSY_TIMEOUT_MS = 150


@contextmanager
def database_locked(database_url: str) -> Iterator[None]:
    """Another connection holds the write lock (SQLite ``BEGIN EXCLUSIVE``; PostgreSQL an
    exclusive lock on ``people``) until the block ends."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        holder = sqlite3.connect(url.database or "", isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            yield
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        return
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("LOCK TABLE people IN ACCESS EXCLUSIVE MODE"))
            yield
            connection.rollback()
    finally:
        engine.dispose()


@contextmanager
def connection_dropped_on_write(engine: Engine) -> Iterator[list[str]]:
    """The connection running the first INSERT or UPDATE is closed just before it is sent:
    on PostgreSQL the server ends the session (``pg_terminate_backend`` from an admin
    connection), on SQLite the connection is closed under the session. Yields the statements
    it struck (the test checks it did)."""
    struck: list[str] = []
    admin = None if engine.dialect.name == "sqlite" else create_engine(engine.url)

    def drop(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if struck or not statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            return
        struck.append(statement.split()[0])
        dbapi = connection.connection.dbapi_connection
        if admin is None:
            dbapi.close()
            return
        with admin.connect() as other:
            other.execute(
                text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": dbapi.info.backend_pid}
            )

    event.listen(engine, "before_cursor_execute", drop)
    try:
        yield struck
    finally:
        event.remove(engine, "before_cursor_execute", drop)
        if admin is not None:
            admin.dispose()


# --- a full disk and a read-only database, deterministically (SQLite) ---------------------


def _pinned_at_its_size(dbapi_connection: Any) -> None:
    """``PRAGMA max_page_count`` at the file's size: a write that needs one page more fails
    with ``SQLITE_FULL``, as on a full disk."""
    pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
    dbapi_connection.execute(f"PRAGMA max_page_count = {int(pages)}")


def _query_only(dbapi_connection: Any) -> None:
    """``PRAGMA query_only``: every write fails with ``SQLITE_READONLY`` (works as root, where
    a read-only file mode does not stop writes)."""
    dbapi_connection.execute("PRAGMA query_only = ON")


STORAGE_LIMITS = {"disk_full": _pinned_at_its_size, "read_only": _query_only}


def limit_every_connection(monkeypatch: Any, kind: str) -> None:
    """Every SQLite connection made from now on (the engine's own pragmas, then this) is on a
    full disk (``disk_full``) or a read-only database (``read_only``)."""
    from resettle.storage import engine as engine_module

    original = engine_module._set_sqlite_pragmas
    limit = STORAGE_LIMITS[kind]

    def limited(busy_timeout_ms: int, dbapi_connection: Any, record: Any) -> None:
        original(busy_timeout_ms, dbapi_connection, record)
        limit(dbapi_connection)

    monkeypatch.setattr(engine_module, "_set_sqlite_pragmas", limited)


@contextmanager
def storage_limited(engine: Engine, kind: str) -> Iterator[None]:
    """An open engine's connections are on a full disk or a read-only database (``kind``) in
    the block: the pool is emptied so every connection is new."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        if engine.dialect.name == "sqlite":
            STORAGE_LIMITS[kind](dbapi_connection)
            return
        # PostgreSQL: a read-only session (SQLSTATE 25006), set outside any transaction so
        # that a rollback keeps it. (A full disk cannot be set per session there.)
        assert kind == "read_only", "only a read-only PostgreSQL session can be made"
        dbapi_connection.autocommit = True
        dbapi_connection.execute("SET default_transaction_read_only = on")
        dbapi_connection.autocommit = False

    engine.dispose()
    event.listen(engine, "connect", on_connect)
    try:
        yield
    finally:
        event.remove(engine, "connect", on_connect)
        engine.dispose()


def fill_until_full(write: Any, attempts: int = 2000) -> int:
    """Call ``write()`` until it reports the disk full (returns True) on a database pinned at
    its size: every page's room for such a row is then used, so the same write fails every
    time after it. Returns how many succeeded first."""
    for done in range(attempts):
        if write():
            return done
    raise AssertionError(f"the database never filled in {attempts} writes")
