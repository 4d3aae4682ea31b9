"""Preview a plan as it prints (officer's or person's copy, large print), then print or save it.

Pages are rendered from the real PDF off the UI thread (``pdf_pages``) and shown as images in a
scroll area with zoom. Opening the preview is audited as a view of the person
(``open_plan_preview``). Print… and Save… first ask why the plan leaves Resettle
(``DisclosureDialog``; the person's own copy starts at "Plan for the person"), then produce
the PDF again through the audited service (``plan_pdf``), so every copy that leaves the
building is recorded with its justification. The person's copy can also be saved as an
accessible web page, or as both (``plan_files.save_plan_files``, audited the same way).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.disclosure import DisclosureReason, Justification
from resettle.domain.plan import PlanState
from resettle.domain.plan_document import PlanDocument
from resettle.private_files import write_failure_reason
from resettle.services.plans.plan_files import save_plan_files, targets_for
from resettle.services.plans.printing import (
    NoPlanToPrint,
    PlanCopy,
    PlanFormat,
    open_plan_preview,
    plan_document,
    plan_pdf,
    render,
)
from resettle.services.workspace import Workspace
from resettle.ui.common.disclosure_dialog import DisclosureDialog
from resettle.ui.common.save_dialogs import ask_save_where, confirm_replacing
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.views import note_label
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.failures import failure_text
from resettle.ui.plan import messages
from resettle.ui.plan.labels import name_buttons
from resettle.ui.plan.output import print_pdf
from resettle.ui.plan.pdf_pages import render_pages
from resettle.ui.plan.preview_pages import FIT_WIDTH, PREVIEW_DPI, ZOOMS, PreviewPages
from resettle.ui.worker import Job, run_in_background

_render_lock = threading.Lock()


#: Said when the officer's copy is about to go to the person (user trial).
OFFICERS_COPY_FOR_THE_PERSON = (
    "This is the officer's copy: it shows the risk scores and the officer's notes. To give "
    "the person their plan, cancel and choose \u201cPerson's copy\u201d under Copy."
)


@dataclass
class Prepared:
    generation: int
    document: PlanDocument
    pages: list[QImage] = field(default_factory=list)
    stopped: bool = False


class PlanPreviewDialog(QDialog):
    #: The pages on screen changed (how many).
    pages_ready = Signal(int)
    #: A PDF was saved (its path).
    saved = Signal(object)
    #: Pages were sent to a printer (how many).
    printed = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        person_id: int,
        version: int | None = None,
        parent: QWidget | None = None,
        *,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.person_id = person_id
        self.version = version
        self.allow_empty = False
        self.document: PlanDocument | None = None
        self.images: list[QImage] = []
        self._generation = 0
        self._closed = False  # results of background work arriving later are dropped
        #: A read that records the opening has started (a copy switched before it arrives
        #: reads without recording another); cleared when that read is refused.
        self._opening = False
        self._note = note
        self.setWindowTitle(self.tr("Plan preview"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        fit_to_screen(self, 900, 980)  # the buttons below the pages stay on screen
        self._build()

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.copy = ChoiceCombo()
        self.copy.set_choices(
            [
                (PlanCopy.OFFICER, self.tr("Officer's copy")),
                (PlanCopy.PERSON, self.tr("Person's copy")),
            ]
        )
        self.copy.setAccessibleName(self.tr("Copy"))
        self.large_print = QCheckBox(self.tr("&Large print"))
        self.large_print.setToolTip(self.tr("Larger type for the person's copy"))
        self.zoom = ChoiceCombo()
        self.zoom.set_choices([(FIT_WIDTH, self.tr("Fit width"))] + [(z, f"{z}%") for z in ZOOMS])
        self.zoom.setAccessibleName(self.tr("Zoom"))
        self.zoom_out = QToolButton()
        self.zoom_out.setText("−")
        self.zoom_out.setAccessibleName(self.tr("Zoom out"))
        self.zoom_out.setToolTip(self.tr("Zoom out (Ctrl+-)"))
        self.zoom_out.setShortcut("Ctrl+-")
        self.zoom_in = QToolButton()
        self.zoom_in.setText("+")
        self.zoom_in.setAccessibleName(self.tr("Zoom in"))
        self.zoom_in.setToolTip(self.tr("Zoom in (Ctrl++)"))
        self.zoom_in.setShortcut("Ctrl++")
        self.page_count = QLabel()
        copy_label = QLabel(self.tr("&Copy:"))
        copy_label.setBuddy(self.copy)
        top = QHBoxLayout()
        top.addWidget(copy_label)
        top.addWidget(self.copy)
        top.addWidget(self.large_print)
        top.addSpacing(18)
        top.addWidget(self.page_count)
        top.addStretch(1)
        top.addWidget(self.zoom_out)
        top.addWidget(self.zoom)
        top.addWidget(self.zoom_in)

        self.pages = PreviewPages()

        self.status = note_label()
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.clicked.connect(self.save_dialog)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)
        name_buttons(self)

        self.copy.value_changed.connect(self._copy_changed)
        self.large_print.toggled.connect(lambda _on: self.prepare())
        self.zoom.value_changed.connect(lambda: self.pages.set_zoom(self.zoom.value()))
        self.zoom_out.clicked.connect(lambda: self._step_zoom(-1))
        self.zoom_in.clicked.connect(lambda: self._step_zoom(1))
        self._update_controls(ready=False)

    # --- rendering -----------------------------------------------------------------------
    def start(self) -> None:
        """Show the dialog and render the officer's copy."""
        self.open()
        self.prepare()

    def prepare(self) -> Job:
        """Render the chosen copy in the background (the newest request wins)."""
        self._generation += 1
        generation = self._generation
        copy: PlanCopy = self.copy.value()
        large = self.large_print.isChecked() and copy is PlanCopy.PERSON
        document = self.document
        read = plan_document if self._opening else open_plan_preview
        self._opening = True
        workspace, person_id = self.workspace, self.person_id
        version, allow_empty = self.version, self.allow_empty

        def work(job: Job) -> Prepared:
            # The first read is the opening (audited once); a switch of copy reuses it.
            doc = document or workspace.run(read, person_id, version, allow_empty)
            with _render_lock:  # one ReportLab render at a time when the copy is switched fast
                pdf = render(doc, copy, large)
            pages = render_pages(pdf, PREVIEW_DPI, job.progress, lambda: job.cancelled)
            return Prepared(generation, doc, pages, stopped=job.cancelled)

        self._update_controls(ready=False)
        self.status.setText(self.tr("Preparing the preview…"))
        return run_in_background(
            self,
            work,
            self._prepared,
            on_failure=self._failed,
            progress_label=self.tr("Preparing the preview…"),
            cancellable=True,
        )

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def _prepared(self, result: Prepared) -> None:
        if self._closed or result.generation != self._generation:
            return  # a newer request is on its way
        self.document = result.document
        self.images = result.pages
        self.pages.set_images(self.images)
        self._update_controls(ready=bool(self.images))
        self._describe(result.stopped)
        self.pages_ready.emit(len(self.images))

    def _failed(self, error: Exception) -> None:
        if self.document is None:
            self._opening = False  # refused: the next read is the opening
        if self._closed:
            return
        if isinstance(error, NoPlanToPrint) and not self.allow_empty:
            if messages.ask_print_empty(self, str(error)):
                self.allow_empty = True
                self.prepare()
            else:
                self.reject()
            return
        self.status.setText(self.tr("The preview could not be prepared."))
        text = failure_text(error, "plan preview")
        self.pages.show_message(text)
        messages.show_error(self, text, self.tr("Plan preview"))

    def _describe(self, stopped: bool) -> None:
        doc = self.document
        if doc is None:
            return
        self.setWindowTitle(self.tr("Plan for %1 — preview").replace("%1", doc.person.name))
        count = len(self.images)
        self.page_count.setText(
            self.tr("1 page") if count == 1 else self.tr("%1 pages").replace("%1", str(count))
        )
        version = str(doc.plan_version)
        if stopped:
            text = self.tr("Preview stopped: showing the pages rendered so far.")
        elif doc.state is PlanState.ISSUED:
            text = self.tr("Version %1, issued: exactly what was issued.").replace("%1", version)
        elif doc.state is PlanState.AGREED:
            text = self.tr("Version %1, agreed but not issued yet.").replace("%1", version)
        else:
            text = self.tr("Version %1, draft: not agreed yet.").replace("%1", version)
        if not doc.actions:
            text += " " + self.tr("The plan has no actions yet.")
        if self._note:
            text += " " + self._note
        self.status.setText(text)

    def page_labels(self) -> list[QLabel]:
        return self.pages.page_labels()

    def _step_zoom(self, step: int) -> None:
        current = self.pages.zoom_percent()
        if step > 0:
            wanted = next((z for z in ZOOMS if z > current), ZOOMS[-1])
        else:
            wanted = next((z for z in reversed(ZOOMS) if z < current), ZOOMS[0])
        self.zoom.set_value(wanted)

    def _copy_changed(self) -> None:
        self.large_print.setEnabled(self.copy.value() is PlanCopy.PERSON)
        self.prepare()

    def _update_controls(self, *, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        person = self.copy.value() is PlanCopy.PERSON
        self.large_print.setEnabled(person)
        caption = self.tr("&Save as PDF or web page…") if person else self.tr("&Save as PDF…")
        self.save_button.setText(caption)
        self.save_button.setAccessibleName(caption.replace("&", "").rstrip("…"))

    # --- print and save ------------------------------------------------------------------
    def _choice(self) -> tuple[PlanCopy, bool]:
        copy: PlanCopy = self.copy.value()
        return copy, self.large_print.isChecked() and copy is PlanCopy.PERSON

    def _audited_pdf(
        self, reason: DisclosureReason, to_file: bool, target: Path | None = None
    ) -> bytes:
        """The PDF, audited; with ``target``, saved there before the audit row is written."""
        copy, large = self._choice()
        return self.workspace.run(
            plan_pdf,
            self.person_id,
            copy,
            large,
            self.version,
            self.allow_empty,
            reason=reason,
            to_file=to_file,
            target=target,
        )

    def ask_reason(
        self, ok_text: str, then: Callable[[DisclosureReason], object]
    ) -> DisclosureDialog:
        """Ask why the plan leaves Resettle (window-modal); ``then(reason)`` once answered."""
        copy, _large = self._choice()
        dialog = DisclosureDialog(
            self.tr("Why is this plan leaving Resettle?"),
            ok_text,
            self,
            default=Justification.PLAN_FOR_PERSON if copy is PlanCopy.PERSON else None,
            cautions=(
                {Justification.PLAN_FOR_PERSON: self.tr(OFFICERS_COPY_FOR_THE_PERSON)}
                if copy is PlanCopy.OFFICER
                else None
            ),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(then)
        dialog.open()
        return dialog

    def file_name(self) -> str:
        copy, large = self._choice()
        number = self.document.person.prison_number if self.document else str(self.person_id)
        return f"plan-{number}-{copy.value}{'-large-print' if large else ''}.pdf"

    def print_dialog(self) -> DisclosureDialog:
        return self.ask_reason(self.tr("&Continue to print…"), self._print_dialog)

    def _print_dialog(self, reason: DisclosureReason) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name().removesuffix(".pdf"))
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setMinMax(1, max(len(self.images), 1))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer, reason)

    def print_to(self, printer: QPrinter, reason: DisclosureReason) -> Job:
        """Print the chosen copy on ``printer`` (already set up), page images one per sheet."""
        audited_pdf = self._audited_pdf

        def work(job: Job) -> int:
            pdf = audited_pdf(reason, False)
            return print_pdf(pdf, printer, job.progress, lambda: job.cancelled)

        def done(pages: int) -> None:
            if self._closed:
                return
            where = printer.printerName() or printer.outputFileName()
            self.status.setText(
                self.tr("Sent %1 page(s) to %2.").replace("%1", str(pages)).replace("%2", where)
            )
            self.printed.emit(pages)

        return run_in_background(
            self,
            work,
            done,
            on_failure=self._output_failed,
            progress_label=self.tr("Printing the plan…"),
            cancellable=True,
        )

    def save_dialog(self) -> DisclosureDialog:
        return self.ask_reason(self.tr("&Continue to save…"), self._save_dialog)

    def save_filters(self) -> list[tuple[str, tuple[PlanFormat, ...]]]:
        """The file types offered: the person's copy also as an accessible web page."""
        pdf = (self.tr("PDF files (*.pdf)"), (PlanFormat.PDF,))
        if self._choice()[0] is not PlanCopy.PERSON:
            return [pdf]
        return [
            pdf,
            (self.tr("Accessible web page (*.html)"), (PlanFormat.HTML,)),
            (self.tr("PDF and web page, both (*.pdf *.html)"), (PlanFormat.PDF, PlanFormat.HTML)),
        ]

    def _save_dialog(self, reason: DisclosureReason) -> None:
        filters = self.save_filters()
        chosen = ask_save_where(
            self,
            self.tr("Save the plan"),
            self.file_name(),
            [(name, "." + formats[0].value) for name, formats in filters],
        )
        if chosen is None:
            return
        formats = filters[chosen.index][1]
        # The file dialog asked only about the name it gave back: ask about every other
        # file the save would replace (the web page beside the PDF, a name given its ending).
        targets = list(targets_for(chosen.path, formats).values())
        if not confirm_replacing(self, targets, chosen.path if chosen.asked else None):
            self.status.setText(self.tr("Not saved: the files there are kept."))
            return
        self.save_to(chosen.path, reason, formats)

    def save_to(
        self,
        path: Path,
        reason: DisclosureReason,
        formats: tuple[PlanFormat, ...] = (PlanFormat.PDF,),
    ) -> Job:
        """Save the chosen copy at ``path`` (with several formats, one file per format beside
        it, ``targets_for``), audited once."""
        audited_pdf = self._audited_pdf
        copy, large = self._choice()
        workspace, person_id = self.workspace, self.person_id
        version, allow_empty = self.version, self.allow_empty

        def work(_job: Job) -> Path:
            if formats == (PlanFormat.PDF,):
                audited_pdf(reason, True, path)
                return path
            targets = targets_for(path, formats)
            workspace.run(
                save_plan_files,
                person_id,
                targets,
                copy,
                large,
                version,
                allow_empty,
                reason=reason,
            )
            return targets[formats[0]]

        def done(saved: Path) -> None:
            if self._closed:
                return
            stamp = dt.datetime.now().strftime("%H:%M")
            names = ", ".join(str(p) for p in targets_for(path, formats).values())
            self.status.setText(
                self.tr("Saved %1 at %2.").replace("%1", names).replace("%2", stamp)
            )
            self.saved.emit(saved)

        return run_in_background(
            self,
            work,
            done,
            on_failure=self._output_failed,
            progress_label=self.tr("Saving the plan…"),
        )

    def _output_failed(self, error: Exception) -> None:
        if isinstance(error, OSError):
            # The file asked for (never the temporary file beside it) and why, in words.
            reason = write_failure_reason(error)
            message = (
                self.tr("The file %1 could not be written: %2")
                .replace("%1", str(error.filename))
                .replace("%2", reason)
                if error.filename
                else self.tr("The file could not be written: %1").replace("%1", reason)
            )
        else:
            message = failure_text(error, "plan output")
        messages.show_error(self, message, self.tr("Not printed"))
