"""The audit chain in tests: rows appended through the service, and tampering done behind the
application's back, as the database file's holder (SQLite, with the sqlite3 module) or the
PostgreSQL owner would."""

from __future__ import annotations

import multiprocessing
import sqlite3

from sqlalchemy import create_engine, func, select, text

from resettle.domain.audit_actions import AuditAction
from resettle.domain.audit_chain import (
    ChainReport,
    canonical_details_text,
    canonical_line,
    link_hash,
    stored_time_text,
)
from resettle.domain.staff import Actor, Role
from resettle.services import audit
from resettle.services.audit_chain import verify_audit_chain
from resettle.storage.audit_chain_reader import stored_rows
from resettle.storage.database import Database
from resettle.storage.tables.audit import AuditEntryRow

WRITERS = 4
ROWS_EACH = 60


def chain_actor(staff_id: int) -> Actor:
    return Actor(id=staff_id, username="chain.test", display_name="Chain Test", role=Role.ADMIN)


def append_rows(database: Database, actor: Actor, count: int) -> None:
    """``count`` audit rows, one unit of work each, through ``services.audit.record``."""
    for n in range(count):
        with database.uow() as uow:
            audit.record(uow, actor, AuditAction.TEAM_RENAMED, n + 1, person_id=None, code=f"T{n}")
            uow.commit()


def tamper(database: Database, *statements: str) -> None:
    """Run ``statements`` in one transaction outside Resettle."""
    if database.is_sqlite:
        connection = sqlite3.connect(database.url.database or "")
        try:
            with connection:
                for statement in statements:
                    connection.execute(statement)
        finally:
            connection.close()
        return
    engine = create_engine(database.url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def restamp(database: Database, seq: int, at: str) -> None:
    """Give row ``seq`` the UTC time ``at`` (``YYYY-MM-DD HH:MM:SS.ffffff``) and rehash it and
    every row after it, as someone holding the database could: the chain still verifies."""
    engine = create_engine(database.url)
    try:
        with engine.connect() as connection:
            rows = [row for batch in stored_rows(connection) for row in batch]
    finally:
        engine.dispose()
    statements, previous = [], rows[seq - 2][8] if seq > 1 else "0" * 64
    for number, when, actor, action, kind, entity, person, details, _hash in rows[seq - 1 :]:
        when = at if number == seq else when
        previous = link_hash(
            previous,
            canonical_line(
                number,
                stored_time_text(when),
                actor,
                action,
                kind,
                entity,
                person,
                canonical_details_text(details),
            ),
        )
        stamp = f", at = '{at}{'' if database.is_sqlite else '+00'}'" if number == seq else ""
        statements.append(
            f"UPDATE audit_log SET row_hash = '{previous}'{stamp} WHERE seq = {number}"
        )
    statements.append(f"UPDATE audit_head SET last_hash = '{previous}'")
    tamper(database, *statements)


def verified(database: Database) -> ChainReport:
    return verify_audit_chain(database)


#: Each kind of tampering and the sequence number ``audit verify`` must name for it (on a
#: chain of five rows).
TAMPERING: dict[str, tuple[tuple[str, ...], int]] = {
    "edited details": (
        ('UPDATE audit_log SET details = \'{"code":"XX"}\' WHERE seq = 3',),
        3,
    ),
    "edited time": (("UPDATE audit_log SET at = '2020-01-01 00:00:00' WHERE seq = 2",), 2),
    "edited actor": (("UPDATE audit_log SET actor_id = NULL WHERE seq = 4",), 4),
    "deleted row": (("DELETE FROM audit_log WHERE seq = 2",), 2),
    "swapped rows": (
        (
            "UPDATE audit_log SET seq = -1 WHERE seq = 2",
            "UPDATE audit_log SET seq = 2 WHERE seq = 3",
            "UPDATE audit_log SET seq = 3 WHERE seq = -1",
        ),
        2,
    ),
    "last row deleted": (("DELETE FROM audit_log WHERE seq = 5",), 5),
    "rehashed row": ((f"UPDATE audit_log SET row_hash = '{'0' * 64}' WHERE seq = 1",), 1),
}


def append_in_process(url: str, staff_id: int, count: int, start: object) -> None:
    """A writer process of the concurrency test: waits for the others at ``start`` (a
    ``multiprocessing`` barrier), then appends ``count`` rows through the service."""
    from resettle.storage.database import open_database

    database = open_database(url, migrate=False)
    try:
        start.wait()  # type: ignore[attr-defined]
        append_rows(database, chain_actor(staff_id), count)
    finally:
        database.close()


def appended_concurrently(database: Database, url: str, staff_id: int) -> None:
    """Four writer processes, started together, each append ``ROWS_EACH`` rows in their own
    units of work as ``staff_id``; then the chain must verify, with every row numbered once."""
    before = verified(database)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WRITERS)
    writers = [
        context.Process(target=append_in_process, args=(url, staff_id, ROWS_EACH, start))
        for _ in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=300)
    assert [writer.exitcode for writer in writers] == [0] * WRITERS
    report = verified(database)
    assert report.intact, report
    assert report.rows == before.rows + WRITERS * ROWS_EACH
    assert report.head.seq == report.rows
    with database.uow() as uow:
        written, distinct = uow.session.execute(
            select(func.count(AuditEntryRow.id), func.count(AuditEntryRow.seq.distinct())).where(
                AuditEntryRow.actor_id == staff_id, AuditEntryRow.seq > before.head.seq
            )
        ).one()
    assert written == distinct == WRITERS * ROWS_EACH
