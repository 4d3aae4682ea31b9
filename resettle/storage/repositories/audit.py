"""Writing audit rows (the caller's unit of work commits them with the change), each linked
into the hash chain (``domain/audit_chain.py``) through the chain head."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Integer,
    String,
    Table,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from resettle.domain.audit_chain import (
    ChainEntry,
    canonical_details,
    canonical_line,
    canonical_time,
    chain_hash,
    flat_details_key,
    link_hash,
    normalised_details,
)
from resettle.storage.base import UtcDateTime
from resettle.storage.tables.audit import HEAD_ID, AuditEntryRow, AuditHeadRow

# Core statements, built once: an append is three statements on the unit of work's connection
# and nothing for the session to track.
_HEAD = cast(Table, AuditHeadRow.__table__)


def _take_head(now: Any) -> Any:
    return (
        update(_HEAD)
        .where(_HEAD.c.id == HEAD_ID)
        .values(last_seq=_HEAD.c.last_seq + 1, last_at=now)
        .returning(_HEAD.c.last_seq, _HEAD.c.last_hash, _HEAD.c.last_at)
    )


_TAKE_HEAD = _take_head(func.current_timestamp())
#: PostgreSQL: the time at the append, under the head's lock (``CURRENT_TIMESTAMP`` is the
#: transaction's start, which may be earlier than the row before's).
_TAKE_HEAD_NOW = _take_head(func.clock_timestamp())
_SET_HEAD_HASH = update(_HEAD).where(_HEAD.c.id == HEAD_ID).values(last_hash=bindparam("new_hash"))
_INSERT_ROW = insert(cast(Table, AuditEntryRow.__table__))
#: PostgreSQL: the head's new hash and the row in one statement (one round trip fewer).
_INSERT_ROW_SETTING_HEAD = _INSERT_ROW.add_cte(_SET_HEAD_HASH.cte("moved_head"))
#: A PostgreSQL login's append (``storage/postgres_audit.py``): the database names the actor
#: and the time, and links the row.
_APPEND_AS_LOGIN = text(
    "SELECT resettle_audit_append(:action, :entity_type, :entity_id, :person_id, :details, "
    ":actorless)"
)
_APPENDS_THROUGH_FUNCTION = "resettle_appends_audit_through_function"


def appends_through_function(connection: Connection) -> bool:
    """A PostgreSQL login may not insert audit rows: it calls ``resettle_audit_append``.
    Asked once per database connection (a login's privileges are its connection's)."""
    info = connection.info
    if _APPENDS_THROUGH_FUNCTION not in info:
        info[_APPENDS_THROUGH_FUNCTION] = connection.dialect.name == "postgresql" and not (
            connection.scalar(text("SELECT has_table_privilege('audit_log', 'INSERT')"))
        )
    return bool(info[_APPENDS_THROUGH_FUNCTION])


def reads_audit_through_functions(session: Session) -> bool:
    """A PostgreSQL login may not read who acted or the details: it asks the functions of
    ``storage/postgres_seen_by.py``, which check who may."""
    return session.get_bind().dialect.name == "postgresql" and not session.scalar(
        text("SELECT has_column_privilege('audit_log', 'details', 'SELECT')")
    )


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(
        self,
        *,
        actor_id: int | None,
        action: str,
        entity_type: str,
        entity_id: int | None,
        person_id: int | None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Only ``resettle.services.audit.record`` calls this.

        The chain head is updated first, in one statement that takes its lock and reads it:
        PostgreSQL holds the row lock until the transaction ends (another append waits, then
        reads the head it left), and SQLite takes the database's write lock before reading
        (so no earlier snapshot can be used). The row's time is the database's, read there.
        A PostgreSQL login appends through the database's function instead, which does the
        same there and names the login as the actor (``actor_id`` only says whether there is
        one).
        """
        connection = self._session.connection()
        stored_details = normalised_details(details or {})
        if appends_through_function(connection):
            connection.execute(
                _APPEND_AS_LOGIN,
                {
                    "action": action,
                    "entity_type": entity_type,
                    "entity_id": entity_id,
                    "person_id": person_id,
                    "details": canonical_details(stored_details),
                    "actorless": actor_id is None,
                },
            )
            return
        postgresql = connection.dialect.name == "postgresql"
        seq, previous_hash, at = connection.execute(
            _TAKE_HEAD_NOW if postgresql else _TAKE_HEAD
        ).one()
        row = _chained_row(
            previous_hash,
            seq,
            at,
            actor_id,
            action,
            entity_type,
            entity_id,
            person_id,
            stored_details,
        )
        row_hash = row["row_hash"]
        if postgresql:
            connection.execute(_INSERT_ROW_SETTING_HEAD, {**row, "new_hash": row_hash})
        else:
            connection.execute(_SET_HEAD_HASH, {"new_hash": row_hash})
            connection.execute(_INSERT_ROW, row)

    def record_many(
        self,
        *,
        actor_id: int | None,
        rows: Sequence[tuple[str, str, int | None, int | None, dict[str, Any]]],
    ) -> None:
        """Several rows of one action at once (``services.audit.record_many`` only): each
        ``(action, entity_type, entity_id, person_id, details)``. The chain head moves once
        by ``len(rows)`` (taking its lock as :meth:`record` does) and the rows, linked in
        order and stamped with that one time, go in one insert. A PostgreSQL login appends
        each through the database's function, as :meth:`record` does."""
        if not rows:
            return
        connection = self._session.connection()
        if appends_through_function(connection):
            for action, entity_type, entity_id, person_id, details in rows:
                self.record(
                    actor_id=actor_id,
                    action=action,
                    entity_type=entity_type,
                    entity_id=entity_id,
                    person_id=person_id,
                    details=details,
                )
            return
        postgresql = connection.dialect.name == "postgresql"
        now = func.clock_timestamp() if postgresql else func.current_timestamp()
        last_seq, previous_hash, at = connection.execute(
            update(_HEAD)
            .where(_HEAD.c.id == HEAD_ID)
            .values(last_seq=_HEAD.c.last_seq + len(rows), last_at=now)
            .returning(_HEAD.c.last_seq, _HEAD.c.last_hash, _HEAD.c.last_at)
        ).one()
        values: list[dict[str, Any]] = []
        row_hash = previous_hash
        # One time for every row, and each distinct details worked out once (an export
        # writes the same details for thousands of people): the same canonical line and
        # hash as ``_chained_row`` gives each row (tests/services/test_audit_chain*.py).
        time_text = canonical_time(at)
        forms: dict[Any, tuple[dict[str, Any], str]] = {}
        # The same details object given for many rows (alive in ``rows`` all along, so its
        # id names it alone) is looked up once.
        by_object: dict[int, tuple[dict[str, Any], str]] = {}
        for offset, (action, entity_type, entity_id, person_id, details) in enumerate(rows):
            seq = last_seq - len(rows) + 1 + offset
            found = by_object.get(id(details))
            if found is None:
                found = by_object[id(details)] = _details_forms(details or {}, forms)
            stored, details_json = found
            row_hash = link_hash(
                row_hash,
                canonical_line(
                    seq,
                    time_text,
                    actor_id,
                    action,
                    entity_type,
                    entity_id,
                    person_id,
                    details_json,
                ),
            )
            values.append(
                {
                    "at": at,
                    "actor_id": actor_id,
                    "action": action,
                    "entity_type": entity_type,
                    "entity_id": entity_id,
                    "person_id": person_id,
                    "details": stored,
                    "seq": seq,
                    "row_hash": row_hash,
                }
            )
        connection.execute(_SET_HEAD_HASH, {"new_hash": row_hash})
        _insert_many(connection, values)

    def count(self, action: str | None = None) -> int:
        query = select(func.count(AuditEntryRow.id))
        if action is not None:
            query = query.where(AuditEntryRow.action == action)
        return int(self._session.scalar(query) or 0)

    def latest(self, limit: int = 50) -> list[AuditEntryRow]:
        query = select(AuditEntryRow).order_by(AuditEntryRow.id.desc()).limit(limit)
        return list(self._session.scalars(query))

    def last_id(self) -> int:
        """The newest audit row's id (0 when there is none): one step down the primary key."""
        return int(self._session.scalar(select(func.max(AuditEntryRow.id))) or 0)

    def entries_after(
        self, after_id: int, limit: int
    ) -> list[tuple[int, str, int | None, int | None]]:
        """``(id, action, entity_id, person_id)`` of the audit rows after ``after_id``, oldest
        first, at most ``limit``: one range of the primary key, whatever the table's size."""
        query = (
            select(
                AuditEntryRow.id,
                AuditEntryRow.action,
                AuditEntryRow.entity_id,
                AuditEntryRow.person_id,
            )
            .where(AuditEntryRow.id > after_id)
            .order_by(AuditEntryRow.id)
            .limit(limit)
        )
        return [(row[0], row[1], row[2], row[3]) for row in self._session.execute(query)]

    def for_person(
        self, person_id: int, actions: Sequence[str], before_id: int | None, limit: int
    ) -> list[tuple[int, dt.datetime, int | None, str, dict[str, Any]]]:
        """``(id, at, actor_id, action, details)`` of the person's rows naming one of
        ``actions``, newest first, older than ``before_id`` when given, at most ``limit``: read
        by the ``person_id`` index ("Who has seen this")."""
        if reads_audit_through_functions(self._session):
            return self._for_person_through_function(person_id, actions, before_id, limit)
        query = select(
            AuditEntryRow.id,
            AuditEntryRow.at,
            AuditEntryRow.actor_id,
            AuditEntryRow.action,
            AuditEntryRow.details,
        ).where(AuditEntryRow.person_id == person_id, AuditEntryRow.action.in_(list(actions)))
        if before_id is not None:
            query = query.where(AuditEntryRow.id < before_id)
        query = query.order_by(AuditEntryRow.id.desc()).limit(limit)
        return [
            (row[0], row[1], row[2], row[3], dict(row[4] or {}))
            for row in self._session.execute(query)
        ]

    def _for_person_through_function(
        self, person_id: int, actions: Sequence[str], before_id: int | None, limit: int
    ) -> list[tuple[int, dt.datetime, int | None, str, dict[str, Any]]]:
        query = text(
            "SELECT id, at, actor_id, action, details "
            "FROM resettle_seen_by(:person, :actions, :before, :limit)"
        ).columns(id=BigInteger, at=UtcDateTime, actor_id=Integer, action=String, details=JSON)
        found = self._session.execute(
            query,
            {"person": person_id, "actions": list(actions), "before": before_id, "limit": limit},
        )
        return [(row[0], row[1], row[2], row[3], dict(row[4] or {})) for row in found]


