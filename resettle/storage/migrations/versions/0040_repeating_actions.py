"""Plan actions that repeat.

``plan_actions.repeat_*``: an action that happens every week or every other week on one
weekday, from its due date until an end date (``repeat_ends_kind``/``_on``/``_offset_days``,
read as a due date is) or until something happens (``repeat_until``). All are empty for an
action that happens once, which every action there is stays.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-04 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None

COLUMNS = (
    ("repeat_every", sa.String(16)),
    ("repeat_weekday", sa.Integer()),
    ("repeat_part_of_day", sa.String(16)),
    ("repeat_ends_kind", sa.String(16)),
    ("repeat_ends_on", sa.Date()),
    ("repeat_ends_offset_days", sa.Integer()),
    ("repeat_until", sa.String(200)),
)


def upgrade() -> None:
    with op.batch_alter_table("plan_actions") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_actions") as batch:
        for name, _kind in reversed(COLUMNS):
            batch.drop_column(name)
