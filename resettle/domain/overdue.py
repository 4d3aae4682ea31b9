"""When a plan action is overdue: still open (to do, or under way) after the day it is due, that
day as ``plan.due_day`` gives it (a repeating action's first time), so an "N days after
release" action falling on a weekend or bank holiday is due on the next working day and is not
overdue before then.

The Plan tab's "overdue" mark and the managers' "People with overdue plan actions" (the
``people.overdue_action_from`` key, ``storage/repositories/overdue_action_keys.py``) both ask
here, so the two cannot disagree about a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from resettle.domain.action_repeats import Repeat
from resettle.domain.essentials import OPEN_STATUSES
from resettle.domain.plan import ActionStatus, DueDate, due_day


def overdue_from(
    actions: Iterable[tuple[DueDate | None, ActionStatus, Repeat | None]],
    release_date: date | None,
) -> date | None:
    """The earliest due day of the open actions among `actions` (due date, status, repeat:
    one that repeats is due from its first time); None when no open action has a day. They
    are overdue on any later day."""
    days = [
        day
        for due, status, repeat in actions
        if status in OPEN_STATUSES and (day := due_day(due, repeat, release_date)) is not None
    ]
    return min(days, default=None)


def is_overdue(
    due: DueDate | None,
    status: ActionStatus,
    release_date: date | None,
    today: date,
    repeat: Repeat | None = None,
) -> bool:
    """Whether an action with this due date, status and repeat is overdue on `today`."""
    day = overdue_from([(due, status, repeat)], release_date)
    return day is not None and day < today
