"""Pinned due dates on plan actions.

``plan_actions.due_pinned``: an "N days after release" action the officer keeps on its exact
day. Unpinned, such a date that falls on a weekend or an England and Wales bank holiday moves
to the next working day (``domain.plan.resolve_due``). Every action there is already stays
unpinned (false), so its date now moves off closed days like a new one's.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-03 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_actions") as batch:
        batch.add_column(
            sa.Column("due_pinned", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_actions") as batch:
        batch.drop_column("due_pinned")
