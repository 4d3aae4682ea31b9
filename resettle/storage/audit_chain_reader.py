"""Reading the audit chain for verification: the head, and every row in sequence order,
streamed in batches (a server-side cursor on PostgreSQL), never a whole table of objects."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, select

from resettle.domain.audit_chain import ChainEntry, Checkpoint
from resettle.storage.tables.audit import HEAD_ID, AuditEntryRow, AuditHeadRow

BATCH_ROWS = 20_000


class MissingChainHead(Exception):
    """The ``audit_head`` row is gone (only the database owner could have removed it)."""


def read_head(connection: Connection) -> Checkpoint:
    row = connection.execute(
        select(AuditHeadRow.last_seq, AuditHeadRow.last_hash, AuditHeadRow.last_at).where(
            AuditHeadRow.id == HEAD_ID
        )
    ).first()
    if row is None:
        raise MissingChainHead()
    return Checkpoint(seq=row[0], hash=row[1], at=row[2])


def chain_entries(
    connection: Connection, batch_rows: int = BATCH_ROWS
) -> Iterator[tuple[ChainEntry, str]]:
    """``(entry, stored row_hash)`` for every audit row, lowest sequence number first."""
    query = select(
        AuditEntryRow.seq,
        AuditEntryRow.at,
        AuditEntryRow.actor_id,
        AuditEntryRow.action,
        AuditEntryRow.entity_type,
        AuditEntryRow.entity_id,
        AuditEntryRow.person_id,
        AuditEntryRow.details,
        AuditEntryRow.row_hash,
    ).order_by(AuditEntryRow.seq)
    result = connection.execution_options(stream_results=True, yield_per=batch_rows).execute(query)
    for rows in result.partitions():
        for seq, at, actor_id, action, entity_type, entity_id, person_id, details, hashed in rows:
            yield (
                ChainEntry(seq, at, actor_id, action, entity_type, entity_id, person_id, details),
                hashed,
            )
