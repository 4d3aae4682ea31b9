"""Fast inserts for imports and demo data, with ids chosen by the caller."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import DeclarativeBase, Session


class BulkRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def insert(self, table: type[DeclarativeBase], rows: list[dict[str, Any]]) -> None:
        if rows:
            self._session.execute(table.__table__.insert(), rows)  # type: ignore[attr-defined]

    def next_id(self, table: type[DeclarativeBase]) -> int:
        column = table.__table__.c.id  # type: ignore[attr-defined]
        return int(self._session.scalar(select(func.coalesce(func.max(column), 0))) or 0) + 1

    def reset_id_sequences(self, tables: list[type[DeclarativeBase]]) -> None:
        """After inserting explicit ids, move PostgreSQL's sequences past them."""
        if self._session.get_bind().dialect.name != "postgresql":
            return
        for table in tables:
            name = table.__tablename__  # type: ignore[attr-defined]
            self._session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                )
            )
