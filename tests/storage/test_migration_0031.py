"""Migration 0031: attendance marks gain "why corrected" (``correction_reason``, at most 200
characters, null on a first mark), and lose it again on downgrade; on SQLite and
PostgreSQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tests.storage.migration_steps import migration_steps


def _columns(engine: sa.Engine) -> dict[str, Any]:
    return {c["name"]: c for c in sa.inspect(engine).get_columns("programme_attendance")}


def test_marks_gain_why_corrected_and_lose_it_on_downgrade(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0030")
        assert "correction_reason" not in _columns(engine)
        migrate("0031")
        column = _columns(engine)["correction_reason"]
        assert column["nullable"] is True
        assert getattr(column["type"], "length", None) == 200
        migrate("0030", down=True)
        assert "correction_reason" not in _columns(engine)
        unique = sa.inspect(engine).get_unique_constraints("programme_attendance")
        assert any(
            set(u["column_names"]) == {"session_id", "member_id", "mark_number"} for u in unique
        )
