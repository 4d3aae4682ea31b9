"""Migration 0021: the programme tables are created, ``programmes`` is filled from the shipped
catalogue file, an offering must be in exactly one place, and the downgrade drops them."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from resettle.domain.programmes.catalogue import Programme
from resettle.domain.programmes.catalogue_file import shipped_catalogue
from tests.storage.migration_steps import migration_steps

TABLES = {"programmes", "programme_offerings", "programme_groups", "programme_sessions"}


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_the_programme_tables_come_seeded_and_go(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0018")
        assert not TABLES & _tables(engine)
        migrate("0021")
        assert _tables(engine) >= TABLES
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT code, name, active, position, definition FROM programmes")
            ).all()
        by_position = sorted(rows, key=lambda row: row.position)
        shipped = shipped_catalogue().programmes
        assert [row.code for row in by_position] == [p.code for p in shipped]
        for row, programme in zip(by_position, shipped, strict=True):
            definition = row.definition
            if isinstance(definition, str):  # SQLite hands JSON back as text
                definition = json.loads(definition)
            assert Programme.model_validate(definition) == programme
            assert row.name == programme.name and row.active
        migrate("0018", down=True)
        assert not TABLES & _tables(engine)


def test_an_offering_is_at_one_place_only_in_the_database_too(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0021")
        with engine.begin() as connection:
            connection.execute(
                sa.text("INSERT INTO teams (code, name, active) VALUES ('T', 'T', true)")
            )
            connection.execute(sa.text("INSERT INTO establishments (code, name) VALUES ('E', 'E')"))
        insert = sa.text(
            "INSERT INTO programme_offerings "
            "(programme_id, establishment_id, team_id, contact, active, created_at) "
            "VALUES (1, :e, :t, '', true, CURRENT_TIMESTAMP)"
        )
        for place in ({"e": None, "t": None}, {"e": 1, "t": 1}):
            with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
                connection.execute(insert, place)
        with engine.begin() as connection:
            connection.execute(insert, {"e": 1, "t": None})
