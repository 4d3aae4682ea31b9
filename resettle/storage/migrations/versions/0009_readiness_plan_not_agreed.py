"""Readiness: nobody without an agreed plan is stored as ready.

The readiness rule changed (``domain/readiness.py``): before release, a person with every
essential dealt with but no plan agreed or issued (none, or only a draft) now scores 99,
"Plan not agreed", instead of 100, "Ready". Under the previous rule a person without an agreed
plan scored 100 exactly then (released, they scored 0; anything open costs at least 4 points),
so recomputing the stored sort keys (``people.readiness_score``, as of
``resettle_meta['readiness_as_of']``) is this one UPDATE; every other score is unchanged.
Scores not computed yet (NULL) are left for the first caseload read, as before.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

READY = 100
PLAN_NOT_AGREED = 99  # the score of this revision, copied so the migration never changes

people = sa.table(
    "people",
    sa.column("readiness_score", sa.Integer),
    sa.column("plan_agreed", sa.Boolean),
)


def _move(old: int, new: int) -> None:
    op.execute(
        people.update()
        .where(people.c.readiness_score == old, sa.not_(people.c.plan_agreed))
        .values(readiness_score=new)
    )


def upgrade() -> None:
    _move(READY, PLAN_NOT_AGREED)


def downgrade() -> None:
    _move(PLAN_NOT_AGREED, READY)
