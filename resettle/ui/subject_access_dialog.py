"""A manager exports everything held about one person for a subject access request: the
dates asked for (optional), the folder to write to, then the JSON file and readable PDF.

The export runs in the background (``subject_access.export_subject_access``, audited) and the
files are written to the folder chosen only; the dialog says where. A refusal (no right, an
unknown person, dates the wrong way round) is shown in the dialog, naming the field.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.errors import DomainError
from resettle.domain.subject_access import Period
from resettle.services.subject_access.export import export_subject_access, write_export
from resettle.services.workspace import Workspace
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import date_text
from resettle.ui.common.save_dialogs import ask_folder
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.views import heading, note_label
from resettle.ui.common.widgets import ProblemLabel
from resettle.ui.failures import failure_text
from resettle.ui.worker import Job


class SubjectAccessDialog(QDialog):
    #: The files were written (their paths).
    exported = Signal(list)

    def __init__(
        self, runner: Workspace, prison_number: str, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.prison_number = prison_number
        self.busy = BusyIndicator(self)
        self.setWindowTitle(self.tr("Subject access export"))
        self.setModal(True)
        explanation = note_label(
            self.tr(
                "Everything Resettle holds about %1 (%2), as a JSON file and a readable PDF. "
                "Staff are named by role and team. Items that may identify other people are "
                "marked for the data-protection officer to review before release. The export "
                "is recorded in the audit log; Resettle keeps no copy."
            )
            .replace("%1", name)
            .replace("%2", prison_number)
        )
        self.start = DateField()
        self.start.set_accessible_name(self.tr("From"))
        self.start.editor.setPlaceholderText(self.tr("Everything held"))
        self.end = DateField()
        self.end.set_accessible_name(self.tr("To"))
        self.end.editor.setPlaceholderText(self.tr("Everything held"))
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Folder"))
        self.folder.setPlaceholderText(self.tr("The folder to write the two files to"))
        choose = QPushButton(self.tr("C&hoose…"))
        choose.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self.tr("&From (optional)"), self.start)
        form.addRow(self.tr("&To (optional)"), self.end)
        folder_label = QLabel(self.tr("Fo&lder"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        self.problem = ProblemLabel(self)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Subject access export")))
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.result)
        layout.addWidget(self.busy.label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 620, 300)

    def choose_folder(self) -> None:
        chosen = ask_folder(self, self.tr("Folder for the export"), self.folder.text())
        if chosen is not None:
            self.folder.setText(str(chosen))

    def export(self) -> Job | None:
        """Export in the background; None (with the problem shown) when the form is not
        ready."""
        problems = [p for p in (self.start.problem(), self.end.problem()) if p]
        folder = self.folder.text().strip()
        if not folder:
            problems.append(self.tr("Folder: choose the folder to write the files to."))
        elif Path(folder).exists() and not Path(folder).is_dir():
            problems.append(self.tr("Folder: that is a file, not a folder."))
        if not problems:
            start, end = self.start.value(), self.end.value()
            try:
                period = Period(start=start, end=end)
            except DomainError:  # the one refusal a period has: the dates the wrong way round
                problems.append(
                    self.tr("To: %1 is before the From date (%2).")
                    .replace("%1", date_text(end))
                    .replace("%2", date_text(start))
                )
        if problems:
            self.problem.show_problem("\n".join(problems))
            return None
        self.problem.show_problem("")
        self.export_button.setEnabled(False)
        runner, number, target = self.runner, self.prison_number, Path(folder)

        def work(_job: Job) -> list[Path]:
            return write_export(runner.run(export_subject_access, number, period), target)

        return self.busy.run(work, self._written, on_failure=self._refused)

    def _written(self, paths: list[Path]) -> None:
        self.export_button.setEnabled(True)
        lines = [self.tr("Wrote:"), *(str(path) for path in paths)]
        self.result.setText("\n".join(lines))
        self.result.show()
        self.exported.emit(paths)

    def _refused(self, error: Exception) -> None:
        self.export_button.setEnabled(True)
        self.problem.show_problem(failure_text(error, "subject access export"))


def open_subject_access(
    parent: QWidget, runner: Workspace, prison_number: str, name: str
) -> SubjectAccessDialog:
    dialog = SubjectAccessDialog(runner, prison_number, name, parent)
    dialog.show()
    return dialog
