"""The case notes table: newest first, corrections marked on both notes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from resettle.domain.case_record import CaseNoteView
from resettle.ui.common.labels import label, when_text
from resettle.ui.common.rows_model import Column, RowsTableModel

_SUPERSEDED = QColor("#6b6b6b")
PREVIEW_LENGTH = 120


def preview(text: str) -> str:
    """The first line of a note, cut to fit a table cell."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    if len(first) > PREVIEW_LENGTH:
        return first[: PREVIEW_LENGTH - 1].rstrip() + "…"
    return first + (" …" if len(text.strip().splitlines()) > 1 else "")


class NotesModel(RowsTableModel[CaseNoteView]):
    def __init__(self, parent: QObject | None = None) -> None:
        self._by_id: dict[int, CaseNoteView] = {}
        super().__init__(
            [
                Column(
                    self.tr("Written"),
                    lambda n: when_text(n.created_at),
                    sort_key=lambda n: n.created_at.isoformat(),
                ),
                Column(self.tr("By"), lambda n: n.author),
                Column(
                    self.tr("Pathway"),
                    lambda n: label(n.pathway) if n.pathway else self.tr("General"),
                ),
                Column(
                    self.tr("Note"),
                    lambda n: preview(n.text),
                    tooltip=lambda n: n.text[:1000],
                    colour=lambda n: _SUPERSEDED if n.corrected_by_ids else None,
                ),
                Column(self.tr("Correction"), self.correction_text),
            ],
            parent,
        )

    def set_notes(self, notes: Sequence[CaseNoteView]) -> None:
        self._by_id = {note.id: note for note in notes}
        self.set_rows(sorted(notes, key=lambda n: (n.created_at, n.id), reverse=True))

    def note(self, note_id: int) -> CaseNoteView | None:
        return self._by_id.get(note_id)

    def correction_text(self, note: CaseNoteView) -> str:
        parts = []
        if note.corrects_note_id is not None:
            original = self._by_id.get(note.corrects_note_id)
            parts.append(
                self.tr("Corrects the note of %1").replace(
                    "%1", when_text(original.created_at) if original else "?"
                )
            )
        if note.corrected_by_ids:
            parts.append(self.tr("Corrected later"))
        return "; ".join(parts)

    def corrections_of(self, note: CaseNoteView) -> list[CaseNoteView]:
        return [c for i in note.corrected_by_ids if (c := self._by_id.get(i)) is not None]
