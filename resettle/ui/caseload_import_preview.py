"""The Import people dialog's preview pane: every row of the file checked as the import will
check it, in the background with progress (``domain/import_checks.preview_lines``), the counts
of good and refused rows, the refused rows marked with their reasons, "Next problem" and
"Show only problems". The table pages lazily (``PreviewModel``), so 100,000 rows stay quick.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.import_checks import PreviewLine, preview_lines
from resettle.domain.import_file import ImportFile
from resettle.ui.caseload_import_models import PreviewModel
from resettle.ui.worker import Job, run_in_background

#: The problem column's width when a reason may show (about 40 characters on two lines).
PROBLEM_WIDTH = 260


class ImportPreview(QWidget):
    #: A check of every row failed (the dialog shows why).
    failed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PreviewModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setAccessibleName(self.tr("Preview"))
        self.counts = QLabel()
        self.counts.setAccessibleName(self.tr("Rows checked"))
        self.only_problems = QCheckBox(self.tr("Show only &problems"))
        self.only_problems.toggled.connect(self.model.set_only_problems)
        self.next_problem_button = QPushButton(self.tr("&Next problem"))
        self.next_problem_button.clicked.connect(self.next_problem)
        self.next_problem_button.setEnabled(False)
        #: The file the latest check is of, and that check while it runs.
        self.source: ImportFile | None = None
        self.checking: Job | None = None
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Preview of every row:")))
        bar.addWidget(self.counts, 1)
        bar.addWidget(self.next_problem_button)
        bar.addWidget(self.only_problems)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)

    def check(
        self, source: ImportFile, establishments: Mapping[str, int], officers: Mapping[str, int]
    ) -> Job:
        """Check every row of ``source`` in the background (a check still running for an
        earlier file or team is cancelled)."""
        if self.checking is not None:
            self.checking.cancel()
        self.source = source

        def work(job: Job) -> tuple[ImportFile, list[PreviewLine]]:
            def progress(done: int, total: int) -> None:
                job.check_cancelled()
                job.progress(done, total)

            return source, preview_lines(source, establishments, officers, progress)

        self.counts.setText(self.tr("Checking every row…"))
        self.checking = run_in_background(
            self,
            work,
            self._checked,
            on_failure=self.failed.emit,
            progress_label=self.tr("Checking every row…"),
            cancellable=True,
            on_cancelled=lambda: self._stopped(source),
        )
        return self.checking

    def _stopped(self, source: ImportFile) -> None:
        """The user stopped the check: say so (the dry run still checks every row)."""
        if source is not self.source:
            return  # a newer check is running
        self.checking = None
        self.counts.setText(
            self.tr("Check stopped: not every row was checked. The dry run checks them all.")
        )

    def clear(self) -> None:
        if self.checking is not None:
            self.checking.cancel()
        self.source = self.checking = None
        self.model.set_rows([], [])
        self.counts.clear()
        self.next_problem_button.setEnabled(False)

    def _checked(self, checked: tuple[ImportFile, list[PreviewLine]]) -> None:
        source, lines = checked
        if source is not self.source:
            return  # the file was read again since
        self.checking = None
        self.model.set_rows(list(source.columns), lines)
        self.counts.setText(
            self.tr("%1 rows: %2 good, %3 with problems")
            .replace("%1", f"{len(lines):,}")
            .replace("%2", f"{self.model.good_count:,}")
            .replace("%3", f"{self.model.refused_count:,}")
        )
        self._size_columns(lines[-1][0] if lines else 0)
        self.next_problem_button.setEnabled(self.model.refused_count > 0)

    def _size_columns(self, last_line: int) -> None:
        """Columns fit the first page; the line column fits the file's last line and the
        problem column has room for a reason whether or not the first page shows one."""
        view = self.view
        view.resizeColumnsToContents()
        line_width = view.fontMetrics().horizontalAdvance(str(last_line)) + 16
        view.setColumnWidth(0, max(view.columnWidth(0), line_width))
        problem = PROBLEM_WIDTH if self.model.refused_count else view.columnWidth(1)
        view.setColumnWidth(1, min(problem, PROBLEM_WIDTH))

    def next_problem(self) -> int | None:
        """Select the next refused row after the current one (from the top at the end)."""
        row = self.model.next_problem(self.view.currentIndex().row())
        if row is None:
            row = self.model.next_problem(-1)
        if row is not None:
            index = self.model.index(row, 1)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return row
