"""Reading the audit chain for verification: the head, and every row in sequence order as
stored, streamed in batches (a server-side cursor on PostgreSQL), never a whole table of
objects: the rows come raw, without the ORM's types (the time as UTC text, the details as
their JSON text), for ``ChainVerifier.add_stored_rows``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, select

from resettle.domain.audit_chain import Checkpoint, StoredRow
from resettle.storage.tables.audit import HEAD_ID, AuditHeadRow

BATCH_ROWS = 20_000
_ROWS_IN_ORDER = (
    "SELECT seq, {at}, actor_id, action, entity_type, entity_id, person_id, "
    "CAST(details AS TEXT), row_hash FROM audit_log ORDER BY seq"
)
#: PostgreSQL sends the time as UTC text in SQLite's stored form (the verifier slices that
#: text; converting a million timestamps in Python costs seconds).
POSTGRES_TIME = "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"


class MissingChainHead(Exception):
    """The ``audit_head`` row is gone (only the database owner could have removed it)."""


class RowsUnreadable(Exception):
    """The driver refused to read the rows (a login without the right to): the error's
    class name only, never its text."""


@contextmanager
def one_snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection reading the head and the rows as of one moment, so rows appended
    meanwhile cannot look like a mismatch between them: a read-only REPEATABLE READ
    transaction on PostgreSQL; on SQLite a transaction begun by hand (the driver begins one
    only before a write, and each read would otherwise see the database as it is then)."""
    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        else:
            connection.exec_driver_sql("BEGIN")
        yield connection


def read_head(connection: Connection) -> Checkpoint:
    row = connection.execute(
        select(AuditHeadRow.last_seq, AuditHeadRow.last_hash, AuditHeadRow.last_at).where(
            AuditHeadRow.id == HEAD_ID
        )
    ).first()
    if row is None:
        raise MissingChainHead()
    return Checkpoint(seq=row[0], hash=row[1], at=row[2])


def stored_rows(connection: Connection, batch_rows: int = BATCH_ROWS) -> Iterator[list[StoredRow]]:
    """Every audit row as stored, lowest sequence number first, ``batch_rows`` at a time.

    Straight from the driver's cursor (a named, server-side one on PostgreSQL, inside the
    caller's transaction): a million rows through SQLAlchemy's result rows cost seconds."""
    dbapi = connection.connection
    if connection.dialect.name == "postgresql":
        cursor = dbapi.driver_connection.cursor(name="resettle_audit_verify")  # type: ignore[union-attr]
        query = _ROWS_IN_ORDER.format(at=POSTGRES_TIME)
    else:
        cursor = dbapi.cursor()
        query = _ROWS_IN_ORDER.format(at="at")
    try:
        cursor.execute(query)
        while rows := cursor.fetchmany(batch_rows):
            yield rows
    except connection.dialect.loaded_dbapi.Error as error:
        raise RowsUnreadable(type(error).__name__) from None
    finally:
        cursor.close()
