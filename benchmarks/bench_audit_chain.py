"""The audit hash chain's costs: what one audit row adds to a save, and verifying a big trail.

    python benchmarks/bench_audit_chain.py [--url postgresql+psycopg://owner@host/postgres] \
        [--rows 1000000] [--repeats 300] [--out benchmarks/out/audit-chain.json]

(a) A save (one UPDATE of a team's name, committed) timed with and without an audit row
    (``services.audit.record``: the chain head's update, the hash, the insert), medians over
    ``--repeats`` saves each, interleaved; also the append alone (record and flush, inside the
    transaction). Target: under 2 ms added. SQLite in a temporary folder on disk
    (``synchronous=FULL``, as users have it), and PostgreSQL when ``--url`` (or
    ``RESETTLE_TEST_DATABASE_URL``) names a server as its owner: as the owner, and as a
    staff login after ``resettle db setup-roles`` (``postgresql_login_*``: the append goes
    through ``resettle_audit_append``; the server must take password logins).
(b) ``audit verify`` (``services.audit_chain.verify_audit_chain``) over ``--rows`` rows, built
    in bulk with their chain computed (SQLite: ``executemany``; PostgreSQL: ``COPY``). Target:
    under 10 s for 1,000,000 rows; the check of the disclosure notes that follows
    (``services.disclosure_notes_check``) is timed on its own, within what is left of it.

Prints a table and writes JSON shaped {"metric": {"median_ms": ..., "target_ms": ...}}.
The PostgreSQL databases ``resettle_bench_chain_*`` are made and dropped by the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from resettle.domain.audit_actions import AuditAction  # noqa: E402
from resettle.domain.audit_chain import (  # noqa: E402
    GENESIS_HASH,
    ChainEntry,
    canonical_details,
    chain_hash,
)
from resettle.domain.staff import Actor, Role  # noqa: E402
from resettle.services import audit  # noqa: E402
from resettle.services.audit_chain import verify_audit_chain  # noqa: E402
from resettle.services.database_logins import set_login_password, setup_roles  # noqa: E402
from resettle.services.disclosure_notes_check import check_disclosure_notes  # noqa: E402
from resettle.storage.database import Database, open_database  # noqa: E402
from resettle.storage.engine import sqlite_url  # noqa: E402
from resettle.storage.postgres_access import login_name  # noqa: E402
from resettle.storage.tables.audit import HEAD_ID  # noqa: E402
from resettle.storage.tables.staff import StaffRow, TeamRow  # noqa: E402

Figures = dict[str, dict[str, float]]
LOGIN_PASSWORD = "bench-login-password-31"
SAVE_TARGET_MS = 2.0
VERIFY_TARGET_MS = 10_000.0
#: Details like the services write: field names, codes, ids.
DETAILS: tuple[dict[str, Any], ...] = (
    {"fields": ["release_date", "responsible_officer_id"]},
    {"pathway": "accommodation"},
    {"kind": "first_night", "status": "arranged", "via": "plan"},
    {"version": 3, "actions": 12},
    {},
)
ACTIONS = (
    AuditAction.PERSON_UPDATED,
    AuditAction.NEED_SAVED,
    AuditAction.ESSENTIAL_SAVED,
    AuditAction.PLAN_SAVED,
    AuditAction.PERSON_VIEWED,
)


def _actor_and_team(database: Database) -> tuple[Actor, int]:
    with database.uow() as uow:
        staff = uow.staff.add(
            StaffRow(
                username=f"bench.{uuid.uuid4().hex[:8]}",
                display_name="Bench",
                active=True,
                password_hash="",
            )
        )
        team = uow.staff.add_team(f"B{uuid.uuid4().hex[:6]}", "Bench team")
        uow.commit()
        actor = Actor(id=staff.id, username=staff.username, display_name="Bench", role=Role.ADMIN)
        return actor, team.id


def _save(database: Database, actor: Actor, team_id: int, n: int, audited: bool) -> None:
    with database.uow() as uow:
        uow.session.execute(
            update(TeamRow).where(TeamRow.id == team_id).values(name=f"Bench team {n}")
        )
        if audited:
            audit.record(uow, actor, AuditAction.TEAM_RENAMED, team_id, person_id=None, code="B")
        uow.commit()


def _append_only(database: Database, actor: Actor, team_id: int) -> float:
    with database.uow() as uow:
        uow.session.execute(update(TeamRow).where(TeamRow.id == team_id).values(name="x"))
        uow.flush()
        started = time.perf_counter()
        audit.record(uow, actor, AuditAction.TEAM_RENAMED, team_id, person_id=None, code="B")
        uow.flush()
        spent = time.perf_counter() - started
        uow.commit()
    return spent * 1000


def _stats(walls: list[float], target: float) -> dict[str, float]:
    return {"median_ms": statistics.median(walls), "worst_ms": max(walls), "target_ms": target}


def measure_saves(
    database: Database, label: str, repeats: int, acting: tuple[Actor, int] | None = None
) -> Figures:
    actor, team_id = acting or _actor_and_team(database)
    for n in range(20):  # warm the pool, the statement caches and the pages
        _save(database, actor, team_id, n, audited=n % 2 == 0)
    plain: list[float] = []
    audited: list[float] = []
    for n in range(repeats):
        for walls, with_audit in ((plain, False), (audited, True)):
            started = time.perf_counter()
            _save(database, actor, team_id, n, with_audit)
            walls.append((time.perf_counter() - started) * 1000)
    appends = [_append_only(database, actor, team_id) for _ in range(repeats)]
    added = statistics.median(audited) - statistics.median(plain)
    return {
        f"{label}_save_without_audit": _stats(plain, 0),
        f"{label}_save_with_audit": _stats(audited, 0),
        f"{label}_audit_row_added_to_a_save": {"median_ms": added, "target_ms": SAVE_TARGET_MS},
        f"{label}_audit_append_alone": _stats(appends, SAVE_TARGET_MS),
    }


def chained_rows(actor_id: int, count: int) -> Iterator[tuple[Any, ...]]:
    """``count`` rows with their chain: (seq, at, actor_id, action, entity_type, entity_id,
    person_id, details JSON, row_hash)."""
    previous = GENESIS_HASH
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for seq in range(1, count + 1):
        action = ACTIONS[seq % len(ACTIONS)]
        details = DETAILS[seq % len(DETAILS)]
        at = start + dt.timedelta(seconds=seq, microseconds=seq % 1000)
        person = seq % 100_000 + 1
        entry = ChainEntry(
            seq, at, actor_id, action.value, action.entity_type, person, person, details
        )
        previous = chain_hash(previous, entry)
        yield (
            seq,
            at,
            actor_id,
            action.value,
            action.entity_type,
            person,
            person,
            canonical_details(details),
            previous,
        )


def fill_sqlite(database: Database, actor_id: int, count: int) -> None:
    import sqlite3

    connection = sqlite3.connect(database.url.database or "")
    try:
        with connection:
            connection.execute("DELETE FROM audit_log")
            last: tuple[Any, ...] = ()
            batch: list[tuple[Any, ...]] = []
            for row in chained_rows(actor_id, count):
                stored = (*row[:1], row[1].strftime("%Y-%m-%d %H:%M:%S.%f"), *row[2:])
                batch.append(stored)
                last = row
                if len(batch) == 50_000:
                    _insert_sqlite(connection, batch)
                    batch = []
            _insert_sqlite(connection, batch)
            _set_head(connection.execute, last, "?")
    finally:
        connection.close()


def _insert_sqlite(connection: Any, batch: list[tuple[Any, ...]]) -> None:
    connection.executemany(
        "INSERT INTO audit_log (seq, at, actor_id, action, entity_type, entity_id, person_id, "
        "details, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch,
    )


def _set_head(execute: Callable[..., Any], last: tuple[Any, ...], mark: str) -> None:
    at = last[1].strftime("%Y-%m-%d %H:%M:%S.%f") if mark == "?" else last[1]
    execute(
        f"UPDATE audit_head SET last_seq = {mark}, last_hash = {mark}, last_at = {mark} "
        f"WHERE id = {HEAD_ID}",
        (last[0], last[8], at),
    )


def fill_postgres(database: Database, actor_id: int, count: int) -> None:
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("DELETE FROM audit_log")
        last: tuple[Any, ...] = ()
        with cursor.copy(  # type: ignore[attr-defined]
            "COPY audit_log (seq, at, actor_id, action, entity_type, entity_id, person_id, "
            "details, row_hash) FROM STDIN"
        ) as copy:
            for row in chained_rows(actor_id, count):
                copy.write_row(row)
                last = row
        _set_head(cursor.execute, last, "%s")
        raw.commit()
    finally:
        raw.close()


def measure_verify(database: Database, label: str, rows: int) -> Figures:
    actor, _team = _actor_and_team(database)
    started = time.perf_counter()
    (fill_sqlite if database.is_sqlite else fill_postgres)(database, actor.id, rows)
    built = time.perf_counter() - started
    print(f"  {label}: {rows:,} chained rows built in {built:.1f} s", file=sys.stderr)
    started, cpu = time.perf_counter(), time.process_time()
    report = verify_audit_chain(database)
    spent = (time.perf_counter() - started) * 1000
    cpu_spent = (time.process_time() - cpu) * 1000
    if not report.intact or report.rows != rows:
        raise SystemExit(f"{label}: the built chain did not verify: {report}")
    # ``audit verify`` then checks the disclosure notes: one more pass over the trail.
    started = time.perf_counter()
    check_disclosure_notes(database)
    notes_spent = (time.perf_counter() - started) * 1000
    return {
        f"{label}_verify_notes_check_{rows}_rows": {"median_ms": notes_spent, "target_ms": 0},
        f"{label}_verify_with_notes_{rows}_rows": {
            "median_ms": spent + notes_spent,
            "target_ms": VERIFY_TARGET_MS,
        },
        f"{label}_verify_{rows}_rows": {"median_ms": spent, "target_ms": VERIFY_TARGET_MS},
        # This process's CPU time: what the wall time is on a machine nobody else is using
        # (SQLite reads in this process; PostgreSQL's own work is not counted).
        f"{label}_verify_{rows}_rows_cpu": {"median_ms": cpu_spent, "target_ms": VERIFY_TARGET_MS},
        f"{label}_verify_rows_per_s": {"count": rows / (spent / 1000)},
    }


def _postgres_database(server_url: str) -> tuple[str, Callable[[], None]]:
    url = make_url(server_url)
    name = f"resettle_bench_chain_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def measure_login_saves(database: Database, url: str, repeats: int) -> Figures:
    """The saves again, signed in as an administrator's own login (roles set up first)."""
    actor, team_id = _actor_and_team(database)
    with database.uow() as uow:
        uow.staff.add_role(actor.id, Role.ADMIN.value)
        uow.commit()
    prefix = setup_roles(database.uow(), LOGIN_PASSWORD).prefix
    with database.uow() as uow:
        set_login_password(uow, actor.id, LOGIN_PASSWORD)
        uow.commit()
    login_url = make_url(url).set(
        username=login_name(prefix, actor.username), password=LOGIN_PASSWORD
    )
    login = open_database(login_url.render_as_string(hide_password=False), migrate=False)
    try:
        return measure_saves(login, "postgresql_login", repeats, (actor, team_id))
    finally:
        login.close()


