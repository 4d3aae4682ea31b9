"""``db check`` (``services/workspace.check_database``): the schema version, the backend's own
checks (SQLite's ``integrity_check``; on PostgreSQL every table present and readable, no
NOT VALID constraint or invalid index, amcheck when it can be used) and the audit chain."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from resettle.services.workspace import Workspace, check_database
from resettle.settings import Settings
from resettle.storage.migrate import head_revision


def test_a_healthy_database_passes(workspace: Workspace, settings: Settings) -> None:
    health = check_database(settings)
    assert health.healthy, health.problems
    assert health.revision == head_revision()
    assert any(note.startswith("audit chain intact") for note in health.notes)
    if not workspace.database.is_sqlite:
        assert health.row_counts["alembic_version"] == 1
        assert health.row_counts["staff"] >= 1
        assert any(note.startswith("amcheck: ") for note in health.notes)  # a superuser here


def test_a_broken_audit_chain_is_a_problem(workspace: Workspace, settings: Settings) -> None:
    with workspace.database.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET action = 'person.viewed' WHERE seq = 1"))
    health = check_database(settings)
    assert not health.healthy
    assert any("audit chain is broken" in problem for problem in health.problems)


def _postgres_only(workspace: Workspace) -> None:
    if workspace.database.is_sqlite:
        pytest.skip("PostgreSQL's checks")


def test_postgres_finds_a_missing_table_and_a_not_valid_constraint(
    workspace: Workspace, settings: Settings
) -> None:
    _postgres_only(workspace)
    with workspace.database.engine.begin() as connection:
        connection.execute(text("DROP TABLE retention_reviews CASCADE"))
        connection.execute(
            text("ALTER TABLE people ADD CONSTRAINT check_test CHECK (id > 0) NOT VALID")
        )
        connection.execute(text("INSERT INTO alembic_version VALUES ('extra')"))
    health = check_database(settings)
    assert not health.healthy
    problems = "\n".join(health.problems)
    assert "table retention_reviews is missing" in problems
    assert "constraint check_test on people is NOT VALID" in problems
    assert "alembic_version holds 2 rows" in problems


def test_postgres_finds_an_invalid_index(workspace: Workspace, settings: Settings) -> None:
    _postgres_only(workspace)
    with workspace.database.engine.begin() as connection:
        connection.execute(text("CREATE INDEX ix_check_test ON people (id)"))
        connection.execute(
            text(
                "UPDATE pg_index SET indisvalid = false "
                "WHERE indexrelid = 'ix_check_test'::regclass"
            )
        )
    health = check_database(settings)
    assert any("index ix_check_test on people is invalid" in p for p in health.problems)


def test_postgres_without_amcheck_rights_says_so(
    workspace: Workspace, settings: Settings, tmp_path: Path
) -> None:
    _postgres_only(workspace)
    from dataclasses import replace

    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    with workspace.database.engine.begin() as connection:
        connection.execute(text("DROP ROLE IF EXISTS check_reader"))
        connection.execute(text("CREATE ROLE check_reader LOGIN PASSWORD 'reader-pass-1'"))
        connection.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO check_reader"))
    try:
        reader = url.set(username="check_reader", password="reader-pass-1")
        health = check_database(
            replace(settings, database_url=reader.render_as_string(hide_password=False))
        )
        assert any(note.startswith("amcheck was not used: ") for note in health.notes)
    finally:
        with workspace.database.engine.begin() as connection:
            connection.execute(text("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM check_reader"))
        workspace.database.engine.dispose()
        with workspace.database.engine.begin() as connection:
            connection.execute(text("DROP ROLE check_reader"))
