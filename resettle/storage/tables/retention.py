"""Retention rules (data an administrator edits), managers' review decisions, and the
tombstones erasure leaves.

A review decision belongs to the person (``person_id``), so erasing the person removes it
with the rest of their record. A tombstone names the erased person only by their internal id
(``erased_person_id``: deliberately not ``person_id``, which would make it a table of the
person's data that erasure removes), with who authorised it, when and a reason code.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime


class RetentionRuleRow(Base):
    __tablename__ = "retention_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    counts_from: Mapped[str] = mapped_column(String(32))
    years: Mapped[int] = mapped_column(Integer, default=0)
    months: Mapped[int] = mapped_column(Integer, default=0)
    action: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class RetentionReviewRow(Base):
    """A manager's "keep" decision after review: the record stays until ``next_review_on``."""

    __tablename__ = "retention_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    next_review_on: Mapped[dt.date] = mapped_column(Date)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime, server_default=func.current_timestamp()
    )


class ErasureRow(Base):
    """The tombstone of an erased person: pseudonymous, no name, no prison number."""

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    erased_person_id: Mapped[int] = mapped_column(Integer, unique=True)
    erased_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime, server_default=func.current_timestamp()
    )
    authorised_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    reason: Mapped[str] = mapped_column(String(32))
    rows_removed: Mapped[int] = mapped_column(Integer, default=0)
