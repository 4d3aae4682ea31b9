"""Leaving no trace of deleted rows in an SQLite file (erasure's storage side).

A DELETE in SQLite leaves the row's bytes in the page until the page is reused, and the
write-ahead log keeps whole page images until a checkpoint. So erasure turns on
``secure_delete`` for its own transaction (deleted cells and freed pages are overwritten with
zeros), and after the commit checkpoints the log into the file, rebuilds the file (``VACUUM``:
every page rewritten, so bytes left in free space by earlier edits go too), and checkpoints
again with ``TRUNCATE``, which empties the log file. PostgreSQL keeps deleted row versions
until its (auto)vacuum reclaims them; that is the server's to do.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CHECKPOINTED = "Write-ahead log checkpointed into the database file and emptied"
REBUILT = "Database file rebuilt (VACUUM): no page keeps bytes of the deleted rows"
ZEROED = "Deleted rows overwritten with zeros (secure_delete)"
SERVER = "PostgreSQL: rows deleted in one transaction; the server's autovacuum reclaims their space"
LOG_NOT_EMPTIED = (
    "NOT DONE: the write-ahead log could not be emptied now (another copy of Resettle was "
    "reading the database), so it may still hold the deleted rows until every copy of "
    "Resettle using this database is closed (SQLite empties the log when the last one closes)"
)
NOT_DONE = (
    "The database file could not be rebuilt now (another copy of Resettle was using it); "
    "the deleted rows were still overwritten with zeros"
)


def zero_deleted_rows(session: Session) -> None:
    """SQLite: overwrite what this transaction deletes with zeros (``PRAGMA secure_delete``,
    a setting of the session's connection)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))


def scrub_deleted_pages(engine: Engine) -> tuple[str, ...]:
    """After the deleting transaction committed: what was done, in plain words."""
    if engine.dialect.name != "sqlite":
        return (SERVER,)
    steps = [ZEROED]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("PRAGMA secure_delete = ON")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            connection.exec_driver_sql("VACUUM")
        except Exception as error:  # busy: another connection holds a transaction open
            log.warning("VACUUM after erasure not done: %s", type(error).__name__)
            steps.append(NOT_DONE)
        else:
            steps.append(REBUILT)
        busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
        steps.append(CHECKPOINTED if busy is not None and not busy[0] else LOG_NOT_EMPTIED)
    return tuple(steps)


def database_file(engine: Engine) -> Path | None:
    """The SQLite file (None on a server)."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database)


def backups_beside(path: Path) -> list[Path]:
    """The backup copies made before upgrades, beside the database
    (``migrate.backup_sqlite_file`` names them ``<stem>.backup-<stamp><suffix>``)."""
    return sorted(path.parent.glob(f"{path.stem}.backup-*{path.suffix}"))
