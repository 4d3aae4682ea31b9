"""The programme catalogue, offerings, groups and group sessions (``domain/programmes``).

None of these rows holds a prison leaver's data: they are reference data every signed-in
account reads (``postgres_access.REFERENCE_TABLES``). A programme's full definition (modules,
session templates, eligibility) is one JSON document, validated by the domain model on every
read and write; its code, name and active flag are columns too, for lists and lookups.
Sessions are never deleted: a rescheduled session is kept, marked replaced, and its
replacement names it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime, utc_now


class ProgrammeRow(Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)


class ProgrammeOfferingRow(Base):
    """A programme offered at one establishment or by one probation team (exactly one)."""

    __tablename__ = "programme_offerings"
    __table_args__ = (
        CheckConstraint("(establishment_id IS NULL) <> (team_id IS NULL)", name="one_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishments.id"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    contact: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class ProgrammeGroupRow(Base):
    __tablename__ = "programme_groups"
    __table_args__ = (UniqueConstraint("offering_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(ForeignKey("programme_offerings.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    capacity: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    #: ``[{"weekday": "monday", "starts_at": "09:00:00", "minutes": 150}, ...]``
    schedule: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    #: Staff ids of the facilitators (none yet is allowed).
    facilitator_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class ProgrammeSessionRow(Base):
    __tablename__ = "programme_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("programme_groups.id"), index=True)
    #: Place in the programme's delivery order (a replacement keeps the one it replaces).
    sequence: Mapped[int] = mapped_column(Integer)
    module_number: Mapped[int] = mapped_column(Integer)
    session_number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    session_type: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    ends_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    is_catch_up: Mapped[bool] = mapped_column(Boolean, default=False)
    replaces_session_id: Mapped[int | None] = mapped_column(ForeignKey("programme_sessions.id"))
    #: Set when a new session replaces this one (it is kept, never deleted).
    replaced_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
