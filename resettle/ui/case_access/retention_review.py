"""The retention review queue, for managers: the people of their teams and establishments whom
a retention rule makes due, the longest overdue first, with Keep… and Erase… for the one
chosen. ``open_retention_review`` opens it. The queue is read in the background, and again
after each decision."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from resettle.domain.retention import DueForReview
from resettle.services import retention
from resettle.services.workspace import Workspace
from resettle.ui.case_access.problems import FieldProblems, leave_only_the_message
from resettle.ui.case_access.retention_decisions import EraseDialog, KeepDialog
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.labels import date_text
from resettle.ui.common.listing import listing
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.views import note_label, push_button, source_row, table_view


class DueModel(RowsTableModel[DueForReview]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(self.tr("Prison number"), lambda p: p.prison_number),
                Column(self.tr("Name"), lambda p: p.name),
                Column(
                    self.tr("Due since"),
                    lambda p: date_text(p.due_on),
                    sort_key=lambda p: p.due_on,
                ),
                Column(self.tr("Rule"), lambda p: p.rule_name),
                Column(
                    self.tr("Counted from"),
                    lambda p: f"{p.counts_from.label}: {date_text(p.counted_from)}",
                ),
                Column(
                    self.tr("Last kept until"),
                    lambda p: date_text(p.last_kept_until) if p.last_kept_until else "",
                ),
            ],
            parent,
        )


class RetentionReviewDialog(QDialog):
    def __init__(self, runner: Workspace, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.data_dir = runner, data_dir
        self.loaded = False
        self.decision: QDialog | None = None
        self.busy = BusyIndicator(self)
        self.setWindowTitle(self.tr("Retention review"))
        self.setModal(True)
        self.problems = FieldProblems(self)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        style_banner(self.notice, Tone.NOTICE)
        self.notice.hide()
        self.model = DueModel(self)
        self.table = table_view(self.model, self.tr("People due for review"), stretch_column=3)
        self.empty = note_label(self.tr("No one is due for a retention review."))
        self.empty.hide()
        self.keep_button = push_button(self.tr("&Keep…"))
        self.erase_button = push_button(self.tr("&Erase…"))
        self.keep_button.clicked.connect(self.open_keep)
        self.erase_button.clicked.connect(self.open_erase)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._content = listing(
            self.tr(
                "A retention rule says these records are due for review. Keep a record that "
                "is still needed (say why and when to look again), or erase it."
            ),
            self.tr("&People due for review, the longest overdue first"),
            self.table,
            [self.keep_button, self.erase_button],
            self.busy.label,
        )
        # An empty queue says so in the table's place, not as a blank table.
        content = self._content.layout()
        assert isinstance(content, QVBoxLayout)
        # It takes the table's room, its words at the top (not spread down the dialog).
        content.insertWidget(
            content.indexOf(self.table) + 1, self.empty, 1, Qt.AlignmentFlag.AlignTop
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.problems.general)
        layout.addWidget(self._content, 1)
        layout.addWidget(self.buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        fit_to_screen(self, 980, 560)
        self.reload()

    def reload(self) -> None:
        runner = self.runner
        self.busy.run(
            lambda _job: runner.run(retention.list_due_for_review),
            self._loaded,
            on_failure=self._refused,
        )

    def _loaded(self, people: list[DueForReview]) -> None:
        self.loaded = True
        self.problems.clear()
        self.model.set_rows(people)
        self.table.setVisible(bool(people))
        self.empty.setVisible(not people)
        if people:
            self.table.selectRow(0)
        self._update_buttons()

    def _refused(self, error: Exception) -> None:
        """A manager only: any other account sees the refusal and Close."""
        self.problems.show_failure(error, "retention")
        if not self.loaded:
            leave_only_the_message(self, self._content)

    def selected(self) -> DueForReview | None:
        row = source_row(self.table)
        return self.model.row_at(row) if row is not None else None

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def open_keep(self) -> KeepDialog | None:
        person = self.selected()
        if person is None:
            return None
        dialog = KeepDialog(self.runner, person, self)
        kept = self.tr("Kept: %1, until the next review on %2.").replace("%1", person.prison_number)
        dialog.kept.connect(lambda until: self._decided(kept.replace("%2", date_text(until))))
        self._open(dialog)
        return dialog

    def open_erase(self) -> EraseDialog | None:
        person = self.selected()
        if person is None:
            return None
        dialog = EraseDialog(self.runner, person, self.data_dir, self)
        erased = self.tr("Erased. The erasure certificate was written to %1")
        dialog.erased.connect(lambda path: self._decided(erased.replace("%1", str(path))))
        self._open(dialog)
        return dialog

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "decision", None))
        self.decision = dialog
        self.say("")
        dialog.open()

    def _decided(self, text: str) -> None:
        self.say(text)
        self.reload()

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.keep_button.setEnabled(chosen)
        self.erase_button.setEnabled(chosen)


def open_retention_review(
    parent: QWidget, runner: Workspace, data_dir: Path
) -> RetentionReviewDialog:
    """Open the queue window-modal over ``parent`` (for the caseload window's menu)."""
    dialog = RetentionReviewDialog(runner, data_dir, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
