"""Engine set-up in one place: SQLite pragmas, PostgreSQL timeouts, URL handling.

Engines hide SQL parameters (``hide_parameters=True``): a database error's text names the
statement but never the values bound to it, so it cannot carry what a user typed into a record.
"""

from __future__ import annotations

import hashlib
import sqlite3
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError

from resettle.settings import BUSY_TIMEOUT_MS
from resettle.storage.errors import BadDatabaseAddress, UnsupportedDatabase
from resettle.storage.key_slots import CipherKey

POSTGRES_CONNECT_TIMEOUT_S = 5


def sqlite_url(path: Path) -> str:
    """The address of the SQLite file ``path``, quoted (a ``#``, ``?`` or ``%`` in a folder's
    name stays part of the path)."""
    return URL.create("sqlite+pysqlite", database=str(path)).render_as_string(hide_password=False)


#: The address forms Resettle accepts, each with the driver it connects with.
_DRIVERS = {
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
    "sqlite": "sqlite+pysqlite",
    "sqlite+pysqlite": "sqlite+pysqlite",
}


def normalise_url(url: str) -> URL:
    """Accept ``postgresql://`` and ``postgres://`` as well as the psycopg 3 form.

    The one place a database address is read (the command line, the app's start-up and its
    settings all come here): an address that cannot be read is ``BadDatabaseAddress``, one
    for another kind of database (``mysql://``) or driver ``UnsupportedDatabase``, each with
    a message saying what to write instead.
    """
    try:
        url.encode("utf-8")
        if "\x00" in url:
            raise ValueError("NUL")
        parsed = make_url(url)
    except (ArgumentError, ValueError, UnicodeEncodeError):
        raise BadDatabaseAddress() from None
    driver = _DRIVERS.get(parsed.drivername)
    if driver is None:
        backend = parsed.get_backend_name()
        if backend in ("postgresql", "postgres", "sqlite"):
            raise UnsupportedDatabase(
                f"Resettle connects to {'SQLite' if backend == 'sqlite' else 'PostgreSQL'} "
                f"with its own driver; {parsed.drivername} is not supported: write "
                f"{'sqlite:///PATH' if backend == 'sqlite' else 'postgresql://USER@HOST/DATABASE'}"
            )
        raise UnsupportedDatabase(
            f"Resettle works with SQLite and PostgreSQL; {_shown(backend)} is not supported"
        )
    return parsed.set(drivername=driver)


def _shown(name: str) -> str:
    """A database kind as the address names it, cut short (it is never a secret)."""
    return name if len(name) <= 30 else name[:30] + "..."


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


#: Query parameters of an address that are secrets (libpq reads a password from either).
SECRET_QUERY_KEYS = ("password", "sslpassword")


def describe_url(url: URL) -> str:
    """A safe description for messages and logs: never the password, in the address's user
    part or its query (``?password=``, ``?sslpassword=``)."""
    if is_sqlite(url):
        return f"SQLite file {url.database}"
    query = {
        key: ("***" if key.lower() in SECRET_QUERY_KEYS else value)
        for key, value in url.query.items()
    }
    return url.set(query=query).render_as_string(hide_password=True)


def database_key(url: URL) -> str:
    """A short stable id of the database ``url`` names, for keeping per-database settings
    (remembered filters): a digest of the backend, host, port and database (for SQLite the
    file's absolute path), never the login name or password, and no path in clear."""
    if is_sqlite(url):
        name = url.database or ":memory:"
        where = name if name == ":memory:" else str(Path(name).expanduser().resolve())
        identity = f"sqlite:{where}"
    else:
        identity = f"{url.get_backend_name()}://{url.host or ''}:{url.port or ''}/{url.database}"
    return hashlib.sha256(identity.encode()).hexdigest()[:16]


#: How much of a SQLite file is read memory-mapped (1 GiB: all of a 100,000-person database,
#: tables and indexes the measures and the caseload read).
MMAP_BYTES = 1024 * 1024 * 1024


def _set_sqlite_pragmas(
    busy_timeout_ms: int, dbapi_connection: sqlite3.Connection, _record: Any
) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        # Read the file through memory-mapped pages (up to MMAP_BYTES) rather than a read
        # call per page: the measures' index probes, one or two per person, took a third
        # less time at 100,000 people (docs/performance.md). SQLCipher ignores it.
        cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    finally:
        cursor.close()


def _set_cipher_key(cipher: CipherKey, dbapi_connection: Any, _record: Any) -> None:
    from resettle.storage.cipher import apply_key

    apply_key(dbapi_connection, cipher)


def build_engine(
    url: URL, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, cipher: CipherKey | None = None
) -> Engine:
    """``busy_timeout_ms``: how long a statement waits for another user's lock (SQLite's busy
    timeout, PostgreSQL's ``lock_timeout``) before the database is reported busy.

    ``cipher``: an encrypted SQLite file (SQLCipher through ``sqlcipher3``, the pysqlite
    dialect with SQLCipher's module); every connection gives the key first, by ``PRAGMA key``
    in a connect event, so the key is never in the URL."""
    if is_sqlite(url):
        extra: dict[str, Any] = {}
        if cipher is not None:
            from resettle.storage.cipher import sqlcipher_module

            extra["module"] = sqlcipher_module()
        engine = create_engine(
            url,
            hide_parameters=True,
            connect_args={"timeout": busy_timeout_ms / 1000},
            **extra,
        )
        if cipher is not None:
            event.listen(engine, "connect", partial(_set_cipher_key, cipher))
        event.listen(engine, "connect", partial(_set_sqlite_pragmas, busy_timeout_ms))
        return engine
    # The session's own settings, given when it connects: they take precedence over any
    # default of the database or of the login role (``ALTER ROLE ... SET``). A read-only
    # default in particular is forced off: any login may set one for itself, and SQLSTATE
    # 25006 is taken as a database that cannot be written, under which records are shown
    # without their ``person.viewed`` rows (``services/read_only_storage.py``). Only a server
    # that really is read-only (a standby in recovery) still refuses writes.
    return create_engine(
        url,
        hide_parameters=True,
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": POSTGRES_CONNECT_TIMEOUT_S,
            "options": (
                f"-c lock_timeout={int(busy_timeout_ms)} -c default_transaction_read_only=off"
            ),
        },
    )