_BULK_COLUMNS = (
    "at",
    "actor_id",
    "action",
    "entity_type",
    "entity_id",
    "person_id",
    "details",
    "seq",
    "row_hash",
)


def _insert_many(connection: Connection, values: list[dict[str, Any]]) -> None:
    """``values`` inserted as ``connection.execute(_INSERT_ROW, values)`` would, by one
    executemany of the statement compiled for the dialect, each column's value converted by
    its type (the time, the JSON of the details) once per distinct object rather than once
    per row: an export's 100,000 rows share one time and a few details."""
    dialect = connection.dialect
    compiled = _INSERT_ROW.compile(dialect=dialect, column_keys=list(_BULK_COLUMNS))
    table = cast(Table, AuditEntryRow.__table__)
    names = list(compiled.positiontup or ()) if compiled.positional else list(_BULK_COLUMNS)
    if sorted(names) != sorted(_BULK_COLUMNS):  # a dialect that binds otherwise
        connection.execute(_INSERT_ROW, values)
        return
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    converted: list[dict[int, Any]] = [{} for _ in names]

    def bound(position: int, value: Any) -> Any:
        process = processors[position]
        if process is None or value is None:
            return value
        seen = converted[position]
        found = seen.get(id(value))
        if found is None:
            found = seen[id(value)] = process(value)
        return found

    rows = [tuple(bound(n, row[name]) for n, name in enumerate(names)) for row in values]
    if compiled.positional:
        connection.exec_driver_sql(compiled.string, rows)
    else:
        connection.exec_driver_sql(
            compiled.string, [dict(zip(names, row, strict=True)) for row in rows]
        )


def _details_forms(
    details: dict[str, Any], forms: dict[Any, tuple[dict[str, Any], str]]
) -> tuple[dict[str, Any], str]:
    """``details`` as stored (normalised) and as hashed (canonical JSON), from ``forms``
    when the same details (same keys in the same order, same values of the same types)
    came before; details holding anything but text, whole numbers, booleans and None are
    worked out each time."""
    key = flat_details_key(details)
    found = None if key is None else forms.get(key)
    if found is None:
        stored = normalised_details(details)
        found = (stored, canonical_details(stored))
        if key is not None:
            forms[key] = found
    return found


def _chained_row(
    previous_hash: str,
    seq: int,
    at: Any,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: int | None,
    person_id: int | None,
    details: dict[str, Any],
) -> dict[str, Any]:
    """The audit row's values, its hash linking it to ``previous_hash``."""
    entry = ChainEntry(seq, at, actor_id, action, entity_type, entity_id, person_id, details)
    return {
        "at": at,
        "actor_id": actor_id,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "person_id": person_id,
        "details": details,
        "seq": seq,
        "row_hash": chain_hash(previous_hash, entry),
    }
