"""User trial: Save dialogs opened in the program's own folder (the working directory).
They start in the folder last saved to this session, else Documents, with a name
suggested (``resettle/ui/common/save_dialogs.py``, the one way the app asks)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

import resettle
from resettle.services.workspace import Workspace
from resettle.ui import caseload_export
from resettle.ui.caseload_import_dialog import CaseloadImportDialog
from resettle.ui.common import save_dialogs
from resettle.ui.dashboard import report_dialog
from tests.background import wait_for_background


class Dialogs:
    """Stands in for ``QFileDialog``: records the folder each dialog was started in and
    answers with ``answer`` (a path, or "" for Cancel)."""

    def __init__(self) -> None:
        self.started_at: list[str] = []
        self.answer = ""

    def save(self, _parent: QWidget, _title: str, directory: str, _filter: str) -> tuple[str, str]:
        self.started_at.append(directory)
        return self.answer, ""

    def folder(self, _parent: QWidget, _title: str, directory: str) -> str:
        self.started_at.append(directory)
        return self.answer

    def open(self, _parent: QWidget, _title: str, directory: str, _filter: str) -> tuple[str, str]:
        self.started_at.append(directory)
        return self.answer, ""


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    real = QStandardPaths.writableLocation

    def location(kind: Any) -> str:
        if kind == QStandardPaths.StandardLocation.DocumentsLocation:
            return str(folder)
        return real(kind)

    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(location))
    monkeypatch.setattr(save_dialogs, "_last_folder", None)
    monkeypatch.chdir(tmp_path)  # the program's folder: never where a dialog starts
    return folder


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    answers = Dialogs()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answers.save))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(answers.folder))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(answers.open))
    return answers


def test_the_first_save_starts_in_documents_with_the_name_suggested(
    qtbot, documents: Path, dialogs: Dialogs
) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    assert report_dialog._ask_save_path(parent, "caseload-report.pdf") == ""  # cancelled
    assert caseload_export.choose_file(parent, "caseload-2026-12-03.csv") is None
    assert dialogs.started_at == [
        str(documents / "caseload-report.pdf"),
        str(documents / "caseload-2026-12-03.csv"),
    ]
    assert save_dialogs._last_folder is None  # a cancelled dialog chose nothing


def test_the_next_save_starts_where_the_user_last_saved(
    qtbot, documents: Path, dialogs: Dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    elsewhere = tmp_path / "reports"
    elsewhere.mkdir()
    dialogs.answer = str(elsewhere / "march")
    assert report_dialog._ask_save_path(parent, "caseload-report.pdf") == str(
        elsewhere / "march.pdf"
    )  # the ending added
    dialogs.answer = ""
    caseload_export.choose_file(parent, "list.csv")
    save_dialogs.ask_folder(parent, "Folder for the export")
    assert dialogs.started_at[1:] == [str(elsewhere / "list.csv"), str(elsewhere)]
    elsewhere.rmdir()  # gone since: back to Documents
    caseload_export.choose_file(parent, "list.csv")
    assert dialogs.started_at[-1] == str(documents / "list.csv")


def test_an_account_without_documents_starts_at_home(
    qtbot, documents: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    documents.rmdir()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(Path, "home", staticmethod(lambda: home))
    parent = QWidget()
    qtbot.addWidget(parent)
    caseload_export.choose_file(parent, "list.csv")
    assert dialogs.started_at == [str(home / "list.csv")]


def test_choosing_a_folder_starts_at_the_one_typed_when_it_is_there(
    qtbot, documents: Path, dialogs: Dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    save_dialogs.ask_folder(parent, "Save the plans into", str(tmp_path))
    save_dialogs.ask_folder(parent, "Save the plans into", str(tmp_path / "not made yet"))
    assert dialogs.started_at == [str(tmp_path), str(documents)]


def test_a_choice_of_file_types_gives_the_chosen_type_and_its_ending(
    qtbot, documents: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    choices = [("PDF files (*.pdf)", ".pdf"), ("Web page (*.html)", ".html")]
    answers = iter(
        [
            (str(documents / "mine"), "Web page (*.html)"),
            (str(documents / "mine.pdf"), "Web page (*.html)"),
            (str(documents / "mine.v2"), ""),
            ("", ""),
        ]
    )
    offered: list[tuple[str, str]] = []

    def save(_parent: QWidget, _title: str, directory: str, names: str) -> tuple[str, str]:
        offered.append((directory, names))
        return next(answers)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    ask = save_dialogs.ask_save_choice
    assert ask(parent, "Save", "plan.pdf", choices) == (documents / "mine.html", 1)
    assert ask(parent, "Save", "plan.pdf", choices) == (documents / "mine.html", 1)
    assert ask(parent, "Save", "plan.pdf", choices) == (documents / "mine.v2.pdf", 0)
    assert ask(parent, "Save", "plan.pdf", choices) is None
    assert offered[0] == (str(documents / "plan.pdf"), "PDF files (*.pdf);;Web page (*.html)")


def test_open_dialogs_start_in_documents_then_where_the_user_last_opened_or_saved(
    qtbot,
    documents: Path,
    dialogs: Dialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    workspace: Workspace,
) -> None:  # type: ignore[no-untyped-def]
    """User trial: the import dialog's file chooser started in the working directory."""
    dialog = CaseloadImportDialog(workspace)
    qtbot.addWidget(dialog)
    wait_for_background(qtbot)
    loaded: list[Path] = []
    monkeypatch.setattr(dialog, "load_file", loaded.append)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog.choose_file()  # cancelled: nothing loaded or remembered
    assert dialogs.started_at == [str(documents)] and loaded == []
    assert save_dialogs._last_folder is None
    exports = tmp_path / "exports"
    exports.mkdir()
    dialogs.answer = str(exports / "caseload.csv")
    dialog.choose_file()
    assert loaded == [exports / "caseload.csv"]
    dialogs.answer = ""
    assert save_dialogs.ask_open_path(parent, "Open", "CSV files (*.csv)") is None
    assert caseload_export.choose_file(parent, "caseload.csv") is None
    assert dialogs.started_at[-2:] == [str(exports), str(exports / "caseload.csv")]
    backups = tmp_path / "backups"
    backups.mkdir()  # a folder of its own given as the start wins
    assert save_dialogs.ask_open_path(parent, "Restore", "*", start=backups) is None
    assert save_dialogs.ask_open_path(parent, "Restore", "*", start=tmp_path / "gone") is None
    assert dialogs.started_at[-2:] == [str(backups), str(exports)]


def test_no_screen_asks_for_a_file_to_save_but_through_the_helper() -> None:
    """One helper for every save and open dialog: no other module calls ``getSaveFileName``,
    ``getOpenFileName`` or ``getExistingDirectory`` itself (each would start wherever Qt
    chose)."""
    ui = Path(resettle.__file__).parent / "ui"
    callers = sorted(
        str(path.relative_to(ui))
        for path in ui.rglob("*.py")
        if re.search(
            r"getSaveFileName|getOpenFileName|getExistingDirectory", path.read_text("utf-8")
        )
    )
    assert callers == ["common/save_dialogs.py"]
