"""Readiness: on the release day itself, no agreed plan reads "Released: no agreed plan".

The readiness rule changed (``domain/readiness.py``): a person leaving today without a plan
agreed or issued now scores 0, as a released one does, instead of their usual score (at
most 99). The stored sort keys (``people.readiness_score``) are as of one day
(``resettle_meta['readiness_as_of']``); the people this changes are those whose release date
is that day, and the day is stored as text, compared differently on each backend. So the
upgrade forgets the day instead: the next caseload read computes everyone's score with the
rule in the code, once (as after migration 0007). The downgrade does the same, for the rule
before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 23:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
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
