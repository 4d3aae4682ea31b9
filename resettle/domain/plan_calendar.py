"""A plan's calendar checks: an action whose text names a weekday other than its due date's.

"Go to the job club on Tuesday mornings" due on a Thursday tells the person two different
things; the Plan tab marks such actions and the Agree dialog lists them before the plan is
agreed. Full day names are matched in any case ("tuesday", "Tuesdays"); the short forms
("Tue", "Thurs", "Sat", "Sun") only capitalised, because "sat" and "sun" are ordinary words.
"""

from __future__ import annotations

import re
from datetime import date

from resettle.domain.plan import PlanAction

_DAYS = (
    ("monday", ("Mon",)),
    ("tuesday", ("Tue", "Tues")),
    ("wednesday", ("Wed", "Weds")),
    ("thursday", ("Thu", "Thur", "Thurs")),
    ("friday", ("Fri",)),
    ("saturday", ("Sat",)),
    ("sunday", ("Sun",)),
)
_FULL = [re.compile(rf"\b{name}s?\b", re.IGNORECASE) for name, _ in _DAYS]
_SHORT = [re.compile(rf"\b(?:{'|'.join(short)})\b\.?") for _, short in _DAYS]


def named_weekdays(text: str) -> frozenset[int]:
    """The weekdays ``text`` names, as ``date.weekday()`` numbers (Monday 0)."""
    return frozenset(
        number
        for number, (full, short) in enumerate(zip(_FULL, _SHORT, strict=True))
        if full.search(text) or short.search(text)
    )


def weekday_mismatch(action: PlanAction, release_date: date | None) -> bool:
    """True when the action names one or more weekdays and is due on none of them."""
    on = action.due_on(release_date)
    if on is None:
        return False
    named = named_weekdays(action.what)
    return bool(named) and on.weekday() not in named


def mismatched_actions(
    actions: tuple[PlanAction, ...] | list[PlanAction], release_date: date | None
) -> tuple[PlanAction, ...]:
    """The actions whose text names a weekday other than their due date's, in order."""
    return tuple(a for a in actions if weekday_mismatch(a, release_date))
