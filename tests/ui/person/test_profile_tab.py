"""Editing and saving the profile; refusals name the field and save nothing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from resettle.domain.record_parts import RecordPart
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.profile_tab import ProfileTab
from tests.background import wait_for_background
from tests.factories import another_person
from tests.ui.person.conftest import MessageBoxes
from tests.ui.person.support import saved_record
from tests.ui.saving import save_and_wait


def _profile(window: PersonWindow) -> ProfileTab:
    tab = window.tab_of(ProfileTab)
    assert isinstance(tab, ProfileTab)
    return tab


def test_edit_and_save_the_profile(qtbot, window: PersonWindow, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    tab = _profile(window)
    assert not window.save_button.isEnabled()
    tab.family_name.clear()
    qtbot.keyClicks(tab.family_name, "O'Connor")
    qtbot.keyClicks(tab.aliases, "Zoe Bryan, Z. O'Connor")
    tab.interpreter_needed.setChecked(True)
    assert tab.dirty and window.save_button.isEnabled()
    assert window.tab_widget.tabText(0) == "Profile *"
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_background(qtbot)
    profile = saved_record(workspace, window.session.person_id).person.profile
    assert profile.family_name == "O'Connor"
    assert profile.aliases == ["Zoe Bryan", "Z. O'Connor"]
    assert profile.interpreter_needed
    assert not tab.dirty and not window.save_button.isEnabled()
    assert window.windowTitle().startswith("Zoë O'Connor (A1234BC)")
    saved = saved_record(workspace, window.session.person_id)
    assert window.session.revision(RecordPart.PROFILE) == saved.revision(RecordPart.PROFILE)


def test_malformed_prison_number_names_the_field_and_saves_nothing(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _profile(window)
    tab.prison_number.clear()
    qtbot.keyClicks(tab.prison_number, "12345")
    problem = tab.form.problem_for("prison_number")
    assert problem.startswith("Prison number: must look like A1234BC")
    assert tab.form.fields["prison_number"].problem.isVisible()
    assert not tab.valid and window.save_button.isEnabled()  # Save shows every problem
    assert save_and_wait(qtbot, window) is False
    assert saved_record(workspace, window.session.person_id).person.profile.prison_number == (
        "A1234BC"
    )
    tab.prison_number.setText("b7654cd")  # normalised on save
    assert tab.form.problem_for("prison_number") == ""
    assert save_and_wait(qtbot, window)
    assert saved_record(workspace, window.session.person_id).person.profile.prison_number == (
        "B7654CD"
    )


def test_dates_that_contradict_each_other_are_named(qtbot, window: PersonWindow) -> None:  # type: ignore[no-untyped-def]
    tab = _profile(window)
    tab.licence_end_date.set_value(dt.date(2026, 1, 1))  # before the release date
    tab.licence_end_date.value_changed.emit()
    assert "Licence end date" in tab.form.problem_for("licence_end_date")
    assert not tab.valid
    tab.licence_end_date.editor.clear()  # empty: "Not recorded" is allowed
    assert tab.form.problem_for("licence_end_date") == ""
    assert tab.form.values()["licence_end_date"] is None
    assert tab.valid and window.save_button.isEnabled()


def test_a_duplicate_prison_number_is_shown_by_the_field(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes: MessageBoxes
) -> None:
    register_person(
        workspace.actor,
        workspace.uow(),
        another_person(1111, prison_number="C1111DD", crn="Y111111"),
    )
    tab = _profile(window)
    tab.prison_number.setText("C1111DD")
    assert save_and_wait(qtbot, window) is False
    assert "C1111DD is already recorded" in tab.form.problem_for("prison_number")
    assert tab.prison_number.text() == "C1111DD"  # the edit stays on screen
    assert boxes.shown == []


def test_second_window_gets_the_concurrent_edit_message_and_overwrites_nothing(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes: MessageBoxes
) -> None:
    other = PersonWindow(workspace, window.session.person_id)
    qtbot.addWidget(other)
    # Both edit the profile; the second window's edits were made before the first saved.
    _profile(other).family_name.setText("Bryan")
    _profile(window).given_name.setText("Zoe")
    assert save_and_wait(qtbot, window)
    assert _profile(other).given_name.text() != "Zoe"  # its unsaved edits are not overwritten
    assert save_and_wait(qtbot, other) is False
    assert len(boxes.shown) == 1 and "Someone else saved" in boxes.texts()[0]
    profile = saved_record(workspace, window.session.person_id).person.profile
    assert (profile.given_name, profile.family_name) == ("Zoe", "Ní Bhriain")
    assert _profile(other).family_name.text() == "Bryan"  # kept on screen
    assert other.dirty
    # Reload: the second window shows the first one's change and drops its own.
    boxes.answer(QMessageBox.StandardButton.Ok)  # the Reload button
    assert save_and_wait(qtbot, other) is False
    assert _profile(other).given_name.text() == "Zoe"
    assert _profile(other).family_name.text() == "Ní Bhriain"
    assert not other.dirty
    _profile(other).family_name.setText("Bryan")
    assert save_and_wait(qtbot, other)
    assert saved_record(workspace, window.session.person_id).person.profile.family_name == "Bryan"


def test_save_with_several_bad_fields_shows_every_problem_at_once(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _profile(window)
    tab.prison_number.setText("12345")
    tab.date_of_birth.editor.setText("31/02/1990")
    tab.licence_end_date.editor.setText("01/01/2026")  # before the release date
    assert window.save_button.isEnabled()
    assert save_and_wait(qtbot, window) is False
    messages = {name: tab.form.problem_for(name) for name in tab.form.fields}
    assert messages["prison_number"].startswith("Prison number: must look like A1234BC")
    assert messages["date_of_birth"] == "Date of birth: February 1990 has no day 31."
    assert messages["licence_end_date"] == "Licence end date: cannot be before the release date"
    summary = tab.form.general_problem.text().splitlines()
    assert summary[0] == "Not saved: correct these 3 problems first."
    assert [line.split(":")[0] for line in summary[1:]] == [  # in the order of the form
        "• Prison number",
        "• Date of birth",
        "• Licence end date",
    ]
    for name in ("prison_number", "date_of_birth", "licence_end_date"):
        assert tab.form.fields[name].problem.urgent  # in red, each by its field
    assert window.state_label.text() == "Not saved: correct the problems listed on Profile."
    assert saved_record(workspace, window.session.person_id).person.profile.prison_number == (
        "A1234BC"
    )
    # Corrected one by one, the list keeps up and goes with the last problem.
    tab.prison_number.setText("A1234BC")
    assert tab.form.general_problem.text().startswith("Not saved: correct these 2 problems")
    tab.date_of_birth.editor.setText("17/05/1990")
    tab.licence_end_date.editor.clear()
    assert tab.form.general_problem.text() == "" and window.state_label.text() == ""
    assert save_and_wait(qtbot, window)
