"""Schema state, backups and upgrades.

Before anything touches a database it is classified read-only: empty, current, older (upgrade
after a backup), newer (refuse), not Resettle's (refuse) or corrupt (refuse). Refusals leave an
SQLite file byte-for-byte unchanged.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from resettle.storage.errors import CorruptDatabase, NewerSchema, NotResettleDatabase
from resettle.storage.tables.meta import APPLICATION_KEY, APPLICATION_VALUE

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"


class SchemaStatus(StrEnum):
    EMPTY = "empty"
    CURRENT = "current"
    OLDER = "older"


@dataclass(frozen=True)
class SchemaState:
    status: SchemaStatus
    revision: str | None
    head: str


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def _known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def _classify(
    where: str, tables: set[str], revision: str | None, application: str | None
) -> SchemaState:
    head = head_revision()
    if not tables:
        return SchemaState(SchemaStatus.EMPTY, None, head)
    if application != APPLICATION_VALUE or revision is None:
        raise NotResettleDatabase(
            f"{where} is not a Resettle database (it holds other tables); nothing was changed."
        )
    if revision not in _known_revisions():
        raise NewerSchema(
            f"{where} was made by a newer version of Resettle (schema {revision}; this version "
            f"knows up to {head}). Install the newer Resettle; nothing was changed."
        )
    status = SchemaStatus.CURRENT if revision == head else SchemaStatus.OLDER
    return SchemaState(status, revision, head)


def inspect_sqlite_file(path: Path) -> SchemaState:
    """Classify an SQLite file without writing a byte to it."""
    where = f"The database file {path}"
    if not path.exists() or path.stat().st_size == 0:
        return SchemaState(SchemaStatus.EMPTY, None, head_revision())
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotResettleDatabase(f"{where} is not a Resettle database (not an SQLite file).")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise CorruptDatabase(f"{where} cannot be opened: {error}.") from None
    try:
        result = connection.execute("PRAGMA quick_check").fetchall()
        if [row[0] for row in result] != ["ok"]:
            raise CorruptDatabase(f"{where} is damaged: {result[0][0]}. Restore a backup copy.")
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        revision = _single(connection, "SELECT version_num FROM alembic_version", tables)
        application = _single(
            connection,
            f"SELECT value FROM resettle_meta WHERE key = '{APPLICATION_KEY}'",
            tables,
        )
    except sqlite3.DatabaseError as error:
        raise CorruptDatabase(f"{where} is damaged: {error}. Restore a backup copy.") from None
    finally:
        connection.close()
    return _classify(where, tables, revision, application)


def _single(connection: sqlite3.Connection, sql: str, tables: set[str]) -> str | None:
    table = sql.split(" FROM ")[1].split()[0]
    if table not in tables:
        return None
    row = connection.execute(sql).fetchone()
    return None if row is None else str(row[0])


def inspect_engine(engine: Engine, where: str) -> SchemaState:
    """Classify a server database (PostgreSQL) with read-only queries."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = application = None
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if "resettle_meta" in tables:
            application = connection.execute(
                text("SELECT value FROM resettle_meta WHERE key = :key"), {"key": APPLICATION_KEY}
            ).scalar()
    return _classify(where, tables, revision, application)


def backup_sqlite_file(path: Path, now: dt.datetime | None = None) -> Path:
    """Copy the database (consistently, through SQLite's backup API) beside itself."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.backup-{stamp}-{counter}{path.suffix}")
        counter += 1
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def upgrade_to_head(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
