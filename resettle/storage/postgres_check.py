"""``resettle db check`` on PostgreSQL: what ``PRAGMA integrity_check`` is to an SQLite file.

Read-only, in one transaction that is rolled back at the end:

- every table of the models is there, and every table's rows can be counted (the counts are
  reported); ``alembic_version`` holds exactly one row;
- no constraint is left ``NOT VALID`` (``pg_constraint.convalidated``) and no index is
  invalid or unready (``pg_index.indisvalid``, ``indisready``: a failed
  ``CREATE INDEX CONCURRENTLY`` leaves one);
- ``amcheck``'s ``bt_index_check`` on every B-tree index of the schema, when the extension
  is installed or can be created. ``CREATE EXTENSION`` is transactional, so an extension made
  only for the check is gone again with the rollback; creating it needs the right to (a
  superuser, or a trusted extension's database owner): without it the report says amcheck
  was not used, and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from resettle.storage.base import Base


@dataclass
class PostgresReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Rows in each table (of those that could be counted).
    row_counts: dict[str, int] = field(default_factory=dict)
    indexes_checked: int = 0


def _first_line(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__


def check_postgres(connection: Connection) -> PostgresReport:
    """Check the database ``connection`` is on (its transaction is rolled back)."""
    report = PostgresReport()
    transaction = connection.begin()
    try:
        _tables(connection, report)
        _constraints(connection, report)
        _indexes(connection, report)
        _amcheck(connection, report)
    finally:
        transaction.rollback()
    return report


def _guarded(connection: Connection, sql: str, **params: object) -> tuple[list, str | None]:  # type: ignore[type-arg]
    """Rows of ``sql`` in a savepoint, or the first line of its error."""
    savepoint = connection.begin_nested()
    try:
        result = connection.execute(text(sql), params)
        rows = list(result) if result.returns_rows else []
    except DBAPIError as error:
        savepoint.rollback()
        return [], _first_line(error)
    savepoint.commit()
    return rows, None


def _tables(connection: Connection, report: PostgresReport) -> None:
    from resettle.storage.tables import import_all

    import_all()
    present = set(inspect(connection).get_table_names())
    expected = set(Base.metadata.tables) | {"alembic_version"}
    for missing in sorted(expected - present):
        report.problems.append(f"table {missing} is missing")
    for table in sorted(expected & present):
        rows, error = _guarded(connection, f'SELECT count(*) FROM "{table}"')
        if error is not None:
            report.problems.append(f"table {table} cannot be read: {error}")
            continue
        report.row_counts[table] = int(rows[0][0])
    versions = report.row_counts.get("alembic_version")
    if versions is not None and versions != 1:
        report.problems.append(f"alembic_version holds {versions} rows (expected 1)")


def _constraints(connection: Connection, report: PostgresReport) -> None:
    rows, error = _guarded(
        connection,
        "SELECT con.conname, rel.relname FROM pg_constraint con "
        "JOIN pg_class rel ON rel.oid = con.conrelid "
        "JOIN pg_namespace ns ON ns.oid = rel.relnamespace "
        "WHERE ns.nspname = current_schema() AND NOT con.convalidated ORDER BY 2, 1",
    )
    if error is not None:
        report.problems.append(f"constraints cannot be read: {error}")
    for name, table in rows:
        report.problems.append(f"constraint {name} on {table} is NOT VALID (never checked)")


def _indexes(connection: Connection, report: PostgresReport) -> None:
    rows, error = _guarded(
        connection,
        "SELECT ic.relname, tc.relname FROM pg_index ix "
        "JOIN pg_class ic ON ic.oid = ix.indexrelid "
        "JOIN pg_class tc ON tc.oid = ix.indrelid "
        "JOIN pg_namespace ns ON ns.oid = tc.relnamespace "
        "WHERE ns.nspname = current_schema() AND NOT (ix.indisvalid AND ix.indisready) "
        "ORDER BY 2, 1",
    )
    if error is not None:
        report.problems.append(f"indexes cannot be read: {error}")
    for name, table in rows:
        report.problems.append(f"index {name} on {table} is invalid (rebuild it: REINDEX)")


def _amcheck(connection: Connection, report: PostgresReport) -> None:
    installed, _ = _guarded(connection, "SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")
    if not installed:
        _, error = _guarded(connection, "CREATE EXTENSION IF NOT EXISTS amcheck")
        if error is not None:
            report.notes.append(f"amcheck was not used: {error}")
            return
    indexes, error = _guarded(
        connection,
        "SELECT ic.oid, ic.relname FROM pg_index ix "
        "JOIN pg_class ic ON ic.oid = ix.indexrelid "
        "JOIN pg_class tc ON tc.oid = ix.indrelid "
        "JOIN pg_namespace ns ON ns.oid = tc.relnamespace "
        "JOIN pg_am am ON am.oid = ic.relam "
        "WHERE ns.nspname = current_schema() AND am.amname = 'btree' "
        "AND ix.indisvalid AND ix.indisready AND tc.relpersistence <> 't' ORDER BY 2",
    )
    if error is not None:
        report.notes.append(f"amcheck was not used: {error}")
        return
    for oid, name in indexes:
        _, failed = _guarded(connection, "SELECT bt_index_check(CAST(:oid AS oid))", oid=oid)
        if failed is not None:
            report.problems.append(f"index {name} fails amcheck: {failed}")
        else:
            report.indexes_checked += 1
    report.notes.append(f"amcheck: {report.indexes_checked} B-tree indexes checked")
