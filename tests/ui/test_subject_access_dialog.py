"""The subject access export from the caseload window: a manager picks the person, the
dates and a folder; the files are written there and the dialog says where. Refusals and
missing fields are shown in the dialog, naming the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from resettle.domain.staff import Role
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.main_menus import subject_access
from resettle.ui.main_window import MainWindow
from resettle.ui.subject_access_dialog import SubjectAccessDialog
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import person_data


def _dialog(qtbot, runner: Workspace) -> SubjectAccessDialog:  # type: ignore[no-untyped-def]
    dialog = SubjectAccessDialog(runner, "A1234BC", "Zoë Ní Bhriain")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_manager_exports_into_the_folder_chosen(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    register_person(workspace.actor, workspace.uow(), person_data())
    dialog = _dialog(qtbot, workspace_as(workspace, Role.MANAGER))
    dialog.folder.setText(str(tmp_path / "sar"))
    with qtbot.waitSignal(dialog.exported) as written:
        assert dialog.export() is not None
    wait_for_background(qtbot)
    paths = written.args[0]
    assert sorted(p.suffix for p in paths) == [".json", ".pdf"]
    assert sorted((tmp_path / "sar").iterdir()) == sorted(paths)
    assert all(str(p) in dialog.result.text() for p in paths)
    assert dialog.problem.text() == ""


def test_missing_or_wrong_fields_are_named(qtbot, workspace: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, workspace_as(workspace, Role.MANAGER))
    assert dialog.export() is None
    assert dialog.problem.text().startswith("Folder:")
    dialog.folder.setText(str(tmp_path / "sar"))
    dialog.start.set_value(dt.date(2026, 3, 2))
    dialog.end.set_value(dt.date(2026, 3, 1))
    assert dialog.export() is None
    assert dialog.problem.text() == "To: 01 Mar 2026 is before the From date (02 Mar 2026)."
    assert not (tmp_path / "sar").exists()


def test_an_officer_is_refused_in_the_dialog(qtbot, workspace: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    register_person(workspace.actor, workspace.uow(), person_data())
    dialog = _dialog(qtbot, workspace)
    dialog.folder.setText(str(tmp_path / "sar"))
    dialog.export()
    qtbot.waitUntil(lambda: "may not export a subject access request" in dialog.problem.text())
    wait_for_background(qtbot)
    assert not (tmp_path / "sar").exists()


def test_the_cases_menu_asks_for_one_person(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace_as(workspace, Role.MANAGER))
    qtbot.addWidget(window)
    wait_for_background(qtbot)
    assert subject_access(window) is None
    assert "Select one person" in window.statusBar().currentMessage()
