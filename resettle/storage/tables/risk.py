"""Risk: OGRS3 inputs and the confirmed level (one row per person), recorded scores, RoSH,
and the officer-set flags the recommender reads (opioid use, mental health, ...)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime, utc_now


class RiskProfileRow(Base):
    __tablename__ = "risk_profiles"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    conviction_date: Mapped[dt.date | None] = mapped_column(Date)
    first_sanction_date: Mapped[dt.date | None] = mapped_column(Date)
    previous_sanctions: Mapped[int | None] = mapped_column(Integer)
    confirmed_level: Mapped[str | None] = mapped_column(String(16))
    confirmed_reason: Mapped[str] = mapped_column(Text, default="")
    confirmed_by: Mapped[str] = mapped_column(String(200), default="")
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    confirmed_score_source: Mapped[str | None] = mapped_column(String(32))
    confirmed_score_band: Mapped[str | None] = mapped_column(String(16))


class RecordedScoreRow(Base):
    __tablename__ = "recorded_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    tool: Mapped[str] = mapped_column(String(16))
    percent: Mapped[float | None] = mapped_column(Float)
    level: Mapped[str | None] = mapped_column(String(16))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class RoshRow(Base):
    __tablename__ = "rosh_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    children: Mapped[str | None] = mapped_column(String(16))
    public: Mapped[str | None] = mapped_column(String(16))
    known_adult: Mapped[str | None] = mapped_column(String(16))
    staff: Mapped[str | None] = mapped_column(String(16))
    prisoners: Mapped[str | None] = mapped_column(String(16))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class PersonFlagRow(Base):
    __tablename__ = "person_flags"
    __table_args__ = (UniqueConstraint("person_id", "flag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    flag: Mapped[str] = mapped_column(String(40))
