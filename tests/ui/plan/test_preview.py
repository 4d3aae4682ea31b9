"""The preview dialog: real PDF pages as images, copies, saving and printing."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from resettle.domain.disclosure import Justification
from resettle.services.plans import edit, printing
from resettle.services.workspace import Workspace
from resettle.ui.plan.pdf_pages import page_count
from resettle.ui.plan.preview import PlanPreviewDialog
from tests.background import wait_for_background
from tests.disclosures import FOR_THE_PERSON
from tests.ui.plan.support import action, with_plan

RENDER_TIMEOUT = 60_000


def _long_plan(workspace: Workspace, person_id: int, count: int) -> None:
    pathways = ["accommodation", "health", "finance_id", "drugs_alcohol"]
    edit.save_plan(
        workspace.actor,
        workspace.uow(),
        person_id,
        None,
        [
            action(
                f"Action {i + 1}: call the provider and confirm the arrangement in writing",
                pathway=pathways[i % 4],
                due={"kind": "relative", "offset_days": -(i % 60)},
            )
            for i in range(count)
        ],
    )


def _open(qtbot, workspace: Workspace, person_id: int) -> PlanPreviewDialog:  # type: ignore[no-untyped-def]
    dialog = PlanPreviewDialog(workspace, person_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.pages_ready, timeout=RENDER_TIMEOUT):
        dialog.start()
    return dialog


def test_a_long_plan_shows_every_page(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    # The 200-action layout is the reports' test; here, enough pages to show they all arrive.
    _long_plan(workspace, person_id, count=60)
    document = printing.plan_document(workspace.actor, workspace.uow(), person_id)
    expected = page_count(printing.render(document, printing.PlanCopy.OFFICER))
    assert expected >= 3
    dialog = _open(qtbot, workspace, person_id)
    assert len(dialog.images) == expected
    assert len(dialog.page_labels()) == expected
    first = dialog.images[0]
    assert abs(first.height() / first.width() - 297 / 210) < 0.01  # A4
    assert dialog.page_count.text() == f"{expected} pages"
    assert "draft" in dialog.status.text()
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()


def test_persons_copy_and_large_print_render_again(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    _long_plan(workspace, person_id, count=20)
    dialog = _open(qtbot, workspace, person_id)
    assert not dialog.large_print.isEnabled()
    with qtbot.waitSignal(dialog.pages_ready, timeout=RENDER_TIMEOUT):
        dialog.copy.set_value(printing.PlanCopy.PERSON)
    normal = len(dialog.images)
    assert dialog.large_print.isEnabled()
    with qtbot.waitSignal(dialog.pages_ready, timeout=RENDER_TIMEOUT):
        dialog.large_print.setChecked(True)
    assert len(dialog.images) > normal
    assert dialog.file_name() == "plan-A1234BC-person-large-print.pdf"


def test_zoom_scales_the_pages(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    with_plan(workspace, person_id)
    dialog = _open(qtbot, workspace, person_id)
    dialog.zoom.set_value(50)
    small = dialog.page_labels()[0].pixmap().deviceIndependentSize().width()
    dialog.zoom_in.click()
    larger = dialog.page_labels()[0].pixmap().deviceIndependentSize().width()
    assert dialog.zoom.value() == 75 and larger > small


def test_save_as_pdf_writes_the_whole_file_under_the_chosen_name(  # type: ignore[no-untyped-def]
    qtbot, workspace, person_id, tmp_path: Path
) -> None:
    with_plan(workspace, person_id)
    dialog = _open(qtbot, workspace, person_id)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "plan.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=RENDER_TIMEOUT) as saved:
        dialog.save_to(target, FOR_THE_PERSON)
    assert saved.args == [target]
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Action number 1" in text
    assert list(folder.iterdir()) == [target]  # no .partial left behind
    assert str(target) in dialog.status.text()


def test_print_paints_one_page_image_per_sheet(qtbot, workspace, person_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _long_plan(workspace, person_id, count=25)
    dialog = _open(qtbot, workspace, person_id)
    assert len(dialog.images) >= 2
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(100)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(dialog.printed, timeout=RENDER_TIMEOUT) as printed:
        dialog.print_to(printer, FOR_THE_PERSON)
    assert printed.args == [len(dialog.images)]
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == len(dialog.images)


def test_no_plan_offers_an_empty_plan(qtbot, workspace, person_id, answers) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, workspace, person_id)
    (question,) = answers.said("ask_print_empty")
    assert "has no plan yet" in question[0]
    assert dialog.allow_empty and dialog.images
    assert "no actions" in dialog.status.text()


def test_no_plan_and_no_empty_plan_closes_the_preview(qtbot, workspace, person_id, answers) -> None:  # type: ignore[no-untyped-def]
    answers.print_empty = False
    dialog = PlanPreviewDialog(workspace, person_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rejected, timeout=RENDER_TIMEOUT):
        dialog.start()
    assert not dialog.isVisible()
    wait_for_background(qtbot)  # the refusal arrives before the render thread has returned


def test_opening_the_preview_is_one_view_a_copy_switch_none(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    with_plan(workspace, person_id)

    def views() -> list[dict[str, object]]:
        with workspace.uow() as uow:
            return [r.details for r in uow.audit.latest(50) if r.action == "person.viewed"]

    before = len(views())
    dialog = _open(qtbot, workspace, person_id)
    with qtbot.waitSignal(dialog.pages_ready, timeout=RENDER_TIMEOUT):
        dialog.copy.set_value(printing.PlanCopy.PERSON)
    assert views()[before:] == [{"view": "plan_preview"}]


def test_save_asks_why_first_and_the_row_keeps_the_answer(  # type: ignore[no-untyped-def]
    qtbot, workspace, person_id, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    with_plan(workspace, person_id)
    dialog = _open(qtbot, workspace, person_id)
    with qtbot.waitSignal(dialog.pages_ready, timeout=RENDER_TIMEOUT):
        dialog.copy.set_value(printing.PlanCopy.PERSON)
    target = tmp_path / "mine.pdf"
    asked_for_a_file: list[str] = []

    def chosen(*_args: object, **_kwargs: object) -> tuple[str, str]:
        asked_for_a_file.append("asked")
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", chosen)
    asked = dialog.save_dialog()
    assert asked.justification.value() is Justification.PLAN_FOR_PERSON
    asked.justification.set_value(Justification.OTHER)
    asked.submit()  # "Other" needs words: nothing is written, the problem names the field
    assert asked.problems["justification_text"].text().startswith("Details:")
    assert not asked_for_a_file and not target.exists()
    asked.details.setText("Solicitor asked for a copy")
    with qtbot.waitSignal(dialog.saved, timeout=RENDER_TIMEOUT):
        asked.submit()
    assert target.read_bytes().startswith(b"%PDF")
    with workspace.uow() as uow:
        row = next(r for r in uow.audit.latest(10) if r.action == "plan.printed")
        details = dict(row.details)
        notes = uow.disclosure_notes.by_id(person_id, [details["note_id"]])
    assert details["justification"] == "other"
    assert notes[details["note_id"]].justification_text == "Solicitor asked for a copy"
    assert details["copy"] == "person" and details["to_file"] is True


def test_a_copy_switched_before_the_first_pages_arrive_is_not_another_view(  # type: ignore[no-untyped-def]
    qtbot, workspace, person_id
) -> None:
    with_plan(workspace, person_id)
    dialog = PlanPreviewDialog(workspace, person_id)
    qtbot.addWidget(dialog)
    dialog.start()
    with qtbot.waitSignal(dialog.pages_ready, timeout=RENDER_TIMEOUT):
        dialog.copy.set_value(printing.PlanCopy.PERSON)  # a second read, before the first ends
    wait_for_background(qtbot)
    with workspace.uow() as uow:
        views = [r.action for r in uow.audit.latest(50) if r.action == "person.viewed"]
    assert views == ["person.viewed"]


def test_the_officers_copy_for_the_person_is_cautioned_and_the_persons_is_not(  # type: ignore[no-untyped-def]
    qtbot, workspace, person_id
) -> None:
    with_plan(workspace, person_id)
    dialog = _open(qtbot, workspace, person_id)
    asked = dialog.save_dialog()  # the officer's copy, shown first
    assert asked.caution.isHidden()
    asked.justification.set_value(Justification.PLAN_FOR_PERSON)
    assert not asked.caution.isHidden() and "officer's copy" in asked.caution.text()
    # the dialog grows to hold it: no field squeezed (second user trial)
    qtbot.waitUntil(lambda: asked.height() >= asked.sizeHint().height())
    assert asked.details.height() >= asked.details.minimumSizeHint().height()
    asked.justification.set_value(Justification.MAPPA_MEETING)
    assert asked.caution.isHidden()
    asked.reject()
    with qtbot.waitSignal(dialog.pages_ready, timeout=RENDER_TIMEOUT):
        dialog.copy.set_value(printing.PlanCopy.PERSON)
    assert dialog.save_dialog().caution.isHidden()  # "for the person" is what it is


def test_saving_onto_a_folder_names_it_and_says_why(  # type: ignore[no-untyped-def]
    qtbot, workspace, person_id, tmp_path: Path, monkeypatch
) -> None:
    from resettle.ui.plan import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, text, _title: shown.append(text))
    with_plan(workspace, person_id)
    dialog = _open(qtbot, workspace, person_id)
    folder = tmp_path / "out"
    folder.mkdir()
    dialog.save_to(folder, FOR_THE_PERSON)
    wait_for_background(qtbot)
    assert shown == [f"The file {folder} could not be written: it is a folder"]
    assert list(folder.iterdir()) == []


def test_the_persons_copy_saves_as_a_web_page_and_a_pdf(  # type: ignore[no-untyped-def]
    qtbot, workspace, person_id, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    with_plan(workspace, person_id)
    dialog = _open(qtbot, workspace, person_id)
    assert [formats for _name, formats in dialog.save_filters()] == [(printing.PlanFormat.PDF,)]
    assert dialog.save_button.text() == "&Save as PDF…"
    with qtbot.waitSignal(dialog.pages_ready, timeout=RENDER_TIMEOUT):
        dialog.copy.set_value(printing.PlanCopy.PERSON)
    assert dialog.save_button.accessibleName() == "Save as PDF or web page"
    filters = dialog.save_filters()
    both = next(name for name, formats in filters if len(formats) == 2)
    offered: list[str] = []
    folder = tmp_path / "out"
    folder.mkdir()

    def chosen(_parent: object, _title: str, _path: str, names: str) -> tuple[str, str]:
        offered.append(names)
        return str(folder / "mine"), both

    monkeypatch.setattr(QFileDialog, "getSaveFileName", chosen)
    asked = dialog.save_dialog()
    with qtbot.waitSignal(dialog.saved, timeout=RENDER_TIMEOUT) as saved:
        asked.submit()
    assert offered == [";;".join(name for name, _formats in filters)]
    assert saved.args == [folder / "mine.pdf"]
    assert sorted(p.name for p in folder.iterdir()) == ["mine.html", "mine.pdf"]
    assert (folder / "mine.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert "mine.html" in dialog.status.text() and "mine.pdf" in dialog.status.text()
    with workspace.uow() as uow:
        row = next(r for r in uow.audit.latest(10) if r.action == "plan.printed")
        details = dict(row.details)
    assert details["formats"] == ["pdf", "html"] and details["copy"] == "person"
