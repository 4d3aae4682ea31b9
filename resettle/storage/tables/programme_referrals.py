"""Programme referrals: the referral, its append-only history of moves, and its places in
programme groups (``domain/programme_referrals.py``; the workflow they follow is
``tables/programme_workflow.py``).

All three hold a prison leaver's data (the history's notes are typed words): they carry the
person's id, erasure removes them with the person (``storage/erasure_plan.py``) and the
subject access export lists them. A referral has its own revision: a move on one referral
never conflicts with a save of another part of the record, nor bumps the case record's
revisions. History rows are never changed nor deleted by the application: a correction is a
new row naming the one it corrects (``corrects_id``); on PostgreSQL the logins may only insert
and read them.

A row hanging from a referral (a history entry, a group place) names the referral together
with the person (:func:`same_person_referral`): the foreign key refuses a row whose referral is
another person's, on both backends (migration 0026).
An attendance mark's group place is a place of the mark's own referral
(:func:`place_of_referral`, migration 0027).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base, UtcDateTime

#: The tables, for the grants, the row-level security and the erasure plan.
PROGRAMME_REFERRAL_TABLES = (
    "programme_referrals",
    "programme_referral_history",
    "programme_group_members",
)


def same_person_referral() -> ForeignKeyConstraint:
    """``(referral_id, person_id)`` is a referral of that same person."""
    return ForeignKeyConstraint(
        ["referral_id", "person_id"],
        ["programme_referrals.id", "programme_referrals.person_id"],
        ondelete="CASCADE",
    )


#: The unique key ``(id, referral_id)`` of a group place, and the foreign key of an attendance
#: mark to it (named: the naming convention would give the same name as
#: :func:`same_person_place`'s).
PLACE_OF_REFERRAL_KEY = "uq_programme_group_members_id_referral_id"
MARK_PLACE_OF_REFERRAL = "fk_programme_attendance_member_referral"


def place_of_referral() -> ForeignKeyConstraint:
    """``(member_id, referral_id)`` is a group place of that same referral: an attendance mark
    names the referral its place was given for, not another one of the person."""
    return ForeignKeyConstraint(
        ["member_id", "referral_id"],
        ["programme_group_members.id", "programme_group_members.referral_id"],
        ondelete="CASCADE",
        name=MARK_PLACE_OF_REFERRAL,
    )


def same_person_place() -> ForeignKeyConstraint:
    """``(member_id, person_id)`` is a group place of that same person."""
    return ForeignKeyConstraint(
        ["member_id", "person_id"],
        ["programme_group_members.id", "programme_group_members.person_id"],
        ondelete="CASCADE",
    )


class ProgrammeReferralRow(Base):
    __tablename__ = "programme_referrals"
    __table_args__ = (
        Index("ix_programme_referrals_status_person", "status", "person_id"),
        # What the rows hanging from a referral name it by (with the person).
        UniqueConstraint("id", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    #: Where the programme is delivered; none until one is assigned.
    offering_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_offerings.id"), index=True
    )
    status: Mapped[str] = mapped_column(ForeignKey("programme_referral_statuses.code"))
    #: When the referral reached its status (database time).
    status_since: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    referred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    #: The person's programme pathway when referred (``ProgrammePathway``); none when no
    #: need items were recorded.
    pathway: Mapped[str | None] = mapped_column(String(32))
    #: This referral's own revision (optimistic locking of moves and places).
    revision: Mapped[int] = mapped_column(Integer, default=1)


class ProgrammeReferralHistoryRow(Base):
    """One move of a referral; never changed, never deleted by the application."""

    __tablename__ = "programme_referral_history"
    __table_args__ = (same_person_referral(),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(Integer, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: None for the entry that creates the referral.
    from_status: Mapped[str | None] = mapped_column(ForeignKey("programme_referral_statuses.code"))
    to_status: Mapped[str] = mapped_column(ForeignKey("programme_referral_statuses.code"))
    category: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(64))
    #: A pathway-override reason (assessed as suitable at another intensity).
    override_reason: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")
    moved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    #: Database time.
    moved_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    #: Whole seconds the referral spent at ``from_status`` (none for the first entry).
    seconds_at_previous: Mapped[int | None] = mapped_column(Integer)
    #: The entry this one corrects (a correction moves back to the status before it).
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("programme_referral_history.id"))


#: The unique index of the place a referral holds (not left).
HELD_PLACE_INDEX = "uq_programme_group_members_held_referral"


class ProgrammeGroupMemberRow(Base):
    """A referral's place in a programme group; a place given up keeps its row (``left_at``)."""

    __tablename__ = "programme_group_members"
    __table_args__ = (
        Index("ix_programme_group_members_group_left", "group_id", "left_at"),
        same_person_referral(),
        # What marks and one-to-one sessions name a place by (with the person).
        UniqueConstraint("id", "person_id"),
        # What a mark names its place by together with its referral (migration 0027).
        UniqueConstraint("id", "referral_id", name=PLACE_OF_REFERRAL_KEY),
        # A referral holds at most one place at a time (migration 0030): the database says
        # so too, whoever writes the row.
        Index(
            HELD_PLACE_INDEX,
            "referral_id",
            unique=True,
            sqlite_where=text("left_at IS NULL"),
            postgresql_where=text("left_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("programme_groups.id"))
    referral_id: Mapped[int] = mapped_column(Integer, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    left_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    #: Who ended the place (withdrew it, or made the move that ended it); none while held,
    #: and for a place ended before migration 0030.
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    #: Why it ended (``domain.programme_referrals.PlaceEnd``); none while held.
    end_reason: Mapped[str | None] = mapped_column(String(32))
