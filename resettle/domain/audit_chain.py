"""The audit trail's hash chain: the canonical form of a row and the hash linking it to the
row before, used both when a row is appended and when the chain is verified, so the two can
never drift apart.

``row_hash = SHA-256(previous row's hash, "\\n", canonical content)`` as lower-case hex. The
canonical content is one line per field, in this order: sequence number, time (UTC, ISO 8601
with microseconds and ``Z``), actor id, action, entity type, entity id, person id (an absent
id is an empty line), and the details as JSON with sorted keys and no spaces. The first row's
previous hash is 64 zeros. Codes and ids hold no line breaks and the JSON escapes its own, so
the lines cannot be confused with one another.

``ChainVerifier`` walks rows in sequence order, a batch at a time (a million rows never sit in
memory together), and names every sequence number that does not fit (one bad row does not hide
the later ones). In the same pass it
counts rows whose time is earlier than the row before them: a warning, not a fault (earlier
versions stamped PostgreSQL rows with their transaction's start time, and clocks are set back).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
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


_FLAT = frozenset({str, int, bool, type(None)})


def flat_details_key(details: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """A key equal for details of the same keys, in the same order, with the same values of
    the same types (``True`` is not ``1``); None when a value is anything but text, a whole
    number, a boolean or None (a float, a list, an object: not worth telling apart)."""
    key: list[Any] = []
    for name, value in details.items():
        kind = type(value)
        if kind not in _FLAT:
            return None
        key += (name, kind, value)
    return tuple(key)


@lru_cache(maxsize=65_536)
def canonical_details_text(stored: str | None) -> str:
    """The canonical form of details stored as JSON text (``None`` or JSON ``null``: no
    details, as empty ones). Cached: the same details (a pathway code, the fields saved)
    recur all through a trail."""
    loaded = json.loads(stored) if stored is not None else None
    return canonical_details(loaded if loaded is not None else {})


def canonical_time(at: dt.datetime) -> str:
    """``at`` in UTC to the microsecond, e.g. ``2026-12-02T09:15:00.000000Z``."""
    if at.tzinfo is None:
        raise ValueError("an audit time must carry its time zone")
    return at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def stored_time_text(at: object) -> str:
    """``canonical_time`` of a time as a database returns it: a timestamp, or UTC text without
    a zone (SQLite's ``YYYY-MM-DD HH:MM:SS.ffffff``, or ``YYYY-MM-DD HH:MM:SS`` from its
    ``CURRENT_TIMESTAMP``), sliced where it can be: a million rows are read at a time."""
    if type(at) is str:
        if len(at) == 26 and at[10] == " " and at[19] == ".":
            return f"{at[:10]}T{at[11:]}Z"
        if len(at) == 19 and at[10] == " ":
            return f"{at[:10]}T{at[11:]}.000000Z"
        parsed = dt.datetime.fromisoformat(at)
        at = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)
    if isinstance(at, dt.datetime):
        return canonical_time(at)
    raise ValueError("not a time")


#: An audit row as read back: seq, time (a timestamp or SQLite's text), actor id, action,
#: entity type, entity id, person id, details as JSON text (or None), stored row hash.
StoredRow = tuple[int, object, int | None, str, str, int | None, int | None, str | None, str]


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


def canonical_line(
    seq: int,
    time_text: str,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: int | None,
    person_id: int | None,
    details_json: str,
) -> str:
    """The canonical content from its parts already in canonical form: the one place the
    layout is written (in Python; ``storage/postgres_audit.py`` writes it once in SQL)."""
    return (
        f"{seq}\n{time_text}\n{'' if actor_id is None else actor_id}\n{action}\n"
        f"{entity_type}\n{'' if entity_id is None else entity_id}\n"
        f"{'' if person_id is None else person_id}\n{details_json}"
    )


def canonical_content(entry: ChainEntry) -> str:
    return canonical_line(
        entry.seq,
        canonical_time(entry.at),
        entry.actor_id,
        entry.action,
        entry.entity_type,
        entry.entity_id,
        entry.person_id,
        canonical_details(entry.details or {}),
    )


def link_hash(previous_hash: str, content: str) -> str:
    return hashlib.sha256(f"{previous_hash}\n{content}".encode()).hexdigest()


def chain_hash(previous_hash: str, entry: ChainEntry) -> str:
    return link_hash(previous_hash, canonical_content(entry))


class ChainFault(StrEnum):
    """Why a sequence number does not fit (codes; the CLI words them)."""

    ALTERED = "altered"  # the row's hash does not match its content and the row before
    MISSING = "missing"  # no row has this sequence number, though later ones exist
    OUT_OF_ORDER = "out_of_order"  # a row whose number is repeated or comes before its place
    HEAD_MISMATCH = "head_mismatch"  # the chain head names a row that is not the last one
    CHECKPOINT_MISSING = "checkpoint_missing"  # the checkpoint's row is gone (tail cut off)
    CHECKPOINT_DIFFERS = "checkpoint_differs"  # the checkpoint's row has another hash now


#: The bad sequence numbers a report lists; the rest are counted.
LISTED_FAULTS = 20


@dataclass(frozen=True, slots=True)
class BadSeq:
    """One sequence number that does not fit, and why."""

    seq: int
    fault: ChainFault


@dataclass(frozen=True)
class Checkpoint:
    """The chain head at one moment, kept elsewhere to catch rows cut off the end later."""

    seq: int
    hash: str
    at: dt.datetime | None = None


@dataclass(frozen=True)
class ChainReport:
    #: Rows read, good and bad.
    rows: int
    head: Checkpoint
    #: The first ``LISTED_FAULTS`` bad sequence numbers, in the order found.
    faults: tuple[BadSeq, ...] = ()
    #: Every bad sequence number, listed or not.
    fault_count: int = 0
    #: Rows whose time is earlier than the row before them, and the first one's number.
    earlier_rows: int = 0
    first_earlier_seq: int | None = None

    @property
    def intact(self) -> bool:
        return self.fault_count == 0

    @property
    def first_bad_seq(self) -> int | None:
        return self.faults[0].seq if self.faults else None

    @property
    def fault(self) -> ChainFault | None:
        return self.faults[0].fault if self.faults else None


class ChainVerifier:
    """Feed rows in sequence order with ``add_stored_rows``; ``finish`` compares the last row
    with the chain head and, when given, with an earlier checkpoint.

    One bad row does not hide the rest: after a row whose content does not match its stored
    hash the walk carries on from that stored hash, so each later row is judged on its own;
    after a gap, the row past it is taken at its stored hash (its link is to a row that is
    gone, so only the gap is reported); a row whose number is repeated or out of place is
    reported and skipped. Every bad number is counted, the first ``LISTED_FAULTS`` listed.
    Rows timed earlier than the row before them are counted (``earlier_rows``), not refused."""

    def __init__(self, checkpoint: Checkpoint | None = None) -> None:
        self._checkpoint = checkpoint
        self._checkpoint_hash: str | None = None
        self._previous_hash = GENESIS_HASH
        self._previous_time = ""  # canonical: fixed-width UTC text, so text order is time order
        self._last_seq = 0
        self.rows = 0
        self.earlier_rows = 0
        self.first_earlier_seq: int | None = None
        self.faults: list[BadSeq] = []
        self.fault_count = 0

    def _bad(self, seq: int, fault: ChainFault, count: int = 1) -> None:
        """``count`` bad numbers from ``seq`` on (a gap is one fault per missing number)."""
        for listed in range(seq, seq + min(count, LISTED_FAULTS - len(self.faults))):
            self.faults.append(BadSeq(listed, fault))
        self.fault_count += count

    def add_stored_rows(self, rows: Iterable[StoredRow]) -> bool:
        """Rows as stored (``StoredRow``), in sequence order, a batch at a time; False once any
        row so far was bad. The loop ``audit verify`` spends its time in: the checks of a bad
        row are out of it, in ``_misfit``."""
        previous: str | None = self._previous_hash
        expected = self._last_seq + 1
        previous_time = self._previous_time
        checkpoint_seq = -1 if self._checkpoint is None else self._checkpoint.seq
        details_text = canonical_details_text
        read = 0
        try:
            for (
                seq,
                at,
                actor_id,
                action,
                entity_type,
                entity_id,
                person_id,
                details,
                stored,
            ) in rows:
                read += 1
                if seq != expected:
                    if not self._misplaced(seq, expected):
                        continue  # repeated or out of place: reported, not chained
                    expected = seq  # past a gap: the row's link is to a row that is gone
                    previous = None
                try:
                    time_text = stored_time_text(at)
                    line: str | None = canonical_line(
                        seq,
                        time_text,
                        actor_id,
                        action,
                        entity_type,
                        entity_id,
                        person_id,
                        details_text(details),
                    )
                except ValueError:  # a time or JSON edited into nonsense
                    time_text, line = previous_time, None
                if line is None or (previous is not None and link_hash(previous, line) != stored):
                    self._bad(seq, ChainFault.ALTERED)
                if seq == checkpoint_seq:
                    self._checkpoint_hash = stored
                if time_text < previous_time:
                    self._earlier(seq)
                previous, expected, previous_time = stored, expected + 1, time_text
        finally:
            self._previous_hash, self._last_seq = previous or GENESIS_HASH, expected - 1
            self._previous_time = previous_time
            self.rows += read
        return self.fault_count == 0

    def _misplaced(self, seq: object, expected: int) -> bool:
        """A row numbered ``seq`` where ``expected`` was due: True past a gap (the missing
        numbers reported), False for a number repeated or out of place (reported)."""
        if isinstance(seq, int) and seq > expected:
            self._bad(expected, ChainFault.MISSING, seq - expected)
            return True
        self._bad(seq if isinstance(seq, int) else expected, ChainFault.OUT_OF_ORDER)
        return False

    def _earlier(self, seq: int) -> None:
        if self.first_earlier_seq is None:
            self.first_earlier_seq = seq
        self.earlier_rows += 1

    def finish(self, head: Checkpoint) -> ChainReport:
        if head.seq != self._last_seq or head.hash != self._previous_hash:
            # The head names a later row than the last one (rows cut off the end) or
            # another hash: the first row past the last one read is the bad one.
            self._bad(self._last_seq + 1, ChainFault.HEAD_MISMATCH)
        elif self._checkpoint is not None:
            self._compare_checkpoint(self._checkpoint)
        return ChainReport(
            self.rows,
            head,
            tuple(self.faults),
            self.fault_count,
            self.earlier_rows,
            self.first_earlier_seq,
        )

    def _compare_checkpoint(self, checkpoint: Checkpoint) -> None:
        if checkpoint.seq == 0:
            return
        if self._checkpoint_hash is None:
            self._bad(self._last_seq + 1, ChainFault.CHECKPOINT_MISSING)
        elif self._checkpoint_hash != checkpoint.hash:
            self._bad(checkpoint.seq, ChainFault.CHECKPOINT_DIFFERS)
