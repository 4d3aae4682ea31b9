"""The words typed with a disclosure (``domain/disclosure_notes.py``): a table of the person's,
so erasure removes them, while the audit row naming the note keeps only its id and digest.

Append-only: nothing changes a note once written (its digest in the audit trail would no
longer match). The id is made by the application (random), so writing a note needs no
``RETURNING``: on PostgreSQL the account that discloses need not be one that may read the
note back ("Who has seen this" and the subject access export decide who reads it).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime


class DisclosureNoteRow(Base):
    __tablename__ = "disclosure_notes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: The digest's random salt, lower-case hex: erased with the note, so the digest the audit
    #: row keeps can no longer be checked against guessed words.
    salt: Mapped[str] = mapped_column(String(64))
    justification_text: Mapped[str] = mapped_column(Text, default="")
    recipient: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime, server_default=func.current_timestamp()
    )
