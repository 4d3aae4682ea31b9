"""Writing audit rows (the caller's unit of work commits them with the change)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resettle.storage.tables.audit import AuditEntryRow


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(
        self,
        *,
        actor_id: int | None,
        action: str,
        entity_type: str,
        entity_id: int | None,
        person_id: int | None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Only ``resettle.services.audit.record`` calls this."""
        self._session.add(
            AuditEntryRow(
                actor_id=actor_id,
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                person_id=person_id,
                details=details or {},
            )
        )

    def count(self, action: str | None = None) -> int:
        query = select(func.count(AuditEntryRow.id))
        if action is not None:
            query = query.where(AuditEntryRow.action == action)
        return int(self._session.scalar(query) or 0)

    def latest(self, limit: int = 50) -> list[AuditEntryRow]:
        query = select(AuditEntryRow).order_by(AuditEntryRow.id.desc()).limit(limit)
        return list(self._session.scalars(query))
