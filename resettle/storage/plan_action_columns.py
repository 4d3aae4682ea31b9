"""A plan action's due date and repeat from its ``plan_actions`` columns, and back: one reading
for the plan's mapping (``services/plans/mapping.py``) and the overdue key
(``repositories/overdue_action_keys.py``).

Readings are kept (``lru_cache``): the same few due dates and repeats recur across a caseload,
and validating each was most of a bulk refresh's time.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from resettle.domain.action_repeats import REPEAT_COLUMNS, Repeat
from resettle.domain.plan import DueDate
from resettle.domain.text_fields import STORED


@lru_cache(maxsize=4096)
def stored_due(
    kind: str | None, on: dt.date | None, offset_days: int | None, pinned: bool | None = False
) -> DueDate | None:
    """A due date from its columns (None: no date)."""
    if kind == "absolute" and on is not None:
        return DueDate.absolute(on)
    if kind == "relative" and offset_days is not None:
        return DueDate.relative(offset_days, pinned=bool(pinned))
    return None


@lru_cache(maxsize=1024)
def stored_repeat(
    every: str | None,
    weekday: int | None,
    part_of_day: str | None,
    ends_kind: str | None,
    ends_on: dt.date | None,
    ends_offset_days: int | None,
    until: str | None,
) -> Repeat | None:
    """A repeat from its columns (None: the action happens once)."""
    if every is None or weekday is None:
        return None
    return Repeat.model_validate(
        {
            "every": every,
            "weekday": weekday,
            "part_of_day": part_of_day,
            "ends": stored_due(ends_kind, ends_on, ends_offset_days),
            "until": until,
        },
        context=STORED,
    )


def repeat_columns(repeat: Repeat | None) -> dict[str, Any]:
    """The repeat's columns (all None for an action that happens once)."""
    ends = repeat.ends if repeat else None
    values = (
        repeat.every.value if repeat else None,
        repeat.weekday if repeat else None,
        repeat.part_of_day.value if repeat and repeat.part_of_day else None,
        ends.kind.value if ends else None,
        ends.on if ends else None,
        ends.offset_days if ends else None,
        repeat.until if repeat else None,
    )
    return dict(zip(REPEAT_COLUMNS, values, strict=True))
