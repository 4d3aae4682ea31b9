"""The audit trail's hash chain: the canonical form of a row and the hash linking it to the
row before, used both when a row is appended and when the chain is verified, so the two can
never drift apart.

``row_hash = SHA-256(previous row's hash, "\\n", canonical content)`` as lower-case hex. The
canonical content is one line per field, in this order: sequence number, time (UTC, ISO 8601
with microseconds and ``Z``), actor id, action, entity type, entity id, person id (an absent
id is an empty line), and the details as JSON with sorted keys and no spaces. The first row's
previous hash is 64 zeros. Codes and ids hold no line breaks and the JSON escapes its own, so
the lines cannot be confused with one another.

``ChainVerifier`` walks rows in sequence order, one at a time (a million rows never sit in
memory together), and names the first sequence number that does not fit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

GENESIS_HASH = "0" * 64
HASH_LENGTH = 64


def normalised_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """``details`` as it reads back from the database's JSON (tuples become lists, keys become
    text): what is stored and hashed, so a row hashes the same before and after storing."""
    loaded: dict[str, Any] = json.loads(json.dumps(dict(details), allow_nan=False))
    return loaded


def canonical_details(details: Mapping[str, Any]) -> str:
    return json.dumps(
        details, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def canonical_time(at: dt.datetime) -> str:
    """``at`` in UTC to the microsecond, e.g. ``2026-12-02T09:15:00.000000Z``."""
    if at.tzinfo is None:
        raise ValueError("an audit time must carry its time zone")
    return at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """What one audit row's hash covers."""

    seq: int
    at: dt.datetime
    actor_id: int | None
    action: str
    entity_type: str
    entity_id: int | None
    person_id: int | None
    #: None (a row from before details were required) hashes as empty details.
    details: Mapping[str, Any] | None


def _optional(value: int | None) -> str:
    return "" if value is None else str(value)


def canonical_content(entry: ChainEntry, details_json: str | None = None) -> str:
    """The entry's canonical text; ``details_json`` when the canonical details are already
    known (the PostgreSQL sign-in gate passes them as text)."""
    return "\n".join(
        (
            str(entry.seq),
            canonical_time(entry.at),
            _optional(entry.actor_id),
            entry.action,
            entry.entity_type,
            _optional(entry.entity_id),
            _optional(entry.person_id),
            details_json if details_json is not None else canonical_details(entry.details or {}),
        )
    )


def chain_hash(previous_hash: str, entry: ChainEntry) -> str:
    content = f"{previous_hash}\n{canonical_content(entry)}"
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


class ChainFault(StrEnum):
    """Why a sequence number does not fit (codes; the CLI words them)."""

    ALTERED = "altered"  # the row's hash does not match its content and the row before
    MISSING = "missing"  # no row has this sequence number, though later ones exist
    HEAD_MISMATCH = "head_mismatch"  # the chain head names a row that is not the last one
    CHECKPOINT_MISSING = "checkpoint_missing"  # the checkpoint's row is gone (tail cut off)
    CHECKPOINT_DIFFERS = "checkpoint_differs"  # the checkpoint's row has another hash now


@dataclass(frozen=True)
class Checkpoint:
    """The chain head at one moment, kept elsewhere to catch rows cut off the end later."""

    seq: int
    hash: str
    at: dt.datetime | None = None


@dataclass(frozen=True)
class ChainReport:
    rows: int
    head: Checkpoint
    first_bad_seq: int | None = None
    fault: ChainFault | None = None

    @property
    def intact(self) -> bool:
        return self.fault is None


class ChainVerifier:
    """Feed rows in sequence order with ``add``; it stops checking at the first bad row
    (``add`` returns False), and ``finish`` compares the last row with the chain head and,
    when given, with an earlier checkpoint."""

    def __init__(self, checkpoint: Checkpoint | None = None) -> None:
        self._checkpoint = checkpoint
        self._checkpoint_hash: str | None = None
        self._previous_hash = GENESIS_HASH
        self._last_seq = 0
        self.rows = 0
        self.first_bad_seq: int | None = None
        self.fault: ChainFault | None = None

    def _bad(self, seq: int, fault: ChainFault) -> bool:
        self.first_bad_seq = seq
        self.fault = fault
        return False

    def add(self, entry: ChainEntry, stored_hash: str) -> bool:
        if self.fault is not None:
            return False
        expected = self._last_seq + 1
        if entry.seq != expected:
            # Rows come in sequence order with unique numbers: a jump is a missing row.
            return self._bad(expected, ChainFault.MISSING)
        if chain_hash(self._previous_hash, entry) != stored_hash:
            return self._bad(entry.seq, ChainFault.ALTERED)
        self.rows += 1
        self._last_seq = entry.seq
        self._previous_hash = stored_hash
        if self._checkpoint is not None and entry.seq == self._checkpoint.seq:
            self._checkpoint_hash = stored_hash
        return True

    def finish(self, head: Checkpoint) -> ChainReport:
        if self.fault is None:
            if head.seq != self._last_seq or head.hash != self._previous_hash:
                # The head names a later row than the last one (rows cut off the end) or
                # another hash: the first row past the last good one is the bad one.
                self._bad(self._last_seq + 1, ChainFault.HEAD_MISMATCH)
            elif self._checkpoint is not None:
                self._compare_checkpoint(self._checkpoint)
        return ChainReport(self.rows, head, self.first_bad_seq, self.fault)

    def _compare_checkpoint(self, checkpoint: Checkpoint) -> None:
        if checkpoint.seq == 0:
            return
        if self._checkpoint_hash is None:
            self._bad(self._last_seq + 1, ChainFault.CHECKPOINT_MISSING)
        elif self._checkpoint_hash != checkpoint.hash:
            self._bad(checkpoint.seq, ChainFault.CHECKPOINT_DIFFERS)
