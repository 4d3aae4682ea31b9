"""The words typed with a disclosure, kept out of the audit trail.

A disclosure's justification may come with a note ("solicitor's request") and a recipient
("MAPPA panel, Leeds"): words typed by staff that may name the person or others. Audit rows
are never deleted (the hash chain must verify), so the words live in a person's table
(``disclosure_notes``), which erasure empties with the rest of the record. The audit row keeps
the justification code, the note's id and a digest: SHA-256 over the note's random salt and
its words. While the note is held, the digest proves its words are those recorded; once the
note and its salt are erased, the digest cannot be guessed back to the words (the salt is
never stored anywhere else).

Rows written before this (schema 0018) keep their words in the details themselves:
``with_typed_text`` shows both kinds the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

#: Random bytes of a note's salt and of its id (stored as lower-case hex).
SALT_BYTES = 32
NOTE_ID_BYTES = 16
#: The audit details naming a disclosure's note, and the typed words shown in their place.
NOTE_ID_KEY = "note_id"
NOTE_DIGEST_KEY = "note_sha256"
TYPED_KEYS = ("justification_text", "recipient")
#: Set in the details shown when the note no longer matches the digest its audit row kept.
NOTE_CHANGED_KEY = "note_changed"


class DisclosureNote(BaseModel):
    """One disclosure's typed words, with the salt of their digest."""

    model_config = ConfigDict(frozen=True)

    id: str
    salt: str
    justification_text: str = ""
    recipient: str = ""

    @property
    def digest(self) -> str:
        return note_digest(self.salt, self.justification_text, self.recipient)

    def matches(self, digest: object) -> bool:
        """Whether the words are those the audit row's ``digest`` was made from."""
        return isinstance(digest, str) and hmac.compare_digest(self.digest, digest)


def note_digest(salt: str, justification_text: str, recipient: str) -> str:
    """SHA-256, as lower-case hex, of the salt's bytes followed by the two texts as a JSON
    array (so no split of the words between the two fields gives the same digest)."""
    words = json.dumps([justification_text, recipient], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(bytes.fromhex(salt) + words.encode("utf-8")).hexdigest()


def new_note(justification_text: str, recipient: str) -> DisclosureNote | None:
    """A note for the words typed, with a fresh random id and salt; None when nothing was
    typed (the audit row then keeps the justification code alone)."""
    if not justification_text and not recipient:
        return None
    return DisclosureNote(
        id=secrets.token_hex(NOTE_ID_BYTES),
        salt=secrets.token_hex(SALT_BYTES),
        justification_text=justification_text,
        recipient=recipient,
    )


def note_details(note: DisclosureNote | None) -> dict[str, Any]:
    """What an audit row keeps of the note: its id and digest, never its words."""
    if note is None:
        return {}
    return {NOTE_ID_KEY: note.id, NOTE_DIGEST_KEY: note.digest}


def note_id_of(details: Mapping[str, Any]) -> str | None:
    found = details.get(NOTE_ID_KEY)
    return found if isinstance(found, str) else None


def note_ids(every_details: Iterable[Mapping[str, Any]]) -> set[str]:
    """The notes named by these audit rows' details (to read them in one go)."""
    return {found for details in every_details if (found := note_id_of(details)) is not None}


def with_typed_text(
    details: Mapping[str, Any], notes: Mapping[str, DisclosureNote]
) -> dict[str, Any]:
    """An audit row's details as shown to people: the note's words (``justification_text``,
    ``recipient``) in place of its id and digest, and ``note_changed`` when they no longer
    match the digest. A row whose note is gone (erased) shows no words; a row from before
    notes keeps the words it holds."""
    shown = dict(details)
    note_id = note_id_of(details)
    if note_id is None:
        return shown
    digest = shown.pop(NOTE_DIGEST_KEY, None)
    shown.pop(NOTE_ID_KEY, None)
    note = notes.get(note_id)
    if note is None:
        return shown
    for key in TYPED_KEYS:
        if getattr(note, key):
            shown[key] = getattr(note, key)
    if not note.matches(digest):
        shown[NOTE_CHANGED_KEY] = True
    return shown
