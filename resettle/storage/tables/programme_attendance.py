"""Attendance at programme sessions (``domain/programme_attendance.py``), and the person a
one-to-one session is for.

``programme_attendance``: one row per mark of a group place at a session. A mark is never
changed nor deleted by the application: a correction is a new row with the next
``mark_number`` for the same session and place, and the current mark is the one with the
highest number. ``(session_id, member_id, mark_number)`` is unique, so the same place cannot
be marked twice with the same number (two saves of one register at once: one is refused).
The note and a correction's reason are typed text about the person: the rows carry the
person's id, erasure removes them with the person and the subject access export lists them.
No revision: recording attendance never touches the case record's revisions nor any record
part's.

``programme_one_to_one_sessions``: a one-to-one session is tied to one group place (the
person it is with); its register holds just that person. Erased with the person.

Both name the group place (and a mark the referral) together with the person: the foreign keys
refuse a place or referral of another person (migration 0026). A mark's place is a place of
the mark's own referral (migration 0027).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime
from resettle.storage.tables.programme_referrals import (
    place_of_referral,
    same_person_place,
    same_person_referral,
)

#: The tables, for the grants, the row-level security and the erasure plan.
PROGRAMME_ATTENDANCE_TABLES = ("programme_attendance", "programme_one_to_one_sessions")


class ProgrammeAttendanceRow(Base):
    """One mark (or a correction of one) of a group place at a session."""

    __tablename__ = "programme_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "member_id", "mark_number"),
        same_person_place(),
        same_person_referral(),
        place_of_referral(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("programme_sessions.id"), index=True)
    member_id: Mapped[int] = mapped_column(Integer, index=True)
    referral_id: Mapped[int] = mapped_column(Integer, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: 1 for the first mark; each correction takes the next number.
    mark_number: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(32))
    absence_reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    #: Why a correction (``mark_number`` above 1) was made, as typed; null on a first mark
    #: (and on corrections recorded before migration 0031). Typed text about the person.
    correction_reason: Mapped[str | None] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    #: Database time.
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ProgrammeOneToOneSessionRow(Base):
    """The group place a one-to-one session is with (at most one per session)."""

    __tablename__ = "programme_one_to_one_sessions"
    __table_args__ = (same_person_place(),)

    session_id: Mapped[int] = mapped_column(ForeignKey("programme_sessions.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(Integer, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    assigned_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
