"""Changes made by another copy of the app (another officer on the shared server, a second
copy on the same SQLite file) reach an open person window at the change watch's next look
(triggered here): parts without unsaved edits show them; a part with unsaved edits gets a bar
("Changed by someone else (noticed at HH:MM)") offering Reload or Keep editing, before any
save; keeping the edits never lets them overwrite the other save."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from resettle.services.people import update_person
from resettle.services.workspace import Workspace
from resettle.ui.common.change_watch import ChangeWatch
from resettle.ui.person import PersonWindow
from resettle.ui.person.profile_tab import ProfileTab
from tests.background import wait_for_background
from tests.ui.person.conftest import MessageBoxes
from tests.ui.person.support import saved_record
from tests.ui.saving import save_and_wait


def _profile(window: PersonWindow) -> ProfileTab:
    tab = window.tab_of(ProfileTab)
    assert isinstance(tab, ProfileTab)
    return tab


def _watching(qtbot, window: PersonWindow, workspace: Workspace) -> ChangeWatch:  # type: ignore[no-untyped-def]
    watch = ChangeWatch(window, workspace)
    wait_for_background(qtbot)  # where it starts looking from
    return watch


def _other_copy_saves_profile(other_copy: Workspace, person_id: int, **changes: str) -> None:
    person = saved_record(other_copy, person_id).person
    data = person.profile.model_dump() | changes
    other_copy.run(update_person, person_id, person.version, data)


def _clash(
    qtbot,
    window: PersonWindow,
    workspace: Workspace,
    other_copy: Workspace,
    person_id: int,
    **saved: str,
) -> ChangeWatch:  # type: ignore[no-untyped-def]
    """The family name edited here, unsaved; another copy saves the profile (``saved``); the
    watch looks. Returns the watch, to look again."""
    watch = _watching(qtbot, window, workspace)
    _profile(window).family_name.setText("Bryan")
    _other_copy_saves_profile(other_copy, person_id, **saved)
    watch.poll()
    wait_for_background(qtbot)
    return watch


def test_a_part_without_edits_shows_another_copys_save(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, other_copy: Workspace, person_id: int
) -> None:
    watch = _watching(qtbot, window, workspace)
    _other_copy_saves_profile(other_copy, person_id, given_name="Zoe")
    assert _profile(window).given_name.text() != "Zoe"  # not noticed yet
    watch.poll()
    wait_for_background(qtbot)
    assert _profile(window).given_name.text() == "Zoe"
    assert window.name_label.text().startswith("Zoe ")
    assert not window.clash_bar.isVisible()


def test_unsaved_edits_on_the_part_get_a_bar_and_keeping_them_never_overwrites_the_other_save(  # type: ignore[no-untyped-def]
    qtbot,
    window: PersonWindow,
    workspace: Workspace,
    other_copy: Workspace,
    person_id: int,
    boxes: MessageBoxes,
) -> None:
    _clash(qtbot, window, workspace, other_copy, person_id, given_name="Zoe")
    bar = window.clash_bar
    assert bar.isVisible()
    assert bar.label.text().startswith("Changed by someone else (noticed at ")
    assert "Profile" in bar.label.text()
    assert _profile(window).family_name.text() == "Bryan"  # kept
    assert boxes.shown == []  # nothing blocks
    bar.keep_button.click()
    assert not bar.isVisible()
    assert _profile(window).family_name.text() == "Bryan"  # still on screen to copy
    boxes.answer(QMessageBox.StandardButton.Cancel)  # keep the edits on screen again
    assert not save_and_wait(qtbot, window)  # refused: a save writes the whole part
    assert any("Someone else saved" in text for text in boxes.texts())
    saved = saved_record(workspace, person_id).person.profile
    assert saved.given_name == "Zoe"  # the other save is not overwritten


def test_reload_on_the_bar_shows_the_other_save(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, other_copy: Workspace, person_id: int
) -> None:
    _clash(qtbot, window, workspace, other_copy, person_id, family_name="Byrne")
    window.clash_bar.reload_button.click()
    wait_for_background(qtbot)
    assert _profile(window).family_name.text() == "Byrne"
    assert not window.dirty and not window.clash_bar.isVisible()


def test_this_windows_own_save_seen_again_is_not_someone_elses(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes: MessageBoxes
) -> None:
    watch = _watching(qtbot, window, workspace)
    _profile(window).given_name.setText("Zoe")
    assert save_and_wait(qtbot, window)
    _profile(window).family_name.setText("Bryan")  # editing on
    watch.poll()  # finds this window's own audit rows
    wait_for_background(qtbot)
    assert window.elsewhere_label.text() == ""
    assert not window.clash_bar.isVisible()
    assert _profile(window).family_name.text() == "Bryan"
    assert save_and_wait(qtbot, window)
    assert boxes.shown == []


def test_the_watch_looks_on_its_timer_with_the_app_in_the_background(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, monkeypatch
) -> None:
    """User trial: a copy left open behind another window (or on a second screen) kept an
    old release date for over a minute, until it was brought to the front."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    watch = _watching(qtbot, window, workspace)
    looks: list[bool] = []
    monkeypatch.setattr(watch, "poll", lambda: looks.append(True))
    monkeypatch.setattr(
        QGuiApplication, "applicationState", lambda: Qt.ApplicationState.ApplicationInactive
    )
    watch.timer.timeout.emit()
    assert looks == [True]


def test_after_keep_editing_a_change_to_another_part_brings_no_bar_back(  # type: ignore[no-untyped-def]
    qtbot,
    window: PersonWindow,
    workspace: Workspace,
    other_copy: Workspace,
    person_id: int,
) -> None:
    """Review: the part kept stale by unsaved edits counted as "moved" at every later read, so
    any later change to the person (a note, the user's own save seen again) raised the bar."""
    from resettle.services.case_record.notes import add_case_note

    watch = _clash(qtbot, window, workspace, other_copy, person_id, given_name="Zoe")
    window.clash_bar.keep_button.click()
    assert not window.clash_bar.isVisible()
    other_copy.run(add_case_note, person_id, {"text": "Phoned the hostel", "pathway": None})
    watch.poll()
    wait_for_background(qtbot)
    assert not window.clash_bar.isVisible()
    assert _profile(window).family_name.text() == "Bryan"  # still kept
