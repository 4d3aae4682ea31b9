"""Readiness: without an agreed plan, the caps of an open critical essential apply; the caps fall by day.

The readiness rule changed (``domain/readiness.py``): a person not yet released whose plan is
not agreed or issued is now held under the caps of an open critical essential (officers' trial:
"On track (87)" three weeks from release with no plan at all), and those caps fall day by day
(55-69 within 42 days of release, 25-39 within 14) instead of sitting flat at 69 and 39. As in
migration 0010, the upgrade forgets the stored readiness day, so the next caseload read
recomputes every stored score with the rule in the code; the downgrade does the same.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 00:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

READINESS_DAY_KEY = "readiness_as_of"  # copied so the migration never changes

meta = sa.table("resettle_meta", sa.column("key", sa.String), sa.column("value", sa.String))


def _forget_the_day() -> None:
    op.execute(meta.update().where(meta.c.key == READINESS_DAY_KEY).values(value=""))


def upgrade() -> None:
    _forget_the_day()


def downgrade() -> None:
    _forget_the_day()
