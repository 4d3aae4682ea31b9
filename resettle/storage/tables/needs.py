"""Needs by pathway, the support-need catalogue, support needs and their status history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from resettle.storage.base import Base, UtcDateTime, utc_now


class PathwayNeedRow(Base):
    __tablename__ = "pathway_needs"
    __table_args__ = (UniqueConstraint("person_id", "pathway"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    pathway: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    linked_to_offending: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class CatalogueEntryRow(Base):
    __tablename__ = "support_need_catalogue"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    pathway: Mapped[str] = mapped_column(String(40), index=True)
    section: Mapped[str] = mapped_column(String(100), default="")
    label: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    needs_detail: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(default=0)
    #: The person's words for an entry an administrator added ("" for the default entries,
    #: whose words are in ``domain/catalogue_plain.py``).
    plain_title: Mapped[str] = mapped_column(String(120), default="", server_default="")
    plain_sentence: Mapped[str] = mapped_column(String(300), default="", server_default="")


class SupportNeedRow(Base):
    __tablename__ = "support_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(ForeignKey("support_need_catalogue.code"))
    detail: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)

    entry: Mapped[CatalogueEntryRow] = relationship()
    history: Mapped[list[SupportNeedHistoryRow]] = relationship(
        cascade="all, delete-orphan", order_by="SupportNeedHistoryRow.id"
    )


class SupportNeedHistoryRow(Base):
    __tablename__ = "support_need_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    support_need_id: Mapped[int] = mapped_column(
        ForeignKey("support_needs.id", ondelete="CASCADE"), index=True
    )
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
