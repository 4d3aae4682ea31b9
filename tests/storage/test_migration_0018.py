"""Migration 0018: ``disclosure_notes`` is created (audit rows written before keep the words
they hold: nothing is moved), and the downgrade drops it."""

from __future__ import annotations

import sqlalchemy as sa

from tests.storage.migration_steps import migration_steps


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_the_notes_table_comes_and_goes(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0017")
        assert "disclosure_notes" not in _tables(engine)
        migrate("0018")
        assert "disclosure_notes" in _tables(engine)
        columns = {c["name"] for c in sa.inspect(engine).get_columns("disclosure_notes")}
        assert columns == {
            "id",
            "person_id",
            "salt",
            "justification_text",
            "recipient",
            "created_at",
        }
        indexes = sa.inspect(engine).get_indexes("disclosure_notes")
        assert [i["column_names"] for i in indexes] == [["person_id"]]
        migrate("0017", down=True)
        assert "disclosure_notes" not in _tables(engine)
