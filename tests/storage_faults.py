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
