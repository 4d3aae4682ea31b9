"""Migration 0014: on PostgreSQL, a trigram (pg_trgm) GIN index on ``people.search_text`` for
the caseload search, dropped again on downgrade; on SQLite, nothing changes."""

from __future__ import annotations

from sqlalchemy import Connection, Engine

from resettle.storage.people_search_index import INDEX_NAME
from tests.storage.migration_steps import migration_steps


def _indexes(connection: Connection) -> dict[str, str]:
    """Every index on ``people`` (name: definition), on either backend."""
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            "SELECT name, coalesce(sql, '') FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = 'people'"
        )
    else:
        rows = connection.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'people'"
        )
    return {name: definition for name, definition in rows}


def _indexes_of(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        return _indexes(connection)


def test_trigram_index_on_postgresql_only(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0013")
        before = _indexes_of(engine)
        migrate("0014")
        after = _indexes_of(engine)
        if engine.dialect.name == "sqlite":
            assert after == before
        else:
            assert set(after) - set(before) == {INDEX_NAME}
            assert "USING gin (search_text gin_trgm_ops)" in after[INDEX_NAME]
        migrate("0013", down=True)
        assert _indexes_of(engine) == before
        migrate("0014")  # and again: the extension is already there
        assert _indexes_of(engine) == after
