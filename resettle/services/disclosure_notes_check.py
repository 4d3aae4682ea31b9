"""Checking the words typed with disclosures against the digests their audit rows keep
(``domain/disclosure_notes.py``): part of ``resettle audit verify``.

Like the chain's check it needs no sign-in and reads the database as it is, with the SQLite
file or the PostgreSQL owner's URL. A note whose words no longer match its audit row's digest
was changed after it was recorded (a failure); a note no audit row names was not written by
Resettle (a warning: staff who record disclosures may insert notes themselves on PostgreSQL,
so such a note shows words stored without a disclosure recorded, not a change to the trail;
it is erased with its person). A
row naming a note that is gone is fine: its person was erased (the digest stays, the words
and their salt went).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DBAPIError

from resettle.services.audit_chain import AuditChainUnreadable
from resettle.storage.audit_chain_reader import one_snapshot
from resettle.storage.database import Database
from resettle.storage.migrate import current_revision
from resettle.storage.repositories.disclosure_notes import every_note, noted_audit_rows

#: The schema revision that brought disclosure notes.
FIRST_NOTES_REVISION = "0018"


class NotesReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    #: Notes held and checked against their audit rows.
    checked: int = 0
    #: Sequence numbers of the audit rows whose note no longer matches the digest kept.
    changed: tuple[int, ...] = ()
    #: Notes that no audit row names.
    unnamed: int = 0

    @property
    def intact(self) -> bool:
        """No note changed (notes no row names are a warning, not a fault)."""
        return not self.changed


def check_disclosure_notes(database: Database) -> NotesReport:
    """Every note held, against the digest of the audit row naming it (one snapshot)."""
    revision = current_revision(database.engine)
    if revision is None or revision < FIRST_NOTES_REVISION:
        return NotesReport()
    try:
        with one_snapshot(database.engine) as connection:
            notes = every_note(connection)
            named: set[str] = set()
            changed = []
            for seq, note_id, digest in noted_audit_rows(connection):
                named.add(note_id)
                note = notes.get(note_id)
                if note is not None and not note.matches(digest):
                    changed.append(seq)
    except DBAPIError as error:
        raise AuditChainUnreadable(
            f"The disclosure notes of {database.description} cannot be read "
            f"({type(error.orig).__name__}): use the database owner's URL."
        ) from None
    return NotesReport(checked=len(notes), changed=tuple(changed), unnamed=len(set(notes) - named))
