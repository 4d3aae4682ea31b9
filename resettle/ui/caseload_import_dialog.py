"""File > Import people…: a caseload import from a CSV file (``services/caseload_import.py``).

Choose the file and the team, and who holds the people a row's "Responsible officer" column
does not name ("Allocate to": the team's officers, by default the importing officer; a
manager may leave them unallocated, but must choose so). The dialog shows the encoding the
file was read in, a table mapping each of the file's columns to one of Resettle's fields
(recognised headers filled in; change any with its combo box, or ignore it), and a preview
of every row, each checked in the background as the import checks it
(``caseload_import_preview.py``: counts, refused rows marked, "Next problem", "Show only
problems", paged lazily so 100,000 rows stay quick). "Dry run"
checks every row against the database too and saves nothing; "Import" saves, with a
progress bar; both run in the background. The result names the counts and lists the refused
rows and the people left as they are; "Save error report…" writes them as a CSV file only
its owner may read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.import_file import (
    ColumnsMissing,
    ImportFile,
    ImportFileRefused,
    RowProblem,
    read_import_file,
)
from resettle.domain.import_officers import officer_keys
from resettle.domain.limits import IMPORT_FILE_MAX_BYTES
from resettle.domain.search import fold
from resettle.private_files import is_same_file
from resettle.reports.import_errors import error_report_csv, write_private
from resettle.services import staff
from resettle.services.caseload_import import (
    ImportOutcome,
    ImportTeam,
    NothingImported,
    import_people,
    importable_teams,
)
from resettle.services.workspace import Workspace
from resettle.ui.caseload_import_models import FieldDelegate, MappingModel
from resettle.ui.caseload_import_preview import ImportPreview
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.save_dialogs import ask_open_path, ask_save_path
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.views import heading, note_label
from resettle.ui.common.widgets import ProblemLabel
from resettle.ui.failures import failure_text
from resettle.ui.worker import Job, run_in_background

#: "Allocate to"'s item leaving the people unallocated (a manager's choice).
UNALLOCATED = -1


class CaseloadImportDialog(QDialog):
    #: An import was committed (the caseload refreshes).
    imported = Signal(object)

    def __init__(self, runner: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.busy = BusyIndicator(self)
        self.data: bytes | None = None
        self.source: ImportFile | None = None
        self.outcome: ImportOutcome | None = None
        self.establishments: dict[str, int] = {}
        self.teams: dict[int, ImportTeam] = {}
        self.setWindowTitle(self.tr("Import people"))
        self.setModal(True)
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("File"))
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(self.tr("A CSV file with a header line"))
        choose = QPushButton(self.tr("C&hoose…"))
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        self.team = QComboBox()
        self.team.setAccessibleName(self.tr("Team"))
        self.team.currentIndexChanged.connect(self._team_chosen)
        self.officer = QComboBox()
        self.officer.setAccessibleName(self.tr("Allocate to"))
        self.officer.setPlaceholderText(self.tr("Choose an officer, or unallocated"))
        self.officer.setToolTip(
            self.tr(
                "Who holds the people a row's Responsible officer column does not name "
                "(its user name or email)"
            )
        )
        self.officer.currentIndexChanged.connect(lambda _n: self._enable())
        self.encoding = QLabel(self.tr("—"))
        self.all_or_nothing = QCheckBox(self.tr("&All or nothing: save no row if any is refused"))
        form = QFormLayout()
        file_label = QLabel(self.tr("&File"))
        file_label.setBuddy(choose)
        form.addRow(file_label, file_row)
        team_label = QLabel(self.tr("&Team"))
        team_label.setBuddy(self.team)
        form.addRow(team_label, self.team)
        officer_label = QLabel(self.tr("Allocate t&o"))
        officer_label.setBuddy(self.officer)
        form.addRow(officer_label, self.officer)
        form.addRow(self.tr("Encoding"), self.encoding)
        self.mapping = MappingModel(self)
        self.mapping.changed_mapping.connect(self._reread)
        self.mapping_view = QTableView()
        self.mapping_view.setModel(self.mapping)
        self.mapping_view.setItemDelegateForColumn(1, FieldDelegate(self.mapping_view))
        self.mapping_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.mapping_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping_view.verticalHeader().hide()
        self.mapping_view.setAccessibleName(self.tr("Column mapping"))
        self.preview_pane = ImportPreview(self)
        self.preview_pane.failed.connect(self._unreadable)
        self.preview = self.preview_pane.model
        self.counts = self.preview_pane.counts
        self.only_problems = self.preview_pane.only_problems
        self.next_problem = self.preview_pane.next_problem
        self.problem = ProblemLabel(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.dry_run_button = self.buttons.addButton(
            self.tr("&Dry run"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            self.tr("&Import"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button = self.buttons.addButton(
            self.tr("&Save error report…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.dry_run_button.clicked.connect(lambda: self.run_import(dry_run=True))
        self.import_button.clicked.connect(lambda: self.run_import(dry_run=False))
        self.save_button.clicked.connect(self.save_error_report)
        self.buttons.rejected.connect(self.reject)
        self._enable()
        panes = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Columns")))
        left.addWidget(self.mapping_view)
        right = QVBoxLayout()
        right.addWidget(self.preview_pane)
        panes.addLayout(left, 2)
        panes.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Import people")))
        layout.addWidget(
            note_label(
                self.tr(
                    "Every row is checked as the New person form checks a person. People "
                    "already imported are matched by prison number or CRN and updated only "
                    "when their row changed; anyone edited in Resettle since is left as it is "
                    "and listed."
                )
            )
        )
        layout.addLayout(form)
        layout.addLayout(panes, 1)
        layout.addWidget(self.all_or_nothing)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy.label)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 1100, 680)
        self._load_choices()

    # -- loading ---------------------------------------------------------------------------

    def _load_choices(self) -> Job:
        runner = self.runner

        def work(_job: Job) -> tuple[list[ImportTeam], list[Any]]:
            return runner.run(importable_teams), runner.run(staff.list_establishments)

        return self.busy.run(work, self._choices_loaded, on_failure=self._refused)

    def _choices_loaded(self, loaded: tuple[list[ImportTeam], list[Any]]) -> None:
        teams, places = loaded
        self.establishments = {}
        for place in places:
            self.establishments[fold(place.code)] = place.id
            self.establishments[fold(place.name)] = place.id
        self.teams = {team.id: team for team in teams}
        self.team.clear()  # chooses the first team: its officers follow
        for team in teams:
            self.team.addItem(f"{team.name} ({team.code})", team.id)
        self._enable()

    def _team_chosen(self) -> None:
        """The team's officers to allocate to: the importing officer chosen when in the team;
        a manager chooses (unallocated only so)."""
        team = self.teams.get(self.team.currentData())
        self.officer.clear()
        if team is None:
            return
        for officer in team.officers:
            self.officer.addItem(f"{officer.display_name} ({officer.username})", officer.id)
        if team.managed:
            self.officer.addItem(self.tr("Unallocated: allocate them later"), UNALLOCATED)
        self.officer.setCurrentIndex(self.officer.findData(self.runner.actor.id))
        if self.source is not None:
            self._check_preview()
        self._enable()

    def choose_file(self) -> None:
        chosen = ask_open_path(
            self, self.tr("File to import"), self.tr("CSV files (*.csv);;All files (*)")
        )
        if chosen is not None:
            self.load_file(chosen)

    def load_file(self, path: Path) -> Job | None:
        """Read ``path`` in the background; the mapping and preview follow."""
        self.path.setText(str(path))
        self.outcome = None
        self.summary.clear()

        def work(_job: Job) -> tuple[bytes, ImportFile | ColumnsMissing]:
            with path.open("rb") as file:
                data = file.read(IMPORT_FILE_MAX_BYTES + 1)
            return data, _read(path.name, data, None)

        return self.busy.run(work, self._file_read, on_failure=self._unreadable)

    def _reread(self) -> Job | None:
        if self.data is None:
            return None
        data, name, mapping = self.data, Path(self.path.text()).name, self.mapping.mapping()

        def work(_job: Job) -> tuple[bytes, ImportFile | ColumnsMissing]:
            return data, _read(name, data, mapping)

        return self.busy.run(work, self._file_read, on_failure=self._unreadable)

    def _file_read(self, read: tuple[bytes, ImportFile | ColumnsMissing]) -> None:
        self.data, source = read
        if self.mapping.headers != source.header:
            self.mapping.set_columns(source.header, source.columns)
        if isinstance(source, ColumnsMissing):
            # Every column is listed still, so the user can map the one the message names.
            self.source = None
            self.problem.show_problem(str(source))
            self.preview_pane.clear()
            self._enable()
            return
        self.source = source
        self.problem.show_problem("")
        self.encoding.setText(source.encoding)
        self._check_preview()
        self._enable()

    def _unreadable(self, error: Exception) -> None:
        self.source = None
        if isinstance(error, OSError):
            text = self.tr("Cannot read the file: %1").replace("%1", error.strerror or str(error))
        elif isinstance(error, ImportFileRefused):
            text = str(error)
        else:
            text = failure_text(error, "caseload import")
        self.problem.show_problem(text)
        self.preview_pane.clear()
        self._enable()

    def _check_preview(self) -> Job:
        """Check every row in the background, as the import will (a refused row marked)."""
        assert self.source is not None
        team = self.teams.get(self.team.currentData())
        officers = officer_keys(team.officers if team else ())
        return self.preview_pane.check(self.source, self.establishments, officers)

    # -- importing -------------------------------------------------------------------------

    def run_import(self, dry_run: bool) -> Job | None:
        source, team_id, officer = self.source, self.team.currentData(), self.officer.currentData()
        if source is None or team_id is None:
            self.problem.show_problem(self.tr("File: choose a file to import, and the team."))
            return None
        if officer is None:
            self.problem.show_problem(
                self.tr("Allocate to: choose the officer who holds them, or unallocated.")
            )
            return None
        allocate_to = None if officer == UNALLOCATED else int(officer)
        runner, all_or_nothing = self.runner, self.all_or_nothing.isChecked()
        self.problem.show_problem("")
        self.dry_run_button.setEnabled(False)
        self.import_button.setEnabled(False)

        def work(job: Job) -> ImportOutcome:
            try:
                return runner.run(
                    import_people,
                    source,
                    int(team_id),
                    dry_run=dry_run,
                    all_or_nothing=all_or_nothing,
                    allocate_to=allocate_to,
                    progress=job.progress,
                )
            except NothingImported as nothing:
                return nothing.outcome

        return run_in_background(
            self,
            work,
            self._done,
            on_failure=self._refused,
            progress_label=self.tr("Checking…") if dry_run else self.tr("Importing…"),
        )

    def _done(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        if outcome.dry_run:
            summary = self.tr(
                "Dry run: %1 would be made, %2 updated, %3 unchanged, %4. Nothing was saved."
            )
        elif outcome.committed:
            summary = self.tr("Imported: %1 made, %2 updated, %3 unchanged, %4.")
        else:
            summary = self.tr("Nothing was saved (%1 to make, %2 to update, %3 unchanged, %4).")
        refused = (
            self.tr("1 row refused")
            if outcome.refused_lines == 1
            else self.tr("%1 rows refused").replace("%1", str(outcome.refused_lines))
        )
        lines = [
            summary.replace("%1", str(outcome.created))
            .replace("%2", str(outcome.updated))
            .replace("%3", str(outcome.unchanged))
            .replace("%4", refused)
        ]
        listed = outcome.listed
        lines += [_problem_text(p) for p in listed[:8]]
        if len(listed) > 8:
            lines.append(
                self.tr("… and %1 more: save the error report.").replace("%1", str(len(listed) - 8))
            )
        self.summary.setText("\n".join(lines))
        self._enable()
        if outcome.committed:
            self.imported.emit(outcome)

    def _refused(self, error: Exception) -> None:
        self.problem.show_problem(failure_text(error, "caseload import"))
        self._enable()

    def save_error_report(self) -> Path | None:
        outcome = self.outcome
        if outcome is None:
            return None
        path = ask_save_path(
            self,
            self.tr("Save the error report"),
            f"{Path(self.path.text()).stem}-errors.csv",
            self.tr("CSV files (*.csv)"),
            ".csv",
        )
        if path is None:
            return None
        imported = Path(self.path.text())
        if is_same_file(path, imported):
            # The save dialog's "Replace?" does not say the file is the one being imported.
            self.problem.show_problem(
                self.tr(
                    "The error report was not saved: %1 is the file being imported, and "
                    "saving over it would lose it. Choose another name."
                ).replace("%1", imported.name)
            )
            return None
        listed = outcome.listed
        try:
            write_private(path, error_report_csv(listed))
        except OSError as error:
            self.problem.show_problem(
                self.tr("Cannot write the error report: %1").replace(
                    "%1", error.strerror or str(error)
                )
            )
            return None
        self.summary.setText(
            self.summary.text() + "\n" + self.tr("Wrote %1").replace("%1", str(path))
        )
        return path

    def _enable(self) -> None:
        ready = (
            self.source is not None
            and self.team.count() > 0
            and self.officer.currentData() is not None
        )
        self.dry_run_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        outcome = self.outcome
        self.save_button.setEnabled(outcome is not None and bool(outcome.listed))


def _read(name: str, data: bytes, mapping: dict[str, str] | None) -> ImportFile | ColumnsMissing:
    """The file read and mapped, or, when no column gives a required field, that refusal
    (with the file's header, for the mapping table); any other refusal is raised."""
    try:
        return read_import_file(name, data, mapping)
    except ColumnsMissing as missing:
        return missing


def _problem_text(problem: RowProblem) -> str:
    if problem.prison_number and not problem.column:
        return f"{problem.reason}: line {problem.line}, {problem.prison_number}"
    return str(problem)


def open_caseload_import(parent: QWidget, runner: Workspace) -> CaseloadImportDialog:
    dialog = CaseloadImportDialog(runner, parent)
    dialog.show()
    return dialog
