"""Migration 0019: ``programme_need_items`` (one row per person: the programme needs
identifier's thirteen items and the SARA levels) is created, and the downgrade drops it."""

from __future__ import annotations

import sqlalchemy as sa

from resettle.domain.programme_needs_record import ITEM_FIELDS
from tests.storage.migration_steps import migration_steps


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_the_items_table_comes_and_goes(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0018")
        assert "programme_need_items" not in _tables(engine)
        migrate("0019")
        inspector = sa.inspect(engine)
        columns = {c["name"]: c for c in inspector.get_columns("programme_need_items")}
        assert set(columns) == {
            "person_id",
            *ITEM_FIELDS,
            "sara_partner",
            "sara_other",
            "updated_by_id",
            "updated_at",
        }
        assert all(columns[name]["nullable"] for name in ITEM_FIELDS)
        assert inspector.get_pk_constraint("programme_need_items")["constrained_columns"] == [
            "person_id"
        ]
        migrate("0018", down=True)
        assert "programme_need_items" not in _tables(engine)
