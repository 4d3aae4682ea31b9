"""Limited-access cases: the staff named on a restricted person's access list, and the staff
excluded from a person (``domain/access.py`` has the rule)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime, utc_now

ALLOWED = "allowed"
EXCLUDED = "excluded"


class PersonAccessRow(Base):
    __tablename__ = "person_access"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: ``allowed`` (named on a restricted person's list) or ``excluded``.
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    set_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
