"""Nothing calls into a window or dialog after Qt has deleted it. A test run once failed with
"Internal C++ object (PersonWindow) already deleted": a zero-delay timer (focus the first
field) outlived the window it was set by."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication

from resettle.services.workspace import Workspace
from resettle.ui.person.form_dialog import FormDialog
from resettle.ui.screens import open_person_window


def test_a_window_deleted_before_its_first_focus_timer_fires_is_left_alone(
    qtbot, workspace: Workspace, person_id: int
) -> None:  # type: ignore[no-untyped-def]
    window = open_person_window(workspace, person_id)
    window.show()  # sets the zero-delay timer that puts the keyboard on the first field
    shiboken6.delete(window)
    QCoreApplication.processEvents()  # pytest-qt fails the test on an exception in here


def test_a_deleted_dialog_is_not_told_that_the_record_reloaded(
    qtbot, workspace: Workspace, person_id: int
) -> None:  # type: ignore[no-untyped-def]
    window = open_person_window(workspace, person_id)
    qtbot.addWidget(window)
    session = window.session
    dialog = FormDialog(session, "A form", None, window)
    shiboken6.delete(dialog)
    session.writing_changed.emit(True)
    session.reloaded.emit(session.record)
    QCoreApplication.processEvents()
