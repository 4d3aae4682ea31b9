"""Schema state, backups and upgrades.

Before anything touches a database it is classified read-only: empty, current, older (upgrade
after a backup), newer (refuse), not Resettle's (refuse) or corrupt (refuse). Refusals leave an
SQLite file byte-for-byte unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from resettle.storage.backups import copy_sqlite
from resettle.storage.cipher import connect_encrypted, sqlcipher_module
from resettle.storage.errors import NewerSchema, NotResettleDatabase
from resettle.storage.key_slots import CipherKey, key_file_path
from resettle.storage.open_problems import problem_opening
from resettle.storage.sqlite_uri import sqlite_file_uri
from resettle.storage.tables.meta import APPLICATION_KEY, APPLICATION_VALUE

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION_RE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_RE = re.compile(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
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
    #: Read through the gate login of ``resettle db setup-roles``: it may not upgrade.
    through_gate: bool = False


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _revision_graph() -> tuple[set[str], set[str]]:
    """Revision ids and the ids they revise, read from the version files.

    Reading the files directly keeps start-up from importing Alembic when nothing needs
    upgrading; a test checks this agrees with Alembic's own view.
    """
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION_RE.search(source)
        if found:
            revisions.add(found.group(1))
        down = _DOWN_RE.search(source)
        if down:
            revised.add(down.group(1))
    return revisions, revised


def head_revision() -> str:
    revisions, revised = _revision_graph()
    heads = revisions - revised
    assert len(heads) == 1, f"migrations must have exactly one head, found {sorted(heads)}"
    return heads.pop()


def _known_revisions() -> set[str]:
    return _revision_graph()[0]


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


def inspect_sqlite_file(
    path: Path,
    cipher: CipherKey | None = None,
    connect: Callable[[Path], sqlite3.Connection] | None = None,
) -> SchemaState:
    """Classify an SQLite file without writing a byte to it (an encrypted one with
    ``cipher``, its key; ``connect``: how to open it when not the usual way, giving the key
    itself for an encrypted one)."""
    where = f"The database file {path}"
    if not path.exists() or path.stat().st_size == 0:
        return SchemaState(SchemaStatus.EMPTY, None, head_revision())
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if cipher is None and header != SQLITE_HEADER:
        raise NotResettleDatabase(
            f"{where} is not a Resettle database it can read (not an SQLite file): either it "
            f"is encrypted and its key file {key_file_path(path).name} is missing beside it, "
            "or it is not a database at all. Nothing was changed."
        )
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)
    if cipher is not None:
        errors = (sqlite3.Error, sqlcipher_module().Error)
    try:
        if connect is not None:
            connection = connect(path)
        elif cipher is None:
            connection = sqlite3.connect(sqlite_file_uri(path, read_only=True), uri=True)
        else:
            connection = connect_encrypted(path, cipher, read_only=True)
    except errors as error:
        raise problem_opening(path, error) from None
    try:
        # A full integrity check reads every page (slow on a large caseload): it is
        # 'resettle db check'. Here, reading the schema and version pages finds gross damage.
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
    except errors as error:
        # SQLite says "unable to open" for a folder it may not write its -shm file into as
        # for damage: only damage is called damage (storage/open_problems.py).
        raise problem_opening(path, error) from None
    finally:
        connection.close()
    return _classify(where, tables, revision, application)


def _single(connection: Any, sql: str, tables: set[str]) -> str | None:
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
        if "alembic_version" in tables and not connection.scalar(
            text("SELECT has_table_privilege('alembic_version', 'SELECT')")
        ):
            # A login of ``resettle db setup-roles`` that reads no table: the gate.
            revision = connection.scalar(text("SELECT revision FROM resettle_gate_status()"))
            state = _classify(where, tables, revision, APPLICATION_VALUE)
            return replace(state, through_gate=True)
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if "resettle_meta" in tables:
            application = connection.execute(
                text("SELECT value FROM resettle_meta WHERE key = :key"), {"key": APPLICATION_KEY}
            ).scalar()
    return _classify(where, tables, revision, application)


def backup_sqlite_file(
    path: Path, now: dt.datetime | None = None, cipher: CipherKey | None = None
) -> Path:
    """Copy the database (consistently, through SQLite's backup API) beside itself. The copy
    of an encrypted database (``cipher``) is encrypted with the same key and salt, and
    checked to be (a plain copy is deleted and refused: ``storage/cipher.py``). The copy is
    readable by its owner only (0600 on POSIX)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.backup-{stamp}-{counter}{path.suffix}")
        counter += 1
    # Created 0600 on POSIX before a byte is written (``storage/backups.copy_sqlite``).
    return copy_sqlite(path, target, cipher)


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def upgrade_connection_to(connection: Connection, revision: str) -> None:
    """This version's migrations run up to ``revision`` through ``connection``, inside its
    transaction (the caller commits or rolls back)."""
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


class ForeignKeysBroken(RuntimeError):
    """A migration left rows pointing at rows that do not exist (rolled back)."""


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction for migrating, committed at the end.

    On SQLite, a migration that changes a table other tables point at (dropping a column of
    ``staff``, say) rebuilds it: a copy, then ``DROP TABLE``, which foreign keys forbid while
    rows point at it. So foreign keys are off while migrating (``PRAGMA foreign_keys`` cannot
    change inside a transaction: it is set before it starts), checked with
    ``foreign_key_check`` before the commit, and on again before the connection goes back to
    the pool (SQLite's own advice for schema changes, section 7 of "ALTER TABLE")."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.commit()
        try:
            with connection.begin():
                yield connection
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise ForeignKeysBroken("the migration broke foreign keys; nothing changed")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                connection.commit()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
