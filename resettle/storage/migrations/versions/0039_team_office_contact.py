"""A team's office phone and postal address.

``teams.office_phone`` and ``teams.office_address``: the number a person calls when their
officer has no phone of their own, and the office they go to; the person's copy of a plan
prints both. Every team there is already starts with neither (empty), for an administrator
to fill in.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-04 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.add_column(
            sa.Column("office_phone", sa.String(40), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("office_address", sa.String(500), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("office_address")
        batch.drop_column("office_phone")
