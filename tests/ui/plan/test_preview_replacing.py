"""The preview's "PDF and web page, both": the file dialog asks only about the name it gives
back, so the preview asks, by name, about every other file the save would replace (user
trial: a PDF name chosen and its replacing agreed, the .html beside it replaced silently)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from resettle.services.plans import printing
from resettle.services.workspace import Workspace
from resettle.ui.plan.preview import PlanPreviewDialog
from tests.background import wait_for_background
from tests.ui.plan.support import with_plan

RENDER_TIMEOUT = 60_000


class Boxes(list[tuple[str, str]]):
    """Each question's text and informative text; answered from ``answers`` in turn."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[QMessageBox.StandardButton] = []


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    asked = Boxes()

    def exec_(box: QMessageBox) -> int:
        asked.append((box.text(), box.informativeText()))
        return asked.answers.pop(0)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def _preview(qtbot: Any, workspace: Workspace, person_id: int) -> PlanPreviewDialog:
    with_plan(workspace, person_id)
    dialog = PlanPreviewDialog(workspace, person_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.pages_ready, timeout=RENDER_TIMEOUT):
        dialog.start()
    with qtbot.waitSignal(dialog.pages_ready, timeout=RENDER_TIMEOUT):
        dialog.copy.set_value(printing.PlanCopy.PERSON)
    return dialog


def _choose(monkeypatch: pytest.MonkeyPatch, dialog: PlanPreviewDialog, name: Path) -> None:
    both = next(n for n, formats in dialog.save_filters() if len(formats) == 2)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(name), both))
    )


def _old_copies(folder: Path) -> tuple[Path, Path]:
    """A PDF and a web page saved earlier as ``mine`` in ``folder``."""
    pdf, html = folder / "mine.pdf", folder / "mine.html"
    pdf.write_bytes(b"old pdf")
    html.write_text("old page", "utf-8")
    return pdf, html


def test_saving_both_asks_about_the_web_page_it_would_replace_by_name(
    qtbot: Any,
    workspace: Workspace,
    person_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: Boxes,
) -> None:
    dialog = _preview(qtbot, workspace, person_id)
    pdf, html = _old_copies(tmp_path)
    # The file dialog asked about mine.pdf (the name it gave back): not asked again.
    _choose(monkeypatch, dialog, pdf)
    boxes.answers.append(QMessageBox.StandardButton.Cancel)
    dialog.save_dialog().submit()
    wait_for_background(qtbot)
    assert boxes == [(f"This file is there already:\n{html}", "Replace it with the new one?")]
    assert (pdf.read_bytes(), html.read_text("utf-8")) == (b"old pdf", "old page")
    assert dialog.status.text() == "Not saved: the files there are kept."
    boxes.answers.append(QMessageBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.saved, timeout=RENDER_TIMEOUT):
        dialog.save_dialog().submit()
    wait_for_background(qtbot)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert html.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_a_name_given_its_ending_after_the_file_dialog_is_asked_about_too(
    qtbot: Any,
    workspace: Workspace,
    person_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: Boxes,
) -> None:
    dialog = _preview(qtbot, workspace, person_id)
    pdf, html = _old_copies(tmp_path)
    _choose(monkeypatch, dialog, tmp_path / "mine")  # typed without an ending
    boxes.answers.append(QMessageBox.StandardButton.Cancel)
    dialog.save_dialog().submit()
    wait_for_background(qtbot)
    assert boxes == [
        (f"These files are there already:\n{pdf}\n{html}", "Replace them with the new ones?")
    ]
    assert (pdf.read_bytes(), html.read_text("utf-8")) == (b"old pdf", "old page")
    # Nothing there: nothing asked, both written.
    pdf.unlink()
    html.unlink()
    with qtbot.waitSignal(dialog.saved, timeout=RENDER_TIMEOUT):
        dialog.save_dialog().submit()
    wait_for_background(qtbot)
    assert len(boxes) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in {".pdf", ".html"}) == [
        "mine.html",
        "mine.pdf",
    ]
