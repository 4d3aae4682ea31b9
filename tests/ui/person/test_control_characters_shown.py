"""A NUL pasted into a note (issue 16, "Limits"): the editor shows the domain's message naming
the field, the note cannot be added, and nothing is saved."""

from __future__ import annotations

from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.notes_tab import NotesTab
from tests.background import wait_for_background
from tests.ui.person.support import saved_record


def test_a_nul_pasted_into_a_note_shows_the_message_naming_the_field(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = window.tab_of(NotesTab)
    assert isinstance(tab, NotesTab)
    window.show_tab(tab)
    tab.text.setPlainText("Pasted from a form\x00with a NUL")
    qtbot.waitUntil(lambda: tab.form.problem_for("text") != "")
    assert tab.form.problem_for("text").startswith("Note: must not contain control characters")
    assert not tab.add_button.isEnabled()
    tab.add_note()  # even asked directly, it adds nothing
    wait_for_background(qtbot)
    assert saved_record(workspace, window.session.person_id).notes == ()

    tab.text.setPlainText("First line\nsecond line\twith a tab")  # line breaks and tabs: fine
    qtbot.waitUntil(lambda: tab.form.problem_for("text") == "")
    assert tab.add_button.isEnabled()
