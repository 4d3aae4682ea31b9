"""Writing and reading the words typed with disclosures (``tables/disclosures.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from resettle.domain.disclosure_notes import DisclosureNote
from resettle.storage.tables.disclosures import DisclosureNoteRow

_NOTES = cast(Table, DisclosureNoteRow.__table__)
#: A Core insert with every value given: no ``RETURNING`` (see ``tables/disclosures.py``).
_INSERT = insert(_NOTES).values(created_at=func.current_timestamp())


class DisclosureNotesRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, person_id: int, note: DisclosureNote) -> None:
        self._session.connection().execute(
            _INSERT,
            {
                "id": note.id,
                "person_id": person_id,
                "salt": note.salt,
                "justification_text": note.justification_text,
                "recipient": note.recipient,
            },
        )

    def by_id(self, person_id: int, note_ids: Iterable[str]) -> dict[str, DisclosureNote]:
        """The person's notes among ``note_ids`` that are still held (and the session may
        read), by id."""
        wanted = sorted(set(note_ids))
        if not wanted:
            return {}
        query = select(
            _NOTES.c.id, _NOTES.c.salt, _NOTES.c.justification_text, _NOTES.c.recipient
        ).where(_NOTES.c.person_id == person_id, _NOTES.c.id.in_(wanted))
        return {
            row.id: DisclosureNote(
                id=row.id,
                salt=row.salt,
                justification_text=row.justification_text,
                recipient=row.recipient,
            )
            for row in self._session.execute(query)
        }
