"""Migration 0015: existing audit rows are chained in the order they were written (id order),
whatever their time's stored form, and the head takes the last row; downgrade removes the
chain again; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from resettle.domain.audit_chain import GENESIS_HASH, ChainVerifier
from resettle.storage.audit_chain_reader import read_head, stored_rows
from tests.storage.migration_steps import migration_steps

AUDIT = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("action", sa.String),
    sa.column("entity_type", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("details", sa.JSON),
)


def test_existing_rows_are_chained_in_id_order_and_the_head_made(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0014")
        with engine.begin() as connection:
            # Rows whose ids run against their times: the chain follows the ids.
            for row_id, minute in ((5, 30), (9, 10), (12, 20)):
                connection.execute(
                    AUDIT.insert().values(
                        id=row_id,
                        at=dt.datetime(2026, 6, 1, 9, minute),
                        action="need.saved",
                        entity_type="need",
                        entity_id=None,
                        person_id=row_id,
                        details={"pathway": "health", "n": row_id},
                    )
                )
            # One row with the database's own time, as rows since 0004 have.
            connection.execute(
                sa.text(
                    "INSERT INTO audit_log (id, action, entity_type, details) "
                    "VALUES (14, 'demo.loaded', 'database', '{}')"
                )
            )
        migrate("0015")
        with engine.connect() as connection:
            ids = (
                connection.execute(sa.text("SELECT id FROM audit_log ORDER BY seq")).scalars().all()
            )
            assert ids == [5, 9, 12, 14]
            verifier = ChainVerifier()
            for rows in stored_rows(connection):
                assert verifier.add_stored_rows(rows)
            head = read_head(connection)
            report = verifier.finish(head)
            assert report.intact and report.rows == 4 and head.seq == 4
            assert head.at is not None
        migrate("0014", down=True)
        inspector = sa.inspect(engine)
        assert "audit_head" not in inspector.get_table_names()
        columns = {c["name"] for c in inspector.get_columns("audit_log")}
        assert not columns & {"seq", "row_hash"}


def test_an_empty_trail_gets_an_empty_head(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0015")
        with engine.connect() as connection:
            head = read_head(connection)
        assert (head.seq, head.hash, head.at) == (0, GENESIS_HASH, None)
