"""Row-level security at scale: a PostgreSQL database of N demo people with ``setup-roles``
run, an officer signed in as their own login, and what they wait for.

    python benchmarks/bench_postgres_rls.py --url postgresql+psycopg://owner@host/postgres \
        --size 100000 --repeats 9 --out benchmarks/out/rls.json

``--url`` names the server as its owner (a superuser, or a login with CREATEDB and
CREATEROLE); the database ``resettle_bench_rls_<size>`` is made and filled once (the demo
loader, through the services) and kept for later runs. Prints a table (median and worst of
``--repeats``), the EXPLAIN ANALYZE of the caseload query as the officer, and writes JSON.
Targets: caseload search under 100 ms, opening a person under 200 ms, sign-in under 1 s.
Also counts the statements (round trips) opening a person and a search send.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from resettle.domain.caseload import CaseloadQuery  # noqa: E402
from resettle.services.case_record.read import open_case_record  # noqa: E402
from resettle.services.caseload import list_caseload  # noqa: E402
from resettle.services.database_logins import set_login_password, setup_roles  # noqa: E402
from resettle.services.demo.loader import DEMO_PASSWORD, start_demo_database  # noqa: E402
from resettle.services.workspace import Workspace, signed_in_workspace  # noqa: E402
from resettle.storage.database import open_database  # noqa: E402

GATE_PASSWORD = "benchmark-gate-password"
OFFICER = "demo.officer"
Figures = dict[str, dict[str, float]]


def database_url(server_url: str, size: int) -> str:
    url = make_url(server_url)
    name = f"resettle_bench_rls_{size}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


#: First letters of the copies' prison numbers and case references (the demo's start with Z).
COPY_LETTERS = "YXWVUTSRQP"


def prepare(url: str, size: int, demo_size: int) -> None:
    """Demo data (once), roles set up (every run: it is idempotent), the officer's password.

    The demo loader makes ``demo_size`` people with whole case records through the services
    (about 20 ms a person here); the rest are copies of their ``people`` rows with new
    identifiers and release dates moved, made in SQL in seconds: the caseload reads only
    ``people``, and a person is opened from the demo's own, whole records."""
    database = open_database(url)
    try:
        with database.uow() as uow:
            loaded = uow.people.count()
        if loaded == 0:
            print(f"Loading {demo_size:,} demo people ...", file=sys.stderr)
            started = time.perf_counter()
            start_demo_database(database.uow(), min(size, demo_size))
            print(f"  loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            _grow(database.engine, size)
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        started = time.perf_counter()
        setup_roles(database.uow(), GATE_PASSWORD)
        print(f"setup-roles took {time.perf_counter() - started:.1f} s", file=sys.stderr)
        with database.uow() as uow:
            row = uow.staff.by_username(OFFICER)
            assert row is not None
            set_login_password(uow, row.id, DEMO_PASSWORD)
            uow.commit()
    finally:
        database.close()


def _grow(engine: Any, size: int) -> None:
    with engine.begin() as connection:
        columns = [
            name
            for name in connection.scalars(
                text(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = 'people' AND table_schema = 'public' "
                    "AND column_name NOT IN ('id', 'prison_number', 'crn', 'release_date')"
                )
            )
        ]
        demo = int(connection.scalar(text("SELECT count(*) FROM people")) or 0)
        listed = ", ".join(columns)
        for n, letter in enumerate(COPY_LETTERS):
            have = int(connection.scalar(text("SELECT count(*) FROM people")) or 0)
            if have >= size:
                break
            connection.execute(
                text(
                    f"INSERT INTO people (prison_number, crn, release_date, {listed}) "
                    f"SELECT '{letter}' || substr(prison_number, 2), "
                    f"'{letter}' || substr(crn, 2), release_date + {(n + 1) * 7 % 120 - 60}, "
                    f"{listed} FROM people WHERE prison_number LIKE 'Z%' "
                    "ORDER BY id LIMIT :limit"
                ),
                {"limit": min(demo, size - have)},
            )
    print(f"  grown to {size:,} people", file=sys.stderr)


def measure(action: Callable[[], object], repeats: int, target: float) -> dict[str, float]:
    action()  # warm: the first run reads the pages into the cache
    walls = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        walls.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(walls), "worst_ms": max(walls), "target_ms": target}


