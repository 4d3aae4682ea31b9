"""Print the caseload report from the dashboard: why (a disclosure), whether redacted, where.

The report covers the dashboard's period and filters. It is made in the background with its
progress shown and a Cancel button; the file is written whole or not at all, and the message
line says where it went (or why it did not).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.caseload_report import ReportJustification
from resettle.domain.measure_figures import MeasureFilters
from resettle.services.caseload_report import ReportCancelled, caseload_report
from resettle.services.workspace import Workspace
from resettle.ui.common.save_dialogs import ask_save_path
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.failures import failure_text
from resettle.ui.worker import Cancelled, Job, run_in_background


class ReportDialog(QDialog):
    """Asks why the report is printed and whether to redact it, then where to save it."""

    def __init__(
        self,
        workspace: Workspace,
        filters: MeasureFilters,
        parent: QWidget | None = None,
        save_path: Callable[[QWidget, str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print the caseload report"))
        self.workspace, self.filters = workspace, filters
        self._save_path = save_path or _ask_save_path
        self.job: Job | None = None
        self.saved: Path | None = None
        period = QLabel(
            self.tr("Releases from %1 to %2, with the dashboard's filters.")
            .replace("%1", f"{filters.period_from:%d %b %Y}")
            .replace("%2", f"{filters.period_to:%d %b %Y}")
        )
        period.setWordWrap(True)
        self.justification = ChoiceCombo()
        self.justification.set_choices(
            ((j, j.label) for j in ReportJustification), self.tr("Choose why it is printed")
        )
        self.justification.setAccessibleName(self.tr("Why the report is printed"))
        self.redact = QCheckBox(self.tr("&Redacted: people by initials and prison number only"))
        note = QLabel(
            self.tr(
                "Printing the report is recorded as a disclosure of every person it lists. "
                "Choose a redacted copy to share it beyond the team: it is pseudonymised, not "
                "anonymous (prison numbers and release dates still identify people)."
            )
        )
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(self.tr("&Why:"), self.justification)
        form.addRow("", self.redact)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Print…"))
        self.buttons.accepted.connect(self.print_report)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(period)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def print_report(self) -> None:
        justification = self.justification.value()
        if justification is None:
            self.message.setText(self.tr("Why: choose why the report is printed."))
            self.justification.setFocus()
            return
        suggested = (
            "caseload-report-redacted.pdf" if self.redact.isChecked() else "caseload-report.pdf"
        )
        path = self._save_path(self, suggested)
        if not path:
            return
        redact, runner, filters = self.redact.isChecked(), self.workspace, self.filters
        target = Path(path)

        def work(job: Job) -> Path:
            runner.run(
                caseload_report,
                filters,
                justification=justification,
                redact=redact,
                progress=lambda done: job.progress(done, 100),
                cancelled=lambda: job.cancelled,
                target=target,
            )
            return target

        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Making the report…"))
        self.job = run_in_background(
            self,
            work,
            self._saved,
            on_failure=self._failed,
            progress_label=self.tr("Making the caseload report…"),
            cancellable=True,
        )

    def _saved(self, path: Path) -> None:
        self.buttons.setEnabled(True)
        self.saved = path
        self.message.setText(self.tr("Saved the report to %1").replace("%1", str(path)))

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ReportCancelled | Cancelled):
            self.message.setText(self.tr("Cancelled: no report was made or recorded."))
            return
        if isinstance(error, OSError):  # FileNotWritten: the file asked for, and why in words
            self.message.setText(
                self.tr("The report was not saved, nor recorded: %1").replace("%1", str(error))
            )
            return
        self.message.setText(failure_text(error))


def _ask_save_path(parent: QWidget, suggested: str) -> str:
    path = ask_save_path(
        parent,
        parent.tr("Save the caseload report"),
        suggested,
        parent.tr("PDF files (*.pdf)"),
        ".pdf",
    )
    return str(path) if path is not None else ""
