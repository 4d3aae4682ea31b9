"""File > Import people…: the file read with its encoding shown, the mapping table, the
preview marking refused rows, dry run and import in the background, the error report."""

from __future__ import annotations

import stat
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QMenu

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


def test_an_unrecognised_prison_number_column_is_listed_to_map_then_previewed(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    """User trial: a "NOMS No" header left the mapping table empty, so the column the message
    named could not be mapped."""
    dialog = _dialog(qtbot, workspace, tmp_path)
    file = tmp_path / "noms.csv"
    file.write_text(
        "NOMS No,CRN,First name,Surname,DOB,Sex,Establishment,Release date,Case Officer\n"
        "T1001AA,T100001,Alan,Trialone,12/03/1985,M,LEI,15/02/2027,\n"
        "T1002AB,T100002,Beth,Trialtwo,1990-07-01,F,LEI,2027-03-01,\n",
        "utf-8",
    )
    dialog.load_file(file)
    wait_for_background(qtbot)
    assert "no column gives Prison number" in dialog.problem.text()
    mapping = dialog.mapping
    assert mapping.headers[0] == "NOMS No" and mapping.rowCount() == 9
    assert mapping.index(0, 1).data() == "(ignored)"
    assert mapping.index(3, 1).data() == "Family name"
    assert dialog.preview.rowCount() == 0
    assert not dialog.dry_run_button.isEnabled() and not dialog.import_button.isEnabled()
    # Map it in the table, through the combo box the table edits with.
    view = dialog.mapping_view
    view.setCurrentIndex(mapping.index(0, 1))
    view.edit(mapping.index(0, 1))
    combo = view.indexWidget(mapping.index(0, 1)) or view.focusWidget()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("prison_number"))
    combo.activated.emit(combo.currentIndex())
    wait_for_background(qtbot)
    assert dialog.problem.text() == ""
    assert dialog.source is not None and dialog.source.columns["prison_number"] == "NOMS No"
    assert dialog.preview.rowCount() == 2
    assert dialog.preview.index(0, 2).data() == "T1001AA"
    assert dialog.dry_run_button.isEnabled()
    assert dialog.run_import(dry_run=True) is not None
    wait_for_background(qtbot)
    assert dialog.summary.text().startswith("Dry run: 2 would be made"), dialog.summary.text()
    assert _people(workspace) == 0


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


