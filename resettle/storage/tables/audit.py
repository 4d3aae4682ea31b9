"""The audit trail: one row per change, written in the same transaction as the change.

``details`` holds codes and field names, never personal data values. ``person_id`` names the
person the action is about and has no foreign key on purpose: erasing a person later must be
able to keep the trail of what was done. ``at`` is the database's time (UTC on both backends),
read from the chain head as the row is appended.

Rows form one hash chain (``domain/audit_chain.py``): ``seq`` numbers them without gaps and
``row_hash`` covers the row before's hash and this row's content. ``audit_head`` is one row,
the chain's last sequence number and hash: every append updates it first, inside the caller's
transaction, so appends queue behind one another and the chain cannot fork.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime

#: The chain head's one row.
HEAD_ID = 1


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
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    row_hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint(f"id = {HEAD_ID}", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
    #: The time of the last row appended (None before the first).
    last_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
