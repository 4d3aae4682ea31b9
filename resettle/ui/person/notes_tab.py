"""Notes: append-only case notes. A mistake is put right by a correction (a new note naming the
old one); both stay, shown side by side."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.case_notes import CaseNoteInput
from resettle.domain.case_record import CaseNoteView, CaseRecord
from resettle.domain.errors import FieldProblem
from resettle.domain.pathways import Pathway
from resettle.domain.permissions import Permission
from resettle.services.case_record.notes import add_case_note
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.control_pictures import shown
from resettle.ui.common.labels import label, when_text
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.record_writes import Write
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.common.views import note_label, push_button, source_row, table_view
from resettle.ui.common.widgets import ChoiceCombo, plain_text_edit
from resettle.ui.person.form import Form, model_validator
from resettle.ui.person.form_dialog import FormDialog
from resettle.ui.person.notes_model import NotesModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("NotesTab", text)


def _pathways() -> ChoiceCombo:
    combo = ChoiceCombo()
    combo.set_choices(((p, label(p)) for p in Pathway), _tr("General (no pathway)"))
    return combo


def _note_write(person_id: int, values: dict[str, Any]) -> Callable[..., None]:
    def write(actor: Any, uow: Any, _version: int) -> None:
        add_case_note(actor, uow, person_id, values)  # notes carry no version
        return None

    return write


def _composer_validator(data: dict[str, Any]) -> list[FieldProblem]:
    """An empty box is not a problem (there is simply nothing to add yet)."""
    if not str(data.get("text", "")).strip():
        return []
    return model_validator(CaseNoteInput)(data)


class CorrectNoteDialog(FormDialog):
    def __init__(
        self, session: CaseRecordSession, original: CaseNoteView, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            session,
            _tr("Correct a note"),
            model_validator(CaseNoteInput),
            parent,
            ok_text=_tr("&Add correction"),
            intro=_tr(
                "Notes are never changed. Your correction is added as a new note and shown "
                "beside the note of %1 by %2, which stays on the record."
            )
            .replace("%1", when_text(original.created_at))
            .replace("%2", original.author),
        )
        self.original = original
        self.form.fixed = {"corrects_note_id": original.id}
        self.add_row(
            "text", self.tr("&Correction"), plain_text_edit(self.tr("Correction"), 140, 400)
        )
        self.add_row("pathway", self.tr("&Pathway"), _pathways())
        fit_to_screen(self, 560, 320)

    def write(self, values: dict[str, Any]) -> Callable[..., None]:
        return _note_write(self.session.person_id, values)

    def start(self, values: dict[str, Any] | None = None) -> None:
        super().start(
            {"text": self.original.text, "pathway": self.original.pathway, **(values or {})}
        )


class NotesTab(PersonTab):
    ACCESS = TabAccess(view=Permission.VIEW_NOTES, edit=Permission.ADD_NOTES)
    TITLE = "Notes"

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.form = Form(_composer_validator, self)
        self.dialog: FormDialog | None = None
        self._read_only = False
        #: Notes shown so far, and whether a note this tab added is still to be chosen.
        self._shown_ids: set[int] = set()
        self._choose_added = False
        self._build()
        self.form.changed.connect(self._composer_edited)

    def _build(self) -> None:
        composer = self.composer = QGroupBox(self.tr("New note"))
        form = QFormLayout(composer)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.text = plain_text_edit(self.tr("New note"), 70)
        self.text.setPlaceholderText(self.tr("Write a note (Ctrl+Enter adds it)"))
        self.pathway = _pathways()
        self.form.add_row(form, "text", self.tr("&Note"), self.text, self.tr("New note"))
        self.form.add_row(
            form, "pathway", self.tr("&Pathway"), self.pathway, self.tr("Pathway of the new note")
        )
        self.add_button = push_button(self.tr("&Add note"))
        self.add_button.clicked.connect(self.add_note)
        self.session.writing_changed.connect(self._writing_changed)  # dropped on deletion
        self.text.installEventFilter(self)  # Ctrl+Enter in the box adds the note
        form.addRow("", _right(self.add_button))

        self.notes = NotesModel(self)
        self.table = table_view(
            self.notes, self.tr("Case notes"), sortable=True, stretch_column=3, wrap=False
        )  # a long history: the first line of each here, the whole note in the reading pane
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self.correct_button = push_button(self.tr("&Correct this note…"))
        self.correct_button.clicked.connect(self.correct_note)

        self.note_text = _reader(self.tr("Selected note"))
        self.note_heading = note_label()
        self.related_text = _reader(self.tr("Corrections of the selected note"))
        self.related_heading = note_label()
        reading = QHBoxLayout()
        for heading, text in (
            (self.note_heading, self.note_text),
            (self.related_heading, self.related_text),
        ):
            column = QVBoxLayout()
            column.addWidget(heading)
            column.addWidget(text, 1)
            reading.addLayout(column, 1)
        lower = QWidget()
        self.reading_pane = lower
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(reading, 1)
        lower_layout.addWidget(_right(self.correct_button))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(composer)
        layout.addWidget(splitter, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.text
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.add_note()
            return True
        return super().eventFilter(watched, event)

    # --- reading -------------------------------------------------------------------------
    def selected(self) -> CaseNoteView | None:
        row = source_row(self.table)
        return self.notes.row_at(row) if row is not None else None

    def _chosen(self) -> None:
        note = self.selected()
        self.correct_button.setEnabled(note is not None and not self._read_only)
        if note is None:
            self.note_heading.setText(self.tr("No notes yet."))
            self.note_text.setPlainText("")
            self.related_heading.setText("")
            self.related_text.setPlainText("")
            return
        self.note_heading.setText(_byline(note))
        self.note_text.setPlainText(shown(note.text, multi_line=True))
        related = self.notes.corrections_of(note)
        if note.corrects_note_id is not None and (
            original := self.notes.note(note.corrects_note_id)
        ):
            self.related_heading.setText(self.tr("Corrects: ") + _byline(original))
            self.related_text.setPlainText(shown(original.text, multi_line=True))
        elif related:
            self.related_heading.setText(
                self.tr("Corrected by: ") + "; ".join(_byline(c) for c in related)
            )
            self.related_text.setPlainText(
                shown("\n\n———\n\n".join(c.text for c in related), multi_line=True)
            )
        else:
            self.related_heading.setText(self.tr("No corrections."))
            self.related_text.setPlainText("")

    # --- writing -------------------------------------------------------------------------
    def add_note(self) -> bool:
        """Save the note in the box (off the UI thread); False when there is nothing to add
        or another save is running. The box is emptied once it is saved."""
        if self._read_only or not self.form.values()["text"].strip():
            return False
        if not self.form.valid:
            self.form.show_problems(self.form.problems)
            return False
        started = self.session.save(self, self.writes())
        self._choose_added = self._choose_added or started
        return started

    def correct_note(self) -> FormDialog | None:
        note = self.selected()
        if note is None or self._read_only:
            return None
        self.dialog = CorrectNoteDialog(self.session, note, self)
        self.dialog.start()
        return self.dialog

    def _writing_changed(self, _writing: bool) -> None:
        self._composer_edited()

    def _composer_edited(self) -> None:
        self.add_button.setEnabled(
            not self._read_only and self.dirty and self.form.valid and not self.session.writing
        )
        self.notify()

    # --- PersonTab -----------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        self.form.load({"text": "", "pathway": None})
        self._show(record)
        self._composer_edited()

    def refresh(self, record: CaseRecord) -> None:
        self._show(record)  # an unfinished note stays in the box

    def _show(self, record: CaseRecord) -> None:
        chosen = self.selected()
        added = {note.id for note in record.notes} - self._shown_ids
        wanted = chosen.id if chosen is not None else None
        if self._choose_added and added:
            wanted = max(added)  # the note just added is shown, not the one read before
            self._choose_added = False
        self._shown_ids = {note.id for note in record.notes}
        self.notes.set_notes(record.notes)
        model = self.table.model()
        target = 0
        for row in range(model.rowCount()):
            view = self.notes.row_at(source_row_of(self.table, row))
            if view.id == wanted:
                target = row
        if model.rowCount():
            self.table.selectRow(target)
        self.reading_pane.setVisible(bool(record.notes))
        self._chosen()

    @property
    def dirty(self) -> bool:
        return bool(self.form.values()["text"].strip())

    @property
    def valid(self) -> bool:
        return self.form.valid

    def reveal_problems(self, focus: bool = True) -> list[str]:
        return [problem.message for problem in self.form.reveal(focus)]

    def writes(self) -> list[Write]:
        values = self.form.values()

        def saved() -> None:
            if self.form.values() == values:
                self.form.load({"text": "", "pathway": values["pathway"]})
            self._composer_edited()

        note = _note_write(self.session.person_id, values)
        return [
            self.session.part_write(self, note, self.form.show_problems, part=None, saved=saved)
        ]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.form.set_read_only(read_only)
        # Someone who cannot add notes needs the notes, not a greyed box above them (trial).
        self.composer.setVisible(not read_only)
        self._composer_edited()
        self._chosen()


def _byline(note: CaseNoteView) -> str:
    pathway = label(note.pathway) if note.pathway else _tr("General")
    return f"{when_text(note.created_at)} · {note.author} · {pathway}"


def _reader(name: str) -> QPlainTextEdit:
    reader = QPlainTextEdit()
    reader.setReadOnly(True)
    reader.setTabChangesFocus(True)
    reader.setAccessibleName(name)
    return reader


def source_row_of(view: Any, row: int) -> int:
    model = view.model()
    return int(model.mapToSource(model.index(row, 0)).row())


def _right(button: QPushButton) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    row.addWidget(button)
    return holder
