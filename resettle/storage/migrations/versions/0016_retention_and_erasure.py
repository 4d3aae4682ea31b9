"""Retention rules, review decisions and erasure tombstones.

``retention_rules`` are data an administrator edits; one sensible rule is seeded: seven years
after the licence (sentence) ends, the record is reviewed. ``retention_reviews`` keeps each
manager's decision to keep a record, with the next review date. ``erasures`` is the
pseudonymous tombstone an erasure leaves (internal id, when, who, reason code).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 09:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

#: Copied so the migration never changes with the domain.
DEFAULT_RULE = {
    "name": "7 years after licence end",
    "counts_from": "licence_end",
    "years": 7,
    "months": 0,
    "action": "review",
    "active": True,
}


def upgrade() -> None:
    rules = op.create_table(
        "retention_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("counts_from", sa.String(length=32), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_rules")),
        sa.UniqueConstraint("name", name=op.f("uq_retention_rules_name")),
    )
    op.create_table(
        "retention_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("next_review_on", sa.Date(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "decided_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["staff.id"], name=op.f("fk_retention_reviews_decided_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_retention_reviews_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_reviews")),
    )
    op.create_index(
        op.f("ix_retention_reviews_person_id"), "retention_reviews", ["person_id"], unique=False
    )
    op.create_table(
        "erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("erased_person_id", sa.Integer(), nullable=False),
        sa.Column(
            "erased_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.Column("authorised_by_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("rows_removed", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authorised_by_id"], ["staff.id"], name=op.f("fk_erasures_authorised_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
        sa.UniqueConstraint("erased_person_id", name=op.f("uq_erasures_erased_person_id")),
    )
    op.bulk_insert(rules, [DEFAULT_RULE])


def downgrade() -> None:
    op.drop_table("erasures")
    op.drop_index(op.f("ix_retention_reviews_person_id"), table_name="retention_reviews")
    op.drop_table("retention_reviews")
    op.drop_table("retention_rules")
