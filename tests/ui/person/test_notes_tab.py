"""Notes: append-only; a correction is a new note shown beside the original."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from resettle.domain.pathways import Pathway
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.notes_tab import CorrectNoteDialog, NotesTab
from tests.background import wait_for_background
from tests.ui.person.conftest import MessageBoxes
from tests.ui.person.support import choose, saved_record, submit


def _notes(window: PersonWindow) -> NotesTab:
    tab = window.tab_of(NotesTab)
    assert isinstance(tab, NotesTab)
    window.show_tab(tab)
    return tab


def test_add_a_note_then_correct_it(qtbot, window: PersonWindow, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    tab = _notes(window)
    assert not tab.add_button.isEnabled()
    assert tab.form.problem_for("text") == ""  # an empty box is not an error
    qtbot.keyClicks(tab.text, "Registered with Dr Smyth")
    choose(tab.pathway, Pathway.HEALTH)
    assert tab.dirty and tab.add_button.isEnabled()
    qtbot.keyClick(tab.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_for_background(qtbot)
    notes = saved_record(workspace, window.session.person_id).notes
    assert [(n.text, n.pathway) for n in notes] == [("Registered with Dr Smyth", Pathway.HEALTH)]
    assert tab.text.toPlainText() == "" and not tab.dirty
    assert not tab.add_button.isEnabled()  # nothing left to add
    assert tab.notes.display_rows()[0][1:4] == [
        "Test Officer",
        "Health",
        "Registered with Dr Smyth",
    ]

    tab.table.selectRow(0)
    dialog = tab.correct_note()
    assert isinstance(dialog, CorrectNoteDialog)
    text = dialog.form.fields["text"].widget
    assert text.toPlainText() == "Registered with Dr Smyth"  # type: ignore[attr-defined]
    text.setPlainText("")  # type: ignore[attr-defined]
    assert not dialog.ok_button.isEnabled()
    text.setPlainText("Registered with Dr Smith (not Smyth)")  # type: ignore[attr-defined]
    assert submit(qtbot, dialog)

    notes = saved_record(workspace, window.session.person_id).notes
    assert len(notes) == 2  # the original stays
    correction = next(n for n in notes if n.corrects_note_id is not None)
    original = next(n for n in notes if n.corrects_note_id is None)
    assert correction.corrects_note_id == original.id
    assert original.text == "Registered with Dr Smyth"
    rows = tab.notes.display_rows()
    assert rows[0][3] == "Registered with Dr Smith (not Smyth)"
    assert rows[0][4].startswith("Corrects the note of")
    assert rows[1][4] == "Corrected later"
    tab.table.selectRow(1)  # the original: its correction shows beside it
    assert tab.note_text.toPlainText() == "Registered with Dr Smyth"
    assert tab.related_text.toPlainText() == "Registered with Dr Smith (not Smyth)"
    assert tab.related_heading.text().startswith("Corrected by:")


def test_an_unfinished_note_is_unsaved_work(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes: MessageBoxes
) -> None:
    tab = _notes(window)
    qtbot.keyClicks(tab.text, "Half a thought")
    assert window.tab_widget.tabText(5) == "Notes *"
    boxes.answer(QMessageBox.StandardButton.Save)
    window.close()
    wait_for_background(qtbot)
    assert not window.isVisible()  # closed once the note was saved
    assert [n.text for n in saved_record(workspace, window.session.person_id).notes] == [
        "Half a thought"
    ]


def test_a_note_just_added_is_the_one_shown(qtbot, window: PersonWindow) -> None:  # type: ignore[no-untyped-def]
    """User trial: after adding a note, the older note stayed chosen in the reading pane."""
    tab = _notes(window)
    for text in ("First note", "Second note"):
        qtbot.keyClicks(tab.text, text)
        qtbot.keyClick(tab.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        wait_for_background(qtbot)
    tab.table.selectRow([r[3] for r in tab.notes.display_rows()].index("First note"))
    assert tab.note_text.toPlainText() == "First note"
    qtbot.keyClicks(tab.text, "Third note")
    qtbot.keyClick(tab.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_for_background(qtbot)
    assert tab.note_text.toPlainText() == "Third note"
