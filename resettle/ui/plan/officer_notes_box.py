"""The Plan tab's officer-only notes: their own clearly labelled box, below the actions.

Shown only to accounts that may read the plan's officer-only text
(``VIEW_PLAN_OFFICER_TEXT``); others see a line saying the notes are not shown to their role.
The notes are saved with the window's Save, on their own (``save_officer_notes``): they are
not part of what the person agreed, so changing them never returns a plan to draft.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from resettle.domain.plan import OFFICER_NOTES_MAX
from resettle.domain.withheld import Withheld
from resettle.ui.common.views import note_label
from resettle.ui.common.widgets import plain_text_edit
from resettle.ui.common.withheld import withheld_label


class OfficerNotesBox(QWidget):
    """The notes of the version shown; ``dirty`` while they differ from the saved ones."""

    edited = Signal()

    def __init__(self, shown: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown = shown
        self._saved = ""
        self.box = QGroupBox(self.tr("Officer-only notes, not printed on the person's copy"))
        self.edit = plain_text_edit(self.tr("Officer-only notes"), 44, 72)
        self.edit.setPlaceholderText(
            self.tr("For staff only: printed on the officer's copy, never on the person's.")
        )
        self.edit.textChanged.connect(self.edited)
        self.problem = note_label()
        self.problem.setVisible(False)
        column = QVBoxLayout(self.box)
        column.setContentsMargins(6, 4, 6, 4)
        column.addWidget(self.edit)
        column.addWidget(self.problem)
        self.withheld = withheld_label(Withheld.PLAN_OFFICER_TEXT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.withheld)
        self.box.setVisible(shown)
        self.withheld.setVisible(not shown)

    def show_notes(self, text: str, *, editable: bool, has_plan: bool) -> None:
        """Show ``text`` as saved; editable only on the current version of a saved plan."""
        self._saved = text
        self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(False)
        self.set_editable(editable, has_plan=has_plan)

    def keep_edits(self, saved: str) -> None:
        """A newer saved value arrived while the notes are being edited: keep the edits."""
        if not self.dirty:
            self.show_notes(saved, editable=not self.edit.isReadOnly(), has_plan=True)
        else:
            self._saved = saved

    def set_editable(self, editable: bool, *, has_plan: bool) -> None:
        self.edit.setReadOnly(not editable or not has_plan)
        self.edit.setEnabled(has_plan)
        if not has_plan:
            self.edit.setPlaceholderText(self.tr("Save the plan first: the notes belong to it."))
        elif editable:
            self.edit.setPlaceholderText(self.tr("Notes for probation staff only (optional)."))
        else:
            self.edit.setPlaceholderText(self.tr("No officer-only notes."))

    def text(self) -> str:
        return self.edit.toPlainText().strip()

    @property
    def dirty(self) -> bool:
        return self.shown and self.text() != self._saved.strip()

    @property
    def problems(self) -> list[str]:
        if len(self.text()) > OFFICER_NOTES_MAX:
            return [
                self.tr("Officer-only notes: at most %1 characters").replace(
                    "%1", f"{OFFICER_NOTES_MAX:,}"
                )
            ]
        return []

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
