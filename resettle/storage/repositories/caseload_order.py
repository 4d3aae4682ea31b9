"""Caseload orders as index-served segments, and keyset paging through them.

An order is a list of segments. Each segment is a set of rows (a condition) read in the order
of one indexed key and the id (``people`` has an index on ``(key, id)`` for every column), so
a page is at most one index range per segment, never an OFFSET:

- a column some people lack: those with the value, then those without (by id);
- days to release (the default order): upcoming releases, soonest first; then people released
  in the last 28 days, most recent first; then people released longer ago, most recent
  first; then no release date (the release date column is plain date order);
- descending is the exact reverse: segments reversed, each read backwards.

The cursor of a page is its last row's segment, sort value and id; the next page reads the
rest of that segment after it, then the following segments from their start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, literal, tuple_

from resettle.domain.caseload import LONG_RELEASED_DAYS, CaseloadColumn, CaseloadCursor
from resettle.storage.tables.people import PersonRow


@dataclass(frozen=True, slots=True)
class Segment:
    rows: ColumnElement[bool] | None
    key: Any | None  # None: by id alone
    descending: bool = False
    unique: bool = False  # the key alone orders the rows (no id needed)

    def reversed(self) -> Segment:
        return Segment(self.rows, self.key, not self.descending, self.unique)

    def order_by(self) -> list[Any]:
        keys = [] if self.key is None else [self.key]
        if not self.unique:
            keys.append(PersonRow.id)
        return [key.desc() if self.descending else key.asc() for key in keys]

    def after(self, cursor: CaseloadCursor) -> ColumnElement[bool]:
        if self.key is None:
            left, right = PersonRow.id, literal(cursor.id)
        elif self.unique:
            left, right = self.key, literal(cursor.value, type_=self.key.type)
        else:
            left = tuple_(self.key, PersonRow.id)
            right = tuple_(literal(cursor.value, type_=self.key.type), literal(cursor.id))
        return left < right if self.descending else left > right


_KEYS: dict[CaseloadColumn, Any] = {
    CaseloadColumn.NAME: PersonRow.sort_name,
    CaseloadColumn.PRISON_NUMBER: PersonRow.prison_number,
    CaseloadColumn.CRN: PersonRow.crn,
    CaseloadColumn.RELEASE_DATE: PersonRow.release_date,
    CaseloadColumn.DAYS_TO_RELEASE: PersonRow.release_date,
    CaseloadColumn.OFFICER: PersonRow.officer_sort,
    CaseloadColumn.ESTABLISHMENT: PersonRow.establishment_sort,
    CaseloadColumn.READINESS: PersonRow.readiness_score,
    CaseloadColumn.OUTCOME_CHECK: PersonRow.outcome_check_due_on,
}
_UNIQUE = {CaseloadColumn.PRISON_NUMBER, CaseloadColumn.CRN}
_NOT_NULL = {CaseloadColumn.NAME, CaseloadColumn.PRISON_NUMBER, CaseloadColumn.CRN}
_GROUPED_BY_RELEASE = {CaseloadColumn.DAYS_TO_RELEASE}


def sort_key(column: CaseloadColumn) -> Any:
    return _KEYS[column]


def segments(column: CaseloadColumn, descending: bool, today: dt.date) -> list[Segment]:
    key = _KEYS[column]
    if column in _NOT_NULL:
        ordered = [Segment(None, key, unique=column in _UNIQUE)]
    elif column in _GROUPED_BY_RELEASE:
        cutoff = today - dt.timedelta(days=LONG_RELEASED_DAYS)
        ordered = [
            Segment(key >= today, key),
            Segment((key < today) & (key >= cutoff), key, descending=True),
            Segment(key < cutoff, key, descending=True),
            Segment(key.is_(None), None),
        ]
    else:
        ordered = [Segment(key.is_not(None), key), Segment(key.is_(None), None)]
    return [segment.reversed() for segment in reversed(ordered)] if descending else ordered