def run_backend(url: str, label: str, repeats: int, rows: int) -> Figures:
    database = open_database(url)
    try:
        figures = measure_saves(database, label, repeats)
        if not database.is_sqlite:
            figures.update(measure_login_saves(database, url, repeats))
        figures.update(measure_verify(database, label, rows))
        return figures
    finally:
        database.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=os.environ.get("RESETTLE_TEST_DATABASE_URL"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--sqlite-dir", type=Path, default=None, help="default: a temp folder")
    args = parser.parse_args(argv)

    figures: Figures = {}
    with tempfile.TemporaryDirectory(dir=args.sqlite_dir) as folder:
        url = sqlite_url(Path(folder) / "resettle.sqlite3")
        figures.update(run_backend(url, "sqlite", args.repeats, args.rows))
    if args.url:
        url, drop = _postgres_database(args.url)
        try:
            figures.update(run_backend(url, "postgresql", args.repeats, args.rows))
        finally:
            drop()

    print(f"load average at the end: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    print(f"{'metric':48} {'median ms':>10} {'worst ms':>10} {'target ms':>10}")
    for name, values in figures.items():
        if "median_ms" in values:
            worst = values.get("worst_ms")
            print(
                f"{name:48} {values['median_ms']:10.2f} "
                f"{'' if worst is None else f'{worst:10.2f}':>10} {values['target_ms']:10.0f}"
            )
        else:
            print(f"{name:48} {values['count']:10.0f}")
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
