"""``people.overdue_action_from``: the earliest due day of an open action (to do, in progress)
of the person's latest plan version. The measure "People with overdue plan actions" is then
``overdue_action_from < today`` (one column, one index range, at 100,000 people).

The day comes from ``domain.overdue.overdue_from``, which resolves each due date with
``domain.plan.due_day`` (a repeating action from its first time): an unpinned "N days after
release" day on a weekend or bank holiday counts from the next working day, as the Plan tab
shows it. (Computed in SQL as the release date plus the offset, a Saturday's action was
counted overdue on the Sunday.) It depends on the release date and the latest plan version's
actions, so it is kept current like the other caseload keys (``caseload_keys.py``): whatever
changes those marks the person stale, and the stale people are brought up to date just before
the transaction commits. Only changed values are written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from resettle.domain.action_repeats import REPEAT_COLUMNS, Repeat
from resettle.domain.essentials import OPEN_STATUSES
from resettle.domain.overdue import overdue_from
from resettle.domain.plan import ActionStatus, DueDate
from resettle.storage.plan_action_columns import stored_due, stored_repeat
from resettle.storage.repositories.person_day_keys import PersonDayKey
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.plans import PlanActionRow, PlanVersionRow

_OPEN = sorted(status.value for status in OPEN_STATUSES)


def _computed(
    session: Session, ids: list[int] | None
) -> list[tuple[int, dt.date | None, dt.date | None]]:
    def only(column: Any) -> list[Any]:
        return [] if ids is None else [column.in_(ids)]

    people = session.execute(
        select(PersonRow.id, PersonRow.release_date, PersonRow.overdue_action_from).where(
            *only(PersonRow.id)
        )
    ).all()
    if not people:
        return []
    version, newer, action = PlanVersionRow, aliased(PlanVersionRow), PlanActionRow
    open_actions = (
        select(
            version.person_id,
            action.due_kind,
            action.due_on,
            action.due_offset_days,
            action.due_pinned,
            action.status,
            *(getattr(action, name) for name in REPEAT_COLUMNS),
        )
        .join(action, action.plan_version_id == version.id)
        .where(
            ~exists().where(newer.person_id == version.person_id, newer.version > version.version),
            action.status.in_(_OPEN),
            *only(version.person_id),
        )
    )
    dues: dict[int, list[tuple[DueDate | None, ActionStatus, Repeat | None]]] = defaultdict(list)
    for person_id, kind, on, offset, pinned, status, *repeat in session.execute(open_actions):
        dues[person_id].append(
            (stored_due(kind, on, offset, pinned), ActionStatus(status), stored_repeat(*repeat))
        )
    return [
        (row.id, overdue_from(dues.get(row.id, ()), row.release_date), row.overdue_action_from)
        for row in people
    ]


_KEY = PersonDayKey("overdue_action_from", _computed)
refresh_overdue_action_from = _KEY.refresh
overdue_days = _KEY.days
unmaintained = _KEY.unmaintained
