"""The people behind one figure: the list the dashboard opens from a figure, a bar or a cell.

It reads the people with the same query object the figure was counted with
(``services/measures.measure_people``), so the count it shows is the figure's. Enter or a
double-click opens a person; "Export list…" saves the list as CSV (audited, as every export).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.measure_figures import MeasureFilters, MeasurePerson, Part
from resettle.domain.plural import counted
from resettle.services.measures import measure_people, measure_people_csv
from resettle.services.workspace import Workspace
from resettle.ui.caseload_export import write_file
from resettle.ui.common import screen_fit
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.views import push_button, source_row, table_view
from resettle.ui.failures import failure_text

COLUMNS: tuple[Column[MeasurePerson], ...] = (
    Column("Name", lambda p: p.name),
    Column("Prison number", lambda p: p.prison_number),
    Column(
        "Release date",
        lambda p: p.release_date.strftime("%d %b %Y") if p.release_date else "Not recorded",
        sort_key=lambda p: p.release_date.toordinal() if p.release_date else 0,
    ),
    Column("Officer", lambda p: p.officer or "No officer"),
)


class DrillDialog(QDialog):
    """The people behind ``key`` (a figure's key) and ``part``, under ``title``."""

    person_requested = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        key: str,
        part: Part,
        filters: MeasureFilters,
        title: str,
        parent: QWidget | None = None,
        save_path: Callable[[QWidget, str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.workspace, self.key, self.part, self.filters = workspace, key, part, filters
        self._save_path = save_path or _ask_save_path
        self.heading = QLabel(title)
        self.heading.setWordWrap(True)
        self.count = QLabel(self.tr("Reading…"))
        self.count.setAccessibleName(self.tr("How many people"))
        self.model: RowsTableModel[MeasurePerson] = RowsTableModel(COLUMNS, self)
        self.view = table_view(self.model, self.tr("People"), sortable=True, stretch_column=0)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.activated.connect(lambda _index: self._open_chosen())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = push_button(self.tr("&Open person"))
        self.open_button.clicked.connect(self._open_chosen)
        self.export_button = push_button(self.tr("&Export list…"))
        self.export_button.clicked.connect(self._export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.count)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.busy = BusyIndicator(self)
        layout.addWidget(self.busy.label)
        screen_fit.fit_to_screen(self, 760, 520)
        self._read()

    def _read(self) -> None:
        runner = self.workspace
        self.busy.run(
            lambda _job: runner.run(measure_people, self.key, self.part, self.filters),
            self._arrived,
            on_failure=self._failed,
        )

    def _arrived(self, people: tuple[MeasurePerson, ...]) -> None:
        self.model.set_rows(people)
        self.count.setText(counted(len(people), "person", "people"))
        self.open_button.setEnabled(bool(people))
        self.export_button.setEnabled(bool(people))
        if people:
            self.view.selectRow(0)
            self.view.setFocus()

    def _failed(self, error: Exception) -> None:
        self.count.setText(self.tr("Not read"))
        self.message.setText(failure_text(error))

    def _open_chosen(self) -> None:
        row = source_row(self.view)
        if row is not None:
            self.person_requested.emit(self.model.row_at(row).id)

    def _export(self) -> None:
        name = "".join(c if c.isalnum() else "-" for c in self.key).strip("-") or "people"
        path = self._save_path(self, str(Path.home() / f"{name}-{self.part.value}.csv"))
        if not path:
            return
        runner = self.workspace
        self.busy.run(
            lambda _job: runner.run(measure_people_csv, self.key, self.part, self.filters),
            lambda text: self._write(path, text),
            on_failure=self._failed,
        )

    def _write(self, path: str, text: str) -> None:
        try:
            write_file(Path(path), text)  # whole or not at all, with a byte-order mark
        except OSError as error:
            self.message.setText(self.tr("The list was not saved: %1").replace("%1", str(error)))
            return
        self.message.setText(self.tr("Saved the list to %1").replace("%1", path))


def _ask_save_path(parent: QWidget, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(
        parent, parent.tr("Export list"), suggested, parent.tr("CSV files (*.csv)")
    )
    return path
