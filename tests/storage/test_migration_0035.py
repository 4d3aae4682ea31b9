"""Migration 0035: ``regions`` and ``managed_regions`` are created and teams and
establishments gain an empty region (nobody's reach changes); down again they go, the teams
and establishments kept; on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from tests.storage.migration_steps import migration_steps


def test_regions_arrive_empty_and_leave_the_places_as_they_were(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0034")
        with engine.begin() as connection:
            connection.execute(
                sa.text("INSERT INTO teams (id, code, name, active) VALUES (1, 'T1', 'T', true)")
            )
            connection.execute(
                sa.text("INSERT INTO establishments (id, code, name) VALUES (1, 'E1', 'E')")
            )
        migrate("0035")
        inspector = sa.inspect(engine)
        assert {"regions", "managed_regions"} <= set(inspector.get_table_names())
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT region_id FROM teams")).all() == [(None,)]
            assert connection.execute(sa.text("SELECT region_id FROM establishments")).all() == [
                (None,)
            ]
        migrate("0034", down=True)
        inspector = sa.inspect(engine)
        assert "regions" not in inspector.get_table_names()
        for table in ("teams", "establishments"):
            assert "region_id" not in {c["name"] for c in inspector.get_columns(table)}
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT code FROM teams")).all() == [("T1",)]
