"""Community service providers (an editable directory), referrals and their history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from resettle.storage.base import Base, UtcDateTime, utc_now


class ProviderRow(Base):
    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ReferralRow(Base):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    service_type: Mapped[str] = mapped_column(String(40))
    contact: Mapped[str] = mapped_column(String(500), default="")
    referral_date: Mapped[dt.date] = mapped_column(Date)
    appointment_date: Mapped[dt.date | None] = mapped_column(Date)
    appointment_time: Mapped[dt.time | None] = mapped_column(Time)
    status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)

    provider: Mapped[ProviderRow] = relationship()
    history: Mapped[list[ReferralHistoryRow]] = relationship(
        cascade="all, delete-orphan", order_by="ReferralHistoryRow.id"
    )


class ReferralHistoryRow(Base):
    __tablename__ = "referral_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
