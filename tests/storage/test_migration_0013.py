"""Migration 0013: every existing plan version gets empty officer-only notes, and the notes
go again on downgrade; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.storage.migration_steps import migration_steps
from tests.storage.test_migration_0009 import _person

VERSIONS = sa.table(
    "plan_versions",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("version", sa.Integer),
    sa.column("revision", sa.Integer),
    sa.column("state", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("created_by", sa.String),
    sa.column("agreed_by_person", sa.Boolean),
)


def test_existing_plans_get_empty_officer_notes(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0012")
        with engine.begin() as connection:
            person = _person(connection, 1, 30, 0, agreed=False, stored=None)
            connection.execute(
                VERSIONS.insert().values(
                    person_id=person,
                    version=1,
                    revision=1,
                    state="draft",
                    created_at=dt.datetime(2026, 1, 1),
                    created_by="Officer",
                    agreed_by_person=False,
                )
            )
        migrate("0013")
        with engine.connect() as connection:
            notes = connection.execute(sa.text("SELECT officer_notes FROM plan_versions"))
            assert notes.scalars().all() == [""]
        migrate("0012", down=True)
        columns = {c["name"] for c in sa.inspect(engine).get_columns("plan_versions")}
        assert "officer_notes" not in columns
