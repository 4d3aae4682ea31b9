"""Grow a built benchmark database to a larger size by copying its people, in seconds.

    python benchmarks/grow_database.py SOURCE_DIR TARGET_DIR --size 100000

Building 100,000 people through ``resettle demo`` takes 5-15 minutes on a shared 2-core
machine; the caseload's figures depend on the ``people`` rows (and the plans and pathway needs
its filters read), not on every case record. So the benchmark builds a smaller demo database
once (``run.py --grow-from 20000``) and this script copies its people with new ids,
identifiers and release dates spread further (weeks before and after the originals, so some
were released long ago), with every row that names them (needs, essentials, referrals,
notes, risk, plan versions without their actions; not the audit trail), then upgrades the copy
through the application (migrations run, sort keys filled) like any user's database.
SQLite only.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "resettle.sqlite3"
#: First letters for the copies' prison numbers and CRNs (the demo's start with "Z").
COPY_LETTERS = "YXWVUTSRQP"
#: Days each copy's release dates move by, in turn (some copies land long after release).
SHIFTS = (-70, 63, -140, 126, -35, 180, -210, 21, -105, 90)


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]


def grow(source: Path, target: Path, size: int) -> int:
    target.mkdir(parents=True, exist_ok=True)
    database = target / DB_NAME
    for old in target.glob(DB_NAME + "*"):
        old.unlink()
    shutil.copyfile(source / DB_NAME, database)
    connection = sqlite3.connect(database)
    try:
        base = connection.execute("SELECT MAX(id), COUNT(*) FROM people").fetchone()
        top, count = int(base[0]), int(base[1])
        copies = -(-size // count) - 1
        if copies > len(COPY_LETTERS):
            raise SystemExit(f"at most {len(COPY_LETTERS) + 1} times the source's size")
        people = _columns(connection, "people")
        tables = {
            name: [c for c in _columns(connection, name) if c != "id"]
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name not in ("people", "audit_log") and "person_id" in _columns(connection, name)
        }
        for copy in range(1, copies + 1):
            wanted = min(count, size - count * copy)
            if wanted <= 0:
                break
            letter, shift, offset = COPY_LETTERS[copy - 1], SHIFTS[copy - 1], top * copy
            replaced = {
                "id": f"id + {offset}",
                "prison_number": f"'{letter}' || substr(prison_number, 2)",
                "crn": f"'{letter}' || substr(crn, 2)",
                "pnc_number": "NULL",
                "search_text": f"replace(search_text, ' z', ' {letter.lower()}')",
                "release_date": f"date(release_date, '{shift:+d} days')",
            }
            chosen = ", ".join(replaced.get(c, c) for c in people)
            connection.execute(
                f"INSERT INTO people ({', '.join(people)}) SELECT {chosen} FROM people "
                f"WHERE id <= {top} ORDER BY id LIMIT {wanted}"
            )
            for table, columns in tables.items():
                picked = ", ".join(
                    f"person_id + {offset}" if c == "person_id" else c for c in columns
                )
                connection.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picked} FROM {table} "
                    f"WHERE person_id IN (SELECT id FROM people WHERE id <= {top} "
                    f"ORDER BY id LIMIT {wanted})"
                )
        connection.commit()
        total = int(connection.execute("SELECT COUNT(*) FROM people").fetchone()[0])
    finally:
        connection.close()
    from resettle.storage.database import open_database
    from resettle.storage.engine import sqlite_url

    opened = open_database(sqlite_url(database))  # upgrade to head through the app
    opened.close()
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path, help="a data folder with a built database")
    parser.add_argument("target", type=Path, help="the data folder to write")
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args(argv)
    total = grow(args.source, args.target, args.size)
    print(f"{total:,} people in {args.target / DB_NAME}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
