"""Writing and reading a person's programme history (``tables/programme_history.py``): add and read
only, never update or delete."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from resettle.storage.tables.programme_history import ProgrammeHistoryRow


class ProgrammeHistoryRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, row: ProgrammeHistoryRow) -> ProgrammeHistoryRow:
        self._session.add(row)
        self._session.flush()
        return row

    def entry(self, entry_id: int) -> ProgrammeHistoryRow | None:
        return self._session.get(ProgrammeHistoryRow, entry_id)

    def of_person(self, person_id: int) -> list[ProgrammeHistoryRow]:
        """Every entry, superseded ones too, in the order recorded."""
        query = (
            select(ProgrammeHistoryRow)
            .where(ProgrammeHistoryRow.person_id == person_id)
            .order_by(ProgrammeHistoryRow.recorded_at, ProgrammeHistoryRow.id)
        )
        return list(self._session.scalars(query))

    def superseding(self, entry_id: int) -> ProgrammeHistoryRow | None:
        """The entry that supersedes ``entry_id``, if one does."""
        query = select(ProgrammeHistoryRow).where(ProgrammeHistoryRow.supersedes_id == entry_id)
        return self._session.scalars(query.limit(1)).first()
