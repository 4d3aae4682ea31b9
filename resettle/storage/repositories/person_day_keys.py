"""A day kept on ``people`` and computed in Python from the person's records (the outcome check
due date, the first overdue action's day): recomputed for the people named, in chunks, writing
only the rows whose stored day differs. Each key's module gives the column and how to compute
it; this is the refresh they share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session

from resettle.storage.tables.people import PersonRow

#: (person id, the day computed, the day stored), for the people named (None: everyone).
Computed = Callable[[Session, list[int] | None], list[tuple[int, dt.date | None, dt.date | None]]]
_CHUNK = 500
_people_table = cast(Table, PersonRow.__table__)


@dataclass(frozen=True)
class PersonDayKey:
    column: str
    computed: Computed

    def refresh(self, session: Session, person_ids: Iterable[int] | None) -> int:
        """Recompute the column for these people (None: everyone); returns how many changed."""
        if person_ids is None:
            return self._refresh(session, None)
        ids = sorted(set(person_ids))
        return sum(self._refresh(session, ids[i : i + _CHUNK]) for i in range(0, len(ids), _CHUNK))

    def days(self, session: Session, person_ids: list[int] | None) -> dict[int, dt.date | None]:
        """What the column should hold for these people (None: everyone), from the records."""
        return {person_id: day for person_id, day, _stored in self.computed(session, person_ids)}

    def unmaintained(self, session: Session) -> list[int]:
        """The people whose stored day differs from a fresh computation (tests and checks)."""
        return [p for p, day, stored in self.computed(session, None) if day != stored]

    def _refresh(self, session: Session, ids: list[int] | None) -> int:
        changes = [
            {"person_id": person_id, "day": day}
            for person_id, day, stored in self.computed(session, ids)
            if day != stored
        ]
        if changes:
            write = (
                update(_people_table)
                .where(_people_table.c.id == bindparam("person_id"))
                .values({self.column: bindparam("day")})
            )
            session.execute(write, changes)
        return len(changes)
