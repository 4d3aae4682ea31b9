"""``people.overdue_action_from`` recomputed as the application now computes it.

Migration 0036 filled it in SQL as the release date plus the offset. Since 0038 an unpinned
"N days after release" action on a weekend or bank holiday is due on the next working day,
and since 0040 a repeating action is due from its first time (``domain.overdue``): every
stored day is computed again here the same way, so the managers' "People with overdue plan
actions" stops counting such people up to three days early. Only changed rows are written.
Downgrade leaves the days as they are (the earlier schema reads them the same way).

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-04 11:15:00
"""

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

from resettle.domain.action_repeats import REPEAT_COLUMNS
from resettle.domain.overdue import overdue_from
from resettle.domain.plan import ActionStatus
from resettle.storage.plan_action_columns import stored_due, stored_repeat

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None

_TYPES: dict[str, Any] = {
    "repeat_weekday": sa.Integer(),
    "repeat_ends_on": sa.Date(),
    "repeat_ends_offset_days": sa.Integer(),
}
people = sa.table(
    "people",
    sa.column("id", sa.Integer()),
    sa.column("release_date", sa.Date()),
    sa.column("overdue_action_from", sa.Date()),
)
versions = sa.table(
    "plan_versions",
    sa.column("id", sa.Integer()),
    sa.column("person_id", sa.Integer()),
    sa.column("version", sa.Integer()),
)
actions = sa.table(
    "plan_actions",
    sa.column("plan_version_id", sa.Integer()),
    sa.column("due_kind", sa.String()),
    sa.column("due_on", sa.Date()),
    sa.column("due_offset_days", sa.Integer()),
    sa.column("due_pinned", sa.Boolean()),
    sa.column("status", sa.String()),
    *(sa.column(name, _TYPES.get(name, sa.String())) for name in REPEAT_COLUMNS),
)
OPEN = ("to_do", "in_progress")


def upgrade() -> None:
    connection = op.get_bind()
    newer = versions.alias("newer")
    rows = connection.execute(
        sa.select(
            versions.c.person_id,
            actions.c.due_kind,
            actions.c.due_on,
            actions.c.due_offset_days,
            actions.c.due_pinned,
            actions.c.status,
            *(actions.c[name] for name in REPEAT_COLUMNS),
        )
        .join(actions, actions.c.plan_version_id == versions.c.id)
        .where(
            actions.c.status.in_(OPEN),
            ~sa.exists().where(
                newer.c.person_id == versions.c.person_id, newer.c.version > versions.c.version
            ),
        )
    )
    dues: dict[int, list[Any]] = defaultdict(list)
    for person_id, kind, on, offset, pinned, status, *repeat in rows:
        due = stored_due(kind, on, offset, pinned)
        dues[person_id].append((due, ActionStatus(status), stored_repeat(*repeat)))
    changes = [
        {"person": person_id, "day": day}
        for person_id, release, stored in connection.execute(
            sa.select(people.c.id, people.c.release_date, people.c.overdue_action_from)
        )
        if (day := overdue_from(dues.get(person_id, ()), release)) != stored
    ]
    if changes:
        connection.execute(
            people.update()
            .where(people.c.id == sa.bindparam("person"))
            .values(overdue_action_from=sa.bindparam("day")),
            changes,
        )


def downgrade() -> None:
    pass
