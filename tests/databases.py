"""Test databases: one template per backend, migrated once per session, copied for each test.

Migrating from empty takes seconds; copying a migrated template takes milliseconds. The template
is migrated through the application's own path (``open_database``), so a copy is exactly what a
user's up-to-date database looks like, and opens as current: no upgrade, no backup.

- SQLite: the template file is checkpointed and closed, so no ``-wal`` or ``-shm`` file is left
  beside it, and each test gets a byte copy of the single file.
- PostgreSQL: each test gets ``CREATE DATABASE ... TEMPLATE`` of the migrated template database.

Migration tests ask for an empty database instead (``empty_database_url`` in conftest).

A module whose tests each need the same filled database (a demo caseload, say) builds it once
into a template of its own (``built_template``) and gives each test a copy of that
(``copy_of_built``): the tests stay independent, as no test sees another's writes.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from resettle.storage.database import open_database
from resettle.storage.engine import sqlite_url

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def sqlite_side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SQLITE_SIDE_FILES]


def migrate_sqlite_template(path: Path) -> Path:
    """Migrate a new SQLite file to head and leave it as one self-contained file."""
    open_database(sqlite_url(path)).close()
    return seal_sqlite_template(path)


def seal_sqlite_template(path: Path) -> Path:
    """Checkpoint the closed SQLite file ``path`` so that it is one self-contained file that a
    byte copy reproduces (no ``-wal`` or ``-shm`` beside it)."""
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


POSTGRES_ENV = "RESETTLE_TEST_DATABASE_URL"


def backends() -> list[str]:
    """SQLite, and PostgreSQL when a test server is configured."""
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@dataclass(frozen=True)
class BuiltTemplate:
    backend: str
    name: str  # an SQLite file, or a PostgreSQL database to copy


@contextmanager
def built_template(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    build: Callable[[str, Path], None],
    backend: str | None = None,
) -> Iterator[BuiltTemplate]:
    """A copy of the session's migrated template on ``request.param``'s backend, filled by
    ``build`` (given its URL and a data folder; it must close every connection it opens), kept
    as a template for ``copy_of_built``. For a module-scoped fixture parametrized with
    ``backends()`` (or name the ``backend``)."""
    data_dir = tmp_path_factory.mktemp("built-data")
    if (backend or request.param) == "sqlite":
        migrated: Path = request.getfixturevalue("sqlite_template")
        path = copy_sqlite_template(migrated, tmp_path_factory.mktemp("built") / migrated.name)
        build(sqlite_url(path), data_dir)
        yield BuiltTemplate("sqlite", str(seal_sqlite_template(path)))
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create("resettle_built", request.getfixturevalue("postgres_template"))
    try:
        build(server.url(name), data_dir)
        yield BuiltTemplate("postgresql", name)
    finally:
        server.drop(name)


def copy_of_built(
    template: BuiltTemplate, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """A fresh copy of ``template`` for one test: yields its URL (and drops a PostgreSQL
    copy afterwards). Use as ``yield from`` in a module's ``database_url`` fixture."""
    if template.backend == "sqlite":
        source = Path(template.name)
        yield sqlite_url(copy_sqlite_template(source, tmp_path / source.name))
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create("resettle_test", template.name)
    try:
        yield server.url(name)
    finally:
        server.drop(name)