def test_the_menu_item_is_there_for_officers_and_managers(qtbot: Any, workspace: Workspace) -> None:
    for runner, shown in (
        (workspace, True),
        (workspace_as(workspace, Role.MANAGER), True),
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


def _big_file(tmp_path: Path, rows: int, bad: set[int]) -> Path:
    """``rows`` good rows but those numbered in ``bad`` (a date that does not exist)."""
    lines = ["NOMS number,CRN,Surname,First name,DOB,Sex"]
    for n in range(1, rows + 1):
        dob = "31/02/1990" if n in bad else "17/05/1990"
        lines.append(f"B{n:04d}BC,Y{n:06d},Row,Sam,{dob},male")
    file = tmp_path / "big.csv"
    file.write_text("\n".join(lines) + "\n", "utf-8")
    return file


def test_every_row_is_checked_for_the_preview_with_counts_and_a_way_to_the_problems(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, workspace, tmp_path)
    dialog.load_file(_big_file(tmp_path, 450, {30, 420}))
    wait_for_background(qtbot)
    preview = dialog.preview
    assert dialog.counts.text() == "450 rows: 448 good, 2 with problems"
    assert preview.rowCount() == preview.PAGE  # pages lazily
    assert dialog.next_problem() == 29
    assert dialog.next_problem() == 419  # beyond the first page: loaded up to it
    assert preview.rowCount() >= 420
    assert preview.index(419, 0).data() == 421  # its line in the file
    assert preview.index(419, 1).data() == "DOB: is not a date: February 1990 has no day 31"
    assert dialog.next_problem() == 29  # round again from the top
    dialog.only_problems.setChecked(True)
    assert preview.rowCount() == 2
    assert [preview.index(r, 0).data() for r in range(2)] == [31, 421]
    dialog.only_problems.setChecked(False)
    assert preview.rowCount() == preview.PAGE


def test_an_officer_allocates_to_themself_by_default_and_an_unknown_officer_is_marked(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, workspace, tmp_path)
    assert dialog.officer.currentData() == workspace.actor.id
    texts = [dialog.officer.itemText(i) for i in range(dialog.officer.count())]
    assert not any(t.startswith("Unallocated") for t in texts)  # a manager's choice only
    file = tmp_path / "officers.csv"
    file.write_text(
        "NOMS number,CRN,Surname,First name,DOB,Sex,Officer\n"
        f"C0001BC,Z000001,One,Sam,17/05/1990,male,{workspace.actor.username}\n"
        "C0002BC,Z000002,Two,Sam,17/05/1990,male,someone.else\n",
        "utf-8",
    )
    dialog.load_file(file)
    wait_for_background(qtbot)
    assert dialog.counts.text() == "2 rows: 1 good, 1 with problems"
    assert dialog.preview.index(1, 1).data() == (
        "Officer: is not the user name or email of an active officer in this team"
    )


def test_a_manager_chooses_whom_to_allocate_to_or_unallocated(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    manager = workspace_as(workspace, Role.MANAGER)
    dialog = _dialog(qtbot, manager, tmp_path)
    assert dialog.officer.currentIndex() == -1  # nobody chosen for them
    assert not dialog.import_button.isEnabled()
    last = dialog.officer.count() - 1
    assert dialog.officer.itemText(last) == "Unallocated: allocate them later"
    dialog.officer.setCurrentIndex(last)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported):
        dialog.run_import(dry_run=False)
    wait_for_background(qtbot)
    with workspace.uow() as uow:
        row = uow.people.by_prison_number("A0001BC")
        assert row is not None and row.responsible_officer_id is None


def test_the_preview_model_pages_100000_rows_and_filters_the_problems() -> None:
    from resettle.ui.caseload_import_models import PreviewModel

    model = PreviewModel()
    lines = [
        (n + 2, {"crn": f"X{n:06d}"}, "bad" if n % 1000 == 999 else "") for n in range(100_000)
    ]
    model.set_rows(["crn"], lines)
    assert (model.rowCount(), model.good_count, model.refused_count) == (200, 99_900, 100)
    model.fetchMore()
    assert model.rowCount() == 400
    assert model.next_problem(500) == 999 and model.rowCount() == 1000
    model.set_only_problems(True)
    assert model.rowCount() == 100 and not model.canFetchMore()
    assert model.index(0, 0).data() == 1001


def test_each_mnemonic_of_the_dialog_is_its_own(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

    dialog = _dialog(qtbot, workspace, tmp_path)
    letters = []
    for widget in dialog.findChildren(QWidget):
        text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        match = re.search(r"&([^&])", text)
        if match and widget.isVisibleTo(dialog):
            letters.append(match.group(1).lower())
    assert {"t", "o", "p", "n"} <= set(letters)
    assert len(letters) == len(set(letters)), sorted(letters)


def test_a_check_the_user_stops_says_so_instead_of_still_checking(
    qtbot: Any, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resettle.ui import caseload_import_preview

    dialog = _dialog(qtbot, workspace, tmp_path)

    def until_stopped(*_args: Any) -> list[Any]:
        progress = _args[-1]
        while True:  # a check that only ends when it is stopped
            progress(0, 1)
            time.sleep(0.01)

    monkeypatch.setattr(caseload_import_preview, "preview_lines", until_stopped)
    dialog.load_file(_big_file(tmp_path, 10, set()))
    pane = dialog.preview_pane
    qtbot.waitUntil(lambda: dialog.counts.text() == "Checking every row…")
    assert pane.checking is not None
    pane.checking.cancel()
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: "stopped" in dialog.counts.text())
    assert dialog.counts.text().startswith("Check stopped: not every row was checked.")
    assert pane.checking is None


def test_the_error_report_is_never_saved_over_the_file_being_imported(
    qtbot: Any, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """User trial: the save dialog's generic "Replace?" let the report overwrite the CSV
    being imported. Even after that yes, it is refused, saying why; the file is kept."""
    dialog = _dialog(qtbot, workspace, tmp_path)
    dialog.run_import(dry_run=True)
    wait_for_background(qtbot)
    file = tmp_path / "caseload.csv"
    before = file.read_bytes()
    chosen = tmp_path / "." / "caseload.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen), ""))
    )
    assert dialog.save_error_report() is None
    assert file.read_bytes() == before
    assert dialog.problem.text() == (
        "The error report was not saved: caseload.csv is the file being imported, and "
        "saving over it would lose it. Choose another name."
    )
    assert "Wrote" not in dialog.summary.text()
