"""Through-the-gate plans: versions (draft, agreed, issued with a frozen snapshot) and actions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from resettle.storage.base import Base, UtcDateTime, utc_now


class PlanVersionRow(Base):
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("person_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    #: Optimistic lock for edits to this version (separate from the person's record version).
    revision: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(200))
    agreed_by: Mapped[str | None] = mapped_column(String(200))
    agreed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    agreed_by_person: Mapped[bool] = mapped_column(Boolean, default=False)
    person_agreed_on: Mapped[dt.date | None] = mapped_column(Date)
    person_agreed_how: Mapped[str | None] = mapped_column(String(16))
    issued_by: Mapped[str | None] = mapped_column(String(200))
    issued_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    snapshot_sha256: Mapped[str | None] = mapped_column(String(64))
    snapshot_json: Mapped[str | None] = mapped_column(Text)
    #: The officer-only notes (officer's copy only; ``domain/record_visibility.py``).
    officer_notes: Mapped[str] = mapped_column(Text, default="", server_default="")

    actions: Mapped[list[PlanActionRow]] = relationship(
        cascade="all, delete-orphan", order_by="PlanActionRow.position"
    )

    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012


class PlanActionRow(Base):
    __tablename__ = "plan_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    pathway: Mapped[str] = mapped_column(String(40))
    what: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(16))
    due_kind: Mapped[str | None] = mapped_column(String(16))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    due_offset_days: Mapped[int | None] = mapped_column(Integer)
    #: A relative due date the officer keeps on its exact day (not moved off a weekend or
    #: bank holiday: ``domain.plan.resolve_due``).
    due_pinned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(16))
    source_intervention_id: Mapped[str | None] = mapped_column(String(80))
    # The links of an action to what it comes from (its status is then theirs): a support
    # need or a referral by id, an essential by kind (one per person and kind).
    source_support_need_id: Mapped[int | None] = mapped_column(
        ForeignKey("support_needs.id", ondelete="SET NULL"), index=True
    )
    source_essential_kind: Mapped[str | None] = mapped_column(String(40))
    source_referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="SET NULL"), index=True
    )
    # An action that repeats (``domain.action_repeats``): every week or fortnight on a weekday
    # from its due date, until an end date (kind/on/offset, as the due date's) or an event.
    repeat_every: Mapped[str | None] = mapped_column(String(16))
    repeat_weekday: Mapped[int | None] = mapped_column(Integer)
    repeat_part_of_day: Mapped[str | None] = mapped_column(String(16))
    repeat_ends_kind: Mapped[str | None] = mapped_column(String(16))
    repeat_ends_on: Mapped[dt.date | None] = mapped_column(Date)
    repeat_ends_offset_days: Mapped[int | None] = mapped_column(Integer)
    repeat_until: Mapped[str | None] = mapped_column(String(200))


class AcceptedRecommendationRow(Base):
    """A recommendation the officer accepted for the person (kept with its versions)."""

    __tablename__ = "accepted_recommendations"
    __table_args__ = (UniqueConstraint("person_id", "intervention_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    intervention_id: Mapped[str] = mapped_column(String(80))
    pack_version: Mapped[str] = mapped_column(String(32))
    rule_version: Mapped[str] = mapped_column(String(32))
    accepted_by: Mapped[str] = mapped_column(String(200))
    accepted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
