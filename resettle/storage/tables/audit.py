"""The audit trail: one row per change, written in the same transaction as the change.

``details`` holds codes and field names, never personal data values. ``person_id`` names the
person the action is about and has no foreign key on purpose: erasing a person later must be
able to keep the trail of what was done. ``at`` is set by the database (UTC on both backends).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime


class AuditEntryRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime, server_default=func.current_timestamp(), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
