"""Who ended a group place, and why: ``ended_by_id`` and ``end_reason`` on
``programme_group_members`` (``domain/programme_group_places.PlaceEnd``), so the referral's
history shows "Place withdrawn" or "Place ended: deselected" with who and when. Places ended
before this revision keep both empty (the history says "Place ended"). And a unique index on
the place a referral holds (``left_at`` empty): one held place per referral, whoever writes.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-03 04:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

MEMBERS = "programme_group_members"
HELD_PLACE_INDEX = "uq_programme_group_members_held_referral"
HELD = sa.text("left_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table(MEMBERS) as batch:
        batch.add_column(sa.Column("ended_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("end_reason", sa.String(length=32), nullable=True))
        batch.create_foreign_key(
            op.f(f"fk_{MEMBERS}_ended_by_id_staff"), "staff", ["ended_by_id"], ["id"]
        )
    op.create_index(
        HELD_PLACE_INDEX,
        MEMBERS,
        ["referral_id"],
        unique=True,
        sqlite_where=HELD,
        postgresql_where=HELD,
    )


def downgrade() -> None:
    op.drop_index(HELD_PLACE_INDEX, table_name=MEMBERS)
    with op.batch_alter_table(MEMBERS) as batch:
        batch.drop_constraint(op.f(f"fk_{MEMBERS}_ended_by_id_staff"), type_="foreignkey")
        batch.drop_column("end_reason")
        batch.drop_column("ended_by_id")
