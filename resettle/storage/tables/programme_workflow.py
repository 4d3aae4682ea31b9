"""The programme referral workflow as data: statuses, reason categories and reasons, and the
moves between statuses with the role groups that may make each (seeded by migration 0020;
``domain/programme_referral_workflow.py`` says what they mean). No person's data: every
signed-in login reads them (``postgres_access.REFERENCE_TABLES``)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from resettle.storage.base import Base

#: The workflow's tables, for the read grants of every login.
PROGRAMME_WORKFLOW_TABLES = (
    "programme_referral_statuses",
    "programme_referral_reason_categories",
    "programme_referral_reasons",
    "programme_referral_moves",
    "programme_referral_move_roles",
)
#: The role groups a move may name (``WorkflowRoleGroup``).
ROLE_GROUP_CHECK = "role_group IN ('programme_team', 'referrer')"


class ProgrammeReferralStatusRow(Base):
    __tablename__ = "programme_referral_statuses"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    draft: Mapped[bool] = mapped_column(Boolean)
    closed: Mapped[bool] = mapped_column(Boolean)
    on_hold: Mapped[bool] = mapped_column(Boolean)
    display_order: Mapped[int] = mapped_column()
    #: The reasons a move into this status asks for (``ReasonGroup``), or none.
    reason_group: Mapped[str | None] = mapped_column(String(32))


class ProgrammeReferralReasonCategoryRow(Base):
    __tablename__ = "programme_referral_reason_categories"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason_group: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(100))
    display_order: Mapped[int] = mapped_column()


class ProgrammeReferralReasonRow(Base):
    __tablename__ = "programme_referral_reasons"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    category_code: Mapped[str] = mapped_column(
        ForeignKey("programme_referral_reason_categories.code"), index=True
    )
    label: Mapped[str] = mapped_column(String(200))
    #: A deselection for this reason may keep the referral open.
    may_stay_open: Mapped[bool] = mapped_column(Boolean)
    display_order: Mapped[int] = mapped_column()


class ProgrammeReferralMoveRow(Base):
    __tablename__ = "programme_referral_moves"

    from_status: Mapped[str] = mapped_column(
        ForeignKey("programme_referral_statuses.code"), primary_key=True
    )
    to_status: Mapped[str] = mapped_column(
        ForeignKey("programme_referral_statuses.code"), primary_key=True
    )
    description: Mapped[str] = mapped_column(String(200))
    #: Takes the referral off its programme but keeps it open (asks for a deselection reason).
    deselects: Mapped[bool] = mapped_column(Boolean)


class ProgrammeReferralMoveRoleRow(Base):
    """A role group that may make a move (one row per group)."""

    __tablename__ = "programme_referral_move_roles"
    __table_args__ = (
        ForeignKeyConstraint(
            ["from_status", "to_status"],
            ["programme_referral_moves.from_status", "programme_referral_moves.to_status"],
            ondelete="CASCADE",
        ),
        CheckConstraint(ROLE_GROUP_CHECK, name="role_group"),
    )

    from_status: Mapped[str] = mapped_column(String(40), primary_key=True)
    to_status: Mapped[str] = mapped_column(String(40), primary_key=True)
    role_group: Mapped[str] = mapped_column(String(32), primary_key=True)
