"""Regions, establishments (prisons), teams (probation delivery units) and staff accounts:
their roles, sign-in state and where each works (the tables access is decided from)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime, utc_now


class RegionRow(Base):
    """A probation region (or prison group): the teams and establishments in it are reached
    by the managers of the region (``managed_regions``)."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class EstablishmentRow(Base):
    __tablename__ = "establishments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)


class TeamRow(Base):
    """A probation delivery unit: its officers' people are its caseload."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    #: The office the team works from: the number a person calls when their officer has none
    #: of their own, and where they go (the person's copy of a plan prints both).
    office_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    office_address: Mapped[str] = mapped_column(String(500), default="", server_default="")


class StaffRow(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: argon2id (``services/passwords.py``); empty: the account cannot sign in yet. Loaded only
    #: when read: on PostgreSQL with logins, staff logins may read every column but this one.
    password_hash: Mapped[str] = mapped_column(
        String(200), default="", server_default="", deferred=True
    )
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class StaffRoleRow(Base):
    """One role an account holds (an account holds one or more)."""

    __tablename__ = "staff_roles"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class TeamMemberRow(Base):
    """An officer in a team."""

    __tablename__ = "team_members"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class EstablishmentStaffRow(Base):
    """A member of prison staff working in an establishment."""

    __tablename__ = "establishment_staff"

    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ManagedTeamRow(Base):
    __tablename__ = "managed_teams"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), primary_key=True)


class ManagedEstablishmentRow(Base):
    __tablename__ = "managed_establishments"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"), primary_key=True)


class ManagedRegionRow(Base):
    """A manager of a region: reaches the people of every team and establishment in it, as
    the teams' and establishments' regions say at each action."""

    __tablename__ = "managed_regions"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)


class CoverGrantRow(Base):
    """A manager's grant: an officer reaches another team's people until ``ends_on``
    (inclusive). Kept after it ends, as the record of who could reach whom."""

    __tablename__ = "cover_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
