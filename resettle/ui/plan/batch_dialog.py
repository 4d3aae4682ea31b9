"""Printing many plans at once: whose (my caseload, a search, everyone up to N), which copy,
where to. One PDF per person is written in the background with progress and Cancel; the
dialog then says what was written, who was skipped and why, and whether it was stopped.
Print plans first asks why the plans leave Resettle (``DisclosureDialog``; the person's copy
starts at "Plan for the person"): every person's ``plan.printed`` row carries the answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.caseload import CaseloadQuery
from resettle.domain.disclosure import DisclosureReason, Justification
from resettle.domain.errors import DomainError
from resettle.domain.limits import SEARCH_TEXT_MAX
from resettle.domain.permissions import Permission, has_permission
from resettle.domain.read_only_opening import PrintingRefused, refuse_printing_when_read_only
from resettle.services.caseload import count_caseload, list_caseload
from resettle.services.plans.printing import BatchResult, PlanCopy, print_batch
from resettle.services.workspace import Workspace
from resettle.ui.common.disclosure_dialog import DisclosureDialog
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.save_dialogs import ask_folder, start_folder
from resettle.ui.common.views import note_label, table_view, value_label
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.failures import failure_text
from resettle.ui.plan import messages
from resettle.ui.plan.labels import name_buttons
from resettle.ui.worker import Job, run_in_background

MOST = 5000  # the caseload list's largest page


class Whom(Enum):
    MINE = "mine"
    SEARCH = "search"
    EVERYONE = "everyone"


@dataclass(frozen=True)
class BatchOutcome:
    result: BatchResult
    chosen: int
    more_not_chosen: bool


class BatchPrintDialog(QDialog):
    #: The batch finished (or was stopped): its outcome.
    finished_batch = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.outcome: BatchOutcome | None = None
        self.setWindowTitle(self.tr("Print plans"))
        self.setMinimumWidth(620)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(250)
        self._count_timer.timeout.connect(self._count)
        self._build()
        self._count()

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        whom = QGroupBox(self.tr("Whose plans"))
        self.mine = QRadioButton(self.tr("&My caseload"))
        self.matching = QRadioButton(self.tr("People ma&tching:"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name, prison number or CRN"))
        self.search.setMaxLength(SEARCH_TEXT_MAX)
        self.search.setAccessibleName(self.tr("Search"))
        self.everyone = QRadioButton(self.tr("&Everyone, up to"))
        self.limit = QSpinBox()
        self.limit.setRange(1, MOST)
        self.limit.setValue(100)
        self.limit.setSuffix(self.tr(" people, soonest release first"))
        self.limit.setAccessibleName(self.tr("How many people"))
        self.group = QButtonGroup(self)
        for button in (self.mine, self.matching, self.everyone):
            self.group.addButton(button)
        self.mine.setChecked(True)
        self.who_count = note_label()
        rows = QFormLayout(whom)
        rows.addRow(self.mine)
        rows.addRow(self.matching, self.search)
        rows.addRow(self.everyone, self.limit)
        rows.addRow(self.who_count)

        self.copy = ChoiceCombo()
        self.copy.set_choices(
            [
                (PlanCopy.OFFICER, self.tr("Officer's copy")),
                (PlanCopy.PERSON, self.tr("Person's copy")),
            ]
        )
        self.copy.setAccessibleName(self.tr("Copy"))
        self.large_print = QCheckBox(self.tr("&Large print"))
        self.replace = QCheckBox(self.tr("&Replace plans already in the folder"))
        self.folder = QLineEdit(str(self._default_folder()))
        self.folder.setAccessibleName(self.tr("Folder"))
        choose = QPushButton(self.tr("C&hoose…"))
        choose.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy)
        copy_row.addWidget(self.large_print)
        copy_row.addStretch(1)
        output_box = QGroupBox(self.tr("Output"))
        output = QFormLayout(output_box)
        output.addRow(self.tr("&Copy:"), copy_row)
        output.addRow(self.tr("Save &into:"), folder_row)
        output.addRow("", self.replace)
        output.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.copy)  # type: ignore[union-attr]
        output.itemAt(1, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.folder)  # type: ignore[union-attr]
        about = note_label(
            self.tr(
                "One PDF per person, named plan-PRISON NUMBER-copy.pdf; a file of the same name "
                "already in the folder is kept, and that plan listed below, unless you tick "
                "Replace. People with no plan, or a plan with no actions, are listed below "
                "rather than printed."
            )
        )

        self.result_box = QGroupBox(self.tr("Result"))
        self.result_headline = value_label(accessible_name=self.tr("Result"))
        self.skipped = RowsTableModel[str]([Column(self.tr("Not printed, and why"), str)], self)
        self.skipped_table = table_view(self.skipped, self.tr("People not printed"))
        self.skipped_table.setWordWrap(True)
        self.skipped_table.setMinimumHeight(150)
        self.skipped_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.open_folder = QPushButton(self.tr("&Open folder"))
        self.open_folder.clicked.connect(self._open_folder)
        result_layout = QVBoxLayout(self.result_box)
        result_layout.addWidget(self.result_headline)
        result_layout.addWidget(self.skipped_table, 1)
        self.result_box.hide()

        self.print_button = QPushButton(self.tr("&Print plans"))
        self.print_button.setDefault(True)
        self.print_button.setAccessibleName(self.tr("Print the plans"))
        self.print_button.clicked.connect(lambda: self.ask_reason())
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        self.open_folder.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(whom)
        output.addRow(about)
        layout.addWidget(output_box)
        layout.addWidget(self.result_box, 1)
        layout.addLayout(buttons)
        name_buttons(self)

        self.group.buttonToggled.connect(lambda *_: self._changed())
        self.search.textChanged.connect(lambda _t: self._search_typed())
        self.limit.valueChanged.connect(lambda _v: self._changed())
        self.copy.value_changed.connect(self._changed)
        self.folder.textChanged.connect(lambda _t: self._update())
        self._update()

    @staticmethod
    def _default_folder() -> Path:
        return start_folder() / f"Resettle plans {clock.today():%Y-%m-%d}"

    # --- choices -------------------------------------------------------------------------
    def whom(self) -> Whom:
        if self.matching.isChecked():
            return Whom.SEARCH
        if self.everyone.isChecked():
            return Whom.EVERYONE
        return Whom.MINE

    def query(self) -> CaseloadQuery:
        whom = self.whom()
        if whom is Whom.MINE:
            return CaseloadQuery(only_officer_id=self.workspace.actor.id, limit=MOST)
        if whom is Whom.SEARCH:
            return CaseloadQuery(search=self.search.text().strip(), limit=MOST)
        return CaseloadQuery(limit=int(self.limit.value()))

    def _search_typed(self) -> None:
        if not self.matching.isChecked():
            self.matching.setChecked(True)  # typing a search means "people matching"
        self._changed()

    def _changed(self) -> None:
        self._update()
        self._count_timer.start()

    def _count(self) -> None:
        query = self.query()
        if self.whom() is Whom.SEARCH and not query.search:
            self.who_count.setText(self.tr("Type a name, prison number or CRN."))
            self._people = 0
        else:
            try:
                found = self.workspace.run(count_caseload, query)
            except DomainError as error:
                self.who_count.setText(str(error))
                found = 0
            self._people = min(found, query.limit)
            if found > query.limit:
                text = (
                    self.tr("%1 of %2 people chosen (soonest release first).")
                    .replace("%1", f"{self._people:,}")
                    .replace("%2", f"{found:,}")
                )
            elif self._people == 1:
                text = self.tr("1 person chosen.")
            else:
                text = self.tr("%1 people chosen.").replace("%1", f"{self._people:,}")
            self.who_count.setText(text)
        self._update()

    def _update(self) -> None:
        self.large_print.setEnabled(self.copy.value() is PlanCopy.PERSON)
        self.search.setEnabled(True)
        self.limit.setEnabled(self.everyone.isChecked())
        people = getattr(self, "_people", 0)
        self.print_button.setEnabled(bool(self.folder.text().strip()) and people > 0)
        self.print_button.setText(
            self.tr("&Print %1 plan(s)").replace("%1", f"{people:,}")
            if people
            else self.tr("&Print plans")
        )

    def _choose_folder(self) -> None:
        chosen = ask_folder(self, self.tr("Save the plans into"), self.folder.text())
        if chosen is not None:
            self.folder.setText(str(chosen))

    # --- printing ------------------------------------------------------------------------
    def ask_reason(self) -> DisclosureDialog | None:
        """Ask why the plans leave Resettle (window-modal), then print them."""
        if not self.folder.text().strip() or self._refused_read_only():
            return None
        copy: PlanCopy = self.copy.value()
        dialog = DisclosureDialog(
            self.tr("Why are these plans leaving Resettle?"),
            self.tr("&Print plans"),
            self,
            default=Justification.PLAN_FOR_PERSON if copy is PlanCopy.PERSON else None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(lambda reason: self.print_now(reason))
        dialog.open()
        return dialog

    def print_now(
        self, reason: DisclosureReason, stop_when: Callable[[], bool] | None = None
    ) -> Job | None:
        """Print the chosen people's plans in the background, each audited with ``reason``.
        ``stop_when`` is asked before each person as well as the Cancel button (tests use it
        to stop part-way)."""
        folder = Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip() or self._refused_read_only():
            return None
        query = self.query()
        copy: PlanCopy = self.copy.value()
        large = self.large_print.isChecked() and copy is PlanCopy.PERSON
        replace = self.replace.isChecked()
        workspace = self.workspace

        def work(job: Job) -> BatchOutcome:
            page = workspace.run(list_caseload, query)
            people = [row.id for row in page.rows]
            labels = {row.id: f"{row.prison_number} ({row.name})" for row in page.rows}

            def stopped() -> bool:
                return job.cancelled or (stop_when is not None and stop_when())

            result = print_batch(
                workspace,
                people,
                folder,
                copy,
                large,
                progress=job.progress,
                cancelled=stopped,
                reason=reason,
                labels=labels,
                replace=replace,
            )
            return BatchOutcome(result, len(people), page.has_more)

        self.print_button.setEnabled(False)
        self.result_box.hide()
        return run_in_background(
            self,
            work,
            self._printed,
            on_failure=self._failed,
            progress_label=self.tr("Printing plans…"),
            cancellable=True,
        )

    def _refused_read_only(self) -> bool:
        """On a database that cannot be written no plan can be printed (each printing is
        audited): said before anything is rendered or any folder made."""
        return refuse_read_only(self, self.workspace)

    def _printed(self, outcome: BatchOutcome) -> None:
        self.outcome = outcome
        result = outcome.result
        written = len(result.written)
        folder = self.folder.text().strip()
        if result.cancelled:
            headline = self.tr("Stopped: %1 of %2 plan(s) written into %3 before you cancelled.")
        else:
            headline = self.tr("%1 of %2 plan(s) written into %3.")
        headline = (
            headline.replace("%1", f"{written:,}")
            .replace("%2", f"{outcome.chosen:,}")
            .replace("%3", folder)
        )
        if result.skipped:
            headline += " " + self.tr("%1 not printed (below).").replace(
                "%1", f"{len(result.skipped):,}"
            )
        if result.broken:
            headline += " " + self.tr(
                "Printing stopped: a printing process ended unexpectedly; nothing more was "
                "printed. See the log."
            )
        self.result_headline.setText(headline)
        self.skipped.set_rows(list(result.skipped))
        self.skipped_table.setVisible(bool(result.skipped))
        self.open_folder.setVisible(written > 0)
        self.result_box.show()
        self.adjustSize()
        self._update()
        self.finished_batch.emit(outcome)

    def _failed(self, error: Exception) -> None:
        self._update()
        messages.show_error(self, failure_text(error, "batch print"), self.tr("Plans not printed"))

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text().strip()))


def open_batch_print(parent: QWidget | None, workspace: Workspace) -> None:
    """File ▸ Print plans…: open the batch printing dialog (or say why it cannot be used)."""
    actor = workspace.actor
    if not (
        has_permission(actor, Permission.PRINT_PLAN)
        and has_permission(actor, Permission.VIEW_CASELOAD)
    ):
        messages.show_error(
            parent,
            QDialog.tr("%1 accounts cannot print plans.").replace("%1", actor.role.label),
        )
        return
    if refuse_read_only(parent, workspace):
        return
    dialog = BatchPrintDialog(workspace, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def refuse_read_only(parent: QWidget | None, workspace: Workspace) -> bool:
    """Say why no plan can be printed on a database that cannot be written; False (nothing
    said) when it can be."""
    try:
        refuse_printing_when_read_only(workspace.read_only_because)
    except PrintingRefused as error:
        messages.show_error(
            parent, failure_text(error, "batch print"), QDialog.tr("Plans not printed")
        )
        return True
    return False
