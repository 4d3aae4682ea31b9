"""Test databases: one template per backend, migrated once per session, copied for each test.

Migrating from empty takes seconds; copying a migrated template takes milliseconds. The template
is migrated through the application's own path (``open_database``), so a copy is exactly what a
user's up-to-date database looks like, and opens as current: no upgrade, no backup.

- SQLite: the template file is checkpointed and closed, so no ``-wal`` or ``-shm`` file is left
  beside it, and each test gets a byte copy of the single file.
- PostgreSQL: each test gets ``CREATE DATABASE ... TEMPLATE`` of the migrated template database.

Migration tests ask for an empty database instead (``empty_database_url`` in conftest).
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from resettle.storage.database import open_database
from resettle.storage.engine import sqlite_url

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def sqlite_side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SQLITE_SIDE_FILES]


def migrate_sqlite_template(path: Path) -> Path:
    """Migrate a new SQLite file to head and leave it as one self-contained file."""
    open_database(sqlite_url(path)).close()
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()  # the last connection to close removes the -wal and -shm files
    left = [side.name for side in sqlite_side_files(path) if side.exists()]
    if left:
        raise RuntimeError(f"the SQLite template left {left} beside it")
    return path


def copy_sqlite_template(template: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return target


class PostgresServer:
    """Creates and drops uniquely named databases on the test server."""

    def __init__(self, admin_url: str) -> None:
        self._base_url = admin_url.rsplit("/", 1)[0]
        self._admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def url(self, name: str) -> str:
        return f"{self._base_url}/{name}"

    def create(self, prefix: str, template: str | None = None) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        copy_of = f' TEMPLATE "{template}"' if template else ""
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copy_of}'))
        return name

    def drop(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self._admin.dispose()


def migrate_postgres_template(server: PostgresServer) -> str:
    """A new database migrated to head, with no connection left open (a template must have
    none while it is copied)."""
    name = server.create("resettle_template")
    open_database(server.url(name)).close()
    return name
