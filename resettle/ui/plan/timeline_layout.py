"""Where the timeline puts things: the weeks shown, one marker per pathway and day, and markers
that would overlap stacked into rows within their lane. Pure arithmetic, tested on its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from resettle.domain.action_repeats import repeat_dates
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionStatus, PlanAction, resolve_due

WEEK = dt.timedelta(days=7)
SHOWN_AROUND = 6 * WEEK
WIDEST_AROUND = 26 * WEEK
#: A group of actions shows the least finished status among them.
STATUS_ORDER = (
    ActionStatus.TO_DO,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.NOT_NEEDED,
)


@dataclass(frozen=True)
class Group:
    """The actions of one pathway due on one day (rows of the actions table)."""

    pathway: Pathway
    on: dt.date
    rows: tuple[int, ...]
    status: ActionStatus


def date_range(actions: Sequence[PlanAction], release: dt.date) -> tuple[dt.date, dt.date]:
    """Whole weeks either side of release day: at least six, widened to take in actions up to
    six months away."""
    start, end = release - SHOWN_AROUND, release + SHOWN_AROUND
    for action in actions:
        on = action.due_on(release)
        if on is None:
            continue
        if release - WIDEST_AROUND <= on < start:
            start = on
        elif end < on <= release + WIDEST_AROUND:
            end = on
    before = -(-(release - start).days // 7)
    after = -(-(end - release).days // 7)
    return release - before * WEEK, release + after * WEEK


def groups(
    actions: Sequence[PlanAction], release: dt.date, start: dt.date, end: dt.date
) -> list[Group]:
    """One group per pathway and due day inside ``start``..``end``, in date order."""
    found: dict[tuple[Pathway, dt.date], list[int]] = {}
    for row, action in enumerate(actions):
        for on in days_of(action, release, end):
            if start <= on <= end:
                found.setdefault((action.pathway, on), []).append(row)
    result = []
    for (pathway, on), rows in sorted(found.items(), key=lambda item: item[0][1]):
        status = min((actions[r].status for r in rows), key=STATUS_ORDER.index)
        result.append(Group(pathway, on, tuple(rows), status))
    return result


def days_of(action: PlanAction, release: dt.date, end: dt.date) -> list[dt.date]:
    """The days an action is drawn on: its due day, or every time of a repeat (one that runs
    until something happens, every time up to ``end``) so a weekly group reads as weekly."""
    first = action.due_on(release)
    start = resolve_due(action.due, release)
    if first is None or start is None or action.repeat is None:
        return [] if first is None else [first]
    return list(repeat_dates(action.repeat, start, release, up_to=end).times) or [first]


def stack(positions: Sequence[float], spacing: float) -> list[int]:
    """Rows for markers at ``positions`` (sorted or not) so no two in a row are closer than
    ``spacing``: each goes in the first row with room."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    row_ends: list[float] = []
    rows = [0] * len(positions)
    for i in order:
        x = positions[i]
        for row, last in enumerate(row_ends):
            if x - last >= spacing:
                row_ends[row] = x
                rows[i] = row
                break
        else:
            row_ends.append(x)
            rows[i] = len(row_ends) - 1
    return rows


def outside(
    actions: Sequence[PlanAction], release: dt.date | None, shown: tuple[dt.date, dt.date] | None
) -> tuple[int, int, int]:
    """Actions not drawn: (earlier than shown, later than shown, without a date)."""
    earlier = later = undated = 0
    for action in actions:
        on = action.due_on(release)
        if on is None:
            undated += 1
        elif shown is not None and on < shown[0]:
            earlier += 1
        elif shown is not None and on > shown[1]:
            later += 1
    return earlier, later, undated
