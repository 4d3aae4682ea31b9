"""Who holds a case (allocation history) and whether it is closed.

Every allocation is kept: a new row each time a person is allocated, never an update. A
closure row is open (``reopened_at`` empty) while the case is closed; reopening fills it in,
so a person's closures are kept too. At most one closure per person is open (a partial
unique index), so two people closing the same case at once cannot both succeed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime


class AllocationRow(Base):
    __tablename__ = "allocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    previous_officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    #: None for allocations made before the history was kept (filled in by migration 0006).
    allocated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    allocated_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime, server_default=func.current_timestamp()
    )


class CaseClosureRow(Base):
    __tablename__ = "case_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    other_reason: Mapped[str] = mapped_column(String(200), default="")
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime, server_default=func.current_timestamp()
    )
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reopened_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index(
            "uq_case_closures_open",
            "person_id",
            unique=True,
            sqlite_where=text("reopened_at IS NULL"),
            postgresql_where=text("reopened_at IS NULL"),
        ),
    )
