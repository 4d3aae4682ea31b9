"""When a plan action is overdue: still open (to do, or under way) after the day it is due, that
day as ``plan.resolve_due`` gives it, so an "N days after release" action falling on a weekend
or bank holiday is due on the next working day and is not overdue before then.

The Plan tab's "overdue" mark and the managers' "People with overdue plan actions" (the
``people.overdue_action_from`` key, ``storage/repositories/overdue_action_keys.py``) both ask
here, so the two cannot disagree about a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from resettle.domain.essentials import OPEN_STATUSES
from resettle.domain.plan import ActionStatus, DueDate, resolve_due


def overdue_from(
    actions: Iterable[tuple[DueDate | None, ActionStatus]], release_date: date | None
) -> date | None:
    """The earliest due day of the open actions among `actions` (due date, status); None when
    no open action has a day. They are overdue on any later day."""
    days = [
        day
        for due, status in actions
        if status in OPEN_STATUSES and (day := resolve_due(due, release_date)) is not None
    ]
    return min(days, default=None)


def is_overdue(
    due: DueDate | None, status: ActionStatus, release_date: date | None, today: date
) -> bool:
    """Whether an action with this due date and status is overdue on `today`."""
    day = overdue_from([(due, status)], release_date)
    return day is not None and day < today