def statements_in(workspace: Workspace, action: Callable[[], object]) -> float:
    """How many statements (round trips) one run of ``action`` sends, its account check
    included."""
    sent = 0

    def count(*_: Any) -> None:
        nonlocal sent
        sent += 1

    event.listen(workspace.database.engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(workspace.database.engine, "before_cursor_execute", count)
    return float(sent)


def sign_in(url: str) -> Workspace:
    return signed_in_workspace(open_database(url), OFFICER, DEMO_PASSWORD)


def run(url: str, repeats: int) -> tuple[Figures, str]:
    figures: Figures = {}
    sign_ins = []
    for _ in range(repeats):
        started = time.perf_counter()
        sign_in(url).close()
        sign_ins.append((time.perf_counter() - started) * 1000)
    figures["sign_in"] = {
        "median_ms": statistics.median(sign_ins),
        "worst_ms": max(sign_ins),
        "target_ms": 1000,
    }
    workspace = sign_in(url)
    try:
        captured: list[tuple[str, Any]] = []

        def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            if "FROM people" in statement and "LIMIT" in statement:
                captured.append((statement, parameters))

        event.listen(workspace.database.engine, "before_cursor_execute", capture)
        first = workspace.run(list_caseload, CaseloadQuery(search="smith"))
        searched = captured[0]
        captured.clear()
        first = workspace.run(list_caseload, CaseloadQuery())
        plain = captured[0]
        figures["caseload_first_page"] = measure(
            lambda: workspace.run(list_caseload, CaseloadQuery()), repeats, 100
        )
        for term in ("smith", "z12"):
            figures[f"caseload_search_{term}"] = measure(
                lambda term=term: workspace.run(list_caseload, CaseloadQuery(search=term)),  # type: ignore[misc]
                repeats,
                100,
            )
        person = first.rows[0].id
        figures["open_person"] = measure(
            lambda: workspace.run(open_case_record, person), repeats, 200
        )
        figures["rows_on_first_page"] = {"count": float(len(first.rows))}
        figures["statements"] = {
            "open_person": statements_in(
                workspace, lambda: workspace.run(open_case_record, person)
            ),
            "caseload_search_smith": statements_in(
                workspace, lambda: workspace.run(list_caseload, CaseloadQuery(search="smith"))
            ),
        }
        event.remove(workspace.database.engine, "before_cursor_execute", capture)
        explain = "\n\n".join(
            f"-- {what}\n{explain_analyze(workspace, *query)}"
            for what, query in (("first page", plain), ("search 'smith'", searched))
        )
    finally:
        workspace.close()
    return figures, explain


def without_rls(url: str, repeats: int) -> Figures:
    """The same officer's actions on the owner's connection (row-level security does not bind
    a table's owner): what the policies add is the difference."""
    from resettle.services import authentication

    database = open_database(url)
    try:
        with database.uow() as uow:
            row = uow.staff.by_username(OFFICER)
            assert row is not None
            actor = authentication.actor_of(uow, row)
        workspace = Workspace(database=database, actor=actor)
        first = workspace.run(list_caseload, CaseloadQuery())
        person = first.rows[0].id
        return {
            "owner_caseload_first_page": measure(
                lambda: workspace.run(list_caseload, CaseloadQuery()), repeats, 100
            ),
            "owner_caseload_search_smith": measure(
                lambda: workspace.run(list_caseload, CaseloadQuery(search="smith")), repeats, 100
            ),
            "owner_open_person": measure(
                lambda: workspace.run(open_case_record, person), repeats, 200
            ),
        }
    finally:
        database.close()


def explain_analyze(workspace: Workspace, statement: str, parameters: Any) -> str:
    """As the officer's own login: the plan row-level security gives the caseload query."""
    raw = workspace.database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)
        return "\n".join(row[0] for row in cursor.fetchall())
    finally:
        raw.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=os.environ.get("RESETTLE_TEST_DATABASE_URL"))
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--demo-size", type=int, default=10_000, help="people with records")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "rls.json")
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("--url (or RESETTLE_TEST_DATABASE_URL) names the PostgreSQL server")
    url = database_url(args.url, args.size)
    prepare(url, args.size, args.demo_size)
    figures, explain = run(url, args.repeats)
    figures.update(without_rls(url, args.repeats))
    print(f"{'metric':<28}{'median ms':>12}{'worst ms':>12}{'target ms':>12}")
    for name, values in figures.items():
        if "median_ms" in values:
            print(
                f"{name:<28}{values['median_ms']:>12.1f}{values['worst_ms']:>12.1f}"
                f"{values['target_ms']:>12.0f}"
            )
    for name, count in figures["statements"].items():
        print(f"statements sent by {name}: {count:.0f}")
    print("\nEXPLAIN ANALYZE of the caseload's first page, as the officer's login:\n")
    print(explain)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"figures": figures, "explain": explain}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
