"""A person's programme history (``domain/programme_history.py``): append-only.

Nothing updates or deletes a row once written (the repository has no path for it); a
correction is a new row naming the one it supersedes. No revision: adding never overwrites.
``referral_id`` will name the programme referral an entry came from once referrals are held;
it has no foreign key yet.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime, utc_now


class ProgrammeHistoryRow(Base):
    __tablename__ = "programme_history"
    __table_args__ = (Index("ix_programme_history_person_recorded", "person_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    programme_code: Mapped[str] = mapped_column(String(60))
    programme_name: Mapped[str] = mapped_column(String(200))
    setting: Mapped[str] = mapped_column(String(20))
    location: Mapped[str | None] = mapped_column(String(200))
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    expected_end_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20))
    reason_category: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str | None] = mapped_column(String(60))
    evidence_intervention_id: Mapped[str | None] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(20))
    referral_id: Mapped[int | None] = mapped_column(Integer)
    #: Unique: an entry is corrected once (two people correcting it at once: one is refused).
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_history.id"), unique=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
