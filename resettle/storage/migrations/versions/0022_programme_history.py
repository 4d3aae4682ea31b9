"""Programme history: the programmes a person did, here or before, and how each ended.

Append-only (``storage/tables/programme_history.py``): a correction is a new row superseding an
earlier one. A person table, so erasure and the subject access export cover it. The downgrade
drops the table and the history recorded since with it.

Revision ID: 0022
Revises: 0018
Create Date: 2026-12-02 16:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programme_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("programme_code", sa.String(length=60), nullable=False),
        sa.Column("programme_name", sa.String(length=200), nullable=False),
        sa.Column("setting", sa.String(length=20), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("expected_end_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason_category", sa.String(length=60), nullable=True),
        sa.Column("reason", sa.String(length=60), nullable=True),
        sa.Column("evidence_intervention_id", sa.String(length=80), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_programme_history_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["staff.id"],
            name=op.f("fk_programme_history_recorded_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["programme_history.id"],
            name=op.f("fk_programme_history_supersedes_id_programme_history"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_history")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_programme_history_supersedes_id")),
    )
    op.create_index(
        "ix_programme_history_person_recorded",
        "programme_history",
        ["person_id", "recorded_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_programme_history_person_recorded", table_name="programme_history")
    op.drop_table("programme_history")
