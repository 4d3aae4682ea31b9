"""The plan's officer-only notes: a text of each plan version that only accounts allowed the
plan's officer-only text read, printed on the officer's copy and never on the person's.

Existing versions get empty notes (no plan had any before).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 06:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_versions") as batch:
        batch.add_column(sa.Column("officer_notes", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("plan_versions") as batch:
        batch.drop_column("officer_notes")
