"""Case notes: append-only text on a person's record.

A note is never edited or deleted. A mistake is put right by a new note that names the one it
corrects (``corrects_note_id``); both stay on the record, and readers show the correction beside
the original. Storage enforces append-only (no update or delete path).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from resettle.domain.pathways import Pathway
from resettle.domain.text_fields import MULTI_LINE, CheckedText

NOTE_MAX = 20_000

NoteText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX), MULTI_LINE
]


class CaseNoteInput(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: NoteText = Field(title="Note")
    pathway: Pathway | None = Field(default=None, title="Pathway")
    corrects_note_id: int | None = Field(default=None, gt=0, title="Corrects note")

    @property
    def is_correction(self) -> bool:
        return self.corrects_note_id is not None
