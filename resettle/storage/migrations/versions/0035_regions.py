"""Regions: a manager's reach by probation region (or prison group).

- ``regions``: code (unique), name, active; an administrator keeps them
  (``resettle regions``).
- ``teams.region_id`` and ``establishments.region_id``: the region a team or an
  establishment is in (none until an administrator puts it in one).
- ``managed_regions``: the regions a manager manages. Such a manager reaches the people of
  every team and establishment in the region as the teams' and establishments' regions say at
  each action (``storage/repositories/access.py``, and on PostgreSQL the managed-teams and
  managed-establishments functions of the row-level security).

No region exists after the upgrade, so nobody's reach changes.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-03 11:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

PLACES = ("teams", "establishments")


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("code", name=op.f("uq_regions_code")),
    )
    for table in PLACES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("region_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(
                op.f(f"fk_{table}_region_id_regions"), "regions", ["region_id"], ["id"]
            )
            batch.create_index(op.f(f"ix_{table}_region_id"), ["region_id"], unique=False)
    op.create_table(
        "managed_regions",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_managed_regions_region_id_regions")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_managed_regions_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("staff_id", "region_id", name=op.f("pk_managed_regions")),
    )


def downgrade() -> None:
    op.drop_table("managed_regions")
    for table in reversed(PLACES):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(op.f(f"ix_{table}_region_id"))
            batch.drop_constraint(op.f(f"fk_{table}_region_id_regions"), type_="foreignkey")
            batch.drop_column("region_id")
    op.drop_table("regions")
