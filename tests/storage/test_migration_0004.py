"""Migration 0004: audit rows gain the subject person's id (derived for old rows) and take
their time from the database."""

from __future__ import annotations

import datetime as dt
import json

from alembic import command
from sqlalchemy import text

from resettle.storage.base import UtcDateTime
from resettle.storage.engine import build_engine, normalise_url
from resettle.storage.migrate import alembic_config


def test_old_rows_get_their_person_and_new_rows_their_time(empty_database_url: str) -> None:
    engine = build_engine(normalise_url(empty_database_url))
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0003")
        old_rows = [
            ("person.viewed", "person", 7, {}),
            ("referral.updated", "referral", 3, {"person_id": 8, "status": "accepted"}),
            ("note.added", "case_note", 4, {"person_id": 9, "correction": False}),
            ("plan.batch_printed", "database", None, {"written": 2}),
        ]
        with engine.begin() as connection:
            for action, entity_type, entity_id, details in old_rows:
                connection.execute(
                    text(
                        "INSERT INTO audit_log (at, action, entity_type, entity_id, details)"
                        " VALUES (:at, :action, :entity_type, :entity_id, :details)"
                    ),
                    {
                        "at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                        "action": action,
                        "entity_type": entity_type,
                        "entity_id": entity_id,
                        "details": json.dumps(details),
                    },
                )
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0004")
        with engine.begin() as connection:
            found = connection.execute(
                text("SELECT action, person_id FROM audit_log ORDER BY id")
            ).all()
            assert [tuple(row) for row in found] == [
                ("person.viewed", 7),
                ("referral.updated", 8),
                ("note.added", 9),
                ("plan.batch_printed", None),
            ]
            connection.execute(
                text(
                    "INSERT INTO audit_log (action, entity_type, details)"
                    " VALUES ('demo.loaded', 'demo', '{}')"
                )
            )
            raw = connection.execute(text("SELECT at FROM audit_log ORDER BY id DESC")).first()
        assert raw is not None
        at = UtcDateTime().process_result_value(_as_datetime(raw[0]), engine.dialect)
        assert at is not None and at.utcoffset() == dt.timedelta(0)
        assert abs(at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=2)
    finally:
        engine.dispose()


def _as_datetime(value: object) -> dt.datetime:
    """SQLite hands back CURRENT_TIMESTAMP as UTC text; PostgreSQL as an aware datetime."""
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value
