"""Opening the configured database: checks, backup, migrations, then a session factory."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from resettle.settings import BUSY_TIMEOUT_MS
from resettle.storage.engine import (
    build_engine,
    database_key,
    describe_url,
    is_sqlite,
    normalise_url,
)
from resettle.storage.errors import CorruptDatabase, DatabaseUnreachable, OwnerMustUpgrade
from resettle.storage.migrate import (
    SchemaStatus,
    backup_sqlite_file,
    inspect_engine,
    inspect_sqlite_file,
    upgrade_to_head,
)
from resettle.storage.uow import SqlUnitOfWork

log = logging.getLogger(__name__)


@dataclass
class Database:
    url: URL
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None

    @property
    def description(self) -> str:
        return describe_url(self.url)

    @property
    def key(self) -> str:
        """A stable id of this database for per-database settings (no password, no path)."""
        return database_key(self.url)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    url: str, *, migrate: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Database:
    """Check, back up when an upgrade is due, upgrade, and return a ready database.

    Raises a ``DatabaseProblem`` subclass with a message naming the database and the problem.
    """
    parsed = normalise_url(url)
    where = describe_url(parsed)
    backup: Path | None = None
    if is_sqlite(parsed):
        path = Path(parsed.database or "")
        path.parent.mkdir(parents=True, exist_ok=True)
        state = inspect_sqlite_file(path)
        engine = build_engine(parsed, busy_timeout_ms=busy_timeout_ms)
        if migrate and state.status is SchemaStatus.OLDER:
            backup = backup_sqlite_file(path)
            log.info("Backed up the database before upgrading (schema %s)", state.revision)
    else:
        engine = build_engine(parsed, busy_timeout_ms=busy_timeout_ms)
        state = _inspect_server(engine, where)
        if state.through_gate and state.status is not SchemaStatus.CURRENT:
            engine.dispose()
            raise OwnerMustUpgrade(where)
    if migrate and state.status is not SchemaStatus.CURRENT:
        try:
            upgrade_to_head(engine)
        except OperationalError as error:
            engine.dispose()
            raise CorruptDatabase(f"{where} could not be upgraded: {error.orig}") from None
        log.info("Database schema upgraded to %s", state.head)
    log.info(
        "Database opened (%s, schema %s)",
        parsed.get_backend_name(),
        state.head if migrate else state.revision,
    )
    return Database(
        url=parsed,
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False),
        backup_path=backup,
    )


def _inspect_server(engine: Engine, where: str):  # type: ignore[no-untyped-def]
    try:
        return inspect_engine(engine, where)
    except OperationalError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else "no answer"
        raise DatabaseUnreachable(f"Cannot reach the database server {where}: {reason}") from None


def integrity_problems(database: Database) -> list[str]:
    """Run the backend's integrity check; an empty list means healthy."""
    with database.engine.connect() as connection:
        if database.is_sqlite:
            rows = connection.execute(text("PRAGMA integrity_check")).scalars().all()
            problems = [str(r) for r in rows if r != "ok"]
            fk = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            problems += [f"broken reference in {row[0]} row {row[1]}" for row in fk]
            return problems
        connection.execute(text("SELECT 1"))
        return []
