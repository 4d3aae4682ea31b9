"""Migration 0016: the retention tables, with one rule seeded (seven years after licence end,
then review); the downgrade drops them; on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from tests.storage.migration_steps import migration_steps

TABLES = {"retention_rules", "retention_reviews", "erasures"}


def test_the_default_rule_is_seeded_and_the_tables_go_on_downgrade(
    empty_database_url: str,
) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0016")
        with engine.connect() as connection:
            rules = connection.execute(
                sa.text(
                    "SELECT name, counts_from, years, months, action, active FROM retention_rules"
                )
            ).all()
        assert [tuple(rule) for rule in rules] == [
            ("7 years after licence end", "licence_end", 7, 0, "review", True)
        ]
        assert set(sa.inspect(engine).get_table_names()) >= TABLES
        migrate("0015", down=True)
        assert not TABLES & set(sa.inspect(engine).get_table_names())
