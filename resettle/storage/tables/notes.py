"""Case notes: append-only. The repository has no update or delete for them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime, utc_now


class CaseNoteRow(Base):
    __tablename__ = "case_notes"
    __table_args__ = (Index("ix_case_notes_person_created", "person_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    pathway: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    corrects_note_id: Mapped[int | None] = mapped_column(ForeignKey("case_notes.id"))
