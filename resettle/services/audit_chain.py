"""Checking the audit trail's hash chain, and the checkpoints that catch rows cut off its end.

Neither needs a sign-in or any case access: they read the database as it is (no upgrade),
with whatever opens it directly, the SQLite file or the PostgreSQL owner's URL, as a
data-protection officer's check would. A staff login on PostgreSQL cannot read who did what
in the trail, so it is refused with a message saying the owner's URL is needed.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.exc import DBAPIError

from resettle.domain.audit_chain import HASH_LENGTH, ChainReport, ChainVerifier, Checkpoint
from resettle.domain.errors import DomainError
from resettle.storage.audit_chain_reader import (
    MissingChainHead,
    RowsUnreadable,
    one_snapshot,
    read_head,
    stored_rows,
)
from resettle.storage.database import Database
from resettle.storage.migrate import current_revision, head_revision

FIRST_CHAIN_REVISION = "0015"


class AuditChainUnreadable(DomainError):
    code = "audit.chain_unreadable"


class BadCheckpoint(DomainError):
    code = "audit.bad_checkpoint"


def require_chain(database: Database) -> None:
    revision = current_revision(database.engine)
    if revision is None or revision < FIRST_CHAIN_REVISION:
        raise AuditChainUnreadable(
            f"{database.description} has no audit chain yet (schema {revision or 'none'}, "
            f"this Resettle: {head_revision()}): run 'resettle db upgrade'."
        )


def unreadable_trail(
    database: Database, error: DBAPIError | RowsUnreadable
) -> AuditChainUnreadable:
    reason = type(error.orig).__name__ if isinstance(error, DBAPIError) else str(error)
    return AuditChainUnreadable(
        f"The audit trail of {database.description} cannot be read ({reason}): "
        "use the database owner's URL."
    )


def verify_audit_chain(database: Database, against: Checkpoint | None = None) -> ChainReport:
    """Walk every audit row in sequence order, once; the report names every bad sequence
    number (the first ``LISTED_FAULTS``, and how many), after comparing the last row with the
    head and with ``against``."""
    require_chain(database)
    verifier = ChainVerifier(against)
    try:
        with one_snapshot(database.engine) as connection:
            head = read_head(connection)
            for rows in stored_rows(connection):
                verifier.add_stored_rows(rows)
    except MissingChainHead:
        raise AuditChainUnreadable(
            f"The audit chain head of {database.description} is missing."
        ) from None
    except (DBAPIError, RowsUnreadable) as error:
        raise unreadable_trail(database, error) from None
    return verifier.finish(head)


def audit_checkpoint(database: Database) -> Checkpoint:
    """The chain head as it is now."""
    require_chain(database)
    try:
        with database.engine.connect() as connection:
            return read_head(connection)
    except MissingChainHead:
        raise AuditChainUnreadable(
            f"The audit chain head of {database.description} is missing."
        ) from None
    except DBAPIError as error:
        raise unreadable_trail(database, error) from None


class CheckpointFile(BaseModel):
    """A checkpoint as written to a file: ``{"seq": ..., "hash": ..., "at": ...}``."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    seq: int = Field(ge=0)
    hash: str = Field(pattern=f"^[0-9a-f]{{{HASH_LENGTH}}}$")
    at: dt.datetime | None = None


def checkpoint_json(checkpoint: Checkpoint) -> str:
    return json.dumps(
        {
            "seq": checkpoint.seq,
            "hash": checkpoint.hash,
            "at": checkpoint.at.isoformat() if checkpoint.at is not None else None,
        },
        indent=2,
    )


def parse_checkpoint(text: str) -> Checkpoint:
    """A checkpoint file's content; a bad one is refused naming the key in the file (the
    caller says which file)."""
    try:
        parsed = CheckpointFile.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "file"
        raise BadCheckpoint(f"{field}: {first['msg']}.") from None
    return Checkpoint(seq=parsed.seq, hash=parsed.hash, at=parsed.at)
