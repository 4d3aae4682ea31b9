"""Writing and reading the words typed with disclosures (``tables/disclosures.py``), and, for
``resettle audit verify``, every note and every audit row naming one, read raw on the
verifying connection."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import cast

from sqlalchemy import Connection, Table, func, insert, select, text
from sqlalchemy.orm import Session

from resettle.domain.audit_actions import AuditAction
from resettle.domain.disclosure_notes import NOTE_DIGEST_KEY, DisclosureNote, note_id_of
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
        return {row.id: _note(row) for row in self._session.execute(query)}


def _note(row: object) -> DisclosureNote:
    return DisclosureNote(
        id=row.id,  # type: ignore[attr-defined]
        salt=row.salt,  # type: ignore[attr-defined]
        justification_text=row.justification_text,  # type: ignore[attr-defined]
        recipient=row.recipient,  # type: ignore[attr-defined]
    )


def every_note(connection: Connection) -> dict[str, DisclosureNote]:
    """Every note held, by id."""
    query = select(_NOTES.c.id, _NOTES.c.salt, _NOTES.c.justification_text, _NOTES.c.recipient)
    return {row.id: _note(row) for row in connection.execute(query)}


#: The disclosures' actions, whose rows may name a note.
NOTED_ACTIONS = (AuditAction.PLAN_PRINTED.value, AuditAction.PERSON_DISCLOSED.value)
#: Only their rows whose details mention a note are parsed (the text test is cheap, JSON is
#: not).
_NOTED_ROWS = text(
    "SELECT seq, CAST(details AS TEXT) FROM audit_log "
    "WHERE action IN (:printed, :disclosed) AND CAST(details AS TEXT) LIKE :mention "
    "ORDER BY seq"
)


def noted_audit_rows(connection: Connection) -> Iterator[tuple[int, str, object]]:
    """``(seq, note id, digest kept)`` of every audit row naming a note, in sequence order."""
    printed, disclosed = NOTED_ACTIONS
    found = connection.execute(
        _NOTED_ROWS, {"printed": printed, "disclosed": disclosed, "mention": '%"note_id"%'}
    )
    for seq, details in found:
        loaded = json.loads(details) if details else {}
        note_id = note_id_of(loaded) if isinstance(loaded, dict) else None
        if note_id is not None:
            yield seq, note_id, loaded.get(NOTE_DIGEST_KEY)
