"""File > Import people…: the file read with its encoding shown, the mapping table, the
preview marking refused rows, dry run and import in the background, the error report."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu

from resettle.domain.staff import Role
from resettle.services.workspace import Workspace
from resettle.ui.caseload_import_dialog import CaseloadImportDialog
from resettle.ui.main_menus import build_menus
from resettle.ui.main_window import MainWindow
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import establishment

CONTENT = (
    "NOMS number,CRN,Surname,First name,DOB,Sex,Prison,Notes\r\n"
    "A0001BC,X000001,O’Brien,Zoë,17/05/1990,female,LEI,one\r\n"
    "A0002BC,X000002,Smith,Sam,31/02/1990,male,LEI,two\r\n"
    "A0003BC,X000003,Jones,Al,01/01/1980,male,LEI,three\r\n"
)


def _dialog(qtbot: Any, workspace: Workspace, tmp_path: Path) -> CaseloadImportDialog:
    establishment(workspace)
    dialog = CaseloadImportDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for_background(qtbot)
    file = tmp_path / "caseload.csv"
    file.write_bytes(CONTENT.encode("cp1252"))
    dialog.load_file(file)
    wait_for_background(qtbot)
    return dialog


def _people(workspace: Workspace) -> int:
    with workspace.uow() as uow:
        return uow.people.count()


def test_the_file_is_shown_mapped_with_refused_rows_marked(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, workspace, tmp_path)
    assert dialog.encoding.text() == "Windows-1252"
    assert dialog.team.count() == 1
    mapping = dialog.mapping
    shown = [
        (mapping.index(r, 0).data(), mapping.index(r, 1).data()) for r in range(mapping.rowCount())
    ]
    assert shown[:3] == [
        ("NOMS number", "Prison number"),
        ("CRN", "CRN"),
        ("Surname", "Family name"),
    ]
    assert shown[-1] == ("Notes", "(ignored)")
    preview = dialog.preview
    assert preview.rowCount() == 3
    problem_column = 1
    assert preview.index(0, 4).data() == "O’Brien"
    assert preview.index(1, problem_column).data() == (
        "DOB: is not a date: February 1990 has no day 31"
    )
    assert preview.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert preview.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_remapping_a_column_reads_the_file_again(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, workspace, tmp_path)
    mapping = dialog.mapping
    assert mapping.setData(mapping.index(6, 1), "")  # Prison: ignored
    wait_for_background(qtbot)
    assert dialog.source is not None and "establishment" not in dialog.source.columns
    assert mapping.setData(mapping.index(0, 1), "")  # no prison number: refused, named
    wait_for_background(qtbot)
    assert "no column gives Prison number" in dialog.problem.text()
    assert not dialog.import_button.isEnabled()


def test_a_dry_run_saves_nothing_then_import_saves_the_good_rows(
    qtbot: Any, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, workspace, tmp_path)
    assert dialog.run_import(dry_run=True) is not None
    wait_for_background(qtbot)
    assert dialog.summary.text().startswith("Dry run: 2 would be made, 0 updated")
    assert _people(workspace) == 0
    with qtbot.waitSignal(dialog.imported):
        dialog.run_import(dry_run=False)
    wait_for_background(qtbot)
    assert dialog.summary.text().startswith(
        "Imported: 2 made, 0 updated, 0 unchanged, 1 row refused."
    )
    assert "line 3, DOB" in dialog.summary.text()
    assert _people(workspace) == 2
    report = tmp_path / "report.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(report), ""))
    )
    assert dialog.save_button.isEnabled()
    assert dialog.save_error_report() == report
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert report.read_text("utf-8").splitlines()[1].startswith("3,DOB,A0002BC,")


def test_all_or_nothing_saves_nothing(qtbot: Any, workspace: Workspace, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, workspace, tmp_path)
    dialog.all_or_nothing.setChecked(True)
    dialog.run_import(dry_run=False)
    wait_for_background(qtbot)
    assert dialog.summary.text().startswith("Nothing was saved")
    assert _people(workspace) == 0


def test_the_menu_item_is_there_for_officers_only(qtbot: Any, workspace: Workspace) -> None:
    for runner, shown in (
        (workspace, True),
        (workspace_as(workspace, Role.MANAGER), False),
        (workspace_as(workspace, Role.PRISON_STAFF), False),
    ):
        window = MainWindow(runner)
        qtbot.addWidget(window)
        window.menuBar().clear()
        build_menus(window)
        menus = [m.menu() for m in window.menuBar().actions()]
        texts = [a.text() for m in menus if isinstance(m, QMenu) for a in m.actions()]
        assert ("&Import people…" in texts) is shown
        wait_for_background(qtbot)
