"""Outcome checks after release (``domain/outcome_checks.py``): append-only.

Nothing updates or deletes a row once written; a correction is a new row naming the one it
supersedes (unique: a check is corrected once, and two people correcting it at once cannot
both succeed). A row keeps the release date it was recorded against, so the measures count a
check only for the release it belongs to.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime, utc_now

#: The columns of ``ix_outcome_checks_current`` (migration 0034 names them too).
CURRENT_CHECK_COLUMNS = (
    "person_id",
    "point",
    "release_date",
    "id",
    "accommodation",
    "employment",
    "treatment",
    "treatment_started_on",
)


class OutcomeCheckRow(Base):
    __tablename__ = "outcome_checks"
    __table_args__ = (
        Index("ix_outcome_checks_person_point", "person_id", "point", "id"),
        # The measures' current check of a point for a release, with its answers: read from
        # the index alone (migration 0034, ``repositories/measure_queries.py``).
        Index("ix_outcome_checks_current", *CURRENT_CHECK_COLUMNS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    point: Mapped[str] = mapped_column(String(16))
    release_date: Mapped[dt.date] = mapped_column(Date)
    checked_on: Mapped[dt.date] = mapped_column(Date)
    accommodation: Mapped[str | None] = mapped_column(String(32))
    employment: Mapped[str | None] = mapped_column(String(32))
    treatment: Mapped[str | None] = mapped_column(String(16))
    treatment_started_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("outcome_checks.id"), unique=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
