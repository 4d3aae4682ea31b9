"""Disclosure notes: the words typed with a disclosure, kept out of the audit trail.

A disclosure's note and recipient were written into its audit row's details, which are never
deleted (the hash chain must verify), so erasing the person left the words behind. From this
revision they go to ``disclosure_notes``, a table of the person's that erasure empties; the
audit row keeps the note's id and a salted digest. Rows written before keep their words: an
audit row cannot be rewritten without breaking the chain (docs/audit.md, "Not covered yet").
The downgrade drops the table: the words of disclosures made since are lost, and their audit
rows keep the justification code.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 12:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disclosure_notes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("justification_text", sa.Text(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_disclosure_notes_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_notes")),
    )
    op.create_index(
        op.f("ix_disclosure_notes_person_id"), "disclosure_notes", ["person_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_disclosure_notes_person_id"), table_name="disclosure_notes")
    op.drop_table("disclosure_notes")
